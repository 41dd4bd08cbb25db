// Sign-in for people: one-time links mailed to an address, redeemed for a browser session that resolves to a Viewer.
import { createHash, randomBytes } from 'node:crypto';
import { and, asc, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import { accounts, memberships, secretariatHosts } from '../../../schema/editorial.ts';
import { organisations } from '../../../schema/organisations.ts';
import { sessions, signInLinks, type signInPurposes } from '../../../schema/sessions.ts';
import type { Db } from '../../db.ts';
import { hostJoin, membershipColumns } from '../access/actor.ts';
import { recordAudit } from '../access/audit.ts';
import { scopesForRole } from '../access/permissions.ts';
import type { Viewer } from '../access/viewer.ts';

type Purpose = (typeof signInPurposes)[number];

const secret = () => randomBytes(32).toString('base64url');
const hash = (value: string) => createHash('sha256').update(value).digest('hex');
const SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** Minutes a mailed link stays usable: a sign-in link briefly, an invitation for a week. */
export const linkMinutes: Record<Purpose, number> = { sign_in: 20, invitation: 7 * 24 * 60, setup: 24 * 60 };

/** The current memberships of an account, oldest first: a session acts in the first. */
async function membershipsOf(db: Pick<Db, 'select'>, accountId: number) {
  return db
    .select({ organisationId: memberships.organisationId, ...membershipColumns })
    .from(memberships)
    .leftJoin(secretariatHosts, hostJoin(memberships.organisationId))
    .where(and(eq(memberships.accountId, accountId), isNull(memberships.removedAt)))
    .orderBy(asc(memberships.id));
}

/**
 * A new one-time link secret for the account with this address, or null when no account with a current membership
 * has it. Callers answer the same either way, so the answer never says whether an address has an account.
 */
export async function createSignInLink(o: {
  db: Db;
  email: string;
  purpose: Purpose;
}): Promise<{ secret: string; accountId: number } | null> {
  const [account] = await o.db.select({ id: accounts.id }).from(accounts).where(eq(accounts.email, o.email.trim().toLowerCase())).limit(1);
  if (!account || (await membershipsOf(o.db, account.id)).length === 0) return null;
  const value = secret();
  await o.db.insert(signInLinks).values({
    accountId: account.id,
    secretHash: hash(value),
    purpose: o.purpose,
    expiresAt: new Date(Date.now() + linkMinutes[o.purpose] * 60_000).toISOString(),
  });
  return { secret: value, accountId: account.id };
}

/** Spends a link (once, unexpired) and opens a session in the account's first membership; null if the link is no good. */
export async function redeemSignInLink(o: {
  db: Db;
  secret: string;
  sessionDays: number;
  userAgent?: string | null;
  requestId?: string;
}): Promise<{ sessionSecret: string; expiresAt: string } | null> {
  if (!SECRET_PATTERN.test(o.secret)) return null;
  return o.db.transaction(async (tx) => {
    // The UPDATE ... RETURNING spends the link atomically: two clicks at once open one session.
    const [link] = await tx
      .update(signInLinks)
      .set({ usedAt: sql`now()` })
      .where(and(eq(signInLinks.secretHash, hash(o.secret)), isNull(signInLinks.usedAt), gt(signInLinks.expiresAt, sql`now()`)))
      .returning({ accountId: signInLinks.accountId, purpose: signInLinks.purpose });
    if (!link) return null;
    const [membership] = await membershipsOf(tx as unknown as Db, link.accountId);
    if (!membership) return null;
    const value = secret();
    const expiresAt = new Date(Date.now() + o.sessionDays * 86_400_000).toISOString();
    const [row] = await tx
      .insert(sessions)
      .values({
        accountId: link.accountId,
        organisationId: membership.organisationId,
        secretHash: hash(value),
        userAgent: o.userAgent?.slice(0, 300) ?? null,
        expiresAt,
      })
      .returning({ id: sessions.id });
    await recordAudit(tx, {
      action: 'session.create',
      actor: { accountId: link.accountId, organisationId: membership.organisationId },
      details: { sessionId: row!.id, via: link.purpose },
      requestId: o.requestId ?? null,
    });
    return { sessionSecret: value, expiresAt };
  });
}

export interface SessionInfo {
  viewer: Viewer;
  sessionId: number;
  email: string;
  displayName: string | null;
  /** The organisation the session acts for. */
  organisation: { id: number; slug: string; name: string };
  /** Every organisation the account is a current member of, oldest membership first: what it may switch to. */
  memberships: { id: number; slug: string; name: string }[];
  /** The per-session token every form posts back (derived from the secret, so it is never stored). */
  csrfToken: string;
}

/**
 * The session behind a cookie's secret: current and unrevoked, acting for one of the account's current memberships.
 * One statement reads the session with all of them: if the one it acted for has ended, it falls back to the first
 * left (and says so in the audit log); with none left it ends. Null when there is no such session.
 */
export async function resolveSession(o: { db: Db; secret: string }): Promise<SessionInfo | null> {
  if (!SECRET_PATTERN.test(o.secret)) return null;
  const rows = await o.db
    .select({
      id: sessions.id,
      accountId: sessions.accountId,
      organisationId: sessions.organisationId,
      lastSeenAt: sessions.lastSeenAt,
      email: accounts.email,
      displayName: accounts.displayName,
      memberOf: memberships.organisationId,
      slug: organisations.slug,
      name: organisations.name,
      ...membershipColumns,
    })
    .from(sessions)
    .innerJoin(accounts, eq(accounts.id, sessions.accountId))
    .leftJoin(memberships, and(eq(memberships.accountId, sessions.accountId), isNull(memberships.removedAt)))
    .leftJoin(organisations, eq(organisations.id, memberships.organisationId))
    .leftJoin(secretariatHosts, hostJoin(memberships.organisationId))
    .where(and(eq(sessions.secretHash, hash(o.secret)), isNull(sessions.revokedAt), gt(sessions.expiresAt, sql`now()`)))
    .orderBy(asc(memberships.id));
  const session = rows[0];
  if (!session) return null;
  const held = rows.filter((r) => r.memberOf !== null && r.role !== null);
  let acting = held.find((r) => r.memberOf === session.organisationId);
  if (!acting) {
    acting = held[0];
    if (!acting) {
      await o.db.update(sessions).set({ revokedAt: sql`now()` }).where(eq(sessions.id, session.id));
      return null;
    }
    await fallBack(o.db, session, acting.memberOf!);
  } else if (Date.now() - Date.parse(session.lastSeenAt) > 5 * 60_000) {
    await o.db.update(sessions).set({ lastSeenAt: sql`now()` }).where(eq(sessions.id, session.id));
  }
  const organisationId = acting.memberOf!;
  const viewer: Viewer = {
    accountId: session.accountId,
    organisationId,
    tokenId: null,
    sessionId: session.id,
    // A person signed in acts with every right of their role; the matrix still decides each action.
    scopes: new Set(scopesForRole[acting.role!]),
    membership: { role: acting.role!, isHost: Boolean(acting.isHost) },
  };
  return {
    viewer,
    sessionId: session.id,
    email: session.email,
    displayName: session.displayName,
    organisation: { id: organisationId, slug: acting.slug!, name: acting.name! },
    memberships: held.map((r) => ({ id: r.memberOf!, slug: r.slug!, name: r.name! })),
    csrfToken: hash(`csrf:${o.secret}`),
  };
}

/** The membership a session acted for has ended: it acts for another from now on. Only the request that moves it audits. */
async function fallBack(db: Db, session: { id: number; accountId: number; organisationId: number }, organisationId: number) {
  const moved = await db
    .update(sessions)
    .set({ organisationId, lastSeenAt: sql`now()` })
    .where(and(eq(sessions.id, session.id), eq(sessions.organisationId, session.organisationId)))
    .returning({ id: sessions.id });
  if (moved.length) {
    await recordAudit(db, {
      action: 'session.fallback',
      actor: { accountId: session.accountId, organisationId },
      details: { sessionId: session.id, from: session.organisationId, to: organisationId, why: 'membership ended' },
    });
  }
}

/** The account's own sessions, newest first. */
export async function listSessions(o: { db: Db; accountId: number }) {
  return o.db
    .select({
      id: sessions.id,
      userAgent: sessions.userAgent,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
    })
    .from(sessions)
    .where(and(eq(sessions.accountId, o.accountId), isNull(sessions.revokedAt), gt(sessions.expiresAt, sql`now()`)))
    .orderBy(desc(sessions.id));
}

/** Ends one of the account's sessions (signing out is ending one's own); another account's session is left alone. */
export async function revokeSession(o: { db: Db; viewer: Viewer; sessionId: number; requestId?: string }): Promise<boolean> {
  const ended = await o.db
    .update(sessions)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(sessions.id, o.sessionId), eq(sessions.accountId, o.viewer.accountId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  if (ended.length) {
    await recordAudit(o.db, {
      action: 'session.revoke',
      actor: o.viewer,
      details: { sessionId: o.sessionId },
      requestId: o.requestId ?? null,
    });
  }
  return ended.length > 0;
}
