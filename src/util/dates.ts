import * as chrono from 'chrono-node';

const pad = (n: number) => String(n).padStart(2, '0');

/** YYYY-MM-DD of a Date, in UTC (all our dates are calendar dates, not instants). */
export function isoDay(d: Date): string {
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** Parse YYYY-MM-DD into a UTC-noon Date (noon keeps day arithmetic away from DST edges). */
export function dayToDate(day: string): Date {
  const [y, m, d] = day.slice(0, 10).split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d, 12));
}

export function addDays(day: string, n: number): string {
  const d = dayToDate(day);
  d.setUTCDate(d.getUTCDate() + n);
  return isoDay(d);
}

/** Days since 1970-01-01 of a YYYY-MM-DD date: day arithmetic without a Date per comparison. */
export function dayNumber(day: string): number {
  return Math.floor(dayToDate(day).getTime() / 86400000);
}

/** Whole days from a to b (b - a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((dayToDate(b).getTime() - dayToDate(a).getTime()) / 86400000);
}

/**
 * A calendar date from a machine or human date string ("2020-01-04T10:00:00+05:00",
 * "Sat, 04 Jan 2020 10:00:00 GMT", "January 4th, 2020"). Only strings that carry a
 * year are accepted: a date without a year is not a publication date.
 */
export function parseFullDate(s: string): string | null {
  const t = s.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(t);
  if (iso) return valid(+iso[1], +iso[2], +iso[3]);
  const r = fullDate(t);
  return r ? valid(r.start.get('year')!, r.start.get('month')!, r.start.get('day')!) : null;
}

/** The first date chrono finds in a string that states its day, month and year. */
function fullDate(s: string): chrono.ParsedResult | undefined {
  return chrono.strict
    .parse(s, new Date(Date.UTC(2000, 0, 1)))
    .find((r) => r.start.isCertain('year') && r.start.isCertain('month') && r.start.isCertain('day'));
}

const WEEKDAY = /\b(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\b\.?/gi;
const CLOCK = /\b\d{1,2}\s*[:.]\s*\d{2}(?:\s*[ap]\.?\s*m\b\.?)?|\b\d{1,2}\s*[ap]\.?\s*m\b\.?/gi;
const ZONE = /\b(?:[A-Z]{1,4}T|UTC|GMT)(?:[+-]\d{1,2}(?::?\d{2})?)?\b/g;

/**
 * The calendar date of a line that says nothing but a date ("July 29, 2004", "Thursday 29
 * July 2004 08.23 BST", "8:41 p.m. EST, Tue March 3, 2009"), or null when the line says
 * anything else. Only dates with a year count.
 */
export function dateOnly(line: string): string | null {
  const t = line.trim();
  if (!t || t.length > 80) return null;
  const r = fullDate(t);
  if (!r) return null;
  const rest = (t.slice(0, r.index) + ' ' + t.slice(r.index + r.text.length))
    .replace(WEEKDAY, ' ')
    .replace(CLOCK, ' ')
    .replace(ZONE, ' ')
    .replace(/[\s,|•·()/:.–—-]+/g, '');
  return rest.length ? null : valid(r.start.get('year')!, r.start.get('month')!, r.start.get('day')!);
}

function valid(y: number, m: number, d: number): string | null {
  if (y < 1800 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31) return null;
  const day = `${y}-${pad(m)}-${pad(d)}`;
  return isoDay(dayToDate(day)) === day ? day : null;
}

/** A date embedded in a URL path: /2020/01/04/ or /2020-01-04-. */
export function dateFromUrl(url: string): string | null {
  const m = /\/(20\d{2}|19\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:[/-]|$)/.exec(url);
  return m ? valid(+m[1], +m[2], +m[3]) : null;
}

/** ISO week string (2020-W02) for a day: the week holding its Thursday, counted in that Thursday's year. */
export function isoWeek(day: string): string {
  const d = dayToDate(day);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7) + 3);
  const year = d.getUTCFullYear();
  const week = 1 + Math.floor((d.getTime() - Date.UTC(year, 0, 1, 12)) / 86400000 / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}
