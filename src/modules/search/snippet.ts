// Turn a ts_headline result into safe HTML: everything escaped, then the matches wrapped in <mark>.
import { MARK_END, MARK_START } from './search-sql.ts';

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function snippetHtml(headline: string | null): string | null {
  if (!headline?.trim()) return null;
  const escaped = headline.replace(/[&<>"']/g, (c) => escapes[c]!);
  return escaped.replaceAll(MARK_START, '<mark>').replaceAll(MARK_END, '</mark>');
}

/** The same snippet as plain text, for clients that render their own highlighting. */
export function snippetText(headline: string | null): string | null {
  if (!headline?.trim()) return null;
  return headline.replaceAll(MARK_START, '').replaceAll(MARK_END, '');
}
