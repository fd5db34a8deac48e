import type { ErrorCode } from '../protocol/index.js';
import type { Strings } from './strings.js';

/**
 * A complete translation: every string of `defaultStrings`, and a message for every outcome code
 * (the element shows `strings.errors[code]` instead of the Worker's English advice), so nothing
 * the element shows stays in English. The locales in `locales/` are of this type; a host's own
 * translation can be too.
 */
export type Locale = Strings & { errors: Record<ErrorCode, string> };
