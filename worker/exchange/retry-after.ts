// RFC 9110 §10.2.3: Retry-After = HTTP-date / delay-seconds. Anything else is not a Retry-After,
// so "0.5", "-5" or "soon" are ignored rather than read as "now" (which would disable back-off).

const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const LONG_DAY = '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)';
const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const TIME = '\\d{2}:\\d{2}:\\d{2}';
/** RFC 9110 §5.6.7: IMF-fixdate, and the two obsolete forms recipients must still accept. */
const IMF_FIXDATE = new RegExp(`^${DAY}, \\d{2} ${MONTH} \\d{4} ${TIME} GMT$`);
const RFC850_DATE = new RegExp(`^${LONG_DAY}, \\d{2}-${MONTH}-\\d{2} ${TIME} GMT$`);
const ASCTIME_DATE = new RegExp(`^${DAY} ${MONTH} [ \\d]\\d ${TIME} \\d{4}$`);

/** Seconds to wait (0 for a date already past), or undefined when the header is absent or malformed. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  const text = value?.trim() ?? '';
  if (/^\d{1,10}$/.test(text)) return Number(text);
  if (!IMF_FIXDATE.test(text) && !RFC850_DATE.test(text) && !ASCTIME_DATE.test(text)) return undefined;
  // asctime has no zone; HTTP dates are always UTC.
  const date = Date.parse(ASCTIME_DATE.test(text) ? `${text} GMT` : text);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}
