// Render an instant as local wall-clock time with its UTC offset in an IANA zone (DST-aware).
import { dateFormat } from '../catalogue/date-formats.ts';

/** Wall-clock parts in 24 hours, for localIso; built once per zone (date-formats.ts). */
const wallClock: Intl.DateTimeFormatOptions = {
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
};
const formatter = (timeZone: string) => dateFormat('wall-clock', wallClock, timeZone);

/** Whether Intl knows the zone; a zone once accepted is remembered, so checking it again builds nothing. */
export function isTimeZone(zone: string): boolean {
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

/** e.g. 2026-03-29T10:00:00+01:00 for 09:00Z in Europe/London after the clocks go forward. */
export function localIso(instant: string | Date, timeZone: string): string {
  const date = new Date(instant);
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  const local = `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
  const offsetMinutes = Math.round((Date.parse(`${local}Z`) - Math.floor(date.getTime() / 1000) * 1000) / 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

const humanStyles: Record<string, Intl.DateTimeFormatOptions> = {
  month: { month: 'long', year: 'numeric' },
  year: { year: 'numeric' },
  day: { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' },
};

/** "Sunday 29 March 2026, 10:00 BST", or just the month when that is all that is known. */
export function humanTime(instant: string, timeZone: string, precision: string): string {
  const style = precision === 'month' || precision === 'year' ? precision : 'day';
  return dateFormat(`human-${style}`, humanStyles[style]!, timeZone).format(new Date(instant));
}
