import * as oauth from 'oauth4webapi';
import type { AuthMethod, ClientAuthMethod } from '../../protocol/index.js';
import { thumbprintsOfPem, type Thumbprints } from '../keys/certificate.js';
import { importPrivateKey } from '../keys/pem.js';
import type { Credential, ExchangeOptions, ExchangeRequest } from './exchange-types.js';

/** A Worker-held key that was withdrawn (or never existed) cannot sign; the connection needs attention. */
export class SigningKeyUnavailableError extends Error {
  constructor(readonly keyId: string) {
    super(`the Worker-held signing key ${keyId} is withdrawn or absent`);
    this.name = 'SigningKeyUnavailableError';
  }
}

/** Methods a shared secret can authenticate with, in the order `auto` prefers them. */
const SECRET_METHODS = ['client_secret_basic', 'client_secret_post', 'client_secret_jwt'] as const;

/**
 * The methods to try, in order, for the session's `authMethod`. A key credential can only sign
 * (private_key_jwt). `auto` with a secret follows the issuer's advertised methods when known
 * (RFC 8414 §2, whose default is client_secret_basic); otherwise Basic, the method every server
 * must support (RFC 6749 §2.3.1), then the body once on invalid_client.
 */
export function methodsToTry(method: AuthMethod, credential: Credential, advertised?: string[]): ClientAuthMethod[] {
  if (method !== 'auto') return [method];
  if (credential.kind !== 'secret') return ['private_key_jwt'];
  if (!advertised) return ['client_secret_basic', 'client_secret_post'];
  return [SECRET_METHODS.find((m) => advertised.includes(m)) ?? 'client_secret_basic'];
}

/** What must never come back in our text: the secret, or the pasted key and its base64 body. */
export function sensitiveValues(credential: Credential): string[] {
  if (credential.kind === 'secret') return [credential.secret];
  if (credential.kind === 'pasted_key') return [credential.pem, credential.pem.replace(/-----[^-]+-----|\s/g, '')];
  return [];
}

/**
 * A key with a certificate names it in the assertion's header by its thumbprints (RFC 7515
 * §4.1.7-8): how Microsoft Entra ID and others that take an uploaded certificate, not a JWKS,
 * find the key. Both: x5t#S256, and x5t for the providers that know only SHA-1; with typ JWT
 * (RFC 7519 §5.1), as Entra's documented header has it.
 */
function withThumbprints(options: oauth.ModifyAssertionOptions, thumbprints?: Thumbprints) {
  if (!thumbprints) return options;
  const modify: oauth.ModifyAssertionFunction = (header, payload) => {
    options[oauth.modifyAssertion]?.(header, payload);
    Object.assign(header, { typ: 'JWT' }, thumbprints);
  };
  return { [oauth.modifyAssertion]: modify };
}

/**
 * oauth4webapi's client authentication for `method`. RFC 7523 §3: an assertion's `aud` identifies
 * the authorization server; the token endpoint is what every server accepts, and the issuer is
 * added when known (some servers accept only that). oauth4webapi supplies iss = sub = client_id,
 * a random jti, iat and exp = iat + 60 s, and the kid header when one is given.
 */
export async function clientAuthentication(
  method: ClientAuthMethod,
  request: ExchangeRequest,
  options: ExchangeOptions,
): Promise<oauth.ClientAuth> {
  const { credential } = request;
  const audience = {
    [oauth.modifyAssertion]: (_header: unknown, payload: Record<string, unknown>) => {
      payload.aud = request.issuer ? [request.tokenUrl, request.issuer] : request.tokenUrl;
    },
  };
  if (method === 'private_key_jwt') {
    if (credential.kind === 'pasted_key') {
      const { key } = await importPrivateKey(credential.pem);
      const thumbprints = credential.certificate ? await thumbprintsOfPem(credential.certificate) : undefined;
      return oauth.PrivateKeyJwt(
        credential.keyId ? { key, kid: credential.keyId } : key,
        withThumbprints(audience, thumbprints),
      );
    }
    if (credential.kind === 'worker_key') {
      const signer = await options.workerKey?.(credential.keyId);
      if (!signer) throw new SigningKeyUnavailableError(credential.keyId);
      return oauth.PrivateKeyJwt({ key: signer.key, kid: signer.kid }, withThumbprints(audience, signer.thumbprints));
    }
    throw new TypeError('private_key_jwt needs a private key, not a secret');
  }
  if (credential.kind !== 'secret') throw new TypeError(`${method} needs a client secret`);
  const tokenRequest = request.profile?.tokenRequest;
  // RFC 6749 §2.3.1: Basic or the body, never both.
  if (method === 'client_secret_basic') return basicCredentials(credential.secret, tokenRequest?.basicEncoding);
  if (method === 'client_secret_post') return postCredentials(credential.secret, tokenRequest?.names);
  return oauth.ClientSecretJwt(credential.secret, audience);
}

/**
 * Id and secret that read the same whether or not a server form-decodes Basic credentials:
 * printable ASCII without `%` or `+` (the only characters form-decoding changes), and no `:` in
 * the id (it would end the id early).
 */
const readsTheSameEitherWay = (id: string, secret: string) =>
  /^[\x20-\x7e]*$/.test(id + secret) && !/[%+]/.test(id + secret) && !id.includes(':');

/**
 * `Authorization: Basic`. RFC 6749 §2.3.1 asks for id and secret form-urlencoded before base64,
 * as oauth4webapi sends them (it also escapes `- _ . ! ~ * ' ( )`); but many servers read Basic
 * credentials as they are, and a secret holding `-` or `.` then fails there (measured). Values
 * that read the same both ways are sent as they are; the rest are form-encoded, which servers
 * following the RFC require for them. A profile may say `raw` for a provider documented to read
 * them as they are (Vimeo's secrets hold `+` and `/`), or `form` to always encode.
 */
function basicCredentials(secret: string, encoding: 'raw' | 'form' | undefined): oauth.ClientAuth {
  return (as, client, body, headers) => {
    const raw = encoding === 'raw' || (encoding === undefined && readsTheSameEitherWay(client.client_id, secret));
    if (!raw) return oauth.ClientSecretBasic(secret)(as, client, body, headers);
    const bytes = new TextEncoder().encode(`${client.client_id}:${secret}`);
    headers.set('authorization', `Basic ${btoa(String.fromCharCode(...bytes))}`);
  };
}

/** `client_secret_post`, under the names the provider uses (`names`), default `client_id` and `client_secret`. */
const postCredentials =
  (secret: string, names: { client_id?: string; client_secret?: string } | undefined): oauth.ClientAuth =>
  (_as, client, body) => {
    body.set(names?.client_id ?? 'client_id', client.client_id);
    body.set(names?.client_secret ?? 'client_secret', secret);
  };
