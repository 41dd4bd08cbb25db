// Connections through a junction that carries a role (case study <-> organisation, event <-> organiser).
import type { SQL } from 'drizzle-orm';
import { drizzleConnectionHelpers } from '@pothos/plugin-drizzle';
import { builder } from '../../graphql/builder.ts';
import { visibleWhere, canReadUnpublished } from './visibility.ts';
import type { GraphQLContext } from '../../graphql/context.ts';

const bothPaths = (typeName: string) => ({
  getType: () => typeName,
  paths: [[{ name: 'nodes' }], [{ name: 'edges' }, { name: 'node' }]],
});

type Junction = 'caseStudyOrganisations' | 'eventOrganisers';

interface RoleConnectionOptions {
  junction: Junction;
  /** The relation on the junction row that is the connection's node. */
  nodeRelation: 'organisation' | 'caseStudy' | 'event';
  /** The junction column pointing at the parent entry. */
  parentColumn: 'caseStudyId' | 'organisationId' | 'eventId';
  orderBy: Record<string, 'asc' | 'desc'>;
  /** SQL counting the visible junction rows of a parent, optionally of one role. */
  countSql: (parentId: SQL | unknown, published: boolean, role: string | null) => SQL<number>;
  roleEnum: any;
  nodeType: any;
  /** GraphQL name of the node type, for planning `nodes { }` and `edges { node { } }` alike. */
  nodeTypeName: 'Organisation' | 'CaseStudy' | 'Event';
  /** The relation on the parent that lists its junction rows. */
  parentRelation: string;
  description: string;
}

/**
 * A Relay connection whose edges carry the role from the junction row. Planned into the parent's
 * SQL statement like any relation, with its total counted by a correlated subquery in that statement.
 */
export function roleConnectionField(t: any, o: RoleConnectionOptions) {
  // never: the helpers type every option by one table name; this serves two junctions, so `junction` is a union.
  const helpers = drizzleConnectionHelpers(builder, o.junction as never, {
    args: (a) => ({ role: a.field({ type: o.roleEnum, required: false, description: 'Only links with this role.' }) }),
    query: (args: { role?: string | null }, ctx: GraphQLContext) => ({
      // never: a computed relation key widens to a string index, which RQB's per-table where type refuses.
      where: { [o.nodeRelation]: visibleWhere(ctx), ...(args.role ? { role: args.role } : {}) } as never,
      // never: typed for either junction's columns, as `junction` above.
      orderBy: o.orderBy as never,
    }),
    // never: the computed `with` key, as `where` above.
    select: (nestedSelection: any) => ({ columns: { role: true }, with: { [o.nodeRelation]: nestedSelection() } }) as never,
    resolveNode: (row: any) => row[o.nodeRelation],
  });
  const countKey = `${o.parentRelation}Count`;
  return t.connection(
    {
      type: o.nodeType,
      description: o.description,
      args: helpers.getArgs(),
      select: (args: any, ctx: GraphQLContext, nestedSelection: any) => ({
        // The helper plans only `edges { node }`; plan `nodes { }` too, as relatedConnection does.
        with: { [o.parentRelation]: helpers.getQuery(args, ctx, (sel: unknown) => nestedSelection(sel, bothPaths(o.nodeTypeName))) },
        extras: {
          [countKey]: (parent: any) => o.countSql(parent.id, !canReadUnpublished(ctx), args.role ?? null),
        },
      }),
      resolve: (parent: any, args: any, ctx: GraphQLContext) => ({
        ...helpers.resolve(parent[o.parentRelation], args, ctx),
        totalCount: parent[countKey],
      }),
    },
    {
      fields: (c: any) => ({
        totalCount: c.int({ description: 'Links across all pages.', resolve: (conn: { totalCount: number }) => Number(conn.totalCount) }),
      }),
    },
    {
      fields: (edge: any) => ({
        role: edge.field({ type: o.roleEnum, resolve: (row: { role: string }) => row.role }),
      }),
    },
  );
}
