// What a GraphQL document, and what refusing one, really holds in the heap: the sizes every byte-bounded cache counts.
import { type DocumentNode, TokenKind } from 'graphql';
import type { LRUCache } from 'lru-cache';

/*
 * Calibrated with `process.memoryUsage().heapUsed` after forced collections, over 20 to 200 documents of each
 * shape (graphql-js 16, Node 20; the throwaway probe is described in docs/performance.md, "What the server holds
 * in memory"). A parsed document keeps every token of its text in a linked list, each beside its AST node:
 *
 *   shape (all within armor's 2,000 tokens)          text      tokens   heap held    per token
 *   `{ slug slug ... }`, 1,897 fields                9.5 KB    1,897    955 KB       503 B
 *   600 aliased fields                               6.5 KB    1,817    515 KB       284 B
 *   60 aliased lookups with arguments                4.0 KB      914    298 KB       326 B
 *   25 lists with 3 KB string arguments             76 KB        281     78 KB       string values copied
 *   a query and a 95 KB comment                     95 KB         19      5 KB       the comment is a slice
 *   a query and 47,000 comment lines (`#\n`)        94 KB     47,018    4.1 MB       88 B a comment token
 *
 * So the text's length alone says nothing: 2 KB of text can hold 200 KB, and 94 KB of comment lines 4 MB
 * (armor counts no comments). Each token is counted at the dearest rate seen.
 */
const TOKEN_BYTES = 512;
const COMMENT_TOKEN_BYTES = 96;
/** Any entry's own bookkeeping in an LRU (its node, key slot and size). */
export const ENTRY_BYTES = 128;

/**
 * An error kept in a cache, once its stack is a string (see `settled`): 2.8 to 5 KB measured for syntax
 * errors and armor's token bound, 2.3 to 3.2 KB a validation error; its source is the text, counted apart.
 */
export const ERROR_BYTES = 6 * 1024;

/**
 * A string's heap bytes. V8 keeps one byte a character only for Latin-1 text; JSON.parse gave the probe's
 * bodies two bytes a character whenever they held an escape (`\n` in a query does), so two is what is counted.
 */
export const textBytes = (text: string) => 2 * text.length;

/** A parsed document with its text, as the heap holds them (the text counted once, under the entry's key). */
export function documentBytes(document: DocumentNode, text: string): number {
  let bytes = ENTRY_BYTES + textBytes(text);
  const start = document.loc?.startToken;
  // Parsed without locations (never by Yoga): no tokens held, but an AST node may stand for every character.
  if (!start) return bytes + Math.min(text.length, 4096) * TOKEN_BYTES;
  for (let token: typeof start | null = start; token; token = token.next) {
    if (token.kind === TokenKind.COMMENT) bytes += COMMENT_TOKEN_BYTES;
    else {
      bytes += TOKEN_BYTES;
      // String values are copies of the text, not slices of it.
      if (token.kind === TokenKind.STRING || token.kind === TokenKind.BLOCK_STRING) bytes += textBytes(token.value);
    }
  }
  return bytes;
}

/**
 * The error with its stack formatted. Until `stack` is read, V8 keeps the frames it was thrown through, with
 * their receivers: a syntax error held its parser and every token read (219 KB for one at the end of a
 * 1,900-token document, 2.8 KB once read), a validation error its ValidationContext (171 KB against 3 KB).
 */
export function settled<T>(error: T): T {
  if (error instanceof Error) void error.stack;
  return error;
}

/** What a byte-bounded cache holds now: its entries and their counted bytes, against its budget. */
export interface CacheSize {
  entries: number;
  bytes: number;
  maxBytes: number;
}

export const sizeOf = <V extends NonNullable<unknown>>(cache: LRUCache<string, V>): CacheSize => ({
  entries: cache.size,
  bytes: cache.calculatedSize,
  maxBytes: cache.maxSize,
});
