// Names, titles and labels are one line of visible text: shown beside others, in lists, feeds and mail subjects.
import { z } from 'zod';

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const lineBreak = /[\n\r\u000B\u000C\u0085\u2028\u2029]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const control = /[\u0000-\u001F\u007F-\u009F]/;
// Embeddings, overrides and isolates reorder what follows them: "invoice\u202Efdp.exe" reads as "invoiceexe.pdf".
// Right-to-left scripts need none of them; the marks U+200E/U+200F, which reorder nothing, stay allowed.
const bidiControl = /[\u202A-\u202E\u2066-\u2069]/;
// With the u flag a surrogate pair is one code point, so only an unpaired half matches.
const loneSurrogate = /[\uD800-\uDFFF]/u;

/** Why `value` is not one line of text, or null when it is. Line breaks first: a CR is also a control character. */
export function singleLineProblem(value: string): string | null {
  if (lineBreak.test(value)) return 'must be one line: no line breaks';
  if (control.test(value)) return 'must not contain control characters';
  if (bidiControl.test(value)) return 'must not contain bidirectional overrides or isolates (U+202A to U+202E, U+2066 to U+2069)';
  if (loneSurrogate.test(value)) return 'must be valid Unicode text: it holds a lone surrogate';
  return null;
}

/** A required single line, trimmed and bounded. */
export const singleLine = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max)
    .superRefine((v, ctx) => {
      const problem = singleLineProblem(v);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });
