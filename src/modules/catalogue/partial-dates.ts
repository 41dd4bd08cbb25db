// Dates known only to the month or year: shown and exported at the precision that is known, never with an invented day.
import type { DatePrecision } from '../../../schema/columns.ts';

/** An ISO 8601 date or date-time cut to what is known: "2024-09" for a month, "2024" for a year (both valid ISO 8601). */
export function isoAtPrecision(iso: string, precision: DatePrecision | string): string {
  if (precision === 'month') return iso.slice(0, 7);
  if (precision === 'year') return iso.slice(0, 4);
  return iso;
}

/** A calendar date ("2024-09-01") in words: "1 September 2024", "September 2024" or "2024". */
export function humanDate(date: string, precision: DatePrecision | string): string {
  const options: Intl.DateTimeFormatOptions =
    precision === 'month'
      ? { month: 'long', year: 'numeric' }
      : precision === 'year'
        ? { year: 'numeric' }
        : { day: 'numeric', month: 'long', year: 'numeric' };
  return new Intl.DateTimeFormat('en-GB', { ...options, timeZone: 'UTC' }).format(new Date(`${date.slice(0, 10)}T00:00:00Z`));
}
