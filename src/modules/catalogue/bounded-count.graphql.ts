// The BoundedCount type and the `count(upTo)` field of the root lists' connections.
import { builder } from '../../graphql/builder.ts';
import type { GraphQLContext } from '../../graphql/context.ts';
import { assertCountLimit, COUNT_NOTE, DEFAULT_COUNT_LIMIT, MAX_COUNT_LIMIT, type BoundedCount } from './bounded-count.ts';
import { countFromPage } from './total-count.ts';

export const BoundedCountType = builder.objectRef<BoundedCount>('BoundedCount').implement({
  description:
    'How many entries match, counted up to a bound and no further. Never an estimate: either the exact number, or a lower bound ("more than value").',
  fields: (t) => ({
    value: t.exposeInt('value', { description: 'Every match when `exact`; otherwise the bound, and more than this many match.' }),
    exact: t.exposeBoolean('exact', { description: 'False when counting stopped at the bound: show it as "1,000+", not "1,000".' }),
  }),
});

/** `upTo`, as every `count` field takes it (`t`: Pothos's field builder of a connection type, untyped as in role-connection.graphql.ts). */
export const countLimitArg = (t: any) =>
  t.arg.int({
    required: false,
    defaultValue: DEFAULT_COUNT_LIMIT,
    description: `Stop counting after this many (1 to ${MAX_COUNT_LIMIT}).`,
  });

export const countDescription = `How many entries match, filter and search included, counted up to \`upTo\` (default ${DEFAULT_COUNT_LIMIT}) and no further: \`exact\` says whether it stopped.`;

/** A root list's connection: which of its counts is exact, and what each costs. */
export const connectionDescription = (plural: string) => `A page of ${plural}. ${COUNT_NOTE}`;

/** The field on a root list's connection: the page's statement counts too, when the selection asks. */
export const listCountField = (t: any) =>
  t.field({
    type: BoundedCountType,
    description: countDescription,
    args: { upTo: countLimitArg(t) },
    resolve: (_connection: unknown, args: { upTo: number }, ctx: GraphQLContext, info: Parameters<typeof countFromPage>[1]) =>
      countFromPage(ctx, info, assertCountLimit(args.upTo)),
  });
