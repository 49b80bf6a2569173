import { occurrence, type Tense } from './time-resolve.js';

// Holidays news dates events by ("found Thanksgiving Day", "from now to Election Day"),
// US-centred like the wires that use them; each resolves to its date in the year the
// sentence's tense points to.

const pad = (n: number) => String(n).padStart(2, '0');

/** The n-th (1-based; -1 = last) given weekday (0 = Sunday) of a month. */
function nthWeekday(year: number, month: number, weekday: number, n: number): string {
  if (n < 0) {
    const last = new Date(Date.UTC(year, month, 0, 12));
    const back = (last.getUTCDay() - weekday + 7) % 7;
    return `${year}-${pad(month)}-${pad(last.getUTCDate() - back)}`;
  }
  const first = new Date(Date.UTC(year, month - 1, 1, 12)).getUTCDay();
  return `${year}-${pad(month)}-${pad(1 + ((weekday - first + 7) % 7) + 7 * (n - 1))}`;
}

/** Easter Sunday (anonymous Gregorian algorithm). */
function easter(y: number): string {
  const a = y % 19;
  const b = Math.floor(y / 100);
  const c = y % 100;
  const h = (19 * a + b - Math.floor(b / 4) - Math.floor((b - Math.floor((8 * b + 13) / 25)) / 3) + 15) % 30;
  const l = (32 + 2 * (b % 4) + 2 * Math.floor(c / 4) - h - (c % 4)) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${y}-${pad(month)}-${pad(day)}`;
}

const HOLIDAYS: [RegExp, (y: number) => string][] = [
  [/^thanksgiving/i, (y) => nthWeekday(y, 11, 4, 4)],
  [/^christmas eve/i, (y) => `${y}-12-24`],
  [/^christmas/i, (y) => `${y}-12-25`],
  [/^new year's eve/i, (y) => `${y}-12-31`],
  [/^new year/i, (y) => `${y}-01-01`],
  [/^(?:independence day|the fourth of july|fourth of july|july fourth)/i, (y) => `${y}-07-04`],
  [
    /^election day/i,
    (y) => {
      const monday = nthWeekday(y, 11, 1, 1);
      return `${y}-11-${pad(Number(monday.slice(8)) + 1)}`;
    },
  ],
  [/^labor day/i, (y) => nthWeekday(y, 9, 1, 1)],
  [/^memorial day/i, (y) => nthWeekday(y, 5, 1, -1)],
  [/^halloween/i, (y) => `${y}-10-31`],
  [/^valentine/i, (y) => `${y}-02-14`],
  [/^easter/i, easter],
  [
    /^good friday/i,
    (y) => {
      const e = easter(y);
      const d = new Date(`${e}T12:00:00Z`);
      d.setUTCDate(d.getUTCDate() - 2);
      return d.toISOString().slice(0, 10);
    },
  ],
];

export const HOLIDAY_RE =
  /\b(?:Thanksgiving(?: Day)?|Christmas(?: Eve| Day)?|New Year's(?: Eve| Day)?|Independence Day|(?:the )?Fourth of July|Election Day|Labor Day|Memorial Day|Halloween|Valentine's Day|Easter(?: Sunday)?|Good Friday)\b/g;

/** The date a holiday name refers to, relative to the reference and tense. */
export function holidayValue(name: string, ref: string, tense: Tense): string | null {
  const h = HOLIDAYS.find(([re]) => re.test(name));
  return h ? occurrence(h[1], ref, tense) : null;
}
