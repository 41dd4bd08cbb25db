// The Pothos schema builder: plugins and scalars only; types live beside their modules.
import SchemaBuilder from '@pothos/core';
import DrizzlePlugin from '@pothos/plugin-drizzle';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin from '@pothos/plugin-relay';
import ValidationPlugin from '@pothos/plugin-validation';
import { getTableConfig } from 'drizzle-orm/pg-core';
import type { Db } from '../db.ts';
import { isVisible } from '../modules/catalogue/visibility.ts';
import { relations } from '../../schema/relations.ts';
import type { GraphQLContext } from './context.ts';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './page-size.ts';

export interface PothosTypes {
  Context: GraphQLContext;
  DrizzleRelations: typeof relations;
  DefaultFieldNullability: false;
  Scalars: {
    DateTime: { Input: string; Output: string | Date };
    Date: { Input: string; Output: string };
    URL: { Input: string; Output: string };
    JSON: { Input: unknown; Output: unknown };
  };
}

export const builder = new SchemaBuilder<PothosTypes>({
  plugins: [ErrorsPlugin, ValidationPlugin, RelayPlugin, DrizzlePlugin],
  defaultFieldNullability: false,
  drizzle: {
    client: (ctx: GraphQLContext) => ctx.db as Db as any,
    getTableConfig,
    relations,
    defaultConnectionSize: DEFAULT_PAGE_SIZE,
    maxConnectionSize: MAX_PAGE_SIZE,
  },
  relay: {
    nodesOnConnection: true,
    clientMutationId: 'omit',
    cursorType: 'String',
    // Node lookups bypass the root resolvers, so the visibility rule is applied to what they load.
    nodeQueryOptions: {
      resolve: async (_root, args, ctx, _info, resolveNode) => {
        const node = await resolveNode(args.id);
        return isVisible(node, ctx) ? node : null;
      },
    },
    nodesQueryOptions: {
      resolve: async (_root, args, ctx, _info, resolveNodes) => {
        const nodes = await resolveNodes(args.ids);
        return nodes.map((node) => (isVisible(node, ctx) ? node : null));
      },
    },
  },
  errors: { defaultTypes: [] },
});

builder.queryType({});
builder.mutationType({});
