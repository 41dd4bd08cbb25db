// Compiles the directory's HSDS profile: the vendored HSDS core schemas merged with the profile's patches
// (RFC 7386 JSON Merge Patch, as HSDS's profiles reference prescribes), every $ref inlined, into schema/hsds/compiled/.
// `npx tsx scripts/hsds-profile.ts` writes the files (then `npx biome format --write schema/hsds`); `--check` fails
// when the committed ones differ.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = { [key: string]: Json };

const root = new URL('../schema/hsds/', import.meta.url);
const DIALECT = 'https://json-schema.org/draft/2020-12/schema';
/** The profile's own version (semantic versioning, independent of HSDS's, as the profiles reference recommends). */
export const PROFILE_VERSION = '1.0.0';
export const schemaId = (name: string) => `urn:engagement-directory:hsds-profile:${PROFILE_VERSION}:${name}`;

const isObject = (v: Json | undefined): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);

/** RFC 7386: objects merge key by key, null removes a key, anything else replaces. */
export function mergePatch(target: Json | undefined, patch: Json): Json {
  if (!isObject(patch)) return patch;
  const out: Schema = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}

function readFolder(folder: string): Map<string, Json> {
  const dir = new URL(`${folder}/`, root);
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  return new Map(files.map((f) => [f.slice(0, -'.json'.length), JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as Json]));
}

/** Core schemas patched by the profile; a patch of `null` removes the object (and, when compiled, every reference to it). */
function mergedSchemas(): Map<string, Json> {
  const core = readFolder('core');
  const merged = new Map(core);
  for (const [name, patch] of readFolder('profile')) merged.set(name, core.has(name) ? mergePatch(core.get(name), patch) : patch);
  return merged;
}

/** Inlines `{"$ref": "x.json"}` (siblings kept, as HSDS's own compiled schemas do); undefined where x was removed. */
function inline(node: Json, schemas: Map<string, Json>, trail: string[] = []): Json | undefined {
  if (Array.isArray(node)) return node.map((n) => inline(n, schemas, trail)).filter((n): n is Json => n !== undefined);
  if (!isObject(node)) return node;
  let base: Schema = {};
  const { $ref, ...rest } = node;
  if (typeof $ref === 'string') {
    const name = $ref.replace(/\.json$/, '');
    if (trail.includes(name)) throw new Error(`circular $ref: ${[...trail, name].join(' -> ')}`);
    const target = schemas.get(name);
    if (target === undefined) throw new Error(`$ref to ${$ref}, which is neither vendored nor in the profile`);
    if (target === null) return undefined;
    base = inline(target, schemas, [...trail, name]) as Schema;
  }
  const out: Schema = { ...base };
  for (const [key, value] of Object.entries(rest)) {
    const v = inline(value, schemas, trail);
    // An array of a removed object is removed with it; a property of a removed type is dropped.
    if (v === undefined && key === 'items') return undefined;
    if (v !== undefined) out[key] = v;
  }
  return out;
}

/** HSDS's list form: one-to-one fields only (its `remove_one_to_many`). */
function listForm(schema: Schema): Schema {
  const properties = Object.fromEntries(
    Object.entries(schema.properties as Schema).filter(([, p]) => !(isObject(p) && p.type === 'array' && 'items' in p)),
  );
  return { ...schema, properties };
}

const pageOf = (page: Schema, item: Schema): Schema => ({
  ...page,
  properties: { ...(page.properties as Schema), contents: { ...((page.properties as Schema).contents as Schema), items: item } },
});

/** Every compiled schema by file name: the objects the /hsds/ API answers with, their list forms and pages. */
export function compileProfile(): Map<string, Schema> {
  const schemas = mergedSchemas();
  const compiled = (name: string) => {
    const schema = inline(schemas.get(name) ?? null, schemas);
    if (!isObject(schema)) throw new Error(`${name} is not in the profile`);
    const { $schema: _dialect, $id: _id, ...body } = schema;
    return body;
  };
  const page = compiled('page');
  const organization = compiled('organization');
  const event = compiled('event');
  const taxonomy = compiled('taxonomy');
  const term = compiled('taxonomy_term');
  const out: [string, Schema][] = [
    ['api_meta', compiled('api_meta')],
    ['organization', organization],
    ['organization_list', listForm(organization)],
    ['organization_page', pageOf(page, listForm(organization))],
    ['event', event],
    ['event_list', listForm(event)],
    ['event_page', pageOf(page, listForm(event))],
    ['taxonomy', taxonomy],
    ['taxonomy_page', pageOf(page, taxonomy)],
    ['taxonomy_term', term],
    ['taxonomy_term_page', pageOf(page, term)],
    ['case_study', compiled('case_study')],
    ['method', compiled('method')],
    ['error', compiled('error')],
  ];
  return new Map(out.map(([name, schema]) => [name, { $schema: DIALECT, $id: schemaId(name), ...schema }]));
}

export const compiledText = (schema: Schema) => `${JSON.stringify(schema, null, 2)}\n`;

if (import.meta.url === `file://${process.argv[1]}`) {
  const check = process.argv.includes('--check');
  const stale: string[] = [];
  for (const [name, schema] of compileProfile()) {
    const file = new URL(`compiled/${name}.json`, root);
    if (!check) writeFileSync(file, compiledText(schema));
    // Compared as data: the committed files are formatted by biome, not by JSON.stringify.
    else if (JSON.stringify(JSON.parse(readFileSync(file, 'utf8'))) !== JSON.stringify(schema)) stale.push(name);
  }
  if (stale.length) {
    console.error(`Out of date: ${stale.join(', ')}. Run npx tsx scripts/hsds-profile.ts`);
    process.exit(1);
  }
}
