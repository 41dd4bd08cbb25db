// HSDS's Page envelope for a list, and the ndjson form that streams every result of one instead.
import type { ListQuery } from './params.ts';

/** openapi.json components.schemas.Page (HSDS 3.1.1), with the contents the list route adds. */
export interface Page<T> {
  total_items: number;
  total_pages: number;
  page_number: number;
  size: number;
  first_page: boolean;
  last_page: boolean;
  empty: boolean;
  contents: T[];
}

/** `size` is what this page holds (HSDS: "the number of entities in the current page"), not what was asked for. */
export function pageOf<T>(contents: T[], total: number, q: Pick<ListQuery, 'page' | 'perPage'>): Page<T> {
  // An empty list is still one (empty) page, so page 1 is both first and last.
  const totalPages = Math.max(1, Math.ceil(total / q.perPage));
  return {
    total_items: total,
    total_pages: totalPages,
    page_number: q.page,
    size: contents.length,
    first_page: q.page === 1,
    last_page: q.page >= totalPages,
    empty: contents.length === 0,
    contents,
  };
}

/** Rows per statement of a dump: few statements for the catalogue, little memory per batch. */
export const NDJSON_BATCH = 500;

/**
 * Every item, a line each, read a batch at a time (keyset on id) only when the client has taken the last:
 * memory stays at one batch however large the catalogue, and no transaction is held between batches.
 */
export function ndjsonStream<T>(next: (afterId: number) => Promise<{ items: T[]; lastId: number | null }>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let afterId = 0;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { items, lastId } = await next(afterId);
        if (lastId === null) return controller.close();
        afterId = lastId;
        controller.enqueue(encoder.encode(items.map((item) => `${JSON.stringify(item)}\n`).join('')));
      },
    },
    { highWaterMark: 1 },
  );
}
