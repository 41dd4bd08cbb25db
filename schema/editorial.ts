// Shared editorial rights: accounts, memberships, the secretariat, maintainers, revisions, tokens and the audit log.
import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { oneOf, publicationStates } from './columns.ts';
import { organisations } from './organisations.ts';

export const entryTypes = ['organisation', 'caseStudy', 'method', 'event', 'eventSeries', 'topic'] as const;
export type EntryType = (typeof entryTypes)[number];
export const hostRoles = ['admin', 'editor', 'reviewer'] as const;
export const partnerRoles = ['partner_admin', 'contributor'] as const;
export const memberRoles = [...hostRoles, ...partnerRoles] as const;
export type MemberRole = (typeof memberRoles)[number];
export const tokenScopeValues = ['read_drafts', 'write_entries', 'review', 'manage_members'] as const;
export const revisionActions = [
  'import',
  'create',
  'update',
  'submit',
  'withdraw',
  'approve',
  'request_changes',
  'reject',
  'archive',
  'revert',
  /** Published without review from a calendar feed a host admin trusted (docs/calendars.md). */
  'publish_trusted',
] as const;
export type RevisionAction = (typeof revisionActions)[number];
export const approvalKinds = ['add_host'] as const;

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'string' });

export const accounts = pgTable(
  'accounts',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    /** Stored lower-cased so an address is one account however it is typed. */
    email: text('email').notNull().unique(),
    displayName: text('display_name'),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [check('accounts_email_lower', sql`${t.email} = lower(${t.email}) AND ${t.email} LIKE '%_@_%'`)],
);

/** Organisations that run the directory together. Adding one needs admins of two different hosts. */
export const secretariatHosts = pgTable('secretariat_hosts', {
  organisationId: integer('organisation_id')
    .primaryKey()
    .references(() => organisations.id, { onDelete: 'restrict' }),
  addedAt: at('added_at').notNull().defaultNow(),
  addedByAccountId: integer('added_by_account_id').references(() => accounts.id, { onDelete: 'restrict' }),
});

/** A role held by an account in an organisation; removal ends it (removed_at) rather than deleting history. */
export const memberships = pgTable(
  'memberships',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'restrict' }),
    organisationId: integer('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'restrict' }),
    role: text('role', { enum: memberRoles }).notNull(),
    createdAt: at('created_at').notNull().defaultNow(),
    removedAt: at('removed_at'),
  },
  (t) => [
    check('memberships_role', oneOf(t.role, memberRoles)),
    uniqueIndex('memberships_active_idx').on(t.accountId, t.organisationId).where(sql`removed_at IS NULL`),
    index('memberships_org_idx').on(t.organisationId),
  ],
);

/** Which organisations co-maintain an entry: their contributors may propose edits to it. */
export const entryMaintainers = pgTable(
  'entry_maintainers',
  {
    entryType: text('entry_type', { enum: entryTypes }).notNull(),
    entryId: integer('entry_id').notNull(),
    organisationId: integer('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'restrict' }),
    addedAt: at('added_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.entryType, t.entryId, t.organisationId] }),
    check('entry_maintainers_type', oneOf(t.entryType, entryTypes)),
    index('entry_maintainers_org_idx').on(t.organisationId),
  ],
);

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/**
 * Immutable history of an entry's working copy. Each row names the revision it was based on; the
 * unique index on base_revision_id lets only one write ever follow a given revision.
 */
export const revisions = pgTable(
  'revisions',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    entryType: text('entry_type', { enum: entryTypes }).notNull(),
    entryId: integer('entry_id').notNull(),
    baseRevisionId: integer('base_revision_id'),
    action: text('action', { enum: revisionActions }).notNull(),
    /** Workflow state of the proposal after this write. */
    state: text('state', { enum: publicationStates }).notNull(),
    snapshot: jsonb('snapshot').$type<Record<string, unknown>>().notNull(),
    diff: jsonb('diff').$type<FieldChange[]>().notNull().default(sql`'[]'::jsonb`),
    authorAccountId: integer('author_account_id').references(() => accounts.id, { onDelete: 'restrict' }),
    authorOrganisationId: integer('author_organisation_id').references(() => organisations.id, { onDelete: 'restrict' }),
    tokenId: integer('token_id'),
    message: text('message'),
    /** The reviewer's reason for requesting changes or rejecting. */
    reason: text('reason'),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [
    check('revisions_entry_type', oneOf(t.entryType, entryTypes)),
    check('revisions_action', oneOf(t.action, revisionActions)),
    check('revisions_state', oneOf(t.state, publicationStates)),
    uniqueIndex('revisions_base_unique').on(t.baseRevisionId),
    index('revisions_entry_idx').on(t.entryType, t.entryId, t.id),
    index('revisions_state_idx').on(t.state, t.id),
  ],
);

/** Old slugs keep answering: a renamed entry is found by any slug it once had. */
export const slugRedirects = pgTable(
  'slug_redirects',
  {
    entryType: text('entry_type', { enum: entryTypes }).notNull(),
    oldSlug: text('old_slug').notNull(),
    entryId: integer('entry_id').notNull(),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.entryType, t.oldSlug] }), check('slug_redirects_type', oneOf(t.entryType, entryTypes))],
);

/** API tokens: only the SHA-256 of the secret is kept; the prefix lets a leaked token be recognised. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'restrict' }),
    organisationId: integer('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'restrict' }),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    /** The first characters of the token, shown in listings so an owner can tell tokens apart. */
    displayPrefix: text('display_prefix').notNull(),
    scopes: text('scopes').array().notNull(),
    createdAt: at('created_at').notNull().defaultNow(),
    createdByAccountId: integer('created_by_account_id').references(() => accounts.id, { onDelete: 'restrict' }),
    expiresAt: at('expires_at').notNull(),
    revokedAt: at('revoked_at'),
    revokedByAccountId: integer('revoked_by_account_id').references(() => accounts.id, { onDelete: 'restrict' }),
  },
  (t) => [
    check('api_tokens_scopes', sql`${t.scopes} <@ ARRAY['read_drafts','write_entries','review','manage_members']::text[]`),
    index('api_tokens_account_idx').on(t.accountId),
  ],
);

/** Append-only record of every write, role change, token event and refused action. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    at: at('at').notNull().defaultNow(),
    action: text('action').notNull(),
    outcome: text('outcome', { enum: ['ok', 'denied'] })
      .notNull()
      .default('ok'),
    actorAccountId: integer('actor_account_id'),
    actorOrganisationId: integer('actor_organisation_id'),
    tokenId: integer('token_id'),
    entryType: text('entry_type'),
    entryId: integer('entry_id'),
    revisionId: integer('revision_id'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    requestId: text('request_id'),
  },
  (t) => [index('audit_log_at_idx').on(t.id), index('audit_log_entry_idx').on(t.entryType, t.entryId)],
);

/** A change that needs admins of two different hosts: proposed by one, decided by another. */
export const pendingApprovals = pgTable(
  'pending_approvals',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    kind: text('kind', { enum: approvalKinds }).notNull(),
    organisationId: integer('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'restrict' }),
    proposedByAccountId: integer('proposed_by_account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'restrict' }),
    proposedByOrganisationId: integer('proposed_by_organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'restrict' }),
    /** Who becomes the new host's first admin when the proposal is approved. */
    firstAdminEmail: text('first_admin_email'),
    createdAt: at('created_at').notNull().defaultNow(),
    decidedByAccountId: integer('decided_by_account_id').references(() => accounts.id, { onDelete: 'restrict' }),
    decidedAt: at('decided_at'),
    outcome: text('outcome', { enum: ['approved', 'declined'] }),
  },
  (t) => [
    check('pending_approvals_kind', oneOf(t.kind, approvalKinds)),
    uniqueIndex('pending_approvals_open_idx').on(t.kind, t.organisationId).where(sql`decided_at IS NULL`),
  ],
);
