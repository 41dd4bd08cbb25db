// The review queue and one change under review: its field diff against what is public, approve, request changes, reject.
import { Hono, type Context } from 'hono';
import { entryTypes, type EntryType } from '../../../schema/editorial.ts';
import { countHosts, loadActor } from '../access/actor.ts';
import { InvalidInputError } from '../access/errors.ts';
import { decide } from '../access/permissions.ts';
import type { AccessContext } from '../access/transaction.ts';
import { moveEntry } from '../editorial/entry-workflow.ts';
import { pendingChangeAuthors } from '../editorial/revision-store.ts';
import { diffForReview } from '../editorial/review-diff.ts';
import { reviewQueue, titleOf } from '../editorial/worklists.ts';
import { DiffTable, instantInWords, readableRows } from './diff.tsx';
import { typeLabels } from '../editorial/entry-fields.ts';
import type { ConsoleDeps, ConsoleEnv } from './env.ts';
import { Csrf, ErrorSummary, Field, Notice, Page } from './layout.tsx';

export function reviewRoutes(deps: ConsoleDeps) {
  const app = new Hono<ConsoleEnv>();
  const ctx = (c: Context<ConsoleEnv>): AccessContext => ({ db: deps.db, viewer: c.get('session')!.viewer, requestId: c.get('requestId') });

  app.get('/review', async (c) => {
    const rows = await reviewQueue(ctx(c));
    const done = c.req.query('done');
    return c.html(
      <Page title="Review queue" session={c.get('session')} csrfToken={c.get('csrfToken')}>
        <h1>Changes waiting for review</h1>
        {done ? <Notice>Decision recorded: {done.replace('_', ' ')}.</Notice> : null}
        {rows.length ? (
          <ul>
            {rows.map((r) => (
              <li>
                <a href={`/console/review/${r.entryType}/${r.entryId}`}>
                  {typeLabels[r.entryType]}: {titleOf(r.snapshot)}
                </a>{' '}
                (submitted {instantInWords(r.createdAt, 'UTC')})
              </li>
            ))}
          </ul>
        ) : (
          <p>Nothing is waiting for review.</p>
        )}
      </Page>,
    );
  });

  const reviewPage = async (c: Context<ConsoleEnv>, type: EntryType, id: number, o: { error?: string; status?: 200 | 400 } = {}) => {
    // The same diff as GraphQL's reviewQueue: against the published state, or the empty one for a new entry.
    const review = await diffForReview({ ...ctx(c), type, entryId: id });
    if (!review) return c.notFound();
    const current = review.revision;
    const changes = readableRows(type, review.diff, current.snapshot);
    const base = String(current.id);
    // The matrix that refuses the decision also decides whether to offer it: one's own change (or, with two hosts, one's
    // own host's) is shown with the reason instead of buttons that could only be refused. The write checks again.
    const verdict =
      current.state === 'submitted'
        ? decide(await loadActor(deps.db, c.get('session')!.viewer, 'carried'), {
            kind: 'entry.review',
            type,
            authors: await pendingChangeAuthors(deps.db, type, id),
            hostCount: await countHosts(deps.db),
          })
        : null;
    return c.html(
      <Page title="Review a change" session={c.get('session')} csrfToken={c.get('csrfToken')}>
        <h1>
          Review: {typeLabels[type].toLowerCase()} “{titleOf(current.snapshot)}”
        </h1>
        <ErrorSummary problems={o.error ? [{ field: 'reason', message: o.error }] : []} labels={{ reason: 'Reason' }} />
        <p>
          {review.againstPublished ? 'Compared with the published entry.' : 'A new entry: every field is new.'}{' '}
          <a href={`/console/entries/${type}/${id}/history`}>Full history</a>
        </p>
        {/* What the author wrote for the reviewer when submitting (a calendar or another directory names itself here). */}
        {current.message ? (
          <p>
            Note for the reviewer: <q>{current.message}</q>
          </p>
        ) : null}
        <DiffTable changes={changes} caption="Proposed changes" />
        {verdict && !verdict.allowed ? (
          <Notice>
            You cannot decide this change: {verdict.reason} Another host reviewer or admin decides it; invite one on the{' '}
            <a href={`/console/organisations/${c.get('session')!.organisation.slug}/members`}>Members</a> page if nobody else can.
          </Notice>
        ) : current.state === 'submitted' ? (
          <>
            <form method="post" action={`/console/review/${type}/${id}`}>
              <Csrf token={c.get('csrfToken')} />
              <input type="hidden" name="baseRevisionId" value={base} />
              <button type="submit" name="decision" value="approve">
                Approve and publish
              </button>
            </form>
            <form method="post" action={`/console/review/${type}/${id}`}>
              <Csrf token={c.get('csrfToken')} />
              <input type="hidden" name="baseRevisionId" value={base} />
              <Field name="reason" label="Reason" hint="Needed to request changes or reject: the author reads it." error={o.error}>
                {(describedBy, fid) => (
                  <textarea id={fid} name="reason" rows={3} aria-describedby={describedBy} aria-invalid={o.error ? 'true' : undefined} />
                )}
              </Field>
              <button type="submit" name="decision" value="request_changes" class="secondary">
                Request changes
              </button>
              <button type="submit" name="decision" value="reject" class="warning">
                Reject
              </button>
            </form>
          </>
        ) : (
          <p>This change is no longer waiting for review (it is {current.state.replace('_', ' ')}).</p>
        )}
      </Page>,
      o.status ?? 200,
    );
  };

  const params = (c: Context<ConsoleEnv>) => {
    const type = c.req.param('type') ?? '';
    const id = Number(c.req.param('id'));
    return (entryTypes as readonly string[]).includes(type) && Number.isInteger(id) && id > 0 ? { type: type as EntryType, id } : null;
  };

  app.get('/review/:type/:id', async (c) => {
    const p = params(c);
    return p ? reviewPage(c, p.type, p.id) : c.notFound();
  });

  app.post('/review/:type/:id', async (c) => {
    const p = params(c);
    if (!p) return c.notFound();
    const body = await c.req.parseBody();
    const decision = body.decision;
    if (decision !== 'approve' && decision !== 'request_changes' && decision !== 'reject')
      return reviewPage(c, p.type, p.id, { error: 'Choose a decision', status: 400 });
    try {
      await moveEntry({
        ...ctx(c),
        notify: deps.notify,
        action: decision,
        type: p.type,
        entryId: p.id,
        baseRevisionId: typeof body.baseRevisionId === 'string' && /^\d+$/.test(body.baseRevisionId) ? Number(body.baseRevisionId) : null,
        reason: typeof body.reason === 'string' ? body.reason : null,
      });
      return c.redirect(`/console/review?done=${decision}`, 303);
    } catch (err) {
      if (err instanceof InvalidInputError)
        return reviewPage(c, p.type, p.id, { error: err.fieldErrors[0]?.message ?? 'is required', status: 400 });
      throw err;
    }
  });

  return app;
}
