import type { IssuerMetadata } from './discover.js';

/** Bounds: metadata changes rarely, but a provider's fix should not wait an hour behind a long max-age. */
const MIN_SECONDS = 60;
const MAX_SECONDS = 3600;
const DEFAULT_SECONDS = 300;
const MAX_ENTRIES = 256;

const entries = new Map<string, { metadata: IssuerMetadata; until: number }>();

/** RFC 9111 §5.2.2.1: a response's max-age, clamped; the default when absent; 0 for no-store/no-cache. */
export function cacheSeconds(cacheControl: string | null): number {
  const directives = (cacheControl ?? '').toLowerCase();
  if (/\b(no-store|no-cache)\b/.test(directives)) return 0;
  const maxAge = /\bmax-age=(\d+)/.exec(directives)?.[1];
  if (maxAge === undefined) return DEFAULT_SECONDS;
  return Math.min(Math.max(Number(maxAge), MIN_SECONDS), MAX_SECONDS);
}

/** Issuer metadata per issuer URL, in this isolate, for its Cache-Control lifetime (bounded). */
export function cachedMetadata(issuer: string, now: number): IssuerMetadata | undefined {
  const entry = entries.get(issuer);
  if (entry && entry.until > now) return entry.metadata;
  entries.delete(issuer);
  return undefined;
}

export function cacheMetadata(issuer: string, metadata: IssuerMetadata, seconds: number, now: number): void {
  if (seconds <= 0) return;
  // A Map keeps insertion order: the oldest entry goes first once the cache is full.
  if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  entries.set(issuer, { metadata, until: now + seconds });
}
