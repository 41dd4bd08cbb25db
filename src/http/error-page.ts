// Errors as a page for browsers: a person who follows a dead link reads a page, while API clients keep their JSON.
import { html } from 'hono/html';

/**
 * Whether the client ranks HTML above JSON: browsers send `text/html,...,*\/*;q=0.8`, API clients
 * `application/json`, `*\/*` or nothing, and keep JSON (a missing q counts as 1; an absent type as 0).
 */
export function wantsHtml(accept: string | undefined): boolean {
  if (!accept) return false;
  const weights = new Map<string, number>();
  for (const part of accept.toLowerCase().split(',')) {
    const [media = '', ...params] = part.split(';').map((s) => s.trim());
    const q = params.find((p) => p.startsWith('q='));
    const weight = q ? Number(q.slice(2)) : 1;
    weights.set(media, Number.isFinite(weight) ? weight : 0);
  }
  const htmlWeight = weights.get('text/html') ?? 0;
  const jsonWeight = Math.max(weights.get('application/json') ?? 0, weights.get('application/graphql-response+json') ?? 0);
  return htmlWeight > 0 && htmlWeight > jsonWeight;
}

const titles: Record<number, string> = {
  400: 'That request did not work',
  401: 'Sign in needed',
  403: 'Not allowed',
  404: 'Page not found',
  413: 'Too large',
  429: 'Too many requests',
  500: 'Something went wrong',
  503: 'Unavailable for a moment',
};

const css = `body{font-family:system-ui,sans-serif;line-height:1.5;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#1a1a1a}
a{color:#0b5394}.code{color:#59636e;font-size:.9rem}`;

/** A small page on its own (no database, no layout that could fail again): what went wrong, and a way on. */
export function errorPage(o: { status: number; message: string; requestId?: string; fields?: { path: string[]; message: string }[] }) {
  const title = titles[o.status] ?? (o.status >= 500 ? titles[500]! : titles[400]!);
  return html`<!doctype html>
<html lang="en-GB">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${title} · Engagement Directory</title><style>${css}</style></head>
<body><main>
<h1>${title}</h1>
<p>${o.message}</p>
${o.fields?.length ? html`<ul>${o.fields.map((f) => html`<li><code>${f.path.join('.')}</code>: ${f.message}</li>`)}</ul>` : ''}
<p><a href="/">Go to the Engagement Directory home page</a>.</p>
<p class="code">Error ${o.status}${o.requestId ? html` · request ${o.requestId}` : ''}</p>
</main></body>
</html>`;
}
