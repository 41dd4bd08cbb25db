/** @jsxImportSource hono/jsx */
// A month of events as a calendar grid, Monday first, each event on its own local day; links to the months either side.
import { invalidInput } from '../../errors.ts';
import { localIso } from '../events/local-time.ts';
import type { Connection } from './load.ts';
import type { Offer } from './parts.tsx';
import { OfferPanel, words } from './parts.tsx';
import { queryString, type ListingRequest } from './params.ts';

export interface Month {
  year: number;
  month: number;
  key: string;
  label: string;
}

const monthKey = (year: number, month: number) => `${year}-${String(month).padStart(2, '0')}`;

/** `2026-12`, or this month when none is given. */
export function monthOf(given: string | undefined): Month {
  const now = new Date();
  let year = now.getUTCFullYear();
  let month = now.getUTCMonth() + 1;
  if (given) {
    const m = /^(\d{4})-(\d{2})$/.exec(given.trim());
    if (!m || Number(m[2]) < 1 || Number(m[2]) > 12 || Number(m[1]) < 1900 || Number(m[1]) > 2200)
      throw invalidInput(['month'], 'must be a month as YYYY-MM, e.g. 2026-12');
    year = Number(m[1]);
    month = Number(m[2]);
  }
  const label = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(Date.UTC(year, month - 1, 1));
  return { year, month, key: monthKey(year, month), label };
}

const shift = (m: Month, by: number) => {
  const d = new Date(Date.UTC(m.year, m.month - 1 + by, 1));
  return monthKey(d.getUTCFullYear(), d.getUTCMonth() + 1);
};

export function CalendarView({
  month,
  connection,
  request,
  offer,
}: {
  month: Month;
  connection: Connection<Record<string, any>>;
  request: ListingRequest;
  offer: Offer;
}) {
  const byDay = new Map<number, Record<string, any>[]>();
  for (const e of connection.nodes) {
    const local = localIso(e.startsAt, e.timeZone);
    if (local.slice(0, 7) !== month.key) continue;
    const day = Number(local.slice(8, 10));
    byDay.set(day, [...(byDay.get(day) ?? []), e]);
  }
  const days = new Date(Date.UTC(month.year, month.month, 0)).getUTCDate();
  const lead = (new Date(Date.UTC(month.year, month.month - 1, 1)).getUTCDay() + 6) % 7;
  const cells: (number | null)[] = [...Array(lead).fill(null), ...Array.from({ length: days }, (_, i) => i + 1)];
  while (cells.length % 7) cells.push(null);
  const weeks = Array.from({ length: cells.length / 7 }, (_, i) => cells.slice(i * 7, i * 7 + 7));
  const filters = queryString({ pairs: request.pairs, q: request.q, when: 'upcoming' }).slice(1);
  const link = (key: string) => `/events/calendar?month=${key}${filters ? `&${filters}` : ''}`;
  const shown = [...byDay.values()].reduce((n, l) => n + l.length, 0);
  return (
    <>
      <h1>Events in {month.label}</h1>
      <p id="announce" class="result-count" role="status" aria-live="polite">
        {shown} {shown === 1 ? 'event' : 'events'} in {month.label}
      </p>
      <nav class="pager" aria-label="Months">
        <a rel="prev" href={link(shift(month, -1))}>
          ← {monthOf(shift(month, -1)).label}
        </a>
        <a href={`/events${filters ? `?${filters}` : ''}`}>List view</a>
        <a rel="next" href={link(shift(month, 1))}>
          {monthOf(shift(month, 1)).label} →
        </a>
      </nav>
      <form class="month-form" method="get" action="/events/calendar">
        <label for="cal-month">Go to month</label> <input type="month" id="cal-month" name="month" value={month.key} />
        {request.pairs.map((p) => (
          <input type="hidden" name={p.param} value={p.value} />
        ))}
        {request.q ? <input type="hidden" name="q" value={request.q} /> : null} <button type="submit">Show</button>
      </form>
      {request.pairs.length || request.q ? (
        <p class="meta">
          Filtered by {[...request.pairs.map((p) => `${p.param} ${p.value}`), ...(request.q ? [`search “${request.q}”`] : [])].join(', ')}.{' '}
          <a href={`/events/calendar?month=${month.key}`}>Show every event</a>
        </p>
      ) : null}
      <table class="calendar">
        <caption class="visually-hidden">Events in {month.label}, by day</caption>
        <thead>
          <tr>
            {['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'].map((d) => (
              <th scope="col">
                <abbr title={d}>{d.slice(0, 3)}</abbr>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((week) => (
            <tr>
              {week.map((day) =>
                day === null ? (
                  <td class="other" />
                ) : (
                  <td class={byDay.has(day) ? 'has' : 'none'}>
                    <span class="day">
                      {day}
                      <span class="visually-hidden"> {month.label}</span>
                    </span>
                    <ul>
                      {(byDay.get(day) ?? []).map((e) => (
                        <li>
                          <a href={`/events/${e.slug}`} dir="auto">
                            {e.title}
                          </a>
                          {e.status !== 'SCHEDULED' ? ` (${words(e.status)})` : ''}
                        </li>
                      ))}
                    </ul>
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {connection.totalCount > connection.nodes.length ? (
        <p>
          This month has more events than fit here: <a href={`/events${filters ? `?${filters}` : ''}`}>see them all in the list</a>.
        </p>
      ) : null}
      <OfferPanel offer={offer} />
    </>
  );
}
