// GraphiQL served by this server alone: the page, and the editor's script, styles and workers under /graphiql/,
// so /graphql in a browser works offline and under a Content-Security-Policy of 'self'.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Hono } from 'hono';
import { html, raw } from 'hono/html';

/** The built editor that @graphql-yoga/render-graphiql ships as strings (its index inlines them all into one page). */
interface Assets {
  js: string;
  css: string;
  editorWorkerService: string;
  jsonWorker: string;
  graphqlWorker: string;
}

let assets: Promise<Assets> | undefined;

/** Loaded on first use: some 9 MB that a server whose GraphiQL nobody opens never needs in memory. */
function loadAssets(): Promise<Assets> {
  // The package exports only its page renderer; the pieces sit beside it, found through its resolved path.
  const entry = createRequire(import.meta.url).resolve('@graphql-yoga/render-graphiql');
  assets ??= import(pathToFileURL(join(dirname(entry), '..', 'esm', 'graphiql.js')).href) as Promise<Assets>;
  return assets;
}

export const GRAPHIQL_ASSETS = '/graphiql';

/** Monaco asks for a worker by label; each is a file of ours, which `worker-src 'self'` allows. */
const workers = { editorWorkerService: 'editor', json: 'json', graphql: 'graphql' } as const;

// Runs before the editor's script: it reads this to find its workers.
const environmentScript = `self.MonacoEnvironment = {
  globalAPI: false,
  getWorkerUrl: function (moduleId, label) {
    var files = ${JSON.stringify(Object.fromEntries(Object.entries(workers).map(([label, file]) => [label, `${GRAPHIQL_ASSETS}/${file}.worker.js`])))};
    return files[label] || files.editorWorkerService;
  },
};
`;

// Runs after it: renders with the options the page carries as JSON (a data block, which CSP does not execute).
const startScript = `YogaGraphiQL.renderYogaGraphiQL(
  document.querySelector('#root'),
  JSON.parse(document.getElementById('graphiql-options').textContent),
);
`;

/** Yoga's `renderGraphiQL`: the page, with every script and style a file on this origin. */
export function renderLocalGraphiQL(options: { title?: string } & Record<string, unknown>): string {
  const json = JSON.stringify(options).replace(/</g, '\\u003c');
  return html`<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title ?? 'GraphiQL'}</title>
<link rel="stylesheet" href="${GRAPHIQL_ASSETS}/graphiql.css">
</head>
<body id="body" class="no-focus-outline">
<noscript>GraphiQL needs JavaScript. Without it, POST queries to /graphql as JSON.</noscript>
<div id="root"></div>
<script type="application/json" id="graphiql-options">${raw(json)}</script>
<script src="${GRAPHIQL_ASSETS}/environment.js"></script>
<script src="${GRAPHIQL_ASSETS}/graphiql.js"></script>
<script src="${GRAPHIQL_ASSETS}/start.js"></script>
</body>
</html>`.toString();
}

/** The files the page loads; they change only with the package, so browsers may keep them a day. */
export function graphiqlAssetRoutes() {
  const app = new Hono();
  const send = (body: string, type: string) =>
    new Response(body, { headers: { 'Content-Type': `${type}; charset=utf-8`, 'Cache-Control': 'public, max-age=86400' } });
  const js = (body: string) => send(body, 'text/javascript');
  app.get(`${GRAPHIQL_ASSETS}/environment.js`, () => js(environmentScript));
  app.get(`${GRAPHIQL_ASSETS}/start.js`, () => js(startScript));
  app.get(`${GRAPHIQL_ASSETS}/graphiql.js`, async () => js((await loadAssets()).js));
  app.get(`${GRAPHIQL_ASSETS}/graphiql.css`, async () => send((await loadAssets()).css, 'text/css'));
  app.get(`${GRAPHIQL_ASSETS}/editor.worker.js`, async () => js((await loadAssets()).editorWorkerService));
  app.get(`${GRAPHIQL_ASSETS}/json.worker.js`, async () => js((await loadAssets()).jsonWorker));
  app.get(`${GRAPHIQL_ASSETS}/graphql.worker.js`, async () => js((await loadAssets()).graphqlWorker));
  return app;
}
