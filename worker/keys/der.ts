// The little of DER (ITU-T X.690 §10, X.680) that a self-signed X.509 certificate needs, written
// and read by hand: a certificate is a handful of nested TLVs, and a library for it (asn1js and
// @peculiar's schemas, 130 KiB; @peculiar/x509, 250 KiB) would be most of the Worker's size.
// Certificates made with it are checked by tools we did not write (Node's X509Certificate, openssl).

const concat = (parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
};

/** X.690 §8.1.3: short form below 128, else the count of length bytes, then the length big-endian. */
function lengthBytes(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

/** One TLV with a single-byte tag (every tag a certificate uses is one). */
const tlv = (tag: number, ...contents: Uint8Array[]): Uint8Array => {
  const content = concat(contents);
  return concat([Uint8Array.of(tag), lengthBytes(content.length), content]);
};

export const sequence = (...contents: Uint8Array[]) => tlv(0x30, ...contents);
export const set = (...contents: Uint8Array[]) => tlv(0x31, ...contents);
/** A context-specific constructed tag, [n] EXPLICIT. */
export const explicit = (n: number, ...contents: Uint8Array[]) => tlv(0xa0 + n, ...contents);
export const NULL = Uint8Array.of(0x05, 0x00);
export const TRUE = Uint8Array.of(0x01, 0x01, 0xff);
export const octetString = (bytes: Uint8Array) => tlv(0x04, bytes);
/** A BIT STRING of whole bytes (no unused bits). */
export const bitString = (bytes: Uint8Array) => tlv(0x03, Uint8Array.of(0), bytes);
export const utf8String = (text: string) => tlv(0x0c, new TextEncoder().encode(text));

/** An unsigned big-endian integer: minimal, with a 0 byte first when the high bit is set (X.690 §8.3). */
export function unsignedInteger(bytes: Uint8Array): Uint8Array {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start += 1;
  const minimal = bytes.subarray(start);
  return tlv(0x02, ...(minimal[0]! & 0x80 ? [Uint8Array.of(0), minimal] : [minimal]));
}

export const smallInteger = (value: number) => unsignedInteger(Uint8Array.of(value));

/** An OBJECT IDENTIFIER from its dotted form (X.690 §8.19): the first two arcs in one byte, then base 128. */
export function objectIdentifier(dotted: string): Uint8Array {
  const [first, second, ...rest] = dotted.split('.').map(Number);
  const bytes: number[] = [];
  for (const arc of [first! * 40 + second!, ...rest]) {
    const group = [arc & 0x7f];
    for (let value = Math.floor(arc / 128); value > 0; value = Math.floor(value / 128))
      group.unshift(0x80 | (value & 0x7f));
    bytes.push(...group);
  }
  return tlv(0x06, Uint8Array.from(bytes));
}

/** RFC 5280 §4.1.2.5: UTCTime (YYMMDDHHMMSSZ) through 2049, GeneralizedTime from 2050. */
export function time(date: Date): Uint8Array {
  const year = date.getUTCFullYear();
  const rest = [
    date.getUTCMonth() + 1,
    date.getUTCDate(),
    date.getUTCHours(),
    date.getUTCMinutes(),
    date.getUTCSeconds(),
  ]
    .map((n) => String(n).padStart(2, '0'))
    .join('');
  return year < 2050
    ? tlv(0x17, new TextEncoder().encode(`${String(year % 100).padStart(2, '0')}${rest}Z`))
    : tlv(0x18, new TextEncoder().encode(`${year}${rest}Z`));
}

/** One TLV read from `bytes` at `at`: its tag, its content's bounds, and where the next one starts. */
export interface Element {
  tag: number;
  /** The whole TLV. */
  bytes: Uint8Array;
  content: Uint8Array;
}

/** Reads the TLV at `at`. Throws RangeError on anything malformed or longer than its container. */
export function readElement(bytes: Uint8Array, at = 0): Element {
  const tag = bytes[at];
  let length = bytes[at + 1];
  if (tag === undefined || length === undefined || (tag & 0x1f) === 0x1f) throw new RangeError('DER: bad tag');
  let start = at + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 3) throw new RangeError('DER: bad length');
    length = 0;
    for (let i = 0; i < count; i += 1) length = length * 256 + (bytes[start + i] ?? Number.NaN);
    start += count;
  }
  const end = start + length;
  if (!Number.isInteger(end) || end > bytes.length) throw new RangeError('DER: truncated');
  return { tag, bytes: bytes.subarray(at, end), content: bytes.subarray(start, end) };
}

/** The TLVs inside a constructed element's content. */
export function children(element: Element): Element[] {
  const out: Element[] = [];
  for (let at = 0; at < element.content.length;) {
    const child = readElement(element.content, at);
    out.push(child);
    at += child.bytes.length;
  }
  return out;
}

/** A UTCTime or GeneralizedTime (RFC 5280 §4.1.2.5: both in Z, with seconds) as seconds since the epoch. */
export function readTime(element: Element): number {
  const text = new TextDecoder().decode(element.content);
  const match =
    element.tag === 0x17
      ? /^(\d{2})(\d{10})Z$/.exec(text)
      : element.tag === 0x18
        ? /^(\d{4})(\d{10})Z$/.exec(text)
        : null;
  if (!match) throw new RangeError('DER: bad time');
  const year = element.tag === 0x17 ? Number(match[1]) + (Number(match[1]) < 50 ? 2000 : 1900) : Number(match[1]);
  const [month, day, hours, minutes, seconds] = match[2]!.match(/\d{2}/g)!.map(Number);
  return Date.UTC(year, month! - 1, day, hours, minutes, seconds) / 1000;
}
