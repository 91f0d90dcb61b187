/**
 * PII masking: replaces e-mail addresses, URLs and phone numbers with the
 * placeholders `[EMAIL]`, `[URL]` and `[PHONE]`, so a model never memorises
 * personal data and equivalent texts dedup together. Regex-based and
 * conservative (precision over recall): it does not find names or postal
 * addresses, and it is not a compliance tool.
 */

/** Placeholders used by {@link maskPii}. */
export const PII_PLACEHOLDERS = { email: '[EMAIL]', url: '[URL]', phone: '[PHONE]' } as const;

const EMAIL = /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b/g;
/** scheme:// or www. followed by non-space; trailing sentence punctuation is left outside. */
const URL = /\b(?:https?:\/\/|ftp:\/\/|www\.)[^\s<>"']*[^\s<>"'.,;:!?)\]]/gi;
/**
 * Digit runs with common separators, optional +country code and (area) code.
 * Only matches with 7 to 15 digits are masked, so years, prices and short
 * numbers survive.
 */
const PHONE = /(?<![\w+])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d{2,4}(?:[\s.-]?\d{2,4}){1,4}(?![\w])/g;

/**
 * Masks e-mails first (so their domain is not taken for a URL), then URLs,
 * then phone numbers (7-15 digits). Pure and idempotent: masking a masked
 * text changes nothing.
 */
export function maskPii(text: string): string {
  return text
    .replace(EMAIL, PII_PLACEHOLDERS.email)
    .replace(URL, PII_PLACEHOLDERS.url)
    .replace(PHONE, (m) => {
      const digits = m.replace(/\D/g, '').length;
      return digits >= 7 && digits <= 15 ? PII_PLACEHOLDERS.phone : m;
    });
}
