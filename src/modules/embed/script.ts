// /embed.js: the custom element's source with this server's settings filled in, built once per app.
import { readFileSync } from 'node:fs';
import { listingQueries, nameQueries } from './documents.ts';
import { embedKinds, filterFields, kindLabels } from './kinds.ts';
import { namedFilters } from './listing.ts';
import { MAX_EMBED_LIMIT } from './params.ts';
import { shadowCss } from './styles.ts';

const source = readFileSync(new URL('./client/engagement-listing.js', import.meta.url), 'utf8');

export function embedScript(publicUrl: string): string {
  const config = {
    publicUrl,
    maxLimit: MAX_EMBED_LIMIT,
    css: shadowCss,
    kinds: Object.fromEntries(embedKinds.map((k) => [k, { hash: listingQueries[k].hash, filters: filterFields[k] }])),
    labels: Object.fromEntries(embedKinds.map((k) => [k, kindLabels[k]])),
    names: namedFilters.map(([name, noun]) => ({ name, noun, hash: nameQueries[name].hash })),
  };
  // A function replacement, so `$` sequences in the JSON are never read as patterns.
  return source.replace('__EMBED_CONFIG__', () => JSON.stringify(config));
}
