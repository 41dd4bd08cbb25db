// Requests Node's HTTP parser refuses before the app sees them (headers or request line too long, malformed, too
// slow) answered like every other error: JSON with a code. Node's own answer is a bare status line and no body.
import type { Duplex } from 'node:stream';
import type { ErrorCode } from '../errors.ts';

type Answer = [status: number, reason: string, code: ErrorCode, message: string];

function answerFor(code: string | undefined, maxHeaderBytes: number): Answer {
  switch (code) {
    // The request line counts towards the limit, so an over-long address lands here too (Node sends no 414).
    case 'HPE_HEADER_OVERFLOW':
      return [
        431,
        'Request Header Fields Too Large',
        'HEADERS_TOO_LARGE',
        `The address and headers of a request are limited to ${maxHeaderBytes} bytes.`,
      ];
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return [408, 'Request Timeout', 'REQUEST_TIMEOUT', 'The request was not received in time.'];
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return [413, 'Payload Too Large', 'PAYLOAD_TOO_LARGE', 'The request body’s chunk extensions are too large.'];
    default:
      return [400, 'Bad Request', 'INVALID_INPUT', 'The request is not valid HTTP/1.1.'];
  }
}

/** A `clientError` listener for an http.Server. */
export function answerClientErrors(maxHeaderBytes: number) {
  return (err: Error & { code?: string }, socket: Duplex) => {
    // A client that has gone, or a response already begun, has nobody left to read an answer.
    if (err.code === 'ECONNRESET' || !socket.writable || (socket as { _httpMessage?: unknown })._httpMessage) {
      socket.destroy();
      return;
    }
    const [status, reason, code, message] = answerFor(err.code, maxHeaderBytes);
    const body = JSON.stringify({ error: { code, message } });
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${body}`,
    );
  };
}
