/** @jsxImportSource hono/jsx */
// Pieces every listing shares: cards for each kind, chips for the active filters, the pager and the "subscribe / embed" offer.
import { clip, formatEventDate } from '../embed/listing.ts';
import type { ListingKind } from './facets.ts';
import type { PageInfo } from './load.ts';
import { humanDate } from '../catalogue/partial-dates.ts';

/** `in_person` or `IN_PERSON` as words: "In person". */
export const words = (value: string) => {
  const s = value.toLowerCase().replace(/[_-]+/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
};

const Meta = ({ items }: { items: (string | null | undefined | false)[] }) => {
  const present = items.filter((x): x is string => !!x);
  return present.length ? <p class="meta">{present.join(' · ')}</p> : null;
};

export function EventCard({ n }: { n: Record<string, any> }) {
  return (
    <li class="card">
      <h3>
        <a href={`/events/${n.slug}`} dir="auto">
          {n.title}
        </a>
      </h3>
      <Meta
        items={[
          n.status && n.status !== 'SCHEDULED' ? words(n.status) : null,
          formatEventDate(n.startsAt, n.timeZone, n.datePrecision),
          n.format ? words(n.format) : null,
          n.venue ?? n.place?.name,
          n.place?.region,
        ]}
      />
      {n.series ? (
        <p class="meta">
          Part of <a href={`/events?series=${encodeURIComponent(n.series.slug)}`}>{n.series.name}</a>
        </p>
      ) : null}
      {n.description ? <p dir="auto">{clip(n.description, 220)}</p> : null}
    </li>
  );
}

export function EntryCard({ kind, n }: { kind: ListingKind; n: Record<string, any> }) {
  if (kind === 'events') return <EventCard n={n} />;
  const title = n.title ?? n.name;
  const text = n.summary ?? n.description;
  const meta =
    kind === 'case-studies'
      ? [
          // At the precision known: "September 2024", never an invented day, nor a lost one.
          n.startDate ? humanDate(n.startDate, String(n.startDatePrecision).toLowerCase()) : null,
          ...(n.places ?? []).map((p: any) => p.name),
          n.format && words(n.format),
          n.iap2Level && `IAP2: ${words(n.iap2Level)}`,
        ]
      : kind === 'organisations'
        ? [n.kind && words(n.kind), n.region]
        : [n.participediaType && words(n.participediaType), n.oecdModel && words(n.oecdModel)];
  return (
    <li class="card">
      <h3>
        <a href={`/${kind}/${n.slug}`} dir="auto">
          {title}
        </a>
      </h3>
      <Meta items={meta} />
      {text ? <p dir="auto">{clip(text, 220)}</p> : null}
    </li>
  );
}

export interface Chip {
  label: string;
  /** The same view without this filter. */
  href: string;
}

export function Chips({ chips, clear }: { chips: Chip[]; clear: string }) {
  if (!chips.length) return null;
  return (
    <ul class="chips" aria-label="Active filters">
      {chips.map((c) => (
        <li>
          <a href={c.href} data-swap>
            {c.label} <span aria-hidden="true">×</span>
            <span class="visually-hidden">(remove this filter)</span>
          </a>
        </li>
      ))}
      {chips.length > 1 ? (
        <li>
          <a href={clear} data-swap>
            Clear all filters
          </a>
        </li>
      ) : null}
    </ul>
  );
}

/** Cursor links, rel=prev/next; a page reached by `after` always has one before it, and one reached by `before` one after. */
export function Pager({
  info,
  href,
  came,
}: {
  info?: PageInfo;
  href: (c: { after?: string; before?: string }) => string;
  came: 'after' | 'before' | null;
}) {
  if (!info) return null;
  const prev = (info.hasPreviousPage || came === 'after') && info.startCursor;
  const next = (info.hasNextPage || came === 'before') && info.endCursor;
  if (!prev && !next) return null;
  return (
    <nav class="pager" aria-label="Pages of results">
      {prev ? (
        <a rel="prev" href={href({ before: info.startCursor! })} data-swap>
          ← Previous page
        </a>
      ) : (
        <span />
      )}
      {next ? (
        <a rel="next" href={href({ after: info.endCursor! })} data-swap>
          Next page →
        </a>
      ) : null}
    </nav>
  );
}

export interface Offer {
  feeds: { href: string; label: string; type: string }[];
  /** Filters the feeds cannot follow, named for the reader. */
  feedNote: string | null;
  embed: string | null;
  api: string;
}

export function OfferPanel({ offer }: { offer: Offer }) {
  return (
    <section class="offer" aria-labelledby="offer-subscribe">
      <div>
        <h2 id="offer-subscribe">Subscribe to this</h2>
        <ul>
          {offer.feeds.map((f) => (
            <li>
              <a href={f.href} type={f.type}>
                {f.label}
              </a>
            </li>
          ))}
        </ul>
        {offer.feedNote ? <p class="meta">{offer.feedNote}</p> : null}
      </div>
      {offer.embed ? (
        <div>
          <h2>Embed this</h2>
          <p>
            <a href={offer.embed}>Put this listing on your own site</a>
          </p>
        </div>
      ) : null}
      <div>
        <h2>Use the API</h2>
        <p>
          <a href={offer.api}>The same list from the GraphQL API</a>
        </p>
      </div>
    </section>
  );
}
