// JSON Feed 1 (jsonfeed.org/version/1): titles are plain text by definition and bodies go in content_text, which
// no reader renders as HTML; JSON.stringify escapes the rest.
import type { NewsFeed } from './news-feed.ts';

export function writeJsonFeed(feed: NewsFeed): string {
  return JSON.stringify(
    {
      version: 'https://jsonfeed.org/version/1',
      title: feed.title,
      home_page_url: feed.link,
      feed_url: feed.jsonUrl,
      author: { name: feed.author.name, url: feed.author.link },
      items: feed.items.map((item) => ({
        id: item.id,
        url: item.link,
        title: item.title,
        // The spec asks for content_text or content_html on every item; an entry with nothing to say says nothing.
        content_text: item.summary ?? '',
        date_modified: item.updated.toISOString(),
        // Version 1 has one author per item; the first organisation stands for all.
        ...(item.authors[0] ? { author: { name: item.authors[0].name, url: item.authors[0].link } } : {}),
        tags: item.categories.map((c) => c.label),
      })),
    },
    null,
    4,
  );
}
