// The operator's sources (docs/sync.md): adding, trusting, listing and removing the directories this one follows.
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { accounts, memberships, secretariatHosts } from '../../../schema/editorial.ts';
import { organisations } from '../../../schema/organisations.ts';
import { syncSources } from '../../../schema/sync.ts';
import type { Config } from '../../config.ts';
import type { Db } from '../../db.ts';
import { countHosts } from '../access/actor.ts';
import { recordAudit } from '../access/audit.ts';
import { ForbiddenError, InvalidInputError, NotFoundError } from '../access/errors.ts';
import { decide, scopesForRole } from '../access/permissions.ts';
import { authenticated, authorisedWrite } from '../access/transaction.ts';
import type { Viewer } from '../access/viewer.ts';
import { createAddressGuard } from '../webhooks/address-guard.ts';
import type { UrlPolicy } from '../webhooks/endpoint-url.ts';
import { refusalOfFeedUrl } from '../calendars/feed-url.ts';
import type { SourceRowOf } from './poll-source.ts';

/** SYNC_ALLOWED_ADDRESSES and SYNC_ALLOW_HTTP: which addresses a source may be fetched from. */
export const sourceUrlPolicyOf = (config: Pick<Config, 'SYNC_ALLOWED_ADDRESSES' | 'SYNC_ALLOW_HTTP'>): UrlPolicy => ({
  guard: createAddressGuard(config.SYNC_ALLOWED_ADDRESSES),
  allowHttp: config.SYNC_ALLOW_HTTP,
});

const namePattern = /^[a-z0-9]+(-[a-z0-9]+)*$/;
/** Roles that may archive what the source brings once it leaves the origin (as a calendar's subscriber must). */
const writerRoles = ['admin', 'editor', 'partner_admin'] as const;

const invalid = (path: string, message: string) => new InvalidInputError([{ path: [path], message }]);

/** A current member of the organisation, by email, or its longest-standing member who may write and archive. */
async function memberOf(db: Db, organisationId: number, email: string | undefined, roles: readonly string[]) {
  const [m] = await db
    .select({ accountId: memberships.accountId, role: memberships.role, email: accounts.email })
    .from(memberships)
    .innerJoin(accounts, eq(accounts.id, memberships.accountId))
    .where(
      and(
        eq(memberships.organisationId, organisationId),
        isNull(memberships.removedAt),
        email ? eq(accounts.email, email.trim().toLowerCase()) : inArray(memberships.role, [...roles] as any),
      ),
    )
    .orderBy(asc(memberships.createdAt))
    .limit(1);
  return m ?? null;
}

export async function sourceByName(db: Db, name: string): Promise<SourceRowOf> {
  const [s] = await db.select().from(syncSources).where(eq(syncSources.name, name)).limit(1);
  if (!s) throw new NotFoundError(`No source is named "${name}": see \`sources list\`.`);
  return s;
}

/** Adds a source; its first poll (due at once) reads the snapshot. The base URL is the other directory's PUBLIC_URL. */
export async function addSource(o: {
  db: Db;
  policy: UrlPolicy;
  name: string;
  baseUrl: string;
  organisation: string;
  by?: string | undefined;
}): Promise<SourceRowOf> {
  if (!namePattern.test(o.name) || o.name.length > 60)
    throw invalid('name', 'must be lower-case words joined by hyphens, e.g. "north-directory"');
  const baseUrl = o.baseUrl.trim().replace(/\/+$/, '');
  const refusal = refusalOfFeedUrl(baseUrl, o.policy, 'other directories');
  if (refusal) throw invalid('base-url', refusal);
  const [org] = await o.db.select({ id: organisations.id }).from(organisations).where(eq(organisations.slug, o.organisation)).limit(1);
  if (!org) throw invalid('as', `no organisation has the slug "${o.organisation}"`);
  const writer = await memberOf(o.db, org.id, o.by, writerRoles);
  if (!writer || !(writerRoles as readonly string[]).includes(writer.role))
    throw invalid(
      o.by ? 'by' : 'as',
      o.by
        ? `${o.by} is not a host admin or editor or a partner admin of ${o.organisation}`
        : `${o.organisation} has no admin or editor to write as: name one with --by <email>`,
    );
  const [taken] = await o.db.select({ id: syncSources.id }).from(syncSources).where(eq(syncSources.name, o.name)).limit(1);
  if (taken) throw invalid('name', `a source is already named "${o.name}"`);
  return o.db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const [row] = await tx
      .insert(syncSources)
      .values({ name: o.name, baseUrl, organisationId: org.id, writtenBy: writer.accountId })
      .returning();
    await recordAudit(tx, { action: 'source.add', details: { sourceId: row!.id, name: o.name, baseUrl, writtenBy: writer.accountId } });
    return row!;
  });
}

/**
 * Trusts a source (its entries then published without review) in the name of a host admin, whom the matrix judges
 * as it judges a calendar's truster: not the source's writer, and of another host once there are two.
 */
export async function trustSource(o: { db: Db; name: string; by: string; trusted: boolean }): Promise<SourceRowOf> {
  const source = await sourceByName(o.db, o.name);
  const [admin] = await o.db
    .select({ accountId: memberships.accountId, organisationId: memberships.organisationId, role: memberships.role })
    .from(memberships)
    .innerJoin(accounts, eq(accounts.id, memberships.accountId))
    .innerJoin(secretariatHosts, eq(secretariatHosts.organisationId, memberships.organisationId))
    .where(and(eq(accounts.email, o.by.trim().toLowerCase()), isNull(memberships.removedAt)))
    .orderBy(asc(memberships.createdAt))
    .limit(1);
  if (!admin) throw invalid('by', `${o.by} is not a member of a host organisation`);
  const viewer: Viewer = {
    accountId: admin.accountId,
    organisationId: admin.organisationId,
    tokenId: null,
    scopes: new Set(scopesForRole[admin.role]),
  };
  return authorisedWrite({ db: o.db, viewer }, { action: 'source.trust' }, async (tx, actor) => {
    authenticated(actor);
    const [isHost] = await tx
      .select({ id: secretariatHosts.organisationId })
      .from(secretariatHosts)
      .where(eq(secretariatHosts.organisationId, source.organisationId));
    const decision = decide(actor, {
      kind: 'source.trust',
      trusted: o.trusted,
      subscriber: { accountId: source.writtenBy, organisationId: source.organisationId, isHost: !!isHost },
      hostCount: await countHosts(tx),
    });
    if (!decision.allowed) throw new ForbiddenError(decision.reason);
    const [updated] = await tx
      .update(syncSources)
      .set(o.trusted ? { trustedBy: actor.accountId, trustedAt: sql`now()` } : { trustedBy: null, trustedAt: null })
      .where(eq(syncSources.id, source.id))
      .returning();
    await recordAudit(tx, { action: 'source.trust', actor, details: { sourceId: source.id, name: source.name, trusted: o.trusted } });
    return updated!;
  });
}

/**
 * The next poll reads the source's whole snapshot again instead of its change feed: entries refused before (a rule
 * since relaxed) are tried again, and entries gone from the source without a change saying so are retired.
 * Unchanged entries are recognised by their content and left alone.
 */
export async function resetSourceCursor(o: { db: Db; name: string }): Promise<SourceRowOf> {
  const source = await sourceByName(o.db, o.name);
  await o.db.transaction(async (t) => {
    const tx = t as unknown as Db;
    await tx.update(syncSources).set({ cursor: null, etag: null }).where(eq(syncSources.id, source.id));
    await recordAudit(tx, { action: 'source.resync', details: { sourceId: source.id, name: source.name } });
  });
  return source;
}

/** Stops following. The entries it brought stay, still marked as the source's and still never exported as ours. */
export async function removeSource(o: { db: Db; name: string }): Promise<void> {
  const source = await sourceByName(o.db, o.name);
  await o.db.transaction(async (t) => {
    const tx = t as unknown as Db;
    await tx.delete(syncSources).where(eq(syncSources.id, source.id));
    await recordAudit(tx, { action: 'source.remove', details: { sourceId: source.id, name: source.name } });
  });
}

export const listSources = (db: Db) => db.select().from(syncSources).orderBy(asc(syncSources.name));
