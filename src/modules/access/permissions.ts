// THE authorisation matrix for every editorial action: roles, token scopes, maintainers and four eyes.
import { hostRoles, partnerRoles, type EntryType, type MemberRole } from '../../../schema/editorial.ts';
import type { TokenScope } from './viewer.ts';
import type { Actor } from './actor.ts';

/** Someone who contributed to the change under review. */
export interface ChangeAuthor {
  accountId: number;
  organisationId: number;
  isHost: boolean;
}

export type Action =
  | { kind: 'entry.create'; type: EntryType }
  /** update, submit, withdraw and revert: working on the proposal. */
  | { kind: 'entry.edit'; type: EntryType; maintainers: readonly number[] }
  | { kind: 'entry.archive'; type: EntryType; maintainers: readonly number[] }
  | { kind: 'entry.maintainers'; type: EntryType }
  /**
   * approve, request changes, reject. `hostCount`: hosts in the secretariat now; with one, four eyes
   * within that host suffice (see docs/editorial.md, "The single-host rule").
   */
  | { kind: 'entry.review'; type: EntryType; authors: readonly ChangeAuthor[]; hostCount: number }
  | { kind: 'entry.history'; maintainers: readonly number[] }
  | { kind: 'review.queue' }
  | { kind: 'member.manage'; organisationId: number; organisationIsHost: boolean }
  | { kind: 'token.create'; forAccountId: number; organisationId: number; organisationIsHost: boolean }
  | { kind: 'token.revoke'; ownerAccountId: number; organisationId: number; organisationIsHost: boolean }
  | { kind: 'host.propose' }
  /** `hostCount` as for entry.review: the sole host's admins may grow the secretariat, another person than the proposer. */
  | { kind: 'host.approve'; proposedBy: { accountId: number; organisationId: number }; hostCount: number }
  /** Declining needs one admin: adding a host needs two, refusing one does not. */
  | { kind: 'host.decline' }
  | { kind: 'audit.read' }
  /** Registering a query document for persisted GETs and the compiled path. */
  | { kind: 'document.register' }
  /**
   * Registering, rotating, deleting and replaying an organisation's webhook endpoints, and reading their log.
   * Which entries an endpoint hears of is not the caller's choice: a host's hear of all, a partner's only of
   * those it maintains (webhooks/outbox.ts).
   */
  | { kind: 'webhook.manage'; organisationId: number }
  /**
   * Subscribing an organisation to an iCalendar feed, or ending a subscription. The poller writes as the subscriber,
   * who must be able to archive what vanishes from the feed: host editors and admins, partner admins.
   */
  | { kind: 'calendar.manage'; organisationId: number }
  /** An organisation's subscriptions: its members, and host admins and reviewers (who decide trust) for any. */
  | { kind: 'calendar.read'; organisationId: number }
  /**
   * Marking a feed trusted, so its events are published without review. Trusting is the review, done once for the
   * source: the four-eyes rule of entry.review applies between the subscriber and the host admin who trusts.
   */
  | { kind: 'calendar.trust'; trusted: boolean; subscriber: ChangeAuthor; hostCount: number }
  /**
   * Publishing a trusted feed's event without review: the poller, as the subscriber. `trustedBy`: who trusted the
   * feed, with whether they are a host admin still (trust lapses with their role).
   */
  | {
      kind: 'entry.publish_trusted';
      type: EntryType;
      maintainers: readonly number[];
      trustedBy: (ChangeAuthor & { isHostAdmin: boolean }) | null;
      hostCount: number;
      /** A calendar brings only events; another directory (docs/sync.md) any type but the shared topics. */
      from?: 'calendar' | 'directory';
    }
  /**
   * Marking another directory a trusted source (docs/sync.md): calendar.trust's rule, the source's writer as the
   * subscriber. The operator names the host admin who vouches (`sources trust --by`).
   */
  | { kind: 'source.trust'; trusted: boolean; subscriber: ChangeAuthor; hostCount: number }
  /**
   * A browser session acting for another of its account's organisations. `member`: whether the account is a current
   * member there; `viaSession`: whether the caller is a session (a token acts for the organisation it was issued in).
   */
  | { kind: 'session.switch'; member: boolean; viaSession: boolean };

export type Decision = { allowed: true } | { allowed: false; reason: string };

const allow: Decision = { allowed: true };
const deny = (reason: string): Decision => ({ allowed: false, reason });

/** Scopes a token may carry, by the role of its holder; a token never grants more than the role. */
export const scopesForRole: Record<MemberRole, readonly TokenScope[]> = {
  admin: ['read_drafts', 'write_entries', 'review', 'manage_members'],
  editor: ['read_drafts', 'write_entries'],
  reviewer: ['read_drafts', 'review'],
  partner_admin: ['write_entries', 'manage_members'],
  contributor: ['write_entries'],
};

const scopeNeeded: Partial<Record<Action['kind'], TokenScope>> = {
  'entry.create': 'write_entries',
  'entry.edit': 'write_entries',
  'entry.archive': 'write_entries',
  'entry.maintainers': 'write_entries',
  'entry.review': 'review',
  'review.queue': 'review',
  'member.manage': 'manage_members',
  'token.create': 'manage_members',
  'host.propose': 'manage_members',
  'host.approve': 'manage_members',
  'host.decline': 'manage_members',
  'webhook.manage': 'manage_members',
  'calendar.manage': 'write_entries',
  'calendar.trust': 'review',
  'source.trust': 'review',
  'entry.publish_trusted': 'write_entries',
};

const isHostRole = (role: MemberRole) => (hostRoles as readonly string[]).includes(role);
export const roleFitsOrganisation = (role: MemberRole, isHost: boolean) =>
  isHost ? isHostRole(role) : (partnerRoles as readonly string[]).includes(role);

function roleRule(a: Actor, action: Action): Decision {
  const hostWriter = a.isHost && (a.role === 'admin' || a.role === 'editor');
  const hostAdmin = a.isHost && a.role === 'admin';
  const partnerWriter = !a.isHost && (a.role === 'partner_admin' || a.role === 'contributor');
  switch (action.kind) {
    case 'entry.create':
      if (action.type === 'topic') return hostAdmin ? allow : deny('Only host admins may change the shared topic taxonomy.');
      return hostWriter || partnerWriter ? allow : deny('Your role cannot create entries.');
    case 'entry.edit':
      if (action.type === 'topic') return hostAdmin ? allow : deny('Only host admins may change the shared topic taxonomy.');
      if (hostWriter) return allow;
      if (partnerWriter && action.maintainers.includes(a.organisationId)) return allow;
      return deny('Only host editors and contributors of a maintaining organisation may edit this entry.');
    case 'entry.archive':
      // Archiving is immediate, and a taxonomy change needs admins of two hosts: not offered for topics.
      if (action.type === 'topic')
        return deny('Archiving a topic changes the shared taxonomy, which needs admins of two different hosts; propose an edit instead.');
      if (hostWriter) return allow;
      if (!a.isHost && a.role === 'partner_admin' && action.maintainers.includes(a.organisationId)) return allow;
      return deny('Only host editors and admins of a maintaining organisation may archive this entry.');
    case 'entry.maintainers':
      return hostWriter ? allow : deny('Only host editors and admins assign maintainers.');
    case 'entry.review': {
      const reviewer = a.isHost && (action.type === 'topic' ? a.role === 'admin' : a.role === 'reviewer' || a.role === 'admin');
      if (!reviewer)
        return deny(
          action.type === 'topic'
            ? 'Topic changes are approved by a host admin (of another host, once there are two).'
            : 'Only host reviewers and admins review changes.',
        );
      if (action.authors.some((au) => au.accountId === a.accountId)) return deny('Nobody reviews their own change.');
      // The single-host rule: with no other host to ask, another person of the sole host is the second pair of eyes.
      if (action.hostCount < 2) return allow;
      if (action.authors.some((au) => au.isHost && au.organisationId === a.organisationId)) {
        return deny("A host's change must be reviewed by someone from a different host organisation.");
      }
      return allow;
    }
    case 'entry.history':
      return a.isHost || action.maintainers.includes(a.organisationId)
        ? allow
        : deny('Only hosts and maintaining organisations see the history.');
    case 'review.queue':
      return a.isHost && (a.role === 'reviewer' || a.role === 'admin')
        ? allow
        : deny('Only host reviewers and admins see the review queue.');
    case 'member.manage':
    case 'token.create':
    case 'token.revoke': {
      if (action.kind === 'token.revoke' && action.ownerAccountId === a.accountId) return allow;
      const ownOrg = action.organisationId === a.organisationId;
      if (hostAdmin && (ownOrg || !action.organisationIsHost)) return allow;
      if (!a.isHost && a.role === 'partner_admin' && ownOrg) return allow;
      return deny('Only an admin of the organisation (or a host admin, for a partner) manages its members and tokens.');
    }
    case 'host.propose':
      return hostAdmin ? allow : deny('Only host admins propose new hosts.');
    case 'host.decline':
      return hostAdmin ? allow : deny('Only host admins decline proposed hosts.');
    case 'host.approve':
      if (!hostAdmin) return deny('Only host admins approve new hosts.');
      if (action.proposedBy.accountId === a.accountId) return deny('A new host needs a second admin to approve it, not its proposer.');
      // The single-host rule: a secretariat of one host can grow only through its own admins.
      if (action.hostCount < 2) return allow;
      if (action.proposedBy.organisationId === a.organisationId)
        return deny('A new host needs an admin of a different host to approve it.');
      return allow;
    case 'audit.read':
      return hostAdmin ? allow : deny('Only host admins read the audit log.');
    case 'document.register':
      // Any member's token: a registered document is a read anyone could send; registering only names it.
      return allow;
    case 'webhook.manage':
      if (action.organisationId !== a.organisationId) return deny("Only the organisation's own admins manage its webhooks.");
      return hostAdmin || (!a.isHost && a.role === 'partner_admin') ? allow : deny('Only admins manage webhooks.');
    case 'calendar.manage':
      if (action.organisationId !== a.organisationId) return deny("Only the organisation's own members subscribe it to calendars.");
      return (a.isHost && (a.role === 'admin' || a.role === 'editor')) || (!a.isHost && a.role === 'partner_admin')
        ? allow
        : deny('Only host editors and admins, and partner admins, manage calendar subscriptions.');
    case 'calendar.read':
      if (action.organisationId === a.organisationId) return allow;
      return a.isHost && (a.role === 'admin' || a.role === 'reviewer')
        ? allow
        : deny("Only the organisation's members and host reviewers and admins see its calendar subscriptions.");
    case 'calendar.trust':
    case 'source.trust':
      if (!hostAdmin)
        return deny(`Only host admins decide whether a ${action.kind === 'source.trust' ? 'source' : 'calendar'} is trusted.`);
      // Withdrawing trust only ever brings review back.
      if (!action.trusted) return allow;
      return fourEyesOnSource(a, action.subscriber, action.hostCount);
    case 'entry.publish_trusted': {
      if (action.from === 'directory') {
        if (action.type === 'topic') return deny('Topics from another directory go through review: they change the shared taxonomy.');
      } else if (action.type !== 'event') return deny('Only events from a calendar are published without review.');
      const edit = roleRule(a, { kind: 'entry.edit', type: action.type, maintainers: action.maintainers });
      if (!edit.allowed) return edit;
      const t = action.trustedBy;
      if (!t?.isHostAdmin)
        return deny(
          action.from === 'directory'
            ? 'The source is not trusted by a current host admin: its entries go through review.'
            : 'The calendar is not trusted by a current host admin: its events go through review.',
        );
      return fourEyesOnSource({ ...a, accountId: t.accountId, organisationId: t.organisationId }, author(a), action.hostCount);
    }
    case 'session.switch':
      if (!action.viaSession) return deny('An API token acts for the organisation it was issued in; it cannot switch.');
      // The role there is whatever that membership holds: switching grants nothing the account does not have.
      return action.member ? allow : deny('You can act only for an organisation you are a member of.');
  }
}

const author = (a: Actor): ChangeAuthor => ({ accountId: a.accountId, organisationId: a.organisationId, isHost: a.isHost });

/** Whether `truster` may vouch for what `subscriber` brings in: entry.review's rule, applied to the source. */
function fourEyesOnSource(truster: Pick<Actor, 'accountId' | 'organisationId'>, subscriber: ChangeAuthor, hostCount: number): Decision {
  if (truster.accountId === subscriber.accountId) return deny('Nobody trusts a calendar they subscribed themselves.');
  if (hostCount >= 2 && subscriber.isHost && subscriber.organisationId === truster.organisationId)
    return deny("A host's calendar must be trusted by an admin of a different host.");
  return allow;
}

/** The decision for one action. Anonymous callers may do nothing here. */
/** Why an anonymous caller is refused anything the matrix guards. */
export const SIGN_IN = 'Sign in with an API token (Authorization: Bearer ...) to do this.';

export function decide(actor: Actor | null, action: Action): Decision {
  if (!actor) return deny(SIGN_IN);
  const scope = scopeNeeded[action.kind];
  if (action.kind === 'token.revoke' && action.ownerAccountId !== actor.accountId && !actor.scopes.has('manage_members')) {
    return deny('This token lacks the manage_members scope.');
  }
  if (scope && !actor.scopes.has(scope)) return deny(`This token lacks the ${scope} scope.`);
  return roleRule(actor, action);
}
