// The Pothos schema builder: plugins and scalars only; types live beside their modules.
import SchemaBuilder from '@pothos/core';
import DrizzlePlugin from '@pothos/plugin-drizzle';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
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
  AuthScopes: { authenticated: boolean; scope: string };
  DefaultFieldNullability: false;
  Scalars: {
    DateTime: { Input: string; Output: string | Date };
    Date: { Input: string; Output: string };
    URL: { Input: string; Output: string };
    JSON: { Input: unknown; Output: unknown };
  };
}

export const builder = new SchemaBuilder<PothosTypes>({
  plugins: [ScopeAuthPlugin, ErrorsPlugin, ValidationPlugin, RelayPlugin, DrizzlePlugin],
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
      resolve: async (_root, args, ctx, info, resolveNode) => {
        const node = await resolveNode(args.id);
        return isVisible(node, ctx) ? node : null;
      },
    },
    nodesQueryOptions: {
      resolve: async (_root, args, ctx, info, resolveNodes) => {
        const nodes = await resolveNodes(args.ids);
        return nodes.map((node) => (isVisible(node, ctx) ? node : null));
      },
    },
  },
  scopeAuth: {
    authScopes: (ctx) => ({
      authenticated: ctx.viewer !== null,
      scope: (scope: string) => {
        // Widened, not cast: an unknown scope name is simply not held.
        const held: ReadonlySet<string> | undefined = ctx.viewer?.scopes;
        return held?.has(scope) ?? false;
      },
    }),
  },
  errors: { defaultTypes: [] },
});

builder.queryType({});
builder.mutationType({});
