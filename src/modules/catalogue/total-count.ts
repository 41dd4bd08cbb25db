// totalCount for root connections in the same SQL statement as the page, as an uncorrelated subquery.
import { Kind, type GraphQLResolveInfo } from 'graphql';
import { sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';

// Keyed by request context, then by the connection's response path: the same field resolves its
// page and its totalCount with the same context and path.
const pages = new WeakMap<object, Map<string, Promise<unknown[]>>>();

const pathKey = (info: GraphQLResolveInfo) => {
  const keys: (string | number)[] = [];
  for (let p: GraphQLResolveInfo['path'] | undefined = info.path; p; p = p.prev) keys.push(p.key);
  return keys.join('.');
};

/** Whether the connection's selection asks for totalCount (fragments fall back to a count query). */
export function wantsTotal(info: GraphQLResolveInfo): boolean {
  return info.fieldNodes.some((f) => f.selectionSet?.selections.some((s) => s.kind === Kind.FIELD && s.name.value === 'totalCount'));
}

/** The extra column carrying the filter's total; Postgres evaluates it once (an InitPlan). */
export function totalExtra(table: PgTable, filter: SQL) {
  return { __total: () => sql<number>`(SELECT count(*)::int FROM ${table} WHERE ${filter})` };
}

/** Remember the page query so totalCount can read the total off its first row. */
export function rememberPage<T>(ctx: object, info: GraphQLResolveInfo, query: PromiseLike<T[]>): Promise<T[]> {
  // Drizzle's query builders run again on every `then`: settle the statement once and share it.
  const rows = Promise.resolve(query);
  let byPath = pages.get(ctx);
  if (!byPath) {
    byPath = new Map();
    pages.set(ctx, byPath);
  }
  byPath.set(pathKey(info), rows as Promise<unknown[]>);
  return rows;
}

/** The total from the page's rows, or from `count()` when the page did not carry it. */
export async function totalFromPage(
  ctx: object,
  info: GraphQLResolveInfo,
  args: { after?: string | null; before?: string | null },
  count: () => Promise<number>,
): Promise<number> {
  const rows = await pages.get(ctx)?.get(pathKey(info));
  const first = rows?.[0] as { __total?: number } | undefined;
  if (first?.__total != null) return Number(first.__total);
  if (rows && rows.length === 0 && !args.after && !args.before) return 0;
  return count();
}
