// Creating and editing entries, submitting and withdrawing them, and their history with revert: the same services as the API.
import { Hono, type Context } from 'hono';
import { entryTypes, type EntryType } from '../../../schema/editorial.ts';
import { InvalidInputError } from '../access/errors.ts';
import type { AccessContext } from '../access/transaction.ts';
import { createEntry, revertToRevision, updateEntry } from '../editorial/entry-edits.ts';
import { entrySpecs } from '../editorial/entry-specs.ts';
import { moveEntry } from '../editorial/entry-workflow.ts';
import { assertCanReadHistory } from '../editorial/history.ts';
import { currentContent, entryHistory } from '../editorial/entry-reads.ts';
import { revisionDiffs } from '../editorial/review-diff.ts';
import {
  formFields,
  inputFromValues,
  referencedIds,
  typeLabels,
  valuesFromPost,
  valuesFromSnapshot,
  type FormField,
} from '../editorial/entry-fields.ts';
import { EntryForm, type FormState } from './entry-form.tsx';
import { namedTargets, searchTargets, type LinkTarget } from './entry-search.ts';
import type { ConsoleDeps, ConsoleEnv } from './env.ts';
import { Csrf, Notice, Page, stateLabel, type FieldProblem } from './layout.tsx';
import { DiffTable, instantInWords, readableRows } from './diff.tsx';

const isType = (t: string): t is EntryType => (entryTypes as readonly string[]).includes(t);

/** Service field errors (paths like input.slug or input.topics.0) as problems beside the form's fields. */
export const problemsFrom = (err: InvalidInputError): FieldProblem[] =>
  err.fieldErrors.map((e) => {
    const path = e.path[0] === 'input' ? e.path.slice(1) : e.path;
    const field = path[0] ?? 'input';
    const raw = /expected .*received null/.test(e.message) ? 'is required' : e.message;
    // A row of a list (a case study's links): which one, and which part of it.
    const row = /^\d+$/.test(path[1] ?? '') ? `link ${Number(path[1]) + 1}${path[2] ? ` (${path[2]})` : ''}: ` : '';
    return { field, message: row + raw };
  });

async function formState(db: AccessContext['db'], fields: FormField[], values: FormState['values'], body: Record<string, unknown> = {}) {
  const finds: Record<string, string> = {};
  const found: FormState['found'] = {};
  const doing = typeof body._do === 'string' ? body._do : '';
  for (const f of fields) {
    if (!f.target) continue;
    const q = body[`find.${f.name}`];
    if (typeof q === 'string' && q.trim() && doing === `find:${f.name}`) {
      finds[f.name] = q.trim();
      found[f.name] = await searchTargets(db, f.target, q);
    }
  }
  const names = new Map<string, string>();
  const byTarget = new Map<LinkTarget, string[]>();
  for (const f of fields) {
    if (!f.target) continue;
    const slugs = ((values[f.name] as { slug: string }[]) ?? []).map((l) => l.slug);
    byTarget.set(f.target, [...(byTarget.get(f.target) ?? []), ...slugs]);
  }
  for (const [target, slugs] of byTarget) {
    for (const t of await namedTargets(db, target, { slugs })) names.set(`${target}:${t.slug}`, t.name);
  }
  return { fields, values, problems: [], found, names, finds } satisfies FormState;
}

export function entryRoutes(deps: ConsoleDeps) {
  const app = new Hono<ConsoleEnv>();
  const ctx = (c: Context<ConsoleEnv>): AccessContext => ({ db: deps.db, viewer: c.get('session')!.viewer, requestId: c.get('requestId') });

  app.get('/entries/new', (c) =>
    c.html(
      <Page title="New entry" session={c.get('session')} csrfToken={c.get('csrfToken')}>
        <h1>Add an entry</h1>
        <ul>
          {entryTypes.map((t) => (
            <li>
              <a href={`/console/entries/new/${t}`}>{typeLabels[t]}</a>
            </li>
          ))}
        </ul>
      </Page>,
    ),
  );

  const newPage = (c: Context<ConsoleEnv>, type: EntryType, full: boolean, s: FormState, status: 200 | 400 = 200) =>
    c.html(
      <Page title={`New ${typeLabels[type].toLowerCase()}`} session={c.get('session')} csrfToken={c.get('csrfToken')}>
        <h1>New {typeLabels[type].toLowerCase()}</h1>
        <p>
          {full ? (
            <a href={`/console/entries/new/${type}`}>Use the quick form</a>
          ) : (
            <>
              The quick form asks for what a new entry needs; you can add the rest later.{' '}
              <a href={`/console/entries/new/${type}?full`}>Use the full form</a>
            </>
          )}
        </p>
        <EntryForm action={`/console/entries/new/${type}`} csrf={c.get('csrfToken')} s={s} hidden={{ _form: full ? 'full' : 'quick' }}>
          <button type="submit" name="_do" value="save">
            Save draft
          </button>
        </EntryForm>
      </Page>,
      status,
    );

  const fieldsFor = (type: EntryType, full: boolean) => formFields[type].filter((f) => full || f.quick);

  app.get('/entries/new/:type', async (c) => {
    const type = c.req.param('type');
    if (!isType(type)) return c.notFound();
    const full = c.req.query('full') !== undefined;
    const fields = fieldsFor(type, full);
    const values = valuesFromSnapshot(fields, entrySpecs[type].defaults, () => '');
    return newPage(c, type, full, await formState(deps.db, fields, values));
  });

  app.post('/entries/new/:type', async (c) => {
    const type = c.req.param('type');
    if (!isType(type)) return c.notFound();
    const body = await c.req.parseBody({ all: true });
    const full = body._form === 'full';
    const fields = fieldsFor(type, full);
    const values = valuesFromPost(fields, body);
    const s = await formState(deps.db, fields, values, body);
    if (body._do !== 'save') return newPage(c, type, full, s);
    try {
      const result = await createEntry({ ...ctx(c), type, input: inputFromValues(fields, values, { creating: true }) });
      return c.redirect(`/console/entries/${type}/${result.entry.id}?saved`, 303);
    } catch (err) {
      if (err instanceof InvalidInputError) return newPage(c, type, full, { ...s, problems: problemsFrom(err) }, 400);
      throw err;
    }
  });

  const editPage = async (
    c: Context<ConsoleEnv>,
    type: EntryType,
    id: number,
    o: { s?: FormState; status?: 200 | 400; notice?: string; problems?: FormState['problems'] } = {},
  ) => {
    const current = await currentContent({ ...ctx(c), type, entryId: id });
    const fields = formFields[type];
    let s = o.s;
    if (!s) {
      const slugs = new Map<string, string>();
      for (const [target, ids] of referencedIds(fields, current.snapshot)) {
        for (const t of await namedTargets(deps.db, target, { ids })) slugs.set(`${target}:${t.id}`, t.slug);
      }
      const values = valuesFromSnapshot(fields, current.snapshot, (target, rid) => slugs.get(`${target}:${rid}`) ?? String(rid));
      s = await formState(deps.db, fields, values);
    }
    // A refused submit names the fields the draft still lacks, beside them in the saved form.
    if (o.problems) s = { ...s, problems: o.problems };
    const base = current.revisionId === null ? '' : String(current.revisionId);
    const state = current.state;
    const title = String(current.snapshot.title ?? current.snapshot.name ?? current.snapshot.label ?? '');
    return c.html(
      <Page title={`Edit ${title}`} session={c.get('session')} csrfToken={c.get('csrfToken')}>
        <h1>
          {typeLabels[type]}: {title}
        </h1>
        {o.notice ? <Notice>{o.notice}</Notice> : null}
        <p>
          Current proposal: <span class="state">{stateLabel(state)}</span> · Public state: {stateLabel(current.publicationState)} ·{' '}
          <a href={`/console/entries/${type}/${id}/history`}>History</a>
        </p>
        {current.reason ? (
          <Notice>
            <strong>Reviewer’s note:</strong> {current.reason}
          </Notice>
        ) : null}
        <EntryForm action={`/console/entries/${type}/${id}`} csrf={c.get('csrfToken')} s={s} hidden={{ baseRevisionId: base }}>
          <button type="submit" name="_do" value="save">
            Save draft
          </button>
        </EntryForm>
        <h2>Review</h2>
        {['draft', 'changes_requested', 'withdrawn'].includes(state) ? (
          <form method="post" action={`/console/entries/${type}/${id}/submit`}>
            <Csrf token={c.get('csrfToken')} />
            <input type="hidden" name="baseRevisionId" value={base} />
            <label for="submit-message">Note for the reviewer (optional)</label>
            <textarea id="submit-message" name="message" rows={2} />
            <button type="submit">Submit for review</button>
          </form>
        ) : null}
        {['draft', 'submitted', 'changes_requested'].includes(state) ? (
          <form method="post" action={`/console/entries/${type}/${id}/withdraw`}>
            <Csrf token={c.get('csrfToken')} />
            <input type="hidden" name="baseRevisionId" value={base} />
            <button type="submit" class="secondary">
              Withdraw this proposal
            </button>
          </form>
        ) : null}
        {state === 'submitted' ? <p>This proposal is waiting for a reviewer.</p> : null}
      </Page>,
      o.status ?? 200,
    );
  };

  const entryParams = (c: Context<ConsoleEnv>) => {
    const type = c.req.param('type') ?? '';
    const id = Number(c.req.param('id'));
    return isType(type) && Number.isInteger(id) && id > 0 ? { type, id } : null;
  };
  const baseOf = (v: unknown) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : null);

  app.get('/entries/:type/:id', async (c) => {
    const p = entryParams(c);
    if (!p) return c.notFound();
    const q = c.req.query();
    const notice =
      'saved' in q ? 'Draft saved.' : 'submitted' in q ? 'Submitted for review.' : 'withdrawn' in q ? 'Proposal withdrawn.' : undefined;
    return editPage(c, p.type, p.id, { notice });
  });

  app.post('/entries/:type/:id', async (c) => {
    const p = entryParams(c);
    if (!p) return c.notFound();
    const body = await c.req.parseBody({ all: true });
    const fields = formFields[p.type];
    const values = valuesFromPost(fields, body);
    // Even a search re-render shows content only to those who may read it.
    await assertCanReadHistory(ctx(c), p.type, p.id);
    const s = await formState(deps.db, fields, values, body);
    if (body._do !== 'save') return editPage(c, p.type, p.id, { s });
    try {
      await updateEntry({
        ...ctx(c),
        type: p.type,
        entryId: p.id,
        baseRevisionId: baseOf(body.baseRevisionId),
        input: inputFromValues(fields, values, { creating: false }),
      });
      return c.redirect(`/console/entries/${p.type}/${p.id}?saved`, 303);
    } catch (err) {
      if (err instanceof InvalidInputError) return editPage(c, p.type, p.id, { s: { ...s, problems: problemsFrom(err) }, status: 400 });
      throw err;
    }
  });

  for (const action of ['submit', 'withdraw'] as const) {
    app.post(`/entries/:type/:id/${action}`, async (c) => {
      const p = entryParams(c);
      if (!p) return c.notFound();
      const body = await c.req.parseBody();
      const message = typeof body.message === 'string' ? body.message : null;
      try {
        await moveEntry({
          ...ctx(c),
          notify: deps.notify,
          action,
          type: p.type,
          entryId: p.id,
          baseRevisionId: baseOf(body.baseRevisionId),
          message,
        });
      } catch (err) {
        if (err instanceof InvalidInputError) return editPage(c, p.type, p.id, { problems: problemsFrom(err), status: 400 });
        throw err;
      }
      return c.redirect(`/console/entries/${p.type}/${p.id}?${action === 'submit' ? 'submitted' : 'withdrawn'}`, 303);
    });
  }

  app.get('/entries/:type/:id/history', async (c) => {
    const p = entryParams(c);
    if (!p) return c.notFound();
    const history = await entryHistory({ ...ctx(c), type: p.type, entryId: p.id });
    const { current } = history;
    const diffs = await revisionDiffs(deps.db, history.revisions);
    const revisions = history.revisions.map((r) => ({ ...r, changes: readableRows(p.type, diffs.get(r.id)?.step ?? [], r.snapshot) }));
    // A proposal not yet published is also shown as a reviewer sees it: against what readers see now.
    const head = history.revisions[0];
    const pending =
      head && !['published', 'archived'].includes(head.state)
        ? readableRows(p.type, diffs.get(head.id)?.review ?? [], head.snapshot)
        : null;
    return c.html(
      <Page title="History" session={c.get('session')} csrfToken={c.get('csrfToken')}>
        <h1>
          History of {typeLabels[p.type].toLowerCase()} “
          {String(current.snapshot.title ?? current.snapshot.name ?? current.snapshot.label ?? '')}”
        </h1>
        <p>
          <a href={`/console/entries/${p.type}/${p.id}`}>Back to the entry</a>
        </p>
        {revisions.map((r, i) => (
          <section aria-labelledby={`rev-${r.id}`}>
            <h2 id={`rev-${r.id}`}>
              Revision {r.id}: {stateLabel(r.action)} → {stateLabel(r.state)}, {instantInWords(r.createdAt, 'UTC')}
              {r.authorEmail ? ` by ${r.authorEmail}` : ''}
            </h2>
            {r.message ? <p>Note: {r.message}</p> : null}
            {r.reason ? <p>Reason: {r.reason}</p> : null}
            <DiffTable changes={r.changes} caption={`Changes in revision ${r.id}`} />
            {i === 0 && pending && diffs.get(r.id)?.againstPublished ? (
              <DiffTable changes={pending} caption="This proposal compared with the published entry" />
            ) : null}
            {i > 0 ? (
              <form method="post" action={`/console/entries/${p.type}/${p.id}/revert`}>
                <Csrf token={c.get('csrfToken')} />
                <input type="hidden" name="revisionId" value={String(r.id)} />
                <input type="hidden" name="baseRevisionId" value={String(revisions[0]!.id)} />
                <button type="submit" class="secondary">
                  Propose going back to revision {r.id}
                </button>
              </form>
            ) : null}
          </section>
        ))}
      </Page>,
    );
  });

  app.post('/entries/:type/:id/revert', async (c) => {
    const p = entryParams(c);
    if (!p) return c.notFound();
    const body = await c.req.parseBody();
    await revertToRevision({ ...ctx(c), revisionId: baseOf(body.revisionId) ?? 0, baseRevisionId: baseOf(body.baseRevisionId) });
    return c.redirect(`/console/entries/${p.type}/${p.id}?saved`, 303);
  });

  return app;
}
