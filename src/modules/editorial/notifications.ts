// Review notices by email: a submitted change to the reviewers who may decide it, a decision to the change's author.
import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import { accounts, memberships, revisions, secretariatHosts } from '../../../schema/editorial.ts';
import type { Config } from '../../config.ts';
import type { Db } from '../../db.ts';
import type { Logger } from '../../log.ts';
import type { Mailer } from '../../mail.ts';
import { countHosts } from '../access/actor.ts';
import { decide, scopesForRole } from '../access/permissions.ts';
import type { EditResult } from './entry-edits.ts';
import { entrySpecs } from './entry-specs.ts';
import { pendingChangeAuthors } from './revision-store.ts';
import { titleOf } from './worklists.ts';

export interface Notifier {
  submitted(result: EditResult, requestId?: string): Promise<void>;
  decided(result: EditResult, requestId?: string): Promise<void>;
}

export function createNotifier(o: { db: Db; mailer: Mailer; config: Config; logger: Logger }): Notifier {
  const consoleUrl = (r: EditResult) => `${o.config.PUBLIC_URL}/console/entries/${r.entry.type}/${r.entry.id}`;
  const label = (r: EditResult) => `${entrySpecs[r.entry.type].typename} “${titleOf(r.revision.snapshot)}”`;
  // A notice that cannot be sent is logged, never a failure of the change it reports (which is committed).
  const safely = async (what: string, requestId: string | undefined, work: () => Promise<void>) => {
    try {
      await work();
    } catch (err) {
      o.logger.error('notification failed', { what, requestId, error: String(err) });
    }
  };
  return {
    submitted: (r, requestId) =>
      safely('submitted', requestId, async () => {
        const authors = await pendingChangeAuthors(o.db, r.entry.type, r.entry.id);
        const hostCount = await countHosts(o.db);
        const candidates = await o.db
          .select({
            accountId: memberships.accountId,
            organisationId: memberships.organisationId,
            role: memberships.role,
            email: accounts.email,
          })
          .from(memberships)
          .innerJoin(secretariatHosts, eq(secretariatHosts.organisationId, memberships.organisationId))
          .innerJoin(accounts, eq(accounts.id, memberships.accountId))
          .where(and(isNull(memberships.removedAt), inArray(memberships.role, ['admin', 'reviewer'])));
        // The permission matrix picks the reviewers: whoever it would let approve this change is told of it.
        const reviewers = candidates.filter(
          (m) =>
            decide(
              {
                accountId: m.accountId,
                organisationId: m.organisationId,
                tokenId: null,
                role: m.role,
                isHost: true,
                scopes: new Set(scopesForRole[m.role]),
              },
              { kind: 'entry.review', type: r.entry.type, authors, hostCount },
            ).allowed,
        );
        for (const email of new Set(reviewers.map((m) => m.email))) {
          await o.mailer.send({
            to: email,
            subject: `Waiting for review: ${label(r)}`,
            text: `A change to ${label(r)} was submitted for review.\n${r.revision.message ? `\nNote from the author: ${r.revision.message}\n` : ''}\nReview it here: ${o.config.PUBLIC_URL}/console/review/${r.entry.type}/${r.entry.id}\n`,
          });
        }
      }),
    decided: (r, requestId) =>
      safely('decided', requestId, async () => {
        // The author is whoever submitted the change now decided.
        const [submit] = await o.db
          .select({ email: accounts.email })
          .from(revisions)
          .innerJoin(accounts, eq(accounts.id, revisions.authorAccountId))
          .where(and(eq(revisions.entryType, r.entry.type), eq(revisions.entryId, r.entry.id), eq(revisions.action, 'submit')))
          .orderBy(desc(revisions.id))
          .limit(1);
        if (!submit) return;
        const outcome = { approve: 'was approved and is now published', request_changes: 'needs changes', reject: 'was rejected' }[
          r.revision.action as 'approve' | 'request_changes' | 'reject'
        ];
        if (!outcome) return;
        await o.mailer.send({
          to: submit.email,
          subject: `Your change to ${label(r)} ${outcome}`,
          text: `Your change to ${label(r)} ${outcome}.\n${r.revision.reason ? `\nThe reviewer wrote: ${r.revision.reason}\n` : ''}\nSee it here: ${consoleUrl(r)}\n`,
        });
      }),
  };
}
