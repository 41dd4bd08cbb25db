// Review notices for changes made through GraphQL: the same mail as the console's, once, with the public URL's links.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createLogger } from '../src/log.ts';
import { createEditorialApp, people, type Cast, type Person } from './support/editorial-cast.ts';
import type { TestApp } from './support/app.ts';
import { newOutbox, outboxMessages } from './support/console.ts';
import { eventually } from './support/eventually.ts';
import { createOrg, move } from './support/editorial-mutations.ts';
import { idOf } from './support/graphql.ts';

const PUBLIC_URL = 'https://directory.example.org';
const outbox = newOutbox();
let t: TestApp;
let cast: Cast;
let entryId = '';
let submittedRevision = '';

beforeAll(async () => {
  ({ app: t, cast } = await createEditorialApp({ env: { OUTBOX_DIR: outbox, PUBLIC_URL } }));
}, 180_000);
afterAll(() => t.close());

const mailTo = (person: Person) => outboxMessages(outbox).filter((m) => m.includes(`To: ${cast.emails[person]}`));
const waitingFor = (person: Person) =>
  mailTo(person).filter((m) => m.includes('Subject: Waiting for review: Organisation') && m.includes('Notice Test Trust'));

describe('a change submitted through GraphQL', () => {
  test('mails the reviewers of the other host once each, with a link on the public URL, and nobody else', async () => {
    // A host editor's change: with two hosts, only the other host may review it.
    const created = await createOrg(t, cast.as.editorA, { slug: 'notice-test-trust', name: 'Notice Test Trust', kind: 'OTHER' });
    entryId = created.entryId;
    const submitted = await move(t, cast.as.editorA, 'submit', entryId, created.revision.id);
    expect(submitted.__typename).toBe('EditResult');
    submittedRevision = submitted.revision.id;
    await eventually(async () => waitingFor('reviewerB').length > 0 && waitingFor('adminB').length > 0);
    for (const reviewer of ['reviewerB', 'adminB'] as const) {
      expect(waitingFor(reviewer)).toHaveLength(1);
      expect(waitingFor(reviewer)[0]).toContain(`${PUBLIC_URL}/console/review/organisation/${idOf(entryId)}`);
    }
    const notTold = people.filter((p) => p !== 'reviewerB' && p !== 'adminB');
    for (const person of notTold) expect(waitingFor(person), person).toHaveLength(0);
  });

  test('a request for changes mails the author once, with the reason and a link on the public URL', async () => {
    const asked = await move(t, cast.as.reviewerB, 'requestChanges', entryId, submittedRevision, 'Please add the charity number.');
    expect(asked.__typename).toBe('EditResult');
    const told = () => mailTo('editorA').filter((m) => m.includes('Notice Test Trust') && m.includes('needs changes'));
    await eventually(async () => told().length > 0);
    expect(told()).toHaveLength(1);
    expect(told()[0]).toContain('The reviewer wrote: Please add the charity number.');
    expect(told()[0]).toContain(`${PUBLIC_URL}/console/entries/organisation/${idOf(entryId)}`);
    // By now any second copy of the submission's notices would have been written too.
    expect(waitingFor('reviewerB')).toHaveLength(1);
    expect(waitingFor('adminB')).toHaveLength(1);
    // The reviewer is not told of their own decision.
    expect(mailTo('reviewerB').filter((m) => m.includes('needs changes'))).toHaveLength(0);
  });
});

describe('when mail cannot be sent', () => {
  test('the submission still succeeds, and the failure is logged', async () => {
    const lines: string[] = [];
    // Port 1 refuses connections: an SMTP server that is down.
    const { app, cast: other } = await createEditorialApp({
      env: { SMTP_URL: 'smtp://127.0.0.1:1', LOG_LEVEL: 'error' },
      logger: createLogger('error', (line) => lines.push(line)),
    });
    try {
      const created = await createOrg(app, other.as.contributorP, { slug: 'unmailed-trust', name: 'Unmailed Trust', kind: 'OTHER' });
      const submitted = await move(app, other.as.contributorP, 'submit', created.entryId, created.revision.id);
      expect(submitted.__typename).toBe('EditResult');
      expect(submitted.publicationState).toBe('SUBMITTED');
      await eventually(async () => lines.some((l) => l.includes('"msg":"notification failed"') && l.includes('"what":"submitted"')));
    } finally {
      await app.close();
    }
  }, 120_000);
});
