// Custom scalars: instants (DateTime), calendar dates (Date) and web addresses (URL).
import { GraphQLError, Kind, type ValueNode } from 'graphql';
import { builder } from './builder.ts';

const isoInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;
const isoDate = /^\d{4}-\d{2}-\d{2}$/;

function parseInstant(value: unknown): string {
  // V8 rolls 2026-02-30 over into March, so the calendar date is checked on its own too.
  if (typeof value !== 'string' || !isoInstant.test(value) || Number.isNaN(Date.parse(value)) || !isCalendarDate(value.slice(0, 10))) {
    throw new GraphQLError('DateTime must be an ISO 8601 instant with an offset, e.g. 2026-01-31T18:00:00Z', {
      extensions: { code: 'INVALID_INPUT' },
    });
  }
  return new Date(value).toISOString();
}

function isCalendarDate(value: string): boolean {
  return isoDate.test(value) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
}

function parseDate(value: unknown): string {
  const ok = typeof value === 'string' && isCalendarDate(value);
  if (!ok) throw new GraphQLError('Date must be a calendar date, e.g. 2024-09-01', { extensions: { code: 'INVALID_INPUT' } });
  return value as string;
}

function parseUrl(value: unknown): string {
  if (typeof value === 'string' && URL.canParse(value) && /^https?:$/.test(new URL(value).protocol)) return value;
  throw new GraphQLError('URL must be an absolute http(s) address', { extensions: { code: 'INVALID_INPUT' } });
}

const literal = (parse: (v: unknown) => string) => (node: ValueNode) => parse(node.kind === Kind.STRING ? node.value : undefined);

builder.scalarType('DateTime', {
  description: 'An instant, as ISO 8601 text in UTC (e.g. 2024-09-01T00:00:00.000Z).',
  serialize: (value) => new Date(value as string).toISOString(),
  parseValue: parseInstant,
  parseLiteral: literal(parseInstant),
});

builder.scalarType('Date', {
  description: 'A calendar date (YYYY-MM-DD), with no time or zone.',
  serialize: (value) => String(value).slice(0, 10),
  parseValue: parseDate,
  parseLiteral: literal(parseDate),
});

builder.scalarType('URL', {
  description: 'An absolute http(s) address.',
  serialize: (value) => String(value),
  parseValue: parseUrl,
  parseLiteral: literal(parseUrl),
});
