export interface CertificateReading {
  subject: string;
  issuer: string;
  validFrom: number;
  validTo: number;
  serialNumber: string;
  ca: boolean;
  keyUsage: string[] | null;
  verifiesWithOwnKey: boolean;
  publicKey: JsonWebKey;
  x5t: string;
  'x5t#S256': string;
  fingerprint: string;
  openssl: string | null;
}
export function startCertificateServer(): Promise<{ url: string; close(): Promise<void> }>;
