// Dates known only to the month or year: shown and exported at the precision that is known, never with an invented day.
import type { DatePrecision } from '../../../schema/columns.ts';
import { dateFormat } from './date-formats.ts';

/** An ISO 8601 date or date-time cut to what is known: "2024-09" for a month, "2024" for a year (both valid ISO 8601). */
export function isoAtPrecision(iso: string, precision: DatePrecision | string): string {
  if (precision === 'month') return iso.slice(0, 7);
  if (precision === 'year') return iso.slice(0, 4);
  return iso;
}

const calendarStyles: Record<string, Intl.DateTimeFormatOptions> = {
  month: { month: 'long', year: 'numeric' },
  year: { year: 'numeric' },
  day: { day: 'numeric', month: 'long', year: 'numeric' },
};

/** A calendar date ("2024-09-01") in words: "1 September 2024", "September 2024" or "2024". */
export function humanDate(date: string, precision: DatePrecision | string): string {
  const style = precision === 'month' || precision === 'year' ? precision : 'day';
  return dateFormat(`calendar-${style}`, calendarStyles[style]!, 'UTC').format(new Date(`${date.slice(0, 10)}T00:00:00Z`));
}
