// Calendar subscriptions in the API: subscribe, trust, unsubscribe, and the organisation's list with each feed's state.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { builder } from '../../graphql/builder.ts';
import { mutationErrors, serviceContext } from '../../graphql/resolver-helpers.ts';
import { idOf } from '../access/global-ids.ts';
import { feedUrlPolicyOf } from './feed-url.ts';
import { listCalendarSubscriptions } from './subscription-list.ts';
import { setCalendarTrusted, subscribeCalendar, unsubscribeCalendar, type SubscriptionRow } from './subscriptions.ts';

const CalendarSubscription = builder.objectRef<SubscriptionRow>('CalendarSubscription').implement({
  description: "An iCalendar feed the directory polls for an organisation's events (docs/calendars.md).",
  fields: (t) => ({
    id: t.field({ type: 'ID', resolve: (s) => encodeGlobalID('CalendarSubscription', s.id) }),
    url: t.exposeString('url'),
    trusted: t.boolean({
      description: 'Whether its events are published without review: a host admin trusted it.',
      resolve: (s) => s.trustedBy !== null,
    }),
    trustedAt: t.field({ type: 'DateTime', nullable: true, resolve: (s) => s.trustedAt }),
    lastPolledAt: t.field({ type: 'DateTime', nullable: true, resolve: (s) => s.lastPolledAt }),
    nextPollAt: t.field({ type: 'DateTime', resolve: (s) => s.nextPollAt }),
    lastError: t.exposeString('lastError', {
      nullable: true,
      description: 'Why the last poll failed, or which events it could not take; null when it went well.',
    }),
    createdAt: t.field({ type: 'DateTime', resolve: (s) => s.createdAt }),
  }),
});

const UnsubscribedCalendar = builder.objectRef<{ id: number }>('UnsubscribedCalendar').implement({
  fields: (t) => ({ id: t.field({ type: 'ID', resolve: (x) => encodeGlobalID('CalendarSubscription', x.id) }) }),
});

builder.mutationFields((t) => ({
  subscribeCalendar: t.field({
    type: CalendarSubscription,
    errors: mutationErrors,
    description: 'Poll an iCalendar feed for your organisation: its events become submitted changes for review.',
    args: {
      url: t.arg.string({ required: true, description: 'An https:// (or webcal://) address of an .ics feed.' }),
      organisation: t.arg.string({ description: 'The organisation (slug); your own by default.' }),
    },
    resolve: (_r, a, ctx) =>
      subscribeCalendar({ ...serviceContext(ctx), url: a.url, organisation: a.organisation, policy: feedUrlPolicyOf(ctx.config) }),
  }),
  setCalendarTrusted: t.field({
    type: CalendarSubscription,
    errors: mutationErrors,
    description: "Host admins: publish this feed's events without review (not a feed you subscribed yourself).",
    args: { id: t.arg.id({ required: true }), trusted: t.arg.boolean({ required: true }) },
    resolve: (_r, a, ctx) =>
      setCalendarTrusted({ ...serviceContext(ctx), subscriptionId: idOf('id', 'CalendarSubscription', a.id), trusted: a.trusted }),
  }),
  unsubscribeCalendar: t.field({
    type: UnsubscribedCalendar,
    errors: mutationErrors,
    description: 'Stop polling the feed. The entries it brought stay as they are.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_r, a, ctx) => unsubscribeCalendar({ ...serviceContext(ctx), subscriptionId: idOf('id', 'CalendarSubscription', a.id) }),
  }),
}));

builder.queryField('calendarSubscriptions', (t) =>
  t.field({
    type: [CalendarSubscription],
    description: "An organisation's calendar subscriptions (your own by default): its members, host reviewers and admins.",
    args: { organisation: t.arg.string() },
    resolve: (_r, a, ctx) => listCalendarSubscriptions({ ...serviceContext(ctx), organisation: a.organisation }),
  }),
);
