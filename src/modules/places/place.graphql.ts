// Place and Link: the shared value types that case studies and events carry.
import { linkKinds, type Link as LinkValue } from '../../../schema/columns.ts';
import { builder } from '../../graphql/builder.ts';
import { LinkKindEnum } from '../catalogue/enums.graphql.ts';

export const Place = builder.drizzleObject('places', {
  name: 'Place',
  description: 'A town, city or area where engagement happened.',
  fields: (t) => ({
    slug: t.exposeString('slug'),
    name: t.exposeString('name'),
    region: t.exposeString('region', { nullable: true }),
    country: t.exposeString('country', { description: 'ISO 3166-1 alpha-2 code.' }),
  }),
});

export const Link = builder.objectRef<LinkValue>('Link').implement({
  description: 'A link to a resource: a report, video, recording, notes or slides.',
  fields: (t) => ({
    url: t.expose('url', { type: 'URL' }),
    label: t.exposeString('label'),
    kind: t.field({ type: LinkKindEnum, resolve: (l) => (linkKinds.includes(l.kind) ? l.kind : 'other') }),
  }),
});
