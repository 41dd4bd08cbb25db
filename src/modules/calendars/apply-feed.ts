// Turning a feed's occurrences into entries, through the editorial services as the subscriber: new ones created,
// changed ones edited, each submitted for review (or published, from a trusted feed); vanished ones archived or withdrawn.
import { and, eq, gt, isNull } from 'drizzle-orm';
import { calendarOccurrences } from '../../../schema/calendars.ts';
import { events } from '../../../schema/events.ts';
import type { Db } from '../../db.ts';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '../access/errors.ts';
import type { ChangeAuthor } from '../access/permissions.ts';
import type { Viewer } from '../access/viewer.ts';
import { createEntry, updateEntry, type EditResult } from '../editorial/entry-edits.ts';
import { moveEntry, retireEntry } from '../editorial/entry-workflow.ts';
import { headRevision } from '../editorial/revision-store.ts';
import { contentHashOf, inputOf } from './occurrence-input.ts';
import type { FeedOccurrence } from './parse-feed.ts';

export interface FeedContext {
  /** The poll's transaction: each occurrence is written in a savepoint of it. */
  db: Db;
  subscriptionId: number;
  url: string;
  /** The subscribing organisation's slug: each event's organiser. */
  organisation: string;
  /** The subscriber, as if signed in: every write is theirs, and the matrix judges it so. */
  viewer: Viewer;
  /** Who trusted the feed, as the matrix weighs it; null when its events go through review. */
  trustedBy: (ChangeAuthor & { isHostAdmin: boolean }) | null;
  now: Date;
}

export interface ApplyReport {
  created: number;
  changed: number;
  unchanged: number;
  published: number;
  submitted: number;
  archived: number;
  withdrawn: number;
  /** One line per occurrence that could not be taken, or was sent for review although the feed is trusted. */
  problems: string[];
}

const keyOf = (uid: string, occurrence: string) => `${uid}\u0000${occurrence}`;
const label = (uid: string, occurrence: string) => (occurrence ? `${uid} (${occurrence})` : uid);
const expected = (err: unknown) =>
  err instanceof InvalidInputError || err instanceof ForbiddenError || err instanceof ConflictError || err instanceof NotFoundError;

export async function applyOccurrences(c: FeedContext, occurrences: readonly FeedOccurrence[]): Promise<ApplyReport> {
  const report: ApplyReport = { created: 0, changed: 0, unchanged: 0, published: 0, submitted: 0, archived: 0, withdrawn: 0, problems: [] };
  const seen = new Set<string>();
  for (const o of occurrences) {
    if (seen.has(keyOf(o.uid, o.occurrence))) continue;
    seen.add(keyOf(o.uid, o.occurrence));
    try {
      // A savepoint: an occurrence the services refuse leaves the poll's transaction usable for the rest.
      await c.db.transaction((sp) => takeOccurrence({ ...c, db: sp as unknown as Db }, o, report));
    } catch (err) {
      if (!expected(err)) throw err;
      report.problems.push(`${label(o.uid, o.occurrence)}: ${err instanceof InvalidInputError ? fieldText(err) : (err as Error).message}`);
    }
  }
  await retireVanished(c, seen, report);
  return report;
}

const fieldText = (err: InvalidInputError) => err.fieldErrors.map((e) => `${e.path.at(-1)} ${e.message}`).join('; ');

async function takeOccurrence(c: FeedContext, o: FeedOccurrence, report: ApplyReport): Promise<void> {
  const input = inputOf(o, c.organisation);
  const contentHash = contentHashOf(input);
  const where = and(
    eq(calendarOccurrences.subscriptionId, c.subscriptionId),
    eq(calendarOccurrences.uid, o.uid),
    eq(calendarOccurrences.occurrence, o.occurrence),
  );
  const [key] = await c.db.select().from(calendarOccurrences).where(where).limit(1);
  if (key && key.vanishedAt === null && key.contentHash === contentHash) {
    report.unchanged++;
    return;
  }
  const ctx = { db: c.db, viewer: c.viewer };
  const message = `From the calendar ${c.url}: ${label(o.uid, o.occurrence)}`;
  const [entry] = key ? await c.db.select({ state: events.publicationState }).from(events).where(eq(events.id, key.entryId)) : [];
  let result: EditResult;
  // An archived entry stays archived (archiving is final): an event back in the feed becomes a new entry.
  if (!key || !entry || entry.state === 'archived') {
    result = await createEntry({ ...ctx, type: 'event', input, message });
    report.created++;
  } else {
    const head = await headRevision(c.db, 'event', key.entryId);
    result = await updateEntry({ ...ctx, type: 'event', entryId: key.entryId, baseRevisionId: head?.id ?? null, input, message });
    report.changed++;
  }
  const values = { entryId: result.entry.id, contentHash, startsAt: o.startsAt, vanishedAt: null, updatedAt: c.now.toISOString() };
  await c.db
    .insert(calendarOccurrences)
    .values({ subscriptionId: c.subscriptionId, uid: o.uid, occurrence: o.occurrence, ...values })
    .onConflictDoUpdate({
      target: [calendarOccurrences.subscriptionId, calendarOccurrences.uid, calendarOccurrences.occurrence],
      set: values,
    });
  await forward(c, result, label(o.uid, o.occurrence), message, report);
}

/**
 * Publishes from a trusted feed, else submits. Whether the trust still holds is the matrix's decision: refused
 * (the admin who trusted it left, or the feed is now a host's own), the change is submitted for review instead.
 */
async function forward(c: FeedContext, result: EditResult, what: string, message: string, report: ApplyReport): Promise<void> {
  // The message names the feed and the event, so a reviewer sees where the change came from.
  const move = {
    db: c.db,
    viewer: c.viewer,
    type: 'event' as const,
    entryId: result.entry.id,
    baseRevisionId: result.revision.id,
    message,
  };
  if (c.trustedBy) {
    try {
      await c.db.transaction((sp) => moveEntry({ ...move, db: sp as unknown as Db, action: 'publish_trusted', trustedBy: c.trustedBy }));
      report.published++;
      return;
    } catch (err) {
      if (!(err instanceof ForbiddenError)) throw err;
      report.problems.push(`${what}: submitted for review, as the calendar cannot be trusted now: ${err.message}`);
    }
  }
  await moveEntry({ ...move, action: 'submit' });
  report.submitted++;
}

/** Future occurrences the feed no longer has: a published entry is archived, one under way is withdrawn. */
async function retireVanished(c: FeedContext, seen: ReadonlySet<string>, report: ApplyReport): Promise<void> {
  const keys = await c.db
    .select()
    .from(calendarOccurrences)
    .where(
      and(
        eq(calendarOccurrences.subscriptionId, c.subscriptionId),
        isNull(calendarOccurrences.vanishedAt),
        // Past events leave a feed as it trims its history; they happened, and stay as they are.
        gt(calendarOccurrences.startsAt, c.now.toISOString()),
      ),
    );
  for (const key of keys) {
    if (seen.has(keyOf(key.uid, key.occurrence))) continue;
    try {
      await c.db.transaction(async (tx) => {
        const sp = tx as unknown as Db;
        const done = await retireEntry({
          db: sp,
          viewer: c.viewer,
          type: 'event',
          entryId: key.entryId,
          message: `No longer in the calendar ${c.url}`,
        });
        if (done) report[done]++;
        await sp
          .update(calendarOccurrences)
          .set({ vanishedAt: c.now.toISOString(), updatedAt: c.now.toISOString() })
          .where(
            and(
              eq(calendarOccurrences.subscriptionId, key.subscriptionId),
              eq(calendarOccurrences.uid, key.uid),
              eq(calendarOccurrences.occurrence, key.occurrence),
            ),
          );
      });
    } catch (err) {
      if (!expected(err)) throw err;
      report.problems.push(`${label(key.uid, key.occurrence)} left the feed but could not be retired: ${(err as Error).message}`);
    }
  }
}
