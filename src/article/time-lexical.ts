import type { Granularity, TimeExpression } from '../model.js';
import { addDays, isoWeek } from '../util/dates.js';

// Time expressions chrono does not read: references to the present, past and future
// ("now", "recently", "the future"), relative years and quarters ("last year", "the
// third quarter", "a year earlier"), seasons, parts of today, fiscal years, durations
// ("the nine months", "two-year", "a few days") and sets ("daily"). Values follow
// TIMEX3: PRESENT_REF, 1989-Q3, 1998-SU, 1998-02-06TMO, P9M, PXD, P1D.

type Found = Omit<TimeExpression, 'sentence' | 'inferred'> & { needsRef: boolean };

const NUM: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12, fifteen: 15, twenty: 20, thirty: 30 };
const ORDINAL: Record<string, number> = { first: 1, '1st': 1, second: 2, '2nd': 2, third: 3, '3rd': 3, fourth: 4, '4th': 4 };
const UNIT: Record<string, string> = { day: 'D', week: 'W', month: 'M', year: 'Y', quarter: 'Q', decade: 'DE', hour: 'H', minute: 'MI' };
const SEASON: Record<string, string> = { spring: 'SP', summer: 'SU', fall: 'FA', autumn: 'FA', winter: 'WI' };
const PART: Record<string, string> = { morning: 'MO', afternoon: 'AF', evening: 'EV', night: 'NI' };

const quarterOf = (day: string) => Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1;

/** The last quarter that has ended by `ref` (reports in November are about Q3). */
function latestQuarter(ref: string): string {
  const y = Number(ref.slice(0, 4));
  const q = quarterOf(ref) - 1;
  return q >= 1 ? `${y}-Q${q}` : `${y - 1}-Q4`;
}

function count(word: string): number | null {
  const w = word.toLowerCase();
  if (/^\d+$/.test(w)) return Number(w);
  return NUM[w] ?? null;
}

const RULES: { re: RegExp; make: (m: RegExpMatchArray, ref: string | null, sentence: string) => { value: string | null; granularity: Granularity; rule: string } | null }[] = [
  { re: /\b(?:right now|now|currently|current|at present|presently|these days|nowadays)\b/gi, make: () => ({ value: 'PRESENT_REF', granularity: 'ref', rule: 'present-ref' }) },
  { re: /\b(?:the past|recently|recent|previously|formerly|in the past)\b(?! (?:few|several|\d+|one|two|three|four|five|six|seven|eight|nine|ten|year|month|week|day|quarter)s?\b)/gi, make: () => ({ value: 'PAST_REF', granularity: 'ref', rule: 'past-ref' }) },
  { re: /\b(?:the future|soon|future)\b/gi, make: () => ({ value: 'FUTURE_REF', granularity: 'ref', rule: 'future-ref' }) },
  { re: /(?<=\b(?:for|over|within|in) )(?:years|months|weeks|days|decades)\b/gi, make: (m) => ({ value: `PX${UNIT[m[0].toLowerCase().replace(/s$/, '')]}`, granularity: 'duration', rule: 'duration' }) },
  {
    re: /\b(last|this|next|the past|the current|the latest) year\b/gi,
    make: (m, ref) => {
      if (!ref) return { value: null, granularity: 'year', rule: 'relative-year' };
      const y = Number(ref.slice(0, 4));
      const w = m[1].toLowerCase();
      return { value: String(w === 'last' || w === 'the past' ? y - 1 : w === 'next' ? y + 1 : y), granularity: 'year', rule: 'relative-year' };
    },
  },
  {
    re: /\b(?:a year (?:ago|earlier|before)|year-(?:earlier|ago)|the year-(?:earlier|ago) (?:period|quarter))\b/gi,
    make: (_m, ref, sentence) => {
      if (!ref) return { value: null, granularity: 'year', rule: 'year-ago' };
      // In results reporting "a year earlier" is the same quarter of the previous year.
      if (/quarter|period/i.test(sentence)) return { value: `${Number(latestQuarter(ref).slice(0, 4)) - 1}${latestQuarter(ref).slice(4)}`, granularity: 'quarter', rule: 'year-ago-quarter' };
      return { value: String(Number(ref.slice(0, 4)) - 1), granularity: 'year', rule: 'year-ago' };
    },
  },
  {
    // "two weeks ago", "10 days ago", "several years ago": counted back from the reference.
    re: /\b(a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|a few|\d{1,2}) (day|week|month|year)s? ago\b/gi,
    make: (m, ref) => {
      const n = m[1].toLowerCase() === 'a' || m[1].toLowerCase() === 'an' ? 1 : count(m[1]);
      const u = m[2].toLowerCase();
      if (!ref || n === null) return { value: null, granularity: u === 'day' ? 'day' : u === 'week' ? 'week' : u === 'month' ? 'month' : 'year', rule: 'ago' };
      if (u === 'day') return { value: addDays(ref, -n), granularity: 'day', rule: 'ago' };
      if (u === 'week') return { value: isoWeek(addDays(ref, -7 * n)), granularity: 'week', rule: 'ago' };
      const y = Number(ref.slice(0, 4));
      if (u === 'year') return { value: String(y - n), granularity: 'year', rule: 'ago' };
      const months = y * 12 + Number(ref.slice(5, 7)) - 1 - n;
      return { value: `${Math.floor(months / 12)}-${String((months % 12) + 1).padStart(2, '0')}`, granularity: 'month', rule: 'ago' };
    },
  },
  {
    re: /\b(?:the )?(first|second|third|fourth|1st|2nd|3rd|4th)[- ]quarter\b/gi,
    make: (m, ref, sentence) => {
      const q = ORDINAL[m[1].toLowerCase()];
      const year = /\b((?:19|20)\d{2})\b/.exec(sentence.slice(m.index!, m.index! + m[0].length + 12));
      if (year) return { value: `${year[1]}-Q${q}`, granularity: 'quarter', rule: 'quarter-year' };
      if (!ref) return { value: null, granularity: 'quarter', rule: 'quarter' };
      const y = Number(ref.slice(0, 4));
      // A quarter that has not begun yet is last year's.
      return { value: `${q > quarterOf(ref) ? y - 1 : y}-Q${q}`, granularity: 'quarter', rule: 'quarter' };
    },
  },
  { re: /\bthe (?:latest|most recent|last|recent) (?:quarter|period)\b|\bthe quarter\b/gi, make: (_m, ref) => ({ value: ref ? latestQuarter(ref) : null, granularity: 'quarter', rule: 'latest-quarter' }) },
  {
    re: /\b(this|last|next) (spring|summer|fall|autumn|winter)\b/gi,
    make: (m, ref) => {
      if (!ref) return { value: null, granularity: 'season', rule: 'season' };
      const y = Number(ref.slice(0, 4)) + (m[1].toLowerCase() === 'last' ? -1 : m[1].toLowerCase() === 'next' ? 1 : 0);
      return { value: `${y}-${SEASON[m[2].toLowerCase()]}`, granularity: 'season', rule: 'season' };
    },
  },
  { re: /\bthis (morning|afternoon|evening)\b|\btonight\b/gi, make: (m, ref) => ({ value: ref ? `${ref}T${m[1] ? PART[m[1].toLowerCase()] : 'NI'}` : null, granularity: 'time', rule: 'part-of-day' }) },
  { re: /\bfiscal (?:year )?((?:19|20)\d{2})\b/gi, make: (m) => ({ value: m[1], granularity: 'year', rule: 'fiscal-year' }) },
  {
    // "the nine months", "the first nine months", "two-year", "a few days", "the past three months"
    re: /\b(?:(?:the )?(?:first |past |last |next |previous |coming )?)(a few|several|some|\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty)[- ](day|week|month|year|quarter|decade|hour|minute)s?\b(?![- ](?:old|ago|later|earlier|after|before))/gi,
    make: (m) => {
      const n = count(m[1]);
      const u = m[2].toLowerCase();
      // Clock units take a T: PT4H, PT1M.
      const value = u === 'hour' || u === 'minute' ? `PT${n ?? 'X'}${u === 'hour' ? 'H' : 'M'}` : `P${n ?? 'X'}${UNIT[u]}`;
      return { value, granularity: 'duration', rule: 'duration' };
    },
  },
  { re: /\b(daily|weekly|monthly|annually|yearly|every (day|week|month|year))\b/gi, make: (m) => ({ value: `P1${UNIT[(m[2] ?? m[1].replace(/ly$/, '').replace(/^dai$/, 'day').replace(/^annual$/, 'year')).toLowerCase()] ?? 'D'}`, granularity: 'set', rule: 'set' }) },
  {
    // A year standing alone ("in 1996", "1997 results"), not an amount or part of a longer number.
    re: /(?<![$\d.,-])\b(?:19|20)\d{2}\b(?![\d,.%-]\d|\s?(?:percent|%|shares|dollars))/g,
    make: (m) => ({ value: m[0], granularity: 'year', rule: 'bare-year' }),
  },
];

/** Lexical time expressions in one sentence (offsets absolute). */
export function lexicalTimes(sentence: string, offset: number, ref: string | null): Found[] {
  const out: Found[] = [];
  for (const { re, make } of RULES) {
    for (const m of sentence.matchAll(re)) {
      const r = make(m, ref, sentence);
      if (!r) continue;
      const start = offset + m.index!;
      out.push({ start, end: start + m[0].length, text: m[0], value: r.value, granularity: r.granularity, rule: r.rule, needsRef: !['present-ref', 'past-ref', 'future-ref', 'duration', 'set', 'fiscal-year', 'quarter-year', 'bare-year'].includes(r.rule) });
    }
  }
  return out;
}
