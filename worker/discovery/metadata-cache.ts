import type { IssuerMetadata } from './issuer-metadata.js';

/** Bounds: metadata changes rarely, but a provider's fix should not wait an hour behind a long max-age. */
const MIN_SECONDS = 60;
const MAX_SECONDS = 3600;
const DEFAULT_SECONDS = 300;
const MAX_ENTRIES = 256;

/** A URL with no metadata: most often a token URL typed into the field, which is then used as one. */
type Miss = { reason: string };

const entries = new Map<string, { found: IssuerMetadata | Miss; until: number }>();

/** RFC 9111 §5.2.2.1: a response's max-age, clamped; the default when absent; 0 for no-store/no-cache. */
export function cacheSeconds(cacheControl: string | null): number {
  const directives = (cacheControl ?? '').toLowerCase();
  if (/\b(no-store|no-cache)\b/.test(directives)) return 0;
  const maxAge = /\bmax-age=(\d+)/.exec(directives)?.[1];
  if (maxAge === undefined) return DEFAULT_SECONDS;
  return Math.min(Math.max(Number(maxAge), MIN_SECONDS), MAX_SECONDS);
}

/**
 * What this isolate already knows of a URL: its metadata, for the metadata's Cache-Control
 * lifetime (bounded), or that it has none, for DEFAULT_SECONDS. So a token URL typed into the
 * field costs its two metadata lookups once, not on every connect.
 */
export function cachedMetadata(url: string, now: number): IssuerMetadata | Miss | undefined {
  const entry = entries.get(url);
  if (entry && entry.until > now) return entry.found;
  entries.delete(url);
  return undefined;
}

export function cacheMetadata(url: string, found: IssuerMetadata | Miss, seconds: number, now: number): void {
  if (seconds <= 0) return;
  // A Map keeps insertion order: the oldest entry goes first once the cache is full.
  if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  entries.set(url, { found, until: now + seconds });
}

/** How long a definite "no metadata here" is remembered (not a failure that may pass: 5xx, timeouts). */
export const MISS_SECONDS = DEFAULT_SECONDS;
