// Stopping the server without losing a request: stop accepting, let in-flight requests finish within a deadline,
// closing keep-alive connections as they fall idle, then close the database.
import type { Server } from 'node:http';

export interface ShutdownOptions {
  server: Server;
  /** How long in-flight requests get before their connections are cut (config SHUTDOWN_TIMEOUT_MS). */
  deadlineMs: number;
  closeDatabase: () => Promise<void>;
}

/** Resolves 'clean' when every request finished in time, 'forced' when the deadline cut some off; the database is closed either way. */
export async function shutDown({ server, deadlineMs, closeDatabase }: ShutdownOptions): Promise<'clean' | 'forced'> {
  // A request that arrives on a kept-alive connection while we stop is still answered, but told to close, so a
  // busy client cannot keep its connection (and the process) alive by never letting it fall idle.
  server.on('request', (_req, res) => {
    if (!res.headersSent) res.setHeader('Connection', 'close');
  });
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // server.close() closes the connections idle at that moment; those that finish a request later fall idle after.
  const sweep = setInterval(() => server.closeIdleConnections(), 50);
  server.closeIdleConnections();
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    closed.then(() => 'clean' as const),
    new Promise<'forced'>((resolve) => {
      timer = setTimeout(() => resolve('forced'), deadlineMs);
    }),
  ]);
  clearInterval(sweep);
  clearTimeout(timer);
  if (outcome === 'forced') {
    server.closeAllConnections();
    await closed;
  }
  // Only once no request can still be writing: closing PGlite under a live query would lose it.
  await closeDatabase();
  return outcome;
}
