// Yoga plugin: run a known document by its sha256 hash (GET-friendly), while still accepting any query text.
import { defaultExtractPersistedOperationId, usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import type { Plugin } from 'graphql-yoga';
import type { DocumentRegistry } from './registry.ts';

/**
 * Accepts Apollo's `extensions.persistedQuery.sha256Hash` and the shorter `documentId=sha256:<hex>`
 * query parameter of the GraphQL-over-HTTP persisted-documents draft, which the embeds use.
 */
function extractDocumentId(params: Parameters<typeof defaultExtractPersistedOperationId>[0], request: Request): string | null {
  const fromExtensions = defaultExtractPersistedOperationId(params, request, {});
  if (fromExtensions) return fromExtensions;
  const documentId = new URL(request.url).searchParams.get('documentId') ?? (params as { documentId?: unknown }).documentId;
  return typeof documentId === 'string' ? documentId.replace(/^sha256:/, '') : null;
}

/** Documents by hash, from the registry (the embeds' fixed list and those clients registered). */
export function persistedOperations(registry: DocumentRegistry): Plugin {
  return usePersistedOperations({
    // Researchers send their own queries; persistence is for short, cacheable URLs, not an allow-list.
    allowArbitraryOperations: true,
    extractPersistedOperationId: extractDocumentId,
    getPersistedOperation: async (hash) => (await registry.byHash(hash)) ?? null,
    customErrors: {
      // Neither a query nor a hash: the same answer a plain GraphQL-over-HTTP server gives.
      keyNotFound: { message: 'Must provide query string.', extensions: { code: 'BAD_REQUEST', http: { status: 400 } } },
      notFound: { message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND', http: { status: 400 } } },
    },
  }) as Plugin;
}
