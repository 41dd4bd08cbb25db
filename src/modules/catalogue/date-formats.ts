// Intl.DateTimeFormat objects cost a tenth of a millisecond or more to build, and a page formats many dates: each style
// is built once per time zone and kept (an entry page spent 6 % of its CPU building them afresh for every date).
const formats = new Map<string, Intl.DateTimeFormat>();

/** Every IANA zone and its aliases, for each of a few styles; a bound still matters, as Intl takes any spelling's case. */
const MAX_FORMATS = 2_000;

/** The formatter of `style` (its name, unique per set of `options`) in `timeZone`; Intl's RangeError for an unknown zone. */
export function dateFormat(style: string, options: Intl.DateTimeFormatOptions, timeZone: string): Intl.DateTimeFormat {
  const key = `${style} ${timeZone}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { ...options, timeZone });
    // Oldest first out: Map keeps insertion order.
    if (formats.size >= MAX_FORMATS) formats.delete(formats.keys().next().value!);
    formats.set(key, f);
  }
  return f;
}
