// Compiles a known GraphQL document into one SQL statement that returns the whole JSON response; null where it cannot.
import { sql, type SQL } from 'drizzle-orm';
import {
  getArgumentValues,
  getVariableValues,
  Kind,
  parse,
  validate,
  type DocumentNode,
  type FieldNode,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { filterTags } from '../cache/tags.ts';
import { assertCountLimit, boundedCountSql } from '../../modules/catalogue/bounded-count.ts';
import { normaliseSearch, rankWindow } from '../../modules/catalogue/filters.ts';
import { visibleSql } from '../../modules/catalogue/visibility.ts';
import { fragmentsOf, type FragmentMap } from '../fragments.ts';
import { documentBytes } from '../heap-size.ts';
import { estimateRows } from '../limits.ts';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../page-size.ts';
import { model, type Field, type TypeModel } from './model.ts';
import { NotCompilable, refuse, unsupported } from './not-compilable.ts';
import { rootLists, rootLookups } from './roots.ts';

export { NotCompilable };

/** `render`'s closure and the fragment map beside the parsed document: a few objects, rounded up. */
const CLOSURE_BYTES = 1024;

const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

interface Render {
  schema: GraphQLSchema;
  fragments: FragmentMap;
  variables: Record<string, unknown>;
  aliases: number;
  /** Entry types the response lists or holds: the response cache's tags for it. */
  types: Set<string>;
  slugs: string[];
  /** Whether the reader sees published entries only (anonymous, or without the read_drafts scope), as Pothos decides. */
  published: boolean;
}

/** The visibility rule of visibility.ts for this reader: published only, or (read_drafts) every entry. */
const visible = (r: Render, on: string) => visibleSql(r.published, on);

const raw = (text: string) => sql.raw(text);
const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** The fields of a selection set on one type, fragments flattened; directives are left to Pothos. */
function fieldsOf(set: SelectionSetNode, typeName: string, r: Render): FieldNode[] {
  const out: FieldNode[] = [];
  for (const sel of set.selections) {
    if (sel.directives?.length) unsupported('directives');
    if (sel.kind === Kind.FIELD) out.push(sel);
    else {
      const frag = sel.kind === Kind.FRAGMENT_SPREAD ? r.fragments[sel.name.value] : sel;
      if (!frag) unsupported('unknown fragment');
      if (frag!.typeCondition && frag!.typeCondition.name.value !== typeName) unsupported('fragment on another type');
      out.push(...fieldsOf(frag!.selectionSet, typeName, r));
    }
  }
  return out;
}

function args(parent: GraphQLObjectType, node: FieldNode, r: Render): Record<string, any> {
  const def = parent.getFields()[node.name.value] ?? unsupported(`no field ${node.name.value}`);
  return getArgumentValues(def as GraphQLField<unknown, unknown>, node, r.variables);
}

/**
 * A page's LIMIT, written into the SQL text (a checked integer) rather than bound: under a bound LIMIT the
 * planner costs a generic plan as if a tenth of the rows were wanted, so PostgreSQL never settles on one and
 * plans every request again (about 1 ms for upcoming events by topic, as much as the raw route's whole
 * request). Each page size is then its own prepared statement: a handful per document.
 */
function pageSize(a: Record<string, any>): SQL {
  return sql.raw(String(pageRows(a)));
}

/** The rows of a first page (cursors are left to Pothos). */
function pageRows(a: Record<string, any>): number {
  if (a.after != null || a.before != null || a.last != null) refuse('cursor paging');
  const first = a.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) refuse('page size left to the Pothos path and its errors');
  return first;
}

/** json_build_object of the selected fields of one row of `typeName`, aliased `alias`. */
function object(typeName: string, alias: string, set: SelectionSetNode, r: Render): SQL {
  const type = model[typeName] ?? unsupported(`type ${typeName}`);
  const gql = r.schema.getType(typeName) as GraphQLObjectType;
  if (type.node) r.types.add(typeName);
  const pairs: SQL[] = [];
  for (const node of fieldsOf(set, typeName, r)) {
    const key = raw(quote(node.alias?.value ?? node.name.value));
    const name = node.name.value;
    if (name === '__typename') pairs.push(sql`${key}, ${raw(quote(typeName))}`);
    else if (name === 'id' && type.node)
      pairs.push(sql`${key}, encode(convert_to(${raw(quote(`${typeName}:`))} || ${raw(alias)}.id, 'UTF8'), 'base64')`);
    else pairs.push(sql`${key}, ${field(type.fields[name] ?? unsupported(`field ${typeName}.${name}`), alias, node, gql, r)}`);
  }
  return sql`json_build_object(${sql.join(pairs, sql`, `)})`;
}

function field(f: Field, alias: string, node: FieldNode, parent: GraphQLObjectType, r: Render): SQL {
  const a = raw(alias);
  if (f.kind === 'scalar') {
    const col = sql`${a}.${raw(f.column)}`;
    if (f.as === 'enum') return sql`upper(${col})`;
    if (f.as === 'datetime') return sql`to_char(${col} AT TIME ZONE 'UTC', ${raw(ISO)})`;
    if (f.as === 'date') return sql`to_char(${col}, 'YYYY-MM-DD')`;
    return col;
  }
  const child = `n${++r.aliases}`;
  const c = raw(child);
  const target = model[f.type]!;
  if (f.kind === 'one') {
    return sql`(SELECT ${object(f.type, child, node.selectionSet!, r)} FROM ${raw(target.table)} ${c} WHERE ${c}.id = ${a}.${raw(f.foreignKey)}${f.visible ? sql` AND ${visible(r, child)}` : sql``})`;
  }
  const orderOf = (on: string, order: string[]) => raw(order.map((o) => `${on}.${o}`).join(', '));
  if (f.kind === 'list') {
    return sql`(SELECT coalesce(json_agg(${object(f.type, child, node.selectionSet!, r)} ORDER BY ${orderOf(child, f.order)}), '[]')
      FROM ${raw(target.table)} ${c} JOIN ${raw(f.junction)} j ON j.${raw(f.childColumn)} = ${c}.id WHERE j.${raw(f.parentColumn)} = ${a}.id)`;
  }
  const a2 = args(parent, node, r);
  if (a2.role != null) refuse('role filter');
  const limit = pageSize(a2);
  if (f.kind === 'connection') {
    const page = sql`SELECT ${c}.* FROM ${raw(target.table)} ${c} JOIN ${raw(f.junction)} j ON j.${raw(f.childColumn)} = ${c}.id
      WHERE j.${raw(f.parentColumn)} = ${a}.id AND ${visible(r, child)} ORDER BY ${orderOf(child, f.order)} LIMIT ${limit}`;
    return connection(f.type, child, node, page, orderOf(child, f.order), null, r);
  }
  // A role connection pages over junction rows whose node is visible, as role-connection.ts plans it.
  const x = `x${r.aliases}`;
  const page = sql`SELECT ${raw(x)}.role AS __role, ${c}.* FROM ${raw(f.junction)} ${raw(x)} JOIN ${raw(target.table)} ${c} ON ${c}.id = ${raw(x)}.${raw(f.childColumn)}
    WHERE ${raw(x)}.${raw(f.parentColumn)} = ${a}.id AND ${visible(r, child)} ORDER BY ${orderOf(x, f.order)} LIMIT ${limit}`;
  const order = raw(f.order.map((o) => `${child}.${o.startsWith('role ') ? `__${o}` : o.replace(f.childColumn, 'id')}`).join(', '));
  return connection(f.type, child, node, page, order, `${child}.__role`, r);
}

/**
 * `count(upTo)` as the resolvers answer it (bounded-count.ts): the filter's matches counted to upTo + 1. A bound
 * out of range is left to Pothos and its INVALID_INPUT.
 */
function boundedCountObject(type: string, sel: FieldNode, counted: (upTo: number) => SQL, r: Render): SQL {
  let upTo: number;
  try {
    upTo = assertCountLimit(args(r.schema.getType(`${type}Connection`) as GraphQLObjectType, sel, r).upTo);
  } catch {
    return refuse('count bound left to the Pothos path and its error');
  }
  const pairs: SQL[] = [];
  for (const f of fieldsOf(sel.selectionSet!, 'BoundedCount', r)) {
    const key = raw(quote(f.alias?.value ?? f.name.value));
    if (f.name.value === 'value') pairs.push(sql`${key}, least(c.n, ${raw(String(upTo))})`);
    else if (f.name.value === 'exact') pairs.push(sql`${key}, c.n <= ${raw(String(upTo))}`);
    else if (f.name.value === '__typename') pairs.push(sql`${key}, 'BoundedCount'`);
    else unsupported(`count field ${f.name.value}`);
  }
  // The count as a FROM item: as `(SELECT <count> AS n) c` the planner pulled the subquery up and counted twice.
  return sql`(SELECT json_build_object(${sql.join(pairs, sql`, `)}) FROM ${counted(upTo)} c)`;
}

/** A connection over a page subquery: nodes, edges (with the role where there is one), totalCount and count given. */
function connection(
  type: string,
  alias: string,
  node: FieldNode,
  page: SQL,
  order: SQL,
  role: string | null,
  r: Render,
  total?: SQL,
  counted?: (upTo: number) => SQL,
): SQL {
  const pairs: SQL[] = [];
  // Whether anything aggregates the page: without json_agg, selecting FROM the page gives a row per entry.
  let paged = false;
  for (const sel of fieldsOf(node.selectionSet!, `${type}Connection`, r)) {
    const key = raw(quote(sel.alias?.value ?? sel.name.value));
    if (sel.name.value === 'nodes' || sel.name.value === 'edges') paged = true;
    if (sel.name.value === 'totalCount' && total) pairs.push(sql`${key}, ${total}`);
    else if (sel.name.value === 'count' && counted) pairs.push(sql`${key}, ${boundedCountObject(type, sel, counted, r)}`);
    else if (sel.name.value === 'nodes')
      pairs.push(sql`${key}, coalesce(json_agg(${object(type, alias, sel.selectionSet!, r)} ORDER BY ${order}), '[]')`);
    else if (sel.name.value === 'edges') {
      const edge: SQL[] = [];
      for (const e of fieldsOf(sel.selectionSet!, `${type}Edge`, r)) {
        const k = raw(quote(e.alias?.value ?? e.name.value));
        if (e.name.value === 'node') edge.push(sql`${k}, ${object(type, alias, e.selectionSet!, r)}`);
        else if (e.name.value === 'role' && role) edge.push(sql`${k}, upper(${raw(role)})`);
        else unsupported(`edge field ${e.name.value}`);
      }
      pairs.push(sql`${key}, coalesce(json_agg(json_build_object(${sql.join(edge, sql`, `)}) ORDER BY ${order}), '[]')`);
    } else unsupported(`connection field ${sel.name.value}`);
  }
  // Only totalCount: the page is not read at all (one row, also when the page is empty).
  if (!paged) return sql`json_build_object(${sql.join(pairs, sql`, `)})`;
  return sql`(SELECT json_build_object(${sql.join(pairs, sql`, `)}) FROM (${page}) ${raw(alias)})`;
}

function rootField(query: GraphQLObjectType, node: FieldNode, r: Render): SQL {
  const name = node.name.value;
  const a = args(query, node, r);
  const lookup = rootLookups[name];
  if (lookup) {
    const type: TypeModel = model[lookup]!;
    if (typeof a.slug !== 'string') refuse('slug');
    r.slugs.push(`slug:${lookup}:${a.slug}`);
    const alias = `n${++r.aliases}`;
    const n = raw(alias);
    const t = raw(type.table);
    const entryType = lookup[0]!.toLowerCase() + lookup.slice(1);
    // As findBySlug: the live slug, else (only when no visible entry has it) the entry an old slug named.
    return sql`(SELECT ${object(lookup, alias, node.selectionSet!, r)} FROM ${t} ${n} WHERE ${visible(r, alias)} AND (${n}.slug = ${a.slug}
      OR (NOT EXISTS (SELECT 1 FROM ${t} live WHERE live.slug = ${a.slug} AND ${visible(r, 'live')})
        AND ${n}.id = (SELECT r.entry_id FROM slug_redirects r WHERE r.entry_type = ${entryType} AND r.old_slug = ${a.slug}))) LIMIT 1)`;
  }
  const list = rootLists[name] ?? unsupported(`root field ${name}`);
  const q = normaliseSearch(['search'], a.search);
  const limit = pageSize(a);
  const where = list.where(a, q, r.published);
  const { by, rank } = list.order(a, q);
  const table = model[list.type]!.table;
  const alias = `n${++r.aliases}`;
  // Ranked, as entry-list.ts: the newest SEARCH_RANK_WINDOW matches; the total still counts every match.
  // pageSize refused cursors, so this is a first page: the list may know its rows faster (list.page), as its resolver does.
  const first = list.page?.(a, q, r.published, pageRows(a));
  const page = sql`SELECT ${raw(table)}.*${rank ? sql`, ${rank} AS __rank` : sql``} FROM ${raw(table)}
    WHERE ${first ?? (rank ? rankWindow(raw(`${table}.id`), raw(table), where) : where)}
    ORDER BY ${raw(by.map((o) => (o.startsWith('__rank') ? o : `${table}.${o}`)).join(', '))} LIMIT ${limit}`;
  r.types.add(`list:${list.type}`);
  for (const tag of filterTags(a.filter)) r.types.add(tag);
  const total = list.kept(a, q, r.published) ?? sql`(SELECT count(*)::int FROM ${raw(table)} WHERE ${list.where(a, q, r.published)})`;
  const counted = (upTo: number) =>
    list.count ? list.count(a, q, r.published, upTo) : boundedCountSql(raw(table), list.where(a, q, r.published), upTo);
  return connection(list.type, alias, node, page, raw(by.map((o) => `${alias}.${o}`).join(', ')), null, r, total, counted);
}

export interface CompiledDocument {
  document: string;
  operationName: string | null;
  /** What it holds in the heap: its text and parsed document (heap-size.ts), and the closure over them. */
  heapBytes: number;
  /**
   * The statement for these variables and this reader, and the cache tags of its response; NotCompilable sends the
   * request to Pothos. `published` (the default): what anonymous readers see; false: a reader of drafts.
   */
  render(variables: Record<string, unknown> | null | undefined, reader?: { published: boolean }): { statement: SQL; tags: string[] };
}

/** For documents nobody vetted: how Yoga would parse and validate them, and its row bound. */
export interface CompileLimits {
  /** The document as Yoga accepts it, or null where Yoga would refuse it (acceptedBy over the app's vet, src/graphql/documents/check-document.ts). */
  vet(text: string): DocumentNode | null;
  /** Checked per request, since page sizes come from the variables (limits.ts estimateRows). */
  maxRows: number;
}

/**
 * Compiles a document once; null when any part of it needs the Pothos path. With `limits` (a document nobody
 * vetted), one Yoga would refuse is null too, so Yoga refuses it with the usual errors.
 */
export function compileDocument(schema: GraphQLSchema, text: string, limits?: CompileLimits): CompiledDocument | null {
  let doc: DocumentNode | null;
  if (limits) doc = limits.vet(text);
  else {
    try {
      doc = parse(text);
    } catch {
      return null;
    }
    if (validate(schema, doc).length) return null;
  }
  if (!doc) return null;
  const operations = doc.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (operations.length !== 1 || operations[0]!.operation !== 'query') return null;
  const operation = operations[0]!;
  const fragments = fragmentsOf(doc);
  const query = schema.getQueryType()!;
  const render = (variables: Record<string, unknown> | null | undefined, reader = { published: true }) => {
    const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {});
    if (coerced.errors) refuse('variables left to Pothos and its errors');
    if (limits) {
      let rows: number;
      try {
        rows = estimateRows(operation, query, { fragments, variables: coerced.coerced!, typeOf: (name) => schema.getType(name) });
      } catch {
        refuse('a page size left to the Pothos path and its errors');
      }
      if (rows! > limits.maxRows) refuse('over the row estimate: Pothos refuses it with QUERY_TOO_COMPLEX');
    }
    const r: Render = {
      schema,
      fragments,
      variables: coerced.coerced!,
      aliases: 0,
      types: new Set(),
      slugs: [],
      published: reader.published,
    };
    const pairs = fieldsOf(operation.selectionSet, query.name, r).map(
      (node) => sql`${raw(quote(node.alias?.value ?? node.name.value))}, ${rootField(query, node, r)}`,
    );
    const statement = sql`SELECT json_build_object('data', json_build_object(${sql.join(pairs, sql`, `)}))::text AS body`;
    const tags = [...r.types].map((t) => (t.includes(':') ? t : `list:${t}`));
    return { statement, tags: [...new Set([...tags, ...r.slugs, 'list:*'])] };
  };
  return { document: text, operationName: operation.name?.value ?? null, heapBytes: documentBytes(doc, text) + CLOSURE_BYTES, render };
}
