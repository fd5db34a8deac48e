// How big a file is on the wire: raw, gzip at level 9 and brotli at quality 11 (node:zlib), and
// the self-contained bundle's budget. Shared by `npm test` (scripts/check-size.mjs) and `npm run bench`.
import { spawnSync } from 'node:child_process';
import zlib from 'node:zlib';

/** The self-contained module (Lit included), gzip -9: README.md, "Embed the element". */
export const BUNDLE_BUDGET_BYTES = 10240;

/** @param {Uint8Array} bytes */
export function compressedSizes(bytes) {
  const { constants } = zlib;
  return {
    raw: bytes.byteLength,
    gzip: zlib.gzipSync(bytes, { level: 9 }).byteLength,
    brotli: zlib.brotliCompressSync(bytes, {
      params: {
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.byteLength,
      },
    }).byteLength,
  };
}

/**
 * The README's own measure, `gzip -9 -c FILE | wc -c`, when a gzip binary is present (null if not).
 * It is a few bytes off node:zlib's: another deflate, and the header keeps the file name.
 */
export function gzipCliSize(path) {
  const result = spawnSync('gzip', ['-9', '-c', path], { maxBuffer: 64 * 1024 * 1024 });
  return result.status === 0 ? result.stdout.byteLength : null;
}
