// Records, while a query executes, which entries and which lists its response is built from: the cache's invalidation tags.
import {
  defaultFieldResolver,
  getNamedType,
  isAbstractType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';
import type { EntryChange, EntryType } from '../../modules/catalogue/changes.ts';

/** GraphQL type name of each entry type that writes announce. */
export const entryTypeNames: Record<EntryType, string> = {
  organisation: 'Organisation',
  caseStudy: 'CaseStudy',
  method: 'Method',
  event: 'Event',
  eventSeries: 'EventSeries',
  topic: 'Topic',
};
const entryTypes = new Set(Object.values(entryTypeNames));

/** A response holding this tag is never stored (a mutation ran). */
export const UNCACHEABLE = 'uncacheable';
export const ANY_LIST = 'list:*';

// Keyed by the Request Yoga executes for, which it hands every resolver as `context.request`.
const collectors = new WeakMap<object, Set<string>>();
let tracking = 0;

export function trackTags(request: object): Set<string> {
  const tags = new Set<string>();
  collectors.set(request, tags);
  tracking++;
  return tags;
}

/** Tags known without execution (the compiled path's), for a request being tracked. */
export function addTags(request: object, tags: Iterable<string>): void {
  const set = collectors.get(request);
  if (set) for (const tag of tags) set.add(tag);
}

export function untrackTags(request: object): void {
  if (collectors.delete(request)) tracking--;
}

// Filters that name another entry by slug: a change to that entry (its slug, say) changes the list.
const filterKeyTypes: Record<string, string> = {
  organisation: 'Organisation',
  organiser: 'Organisation',
  parent: 'Organisation',
  method: 'Method',
  series: 'EventSeries',
};

/** `filter:Type` for each entry type a list's `filter` argument names. */
export function filterTags(filter: unknown): string[] {
  if (!filter || typeof filter !== 'object') return [];
  return Object.keys(filter).flatMap((key) =>
    filterKeyTypes[key] && (filter as Record<string, unknown>)[key] != null ? [`filter:${filterKeyTypes[key]}`] : [],
  );
}

/** The tags to drop when an entry changes: it, every list of its type or filtered by it, and a lookup of its slug. */
export function tagsForChange(change: EntryChange): string[] {
  const type = entryTypeNames[change.type];
  if (!type) return [ANY_LIST];
  const tags = [`${type}:${change.id}`, `list:${type}`, `filter:${type}`, 'list:?'];
  if (change.slug) tags.push(`slug:${type}:${change.slug}`);
  // Topics shape other types' filters (a topic's subtree, its aliases): every list may be affected.
  if (change.type === 'topic') tags.push(ANY_LIST, 'slug:Topic:*');
  return tags;
}

/**
 * The entry type a field lists (a list or a Relay connection of it). `?` for lists of anything else
 * that may hold entries (a union, an interface, or a root list such as search hits); null for no
 * list, or for value lists (links, places) that belong to the entry around them.
 */
function listedType(type: GraphQLOutputType, atRoot: boolean): string | null {
  const other = (t: GraphQLNamedType) => (atRoot || isAbstractType(t) ? '?' : null);
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) {
    const named = getNamedType(inner);
    return entryTypes.has(named.name) ? named.name : other(named);
  }
  const named = getNamedType(type);
  if (!isObjectType(named) || !named.name.endsWith('Connection')) return null;
  const edge = named.getFields().edges && getNamedType(named.getFields().edges!.type);
  const node = edge && isObjectType(edge) ? edge.getFields().node : undefined;
  if (!node) return null;
  const nodeType = getNamedType(node.type);
  return entryTypes.has(nodeType.name) ? nodeType.name : other(nodeType);
}

function wrap(field: GraphQLField<any, any>, tagsOf: (root: any, args: any) => string[]) {
  const resolve = field.resolve ?? defaultFieldResolver;
  field.resolve = (root, args, ctx, info) => {
    if (tracking > 0) {
      const tags = collectors.get(ctx?.request);
      if (tags) for (const tag of tagsOf(root, args)) tags.add(tag);
    }
    return resolve(root, args, ctx, info);
  };
}

const wrapped = new WeakSet<GraphQLSchema>();

/** Wraps the schema's resolvers once so that tracked requests collect their tags. */
export function instrumentSchema(schema: GraphQLSchema): void {
  if (wrapped.has(schema)) return;
  wrapped.add(schema);
  const mutationRoots = new Set([schema.getMutationType()?.name, schema.getSubscriptionType()?.name].filter(Boolean));
  const queryRoot = schema.getQueryType()?.name;
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (mutationRoots.has(type.name)) {
        wrap(field, () => [UNCACHEABLE]);
        continue;
      }
      const listed = listedType(field.type, type.name === queryRoot);
      const returned = getNamedType(field.type).name;
      const slugLookup = type.name === queryRoot && !listed && entryTypes.has(returned) && field.args.some((a) => a.name === 'slug');
      const own = entryTypes.has(type.name);
      if (!own && !listed && !slugLookup) continue;
      const listTags = listed ? [`list:${listed}`, ANY_LIST] : [];
      wrap(field, (root, args) => {
        const withFilters = listTags.length && args?.filter ? [...listTags, ...filterTags(args.filter)] : listTags;
        const tags = own && root?.id != null ? [`${type.name}:${root.id}`, ...withFilters] : withFilters;
        if (!slugLookup) return tags;
        return [...tags, `slug:${returned}:${args.slug}`, ...(returned === 'Topic' ? ['slug:Topic:*'] : [])];
      });
    }
  }
}
