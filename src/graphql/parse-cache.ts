// Yoga's parse and validation caches, in one lru-cache bounded by the bytes each document really holds.
import type { DocumentNode, GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { LRUCache } from 'lru-cache';
import { documentBytes, ENTRY_BYTES, ERROR_BYTES, settled, sizeOf, textBytes } from './heap-size.ts';

/**
 * Yoga's defaults are two LRUs of 1,024 entries each, whatever an entry holds: the flood of 95 KB
 * documents pinned hundreds of megabytes. Here a text maps to its document or to its syntax error (never
 * both, so one budget serves both), sized by documentBytes. Yoga keeps a validation result in a WeakMap
 * keyed by the document (its `validationCache` option is only an on/off switch), so a result lives exactly
 * as long as its document's entry: its errors are added to that entry's size once known.
 */
export function createParseCache(maxBytes: number) {
  const validationBytes = new WeakMap<DocumentNode, number>();
  const cache = new LRUCache<string, DocumentNode | Error>({
    maxSize: maxBytes,
    sizeCalculation: (value, text) =>
      value instanceof Error
        ? ENTRY_BYTES + textBytes(text) + ERROR_BYTES + textBytes(value.message)
        : documentBytes(value, text) + (validationBytes.get(value) ?? 0),
  });
  const documentCache = {
    get: (text: string) => {
      const value = cache.get(text);
      return value instanceof Error ? undefined : value;
    },
    set: (text: string, document: DocumentNode) => void cache.set(text, document),
  };
  const errorCache = {
    get: (text: string) => {
      const value = cache.get(text);
      return value instanceof Error ? value : undefined;
    },
    set: (text: string, error: unknown) => {
      if (error instanceof Error) cache.set(text, settled(error));
    },
  };

  /**
   * Must be Yoga's last plugin of ours: Yoga's cache runs after every plugin it is given, so this sees the
   * validation result it keeps (with our error codes already on).
   */
  const accountValidation: Plugin = {
    onValidate:
      ({ params: { documentAST } }) =>
      ({ result }) => {
        if (!result.length || validationBytes.has(documentAST)) return;
        let bytes = 0;
        for (const error of result as readonly GraphQLError[]) bytes += ERROR_BYTES + textBytes(settled(error).message);
        validationBytes.set(documentAST, bytes);
        // The document was stored as it was parsed, before anyone knew its errors: store it again to count them.
        const text = documentAST.loc?.source.body;
        if (text !== undefined && cache.peek(text) === documentAST) cache.set(text, documentAST);
      },
  };

  return {
    /** For createYoga's `parserAndValidationCache`. */
    yogaOptions: { documentCache, errorCache, validationCache: true },
    accountValidation,
    size: () => sizeOf(cache),
  };
}
