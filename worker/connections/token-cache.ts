import type { AccessToken } from '../../protocol/index.js';

// The token API's hot path: a fresh token, served from this isolate's memory instead of a D1
// read and an AES-GCM decryption on every call. Bounded in size, and an entry lives at most
// until the token's refresh point and at most CACHE_SECONDS. A delete, reconnect, check or force
// refresh in this isolate evicts the entry at once; in another isolate, a connection deleted or
// reconnected may be served from its cache for up to CACHE_SECONDS more (README, "Token cache").

/** The longest another isolate may serve a token whose connection was deleted or reconnected. */
const CACHE_SECONDS = 10;
const MAX_ENTRIES = 1000;

const entries = new Map<string, { tenant: string; token: AccessToken; until: number }>();

/** The cached answer for connection `id` of `tenant`, if one is still good at `now` (epoch seconds). */
export function cachedToken(id: string, tenant: string, now: number): AccessToken | undefined {
  const entry = entries.get(id);
  if (!entry) return undefined;
  if (entry.until <= now) {
    entries.delete(id);
    return undefined;
  }
  return entry.tenant === tenant ? entry.token : undefined;
}

/** Keeps `token` for connection `id` until `refreshAt` (the token's refresh point), or CACHE_SECONDS. */
export function cacheToken(id: string, tenant: string, token: AccessToken, refreshAt: number, now: number): void {
  const until = Math.min(refreshAt, now + CACHE_SECONDS);
  if (until <= now) return;
  entries.delete(id);
  // A Map keeps insertion order: the oldest entry goes once the cache is full.
  if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  entries.set(id, { tenant, token, until });
}

export const evictToken = (id: string) => void entries.delete(id);
