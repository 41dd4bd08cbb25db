// drizzle-kit reads the schema from schema/ and writes SQL migrations to schema/migrations/.
// It talks to an in-memory PGlite with the extensions the migrations create already loaded.
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  driver: 'pglite',
  schema: './schema/index.ts',
  out: './schema/migrations',
  client: new PGlite({ extensions: { pg_trgm, unaccent } }),
});
