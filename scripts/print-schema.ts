// Writes the printed GraphQL contract to schema/schema.graphql (a test fails when it drifts).
import { writeFileSync } from 'node:fs';
import { printedSchema } from '../src/graphql/schema.ts';

writeFileSync(new URL('../schema/schema.graphql', import.meta.url), printedSchema());
console.log('wrote schema/schema.graphql');
