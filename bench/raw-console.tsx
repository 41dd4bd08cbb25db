/** @jsxImportSource hono/jsx */
// The raw-SQL ceiling of the console's home: the session, the organisation's entries and the review queue in one query.
import { createHash } from 'node:crypto';
import { getCookie } from 'hono/cookie';
import { Hono } from 'hono';
import type { DbHandle } from '../src/db.ts';
import { SESSION_COOKIE } from '../src/modules/console/env.ts';
import { runner } from './raw-routes.ts';

/** Head revisions: none is based on them (as worklists.ts's isHead). */
const head = 'NOT EXISTS (SELECT 1 FROM revisions n WHERE n.base_revision_id = r.id)';
const revisionJson = `json_build_object('type', r.entry_type, 'id', r.entry_id, 'state', r.state, 'author', r.author_account_id,
  'title', coalesce(r.snapshot->>'title', r.snapshot->>'name', r.snapshot->>'label', r.snapshot->>'slug', ''))`;

/** As the console reads them: a live session in a current membership, then maintainedEntries and reviewQueue. */
export const consoleHomeSql = `WITH s AS (
    SELECT s.account_id, s.organisation_id, a.email, a.display_name, o.name AS organisation, m.role,
      EXISTS (SELECT 1 FROM secretariat_hosts h WHERE h.organisation_id = s.organisation_id) AS host
    FROM sessions s JOIN accounts a ON a.id = s.account_id
    JOIN memberships m ON m.account_id = s.account_id AND m.organisation_id = s.organisation_id AND m.removed_at IS NULL
    JOIN organisations o ON o.id = s.organisation_id
    WHERE s.secret_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now())
  SELECT json_build_object('session', (SELECT row_to_json(s) FROM s),
    'maintained', (SELECT coalesce(json_agg(${revisionJson} ORDER BY r.id DESC), '[]') FROM (
      SELECT r.* FROM revisions r, s WHERE ${head} AND EXISTS (SELECT 1 FROM entry_maintainers m
        WHERE m.entry_type = r.entry_type AND m.entry_id = r.entry_id AND m.organisation_id = s.organisation_id)
      ORDER BY r.id DESC LIMIT 200) r),
    'reviews', (SELECT coalesce(json_agg(${revisionJson} ORDER BY r.id), '[]') FROM (
      SELECT r.* FROM revisions r, s WHERE s.host AND s.role IN ('admin', 'reviewer') AND r.state = 'submitted' AND ${head}
      ORDER BY r.id LIMIT 500) r)
  )::text AS body`;

interface Revision {
  type: string;
  id: number;
  state: string;
  author: number | null;
  title: string;
}

const List = (p: { rows: Revision[]; href: (r: Revision) => string }) => (
  <ul>
    {p.rows.map((r) => (
      <li>
        <a href={p.href(r)}>
          {r.type}: {r.title}
        </a>{' '}
        <span class="state">{r.state}</span>
      </li>
    ))}
  </ul>
);

export function rawConsoleRoutes(handle: DbHandle) {
  const run = runner<{ body: string }>(handle);
  const app = new Hono();
  app.get('/raw/console-home', async (c) => {
    handle.statements.count++;
    const secret = getCookie(c, SESSION_COOKIE) ?? '';
    const home = JSON.parse((await run(consoleHomeSql, [createHash('sha256').update(secret).digest('hex')])).body) as {
      session: { account_id: number; email: string; display_name: string | null; organisation: string; role: string } | null;
      maintained: Revision[];
      reviews: Revision[];
    };
    if (!home.session) return c.redirect('/console/sign-in');
    const entry = (r: Revision) => `/console/entries/${r.type}/${r.id}`;
    const mine = home.maintained.filter(
      (r) => r.author === home.session!.account_id && ['draft', 'changes_requested', 'withdrawn'].includes(r.state),
    );
    return c.html(
      <html lang="en-GB">
        <body>
          <h1>Hello, {home.session.display_name ?? home.session.email}</h1>
          <p>
            You are {home.session.role} of {home.session.organisation}
          </p>
          <List rows={mine} href={entry} />
          <List rows={home.reviews} href={(r) => `/console/review/${r.type}/${r.id}`} />
          <List rows={home.maintained} href={entry} />
        </body>
      </html>,
    );
  });
  return app;
}
