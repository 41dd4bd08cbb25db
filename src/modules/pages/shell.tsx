/** @jsxImportSource hono/jsx */
// The frame of every public page as hono/jsx components: head metadata (canonical, Open Graph, Twitter, JSON-LD, feeds), site header, breadcrumbs, footer.
import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';
import { oembedLinkTag } from '../embed/oembed.ts';
import { siteScriptPath } from './site-script.ts';
import { stylesheetPath } from './stylesheet.ts';

export interface Alternate {
  type: string;
  href: string;
  title: string;
}

export interface Crumb {
  label: string;
  href?: string;
}

export const SITE_NAME = 'Engagement Directory';

const sections = [
  { href: '/events', label: 'Events' },
  { href: '/case-studies', label: 'Case studies' },
  { href: '/organisations', label: 'Organisations' },
  { href: '/methods', label: 'Methods' },
  { href: '/topics', label: 'Topics' },
] as const;

/** JSON inside <script>: `<` escaped so no text in an entry can close the element. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export interface ShellProps {
  title: string;
  description?: string | null;
  /** Absolute URL of this page as it should be shared and indexed. */
  canonical: string;
  /** 'article' for one entry, 'website' for listings and the home page (Open Graph's og:type). */
  kind?: 'article' | 'website';
  jsonLd?: object[];
  alternates?: Alternate[];
  breadcrumbs?: Crumb[];
  /** Offer the page to oEmbed consumers (entries and listings of the four embeddable kinds). */
  oembed?: boolean;
  /** The address oEmbed consumers are given, when it is not the canonical one (a listing's embeddable filters only). */
  oembedUrl?: string;
  /** Listing pages run the enhancement script; entry pages need none. */
  script?: boolean;
  /** Which header section is current (its path). */
  section?: string;
  children?: Child;
}

function Breadcrumbs({ crumbs }: { crumbs: Crumb[] }) {
  return (
    <nav class="breadcrumbs" aria-label="Breadcrumb">
      <ol>
        {crumbs.map((c) => (
          <li>{c.href ? <a href={c.href}>{c.label}</a> : <span aria-current="page">{c.label}</span>}</li>
        ))}
      </ol>
    </nav>
  );
}

/** schema.org BreadcrumbList for the same trail, so search engines show it too. */
export function breadcrumbJsonLd(base: string, crumbs: Crumb[], canonical: string) {
  return {
    '@context': 'https://schema.org',
    '@type': 'BreadcrumbList',
    itemListElement: crumbs.map((c, i) => ({
      '@type': 'ListItem',
      position: i + 1,
      name: c.label,
      item: c.href ? new URL(c.href, `${base}/`).href : canonical,
    })),
  };
}

export function Shell(p: ShellProps & { base: string }) {
  const title = p.title === SITE_NAME ? SITE_NAME : `${p.title} · ${SITE_NAME}`;
  const description = p.description ? p.description.replace(/\s+/g, ' ').trim().slice(0, 300) : null;
  const crumbs = p.breadcrumbs ?? [];
  const jsonLd = [...(p.jsonLd ?? []), ...(crumbs.length > 1 ? [breadcrumbJsonLd(p.base, crumbs, p.canonical)] : [])];
  const alternates = p.alternates ?? [];
  return (
    <html lang="en-GB">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        {description ? <meta name="description" content={description} /> : null}
        <meta name="color-scheme" content="light dark" />
        <link rel="canonical" href={p.canonical} />
        <link rel="stylesheet" href={stylesheetPath} />
        <meta property="og:site_name" content={SITE_NAME} />
        <meta property="og:type" content={p.kind ?? 'website'} />
        <meta property="og:title" content={p.title} />
        <meta property="og:url" content={p.canonical} />
        <meta property="og:locale" content="en_GB" />
        {description ? <meta property="og:description" content={description} /> : null}
        <meta name="twitter:card" content="summary" />
        <meta name="twitter:title" content={p.title} />
        {description ? <meta name="twitter:description" content={description} /> : null}
        {p.kind === 'article' ? <link rel="alternate" type="application/ld+json" href={p.canonical} title="This page as JSON-LD" /> : null}
        {p.oembed ? oembedLinkTag(p.oembedUrl ?? p.canonical, p.title) : null}
        {alternates.map((a) => (
          <link rel="alternate" type={a.type} href={a.href} title={a.title} />
        ))}
        {jsonLd.map((j) => (
          <script type="application/ld+json">{raw(jsonForScript(j))}</script>
        ))}
        {p.script ? <script src={siteScriptPath} defer /> : null}
      </head>
      <body>
        <a class="skip" href="#content">
          Skip to content
        </a>
        <header class="site-header">
          <div class="wrap">
            <a class="brand" href="/">
              {SITE_NAME}
            </a>
            <nav class="site-nav" aria-label="Sections">
              <ul>
                {sections.map((s) => (
                  <li>
                    <a href={s.href} aria-current={p.section === s.href ? 'page' : undefined}>
                      {s.label}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
            <search class="site-search">
              <form method="get" action="/search">
                <label class="visually-hidden" for="site-q">
                  Search the directory
                </label>
                <input id="site-q" type="search" name="q" placeholder="Search the directory" />
                <button type="submit">Search</button>
              </form>
            </search>
          </div>
        </header>
        <main id="content" class="wrap" tabindex={-1}>
          {crumbs.length > 1 ? <Breadcrumbs crumbs={crumbs} /> : null}
          {p.children}
        </main>
        <footer class="site-footer">
          <div class="wrap">
            {alternates.length ? (
              <p>
                Subscribe:{' '}
                {alternates.map((a, i) => (
                  <>
                    {i ? ' · ' : ''}
                    <a href={a.href} type={a.type}>
                      {a.title}
                    </a>
                  </>
                ))}
              </p>
            ) : null}
            <p>
              {SITE_NAME}: a shared catalogue of public-engagement work on data and AI, kept by its host organisations and partners.{' '}
              <a href="/#take-part">Take part</a> · <a href="/embed">Embed a listing</a> · <a href="/graphql">GraphQL API</a>
            </p>
          </div>
        </footer>
      </body>
    </html>
  );
}

/** A whole document: the doctype and the shell around the given content. */
export async function renderDocument(props: ShellProps & { base: string }): Promise<string> {
  return `<!doctype html>\n${await (<Shell {...props} />).toString()}`;
}
