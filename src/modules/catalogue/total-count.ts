// totalCount and count(upTo) for root connections in the same SQL statement as the page, as uncorrelated subqueries.
import { getArgumentValues, getNamedType, GraphQLObjectType, Kind, type FieldNode, type GraphQLResolveInfo } from 'graphql';
import { sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { assertCountLimit, boundedCount, type BoundedCount } from './bounded-count.ts';

// Keyed by request context, then by the connection's response path: the same field resolves its
// page and its totalCount with the same context and path.
const pages = new WeakMap<object, Map<string, Promise<unknown[]>>>();

const pathKey = (path: GraphQLResolveInfo['path'] | undefined) => {
  const keys: (string | number)[] = [];
  for (let p = path; p; p = p.prev) keys.push(p.key);
  return keys.join('.');
};

/** Whether the connection's selection asks for totalCount (fragments fall back to a count query). */
export function wantsTotal(info: GraphQLResolveInfo): boolean {
  return info.fieldNodes.some((f) => f.selectionSet?.selections.some((s) => s.kind === Kind.FIELD && s.name.value === 'totalCount'));
}

/** The extra column carrying the filter's total (or the kept one); Postgres evaluates it once (an InitPlan). */
export function totalExtra(table: PgTable, filter: SQL, kept?: SQL<number>) {
  return { __total: () => kept ?? sql<number>`(SELECT count(*)::int FROM ${table} WHERE ${filter})` };
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
  byPath.set(pathKey(info.path), rows as Promise<unknown[]>);
  return rows;
}

/** The total from the page's rows, or from `count()` when the page did not carry it. */
export async function totalFromPage(
  ctx: object,
  info: GraphQLResolveInfo,
  args: { after?: string | null; before?: string | null },
  count: () => Promise<number>,
): Promise<number> {
  const rows = await pages.get(ctx)?.get(pathKey(info.path));
  const first = rows?.[0] as { __total?: number } | undefined;
  if (first?.__total != null) return Number(first.__total);
  if (rows && rows.length === 0 && !args.after && !args.before) return 0;
  return count();
}

/** The `count` fields a connection's selection asks for (fragments aside: those are counted apart). */
function countNodes(info: GraphQLResolveInfo): FieldNode[] {
  return info.fieldNodes.flatMap((f) =>
    (f.selectionSet?.selections ?? []).filter((s): s is FieldNode => s.kind === Kind.FIELD && s.name.value === 'count'),
  );
}

/** The bound of the first `count` the selection asks for, when valid (a bad one is refused by the field itself). */
export function wantedCountLimit(info: GraphQLResolveInfo): number | null {
  const type = getNamedType(info.returnType);
  const field = type instanceof GraphQLObjectType ? type.getFields().count : undefined;
  const node = countNodes(info)[0];
  if (!field || !node) return null;
  try {
    return assertCountLimit(getArgumentValues(field, node, info.variableValues).upTo);
  } catch {
    return null;
  }
}

/** The extra column carrying the filter's matches counted up to `upTo` + 1 (an InitPlan, as totalExtra). */
export function boundedExtra(counted: SQL<number>) {
  return { __bounded: () => counted };
}

interface Counter {
  /** The bound the page's statement counted to, if it did. */
  carried: number | null;
  count: (upTo: number) => Promise<number>;
}
const counters = new WeakMap<object, Map<string, Counter>>();

/** Remember how the connection at `info`'s path counts, for its `count` field. */
export function rememberCounter(ctx: object, info: GraphQLResolveInfo, counter: Counter): void {
  let byPath = counters.get(ctx);
  if (!byPath) {
    byPath = new Map();
    counters.set(ctx, byPath);
  }
  byPath.set(pathKey(info.path), counter);
}

/**
 * `count(upTo)`, resolved on the connection (`info` is the `count` field's own): read off the page's rows when the
 * page's statement counted to this bound (the first `count` of the selection), else counted apart, same filter.
 */
export async function countFromPage(ctx: object, info: GraphQLResolveInfo, upTo: number): Promise<BoundedCount> {
  const key = pathKey(info.path.prev);
  const counter = counters.get(ctx)?.get(key);
  if (!counter) throw new Error(`count: no list remembered at ${key}`);
  const rows = await pages.get(ctx)?.get(key);
  const first = rows?.[0] as { __bounded?: number } | undefined;
  if (counter.carried === upTo && first?.__bounded != null) return boundedCount(Number(first.__bounded), upTo);
  return boundedCount(await counter.count(upTo), upTo);
}
