// The news feed as data, before it is written as Atom or JSON Feed: every string in it is plain text, never markup.

export interface NewsPerson {
  name: string;
  link: string;
}

export interface NewsItem {
  id: string;
  title: string;
  link: string;
  /** Plain text; readers show it as typed, never as HTML. */
  summary?: string;
  updated: Date;
  authors: NewsPerson[];
  categories: { label: string; term: string }[];
}

export interface NewsFeed {
  id: string;
  title: string;
  link: string;
  /** The newest edit, not the time of the request: the same content gives the same bytes (and ETag). */
  updated: Date;
  atomUrl: string;
  jsonUrl: string;
  author: NewsPerson;
  rights: string;
  items: NewsItem[];
}

export const newestEdit = (items: { updated: Date }[]) =>
  // biome-ignore lint/complexity/useMathMinMax: these are Dates, which Math.max would turn into numbers
  items.reduce((max, i) => (i.updated > max ? i.updated : max), new Date(0));
