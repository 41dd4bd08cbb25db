// The layer check: dependency-cruiser's rules (.dependency-cruiser.cjs), then cycles between folders, which it does not
// look for (a cycle of files is one of its rules; editorial -> accounts -> editorial through different files is not).
import { cruise } from 'dependency-cruiser';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const config = require('../.dependency-cruiser.cjs');
const result = await cruise(
  ['src', 'schema', 'seed'],
  { ...config.options, validate: true, ruleSet: { forbidden: config.forbidden }, outputType: 'err' },
  undefined,
  {
    tsConfig: extractTSConfig('tsconfig.json'),
  },
);
process.stdout.write(result.output);
let failed = result.exitCode !== 0;

// A folder is a module (src/modules/<name>) or a layer (src/graphql, src/http, ...). Two groups cut across folders,
// as Pothos' layout has them: each module's GraphQL types (*.graphql.ts), which the schema imports and which import
// the builder kit; and that kit, which is below the types and above the domains.
const kit = /^src\/graphql\/(builder|context|page-size|planned-rows|resolver-helpers|scalars)\.ts$/;
const folderOf = (path) =>
  kit.test(path)
    ? 'graphql builder kit'
    : /^src\/modules\/.+\.graphql\.ts$/.test(path)
      ? 'GraphQL types (src/modules/**/*.graphql.ts)'
      : (path.match(/^src\/modules\/[^/]+/)?.[0] ?? path.match(/^src\/[^/]+(?=\/)/)?.[0] ?? null);
const edges = new Map();
for (const module of result.output
  ? JSON.parse(
      (await cruise(['src'], { ...config.options, outputType: 'json' }, undefined, { tsConfig: extractTSConfig('tsconfig.json') })).output,
    ).modules
  : []) {
  const from = folderOf(module.source);
  if (!from) continue;
  for (const dep of module.dependencies) {
    const to = folderOf(dep.resolved);
    if (!to || to === from) continue;
    if (!edges.has(from)) edges.set(from, new Map());
    edges.get(from).set(to, `${module.source} -> ${dep.resolved}`);
  }
}

// Tarjan's strongly connected components: any with more than one folder is a cycle.
let index = 0;
const indices = new Map(),
  low = new Map(),
  stack = [],
  onStack = new Set(),
  cycles = [];
function visit(v) {
  indices.set(v, index);
  low.set(v, index);
  index++;
  stack.push(v);
  onStack.add(v);
  for (const w of edges.get(v)?.keys() ?? []) {
    if (!indices.has(w)) {
      visit(w);
      low.set(v, Math.min(low.get(v), low.get(w)));
    } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), indices.get(w)));
  }
  if (low.get(v) === indices.get(v)) {
    const component = [];
    let w;
    do {
      w = stack.pop();
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1) cycles.push(component);
  }
}
for (const v of edges.keys()) if (!indices.has(v)) visit(v);
for (const component of cycles) {
  failed = true;
  console.error(`folder cycle: ${component.join(' <-> ')}`);
  for (const from of component) for (const [to, via] of edges.get(from) ?? []) if (component.includes(to)) console.error(`  ${via}`);
}
if (!cycles.length) console.log('✔ no cycles between folders');
process.exit(failed ? 1 : 0);
