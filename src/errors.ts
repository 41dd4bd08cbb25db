// One error vocabulary for the whole service, mapped once to HTTP status and GraphQL extensions.
import { GraphQLError } from 'graphql';

export const errorCodes = {
  INVALID_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  /** Refused by Node's HTTP parser before routing (src/http/client-errors.ts). */
  HEADERS_TOO_LARGE: 431,
  REQUEST_TIMEOUT: 408,
  QUERY_TOO_COMPLEX: 400,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
} as const;
export type ErrorCode = keyof typeof errorCodes;

export interface FieldError {
  /** Path of the offending input, e.g. ["filter", "from"] or ["first"]. */
  path: string[];
  message: string;
}

export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fieldErrors: FieldError[] = [],
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
  get status(): number {
    return errorCodes[this.code];
  }
}

export const invalidInput = (path: string[], message: string) =>
  new AppError('INVALID_INPUT', `Invalid input at ${path.join('.')}: ${message}`, [{ path, message }]);

/** The GraphQL form of an AppError: message plus `extensions.code` (and field errors). */
export function toGraphQLError(err: AppError, path?: ReadonlyArray<string | number>): GraphQLError {
  return new GraphQLError(err.message, {
    path,
    extensions: {
      code: err.code,
      ...(err.fieldErrors.length ? { fieldErrors: err.fieldErrors } : {}),
      ...err.extra,
    },
  });
}
