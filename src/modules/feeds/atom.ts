// Atom 1.0 (RFC 4287) written by hand: every text construct is type="text" and every character is escaped, because
// the library we used wrapped author text in `type="html"` CDATA (split at the first `]]>` only) and left `<` raw in
// attributes, so an event titled `<script>` reached feed readers as live HTML.
import type { NewsFeed, NewsPerson } from './news-feed.ts';

// XML 1.0 cannot carry C0 controls other than tab, LF and CR, nor U+FFFE/U+FFFF, not even as references; a
// document holding one is not XML at all, so they are dropped, as are unpaired
// surrogates (with the u flag a pair is one code point, so only a lone half matches).
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const notXml = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\uD800-\uDFFF]/gu;
const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

const escapeXml = (text: string) => text.replace(notXml, '').replace(/[&<>"']/g, (c) => entities[c]!);

const text = (tag: string, value: string, indent: string) => `${indent}<${tag} type="text">${escapeXml(value)}</${tag}>`;
const element = (tag: string, value: string, indent: string) => `${indent}<${tag}>${escapeXml(value)}</${tag}>`;
const link = (href: string, rel: string | null, indent: string) =>
  `${indent}<link${rel ? ` rel="${rel}"` : ''} href="${escapeXml(href)}"/>`;
const person = (tag: string, p: NewsPerson, indent: string) =>
  [`${indent}<${tag}>`, element('name', p.name, `${indent}  `), element('uri', p.link, `${indent}  `), `${indent}</${tag}>`].join('\n');

export function writeAtom(feed: NewsFeed): string {
  const entries = feed.items.map((item) =>
    [
      '  <entry>',
      text('title', item.title, '    '),
      element('id', item.id, '    '),
      link(item.link, null, '    '),
      element('updated', item.updated.toISOString(), '    '),
      ...(item.summary ? [text('summary', item.summary, '    ')] : []),
      ...item.authors.map((a) => person('author', a, '    ')),
      ...item.categories.map((c) => `    <category term="${escapeXml(c.term)}" label="${escapeXml(c.label)}"/>`),
      '  </entry>',
    ].join('\n'),
  );
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en-GB">',
    element('id', feed.id, '  '),
    text('title', feed.title, '  '),
    element('updated', feed.updated.toISOString(), '  '),
    element('generator', 'Engagement Directory', '  '),
    person('author', feed.author, '  '),
    link(feed.link, 'alternate', '  '),
    link(feed.atomUrl, 'self', '  '),
    text('rights', feed.rights, '  '),
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}
