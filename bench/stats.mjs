// Summaries of latency samples (milliseconds) and how figures are printed.

/** The q-quantile (0–1) of `values` by the nearest-rank method. */
export function quantile(values, q) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

export const median = (values) => quantile(values, 0.5);

export const ms = (value) => (Number.isFinite(value) ? `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms` : '—');

export const bytes = (value) => `${value.toLocaleString('en-US')} B`;

export const ratio = (value) => (Number.isFinite(value) ? `${value.toFixed(2)}×` : '—');

export const count = (value) => Math.round(value).toLocaleString('en-US');

/** ✓ or ✗ after a goal, for the table. */
export const verdict = (met) => (met ? '✓' : '✗');
