/** Calendar dates of bulletins (`YYYY-MM-DD`, China time) formatted for readers, feeds and metadata. */

/** A calendar date split into its numbered parts (month 1–12). */
export interface DateParts {
  year: number;
  month: number;
  day: number;
}

/** Splits `YYYY-MM-DD` into numbers. The schema guarantees the form; this only reads it. */
export function dateParts(isoDate: string): DateParts {
  const [year, month, day] = isoDate.split('-').map(Number);
  if (year === undefined || month === undefined || day === undefined) {
    throw new Error(`not a YYYY-MM-DD date: ${isoDate}`);
  }
  return { year, month, day };
}

// Formatting in UTC of a UTC-midnight instant prints exactly the stored calendar day, wherever the build runs.
const dayFormat = new Intl.DateTimeFormat('zh-CN', { timeZone: 'UTC', year: 'numeric', month: 'long', day: 'numeric' });
const monthFormat = new Intl.DateTimeFormat('zh-CN', { timeZone: 'UTC', year: 'numeric', month: 'long' });

/** Dates already formatted: a build formats the same few thousand dates on every listing page. */
const formattedDates = new Map<string, string>();

/** `2021-03-05` → `2021年3月5日`. */
export function formatDate(isoDate: string): string {
  let formatted = formattedDates.get(isoDate);
  if (formatted === undefined) {
    const { year, month, day } = dateParts(isoDate);
    formatted = dayFormat.format(Date.UTC(year, month - 1, day));
    formattedDates.set(isoDate, formatted);
  }
  return formatted;
}

/** (2021, 3) → `2021年3月`. */
export function formatMonth(year: number, month: number): string {
  return monthFormat.format(Date.UTC(year, month - 1, 1));
}

/** 2021 → `2021年`. */
export function formatYear(year: number): string {
  return `${year}年`;
}

/** China is on UTC+8 all year (no daylight saving). */
const CHINA_OFFSET = '+08:00';

/** The start of the day in China, as an ISO 8601 date-time with offset, for `datePublished` and `<time>`. */
export function chinaDateTime(isoDate: string): string {
  return `${isoDate}T00:00:00${CHINA_OFFSET}`;
}

/**
 * The instant used as a feed item's date: 12:00 UTC, which is 20:00 the same day in China. A bulletin has
 * a day, not a time; this instant falls on that calendar day in every time zone from UTC−11 to UTC+11,
 * so a feed reader shows the bulletin's own date wherever it runs.
 */
export function feedInstant(isoDate: string): Date {
  return new Date(`${isoDate}T12:00:00Z`);
}

/** Today's date in China (`YYYY-MM-DD`) at the instant `now`. */
export function chinaToday(now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
