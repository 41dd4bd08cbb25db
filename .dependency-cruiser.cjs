// The layer rules, checked in CI (`npm run lint:deps`). docs/architecture.md draws the same picture.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycles between files, type-only imports included.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'only-the-root-imports-schema-and-yoga',
      severity: 'error',
      comment:
        'src/app.ts builds the schema and Yoga and hands others what they need (an executor, a vetting function, the read database).',
      from: { path: '^src/', pathNot: '^src/app\\.ts$' },
      to: { path: '^src/graphql/(schema|yoga)\\.ts$' },
    },
    {
      name: 'services-do-not-import-the-graphql-layer',
      severity: 'error',
      comment: 'Domain services are plain functions; only the *.graphql.ts type definitions beside them know GraphQL.',
      from: { path: '^src/modules/', pathNot: '\\.graphql\\.ts$' },
      to: { path: '^src/graphql/|\\.graphql\\.ts$' },
    },
    {
      name: 'graphql-types-use-only-the-builder-kit',
      severity: 'error',
      comment: "A module's types may use the builder and its helpers, never the server, the compiled path or the caches.",
      from: { path: '^src/modules/.+\\.graphql\\.ts$' },
      to: { path: '^src/graphql/', pathNot: '^src/graphql/(builder|context|page-size|planned-rows|resolver-helpers|scalars)\\.ts$' },
    },
    {
      name: 'modules-do-not-import-the-root-or-the-edge',
      severity: 'error',
      comment: 'Composition happens in app.ts, main.ts and cli.ts, never inside a module.',
      from: { path: '^src/(modules|graphql|http)/' },
      to: { path: '^src/(app|main|cli)\\.ts$' },
    },
    {
      name: 'http-middleware-knows-no-domain',
      severity: 'error',
      comment:
        'src/http holds generic middleware: it is handed functions, it imports no module nor the GraphQL layer (the viewer type aside).',
      from: { path: '^src/http/' },
      to: { path: '^src/(modules|graphql)/', pathNot: '^src/modules/access/viewer\\.ts$' },
    },
    {
      name: 'the-access-kernel-is-the-floor',
      severity: 'error',
      comment: 'Every domain uses the kernel; the kernel uses no domain, so it can never be part of a folder cycle.',
      from: { path: '^src/modules/access/' },
      to: { path: '^src/(modules/(?!access/)|graphql/|http/)' },
    },
    {
      name: 'no-barrels',
      severity: 'error',
      comment: 'Import the file that holds the thing; an index.ts that re-exports values drags its siblings along.',
      from: {},
      to: { path: '^src/.*index\\.ts$' },
    },
    {
      name: 'product-code-does-not-import-tests-or-tools',
      severity: 'error',
      from: { path: '^(src|schema|seed)/' },
      to: { path: '^(tests|bench|scripts)/' },
    },
    {
      name: 'the-database-schema-is-the-bottom',
      severity: 'error',
      from: { path: '^schema/' },
      to: { path: '^(src|seed)/' },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    // TypeScript 7 has no JavaScript API; @swc/core parses the sources instead.
    parser: 'swc',
  },
};
