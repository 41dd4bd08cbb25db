// The console's home: my drafts, changes waiting for me, what my organisation maintains.
import { Hono } from 'hono';
import { maintainedEntries, reviewQueue, titleOf } from '../editorial/worklists.ts';
import { typeLabels } from '../editorial/entry-fields.ts';
import type { ConsoleDeps, ConsoleEnv } from './env.ts';
import { Page, stateLabel } from './layout.tsx';

type Row = Awaited<ReturnType<typeof maintainedEntries>>[number];

const EntryList = (props: { rows: Row[]; empty: string; href?: (r: Row) => string }) =>
  props.rows.length ? (
    <ul>
      {props.rows.map((r) => (
        <li>
          <a href={props.href ? props.href(r) : `/console/entries/${r.entryType}/${r.entryId}`}>
            {typeLabels[r.entryType]}: {titleOf(r.snapshot)}
          </a>{' '}
          <span class="state">{stateLabel(r.state)}</span>
        </li>
      ))}
    </ul>
  ) : (
    <p>{props.empty}</p>
  );

export function homeRoutes(deps: ConsoleDeps) {
  const app = new Hono<ConsoleEnv>();
  app.get('/', async (c) => {
    const session = c.get('session')!;
    const ctx = { db: deps.db, viewer: session.viewer, requestId: c.get('requestId') };
    const { role, isHost } = session.viewer.membership!;
    const maintained = await maintainedEntries(ctx);
    const mine = maintained.filter(
      (r) => r.authorAccountId === session.viewer.accountId && ['draft', 'changes_requested', 'withdrawn'].includes(r.state),
    );
    const reviews = isHost && (role === 'admin' || role === 'reviewer') ? await reviewQueue(ctx) : null;
    return c.html(
      <Page title="Home" session={session} csrfToken={c.get('csrfToken')}>
        <h1>Hello, {session.displayName ?? session.email}</h1>
        <p>
          You are {role.replace('_', ' ')} of <strong>{session.organisation.name}</strong>
          {isHost ? ', a host of the directory' : ''}. <a href="/console/entries/new">Add an entry</a>
        </p>
        <section aria-labelledby="drafts">
          <h2 id="drafts">My drafts</h2>
          <EntryList rows={mine} empty="You have no drafts." />
        </section>
        {reviews ? (
          <section aria-labelledby="waiting">
            <h2 id="waiting">Changes waiting for me</h2>
            <EntryList rows={reviews} empty="Nothing is waiting for review." href={(r) => `/console/review/${r.entryType}/${r.entryId}`} />
          </section>
        ) : null}
        <section aria-labelledby="maintained">
          <h2 id="maintained">What {session.organisation.name} maintains</h2>
          <EntryList rows={maintained} empty="Your organisation maintains no entries yet." />
        </section>
      </Page>,
    );
  });
  return app;
}
