// The raw-SQL ceiling for a partner's edit of their own event: the same rows as updateEvent, in one hand-written statement (bench only).
import { createHash, randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import type { DbHandle } from '../src/db.ts';
import { runner } from './raw-routes.ts';

/**
 * $1 token hash, $2 event id, $3 base revision id, $4 the scalar fields to change (jsonb), $5 topic
 * slugs (jsonb array, or null to keep the links), $6 request id. One statement is one transaction:
 * the token and membership check, the row lock, the maintainer check, the base-revision check, the
 * revision with its diff, the row and its topic links (for an entry that was never public, whose
 * row mirrors its newest proposal), pg_notify and the audit row. The diff is sorted by field name
 * as revision-store.ts sorts it (COLLATE "C" is JavaScript's code-unit order).
 */
const updateEventSql = `WITH actor AS (
    SELECT t.id AS token_id, t.account_id, t.organisation_id, m.role, h.organisation_id IS NOT NULL AS is_host,
      'write_entries' = ANY (t.scopes) AS may_write
    FROM api_tokens t
    JOIN memberships m ON m.account_id = t.account_id AND m.organisation_id = t.organisation_id AND m.removed_at IS NULL
    LEFT JOIN secretariat_hosts h ON h.organisation_id = t.organisation_id
    WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND t.expires_at > now()
  ), entry AS (
    SELECT id, publication_state, publication_state IN ('published', 'archived') AS public FROM events WHERE id = $2 FOR UPDATE
  ), allowed AS (
    SELECT a.* FROM actor a, entry e
    WHERE a.may_write AND ((a.is_host AND a.role IN ('admin', 'editor'))
      OR (NOT a.is_host AND a.role IN ('partner_admin', 'contributor') AND EXISTS (SELECT 1 FROM entry_maintainers m
          WHERE m.entry_type = 'event' AND m.entry_id = e.id AND m.organisation_id = a.organisation_id)))
  ), head AS (
    SELECT id, snapshot FROM revisions WHERE entry_type = 'event' AND entry_id = $2 ORDER BY id DESC LIMIT 1
  ), topic_ids AS (
    SELECT coalesce(jsonb_agg(t.id ORDER BY t.id), '[]'::jsonb) AS ids, count(*)::int AS found
    FROM topics t WHERE t.slug IN (SELECT jsonb_array_elements_text($5::text::jsonb))
  ), proposal AS (
    SELECT h.id AS base_id, h.snapshot AS before,
      h.snapshot || $4::text::jsonb || CASE WHEN $5::text::jsonb IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('topicIds', ti.ids) END AS after
    FROM head h, topic_ids ti, allowed
    WHERE h.id = $3 AND ($5::text::jsonb IS NULL OR ti.found = jsonb_array_length($5::text::jsonb))
  ), diff AS (
    SELECT coalesce(jsonb_agg(jsonb_build_object('field', k, 'before', p.before -> k, 'after', p.after -> k) ORDER BY k COLLATE "C"), '[]'::jsonb) AS changes
    FROM proposal p, LATERAL (SELECT jsonb_object_keys(p.before) UNION SELECT jsonb_object_keys(p.after)) keys (k)
    WHERE coalesce(p.before -> k, 'null'::jsonb) <> coalesce(p.after -> k, 'null'::jsonb)
  ), revision AS (
    INSERT INTO revisions (entry_type, entry_id, base_revision_id, action, state, snapshot, diff, author_account_id, author_organisation_id, token_id)
    SELECT 'event', $2, p.base_id, 'update', 'draft', p.after, d.changes, a.account_id, a.organisation_id, a.token_id
    FROM proposal p, diff d, allowed a
    RETURNING id, created_at, diff
  ), mirrored AS (
    UPDATE events e SET description = p.after ->> 'description', publication_state = 'draft', updated_at = now()
    FROM proposal p, entry x, revision r WHERE e.id = x.id AND NOT x.public
  ), unlinked AS (
    DELETE FROM event_topics t USING proposal p, entry x, revision r
    WHERE t.event_id = x.id AND NOT x.public AND $5::text::jsonb IS NOT NULL AND NOT (p.after -> 'topicIds' @> to_jsonb(t.topic_id))
  ), linked AS (
    INSERT INTO event_topics (event_id, topic_id)
    SELECT x.id, v::int FROM proposal p, entry x, revision r, jsonb_array_elements_text(p.after -> 'topicIds') v
    WHERE NOT x.public AND $5::text::jsonb IS NOT NULL
    ON CONFLICT DO NOTHING
  ), announced AS (
    SELECT pg_notify('entry_changed', json_build_object('type', 'event', 'id', x.id, 'slug', p.after ->> 'slug')::text)
    FROM revision r, proposal p, entry x
  ), audited AS (
    INSERT INTO audit_log (action, outcome, actor_account_id, actor_organisation_id, token_id, entry_type, entry_id, revision_id, details, request_id)
    SELECT 'entry.update', 'ok', a.account_id, a.organisation_id, a.token_id, 'event', $2, r.id,
      jsonb_build_object('state', 'draft', 'fields', (SELECT coalesce(jsonb_agg(c -> 'field' ORDER BY i), '[]'::jsonb)
        FROM jsonb_array_elements(r.diff) WITH ORDINALITY AS f (c, i))), $6
    FROM revision r, allowed a
  )
  SELECT (SELECT count(*) FROM actor)::int AS actors, (SELECT count(*) FROM entry)::int AS entries,
    (SELECT count(*) FROM allowed)::int AS allowed, (SELECT id FROM head) AS head_id, (SELECT found FROM topic_ids) AS topics_found,
    (SELECT count(*) FROM announced)::int AS announced,
    (SELECT json_build_object('data', json_build_object('updateEvent', json_build_object(
      '__typename', 'EditResult', 'slug', p.after ->> 'slug',
      'publicationState', upper(CASE WHEN x.public THEN x.publication_state ELSE 'draft' END),
      'revision', json_build_object('id', encode(convert_to('Revision:' || r.id, 'UTF8'), 'base64'), 'state', 'DRAFT',
        'createdAt', to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'diff', (SELECT coalesce(json_agg(json_build_object('field', c ->> 'field', 'before', c -> 'before', 'after', c -> 'after') ORDER BY i), '[]')
          FROM jsonb_array_elements(r.diff) WITH ORDINALITY AS f (c, i))))))::text
      FROM revision r, proposal p, entry x) AS body`;

interface Outcome {
  actors: number;
  entries: number;
  allowed: number;
  head_id: number | null;
  topics_found: number;
  body: string | null;
}

const typed = (result: Record<string, unknown>) => JSON.stringify({ data: { updateEvent: result } });
const invalid = (path: string[], message: string) =>
  typed({ __typename: 'InvalidInput', message: 'The input is not valid.', fieldErrors: [{ path, message }] });

/** A Relay global id's database id, if it is one of `typename`. */
function idOf(value: unknown, typename: string): number | null {
  if (typeof value !== 'string') return null;
  const [type, id] = Buffer.from(value, 'base64').toString('utf8').split(':');
  return type === typename && /^[1-9]\d*$/.test(id ?? '') ? Number(id) : null;
}

/** The input checks entry-specs.ts makes for these fields; this route takes only description and topics. */
function patchOf(input: Record<string, unknown>): { patch: Record<string, unknown>; topics: string[] | null } | string {
  const extra = Object.keys(input).find((k) => k !== 'description' && k !== 'topics');
  if (extra) return invalid(['input', extra], 'the raw route takes description and topics only');
  const patch: Record<string, unknown> = {};
  if ('description' in input) {
    const d = input.description;
    if (d !== null && typeof d !== 'string') return invalid(['input', 'description'], 'must be text');
    const text = d?.trim() ?? '';
    if (text.length > 20_000) return invalid(['input', 'description'], 'Too big: expected string to have <=20000 characters');
    patch.description = text || null;
  }
  const topics = input.topics;
  if (topics === undefined) return { patch, topics: null };
  if (!Array.isArray(topics) || topics.some((t) => typeof t !== 'string')) return invalid(['input', 'topics'], 'must be a list of slugs');
  if (topics.length > 100) return invalid(['input', 'topics'], 'Too big: expected array to have <=100 items');
  const repeated = topics.findIndex((t, i) => topics.indexOf(t) !== i);
  if (repeated >= 0) return invalid(['input', 'topics', String(repeated)], `"${topics[repeated]}" is listed twice`);
  return { patch, topics };
}

/** POST /raw/update-event with GraphQL's body ({ variables: { id, base, input } }) and the partner's bearer token. */
export function rawMutationRoutes(handle: DbHandle) {
  const statement = runner<Outcome>(handle);
  const run = (values: unknown[]) => statement(updateEventSql, values);
  const app = new Hono();
  const json = (body: string, status: 200 | 401 = 200) =>
    new Response(body, { status, headers: { 'content-type': 'application/json; charset=utf-8' } });
  app.post('/raw/update-event', async (c) => {
    const token = /^Bearer\s+(edir_[A-Za-z0-9_-]{43})$/i.exec(c.req.header('authorization') ?? '')?.[1];
    const unauthenticated = JSON.stringify({
      errors: [{ message: 'This token is not valid: it is unknown, expired or revoked.', extensions: { code: 'UNAUTHENTICATED' } }],
    });
    if (!token) return json(unauthenticated, 401);
    const { variables = {} } = (await c.req.json()) as { variables?: { id?: unknown; base?: unknown; input?: Record<string, unknown> } };
    const entryId = idOf(variables.id, 'Event');
    if (entryId === null) return json(invalid(['id'], 'is not the id of a Event'));
    const baseId = idOf(variables.base, 'Revision');
    if (baseId === null) return json(invalid(['baseRevisionId'], 'the raw route edits entries that have revisions: send the current one'));
    const input = patchOf(variables.input ?? {});
    if (typeof input === 'string') return json(input);
    handle.statements.count++;
    let row: Outcome;
    try {
      row = await run([
        createHash('sha256').update(token).digest('hex'),
        entryId,
        baseId,
        JSON.stringify(input.patch),
        input.topics && JSON.stringify(input.topics),
        randomUUID(),
      ]);
    } catch (err) {
      // As in transaction.ts: the unique index on base_revision_id decides a race between two edits.
      const pg = err as { constraint_name?: string; constraint?: string };
      if ((pg.constraint_name ?? pg.constraint) === 'revisions_base_unique') {
        return json(
          typed({
            __typename: 'Conflict',
            message: 'Another change to this entry was saved first; reload and try again.',
            currentRevision: null,
          }),
        );
      }
      throw err;
    }
    if (row.body) return json(row.body);
    if (!row.actors) return json(unauthenticated, 401);
    if (!row.entries) return json(typed({ __typename: 'NotFound', message: 'No Event has this id.' }));
    if (!row.allowed)
      return json(
        typed({
          __typename: 'Forbidden',
          message: 'Only host editors and contributors of a maintaining organisation may edit this entry.',
        }),
      );
    if (row.head_id !== baseId) {
      const currentRevision = row.head_id === null ? null : { id: Buffer.from(`Revision:${row.head_id}`).toString('base64') };
      return json(
        typed({
          __typename: 'Conflict',
          message: 'Your change was based on an older revision; the entry has changed since. Reload, reapply and resend.',
          currentRevision,
        }),
      );
    }
    return json(invalid(['input', 'topics'], 'names a topic that does not exist'));
  });
  return app;
}
