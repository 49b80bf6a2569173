import type { Granularity, TimeExpression } from '../model.js';
import { addDays, dayToDate, isoWeek } from '../util/dates.js';
import { holidayValue, HOLIDAY_RE } from './time-holidays.js';
import { COUNT_RE, count, spelledYear, SPELLED_YEAR_RE } from './time-numbers.js';
import { yearFor, type Tense } from './time-resolve.js';

// Time expressions chrono does not read: references to the present, past and future
// ("now", "recently", "the future"), relative weeks, years and quarters ("last week", "the
// third quarter", "a year earlier"), seasons, weekends, parts of today, half years,
// decades and centuries, spelled-out years, holidays, fiscal years, durations ("the nine
// months", "two-year", "a few days", "at least 72 hours") and sets ("daily", "every
// quarter"). Values follow TIMEX3: PRESENT_REF, 1989-Q3, 1998-SU, 1989-W43-WE, 1989-H2,
// 197, 1998-02-06TMO, P9M, PXD, PT72H, P1D.

type Found = Omit<TimeExpression, 'sentence' | 'inferred'> & { needsRef: boolean };
type Made = { value: string | null; granularity: Granularity; rule: string } | null;

const COUNT_WORD = /\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|hundreds?|thousands?|millions?)/i;

/**
 * `before` ends with a count, at most two words and a space ("$500 million a", "four flights a").
 * Read word by word from the end: a pattern anchored only at "$" would rescan every start of a long token.
 */
function endsWithCount(before: string): boolean {
  const trimmed = before.trimEnd();
  if (trimmed.length === before.length) return false;
  const words = trimmed.split(/\s+/).slice(-3);
  return words.some((w, i) => COUNT_WORD.test(w) && words.slice(i + 1).every((x) => /^[a-z]+$/i.test(x)));
}
/** What a rule may consult besides its match. */
export interface LexicalContext {
  ref: string | null;
  sentence: string;
  /** Tense governing a position of the sentence. */
  tense: (at: number) => Tense;
  /** The article reports quarterly results: "a year earlier" is then the year-earlier quarter. */
  quarterly: boolean;
}

const ORDINAL: Record<string, number> = {
  first: 1,
  '1st': 1,
  second: 2,
  '2nd': 2,
  third: 3,
  '3rd': 3,
  fourth: 4,
  '4th': 4,
};
const UNIT: Record<string, string> = {
  day: 'D',
  week: 'W',
  month: 'M',
  year: 'Y',
  quarter: 'Q',
  hour: 'H',
  minute: 'M',
  second: 'S',
};
const SEASON: Record<string, string> = { spring: 'SP', summer: 'SU', fall: 'FA', autumn: 'FA', winter: 'WI' };
const SEASON_START: Record<string, number> = { SP: 3, SU: 6, FA: 9, WI: 12 };
const PART: Record<string, string> = { morning: 'MO', afternoon: 'AF', evening: 'EV', night: 'NI' };
const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const MONTH_RE = 'January|February|March|April|May|June|July|August|September|October|November|December';

const pad = (n: number) => String(n).padStart(2, '0');
const yearOf = (day: string) => Number(day.slice(0, 4));
const quarterOf = (day: string) => Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1;

/** The last quarter that has ended by `ref` (reports in November are about Q3). */
function latestQuarter(ref: string): string {
  const y = yearOf(ref);
  const q = quarterOf(ref) - 1;
  return q >= 1 ? `${y}-Q${q}` : `${y - 1}-Q4`;
}

/** A duration value: P3D, PXM, PT72H, decades and centuries as years (P20Y). */
function duration(n: number | null, unit: string): string {
  const u = unit
    .toLowerCase()
    .replace(/s$/, '')
    .replace(/^centurie$/, 'century');
  if (u === 'decade' || u === 'century')
    return n === null ? `PX${u === 'decade' ? 'DE' : 'C'}` : `P${n * (u === 'decade' ? 10 : 100)}Y`;
  const clock = u === 'hour' || u === 'minute' || u === 'second';
  return `P${clock ? 'T' : ''}${n ?? 'X'}${UNIT[u]}`;
}

/** The ISO week of the weekend before (or after, for the future) `ref`, TIMEX3 style: 1989-W43-WE. */
function weekend(ref: string, tense: Tense): string {
  const dow = dayToDate(ref).getUTCDay();
  const saturday =
    tense === 'future' ? addDays(ref, (6 - dow + 7) % 7) : addDays(ref, dow === 6 ? 0 : -((dow + 1) % 7));
  return `${isoWeek(saturday)}-WE`;
}

const RULES: { re: RegExp; make: (m: RegExpMatchArray, c: LexicalContext) => Made }[] = [
  {
    re: /\b(?:right now|now|currently|current|at present|presently|these days|nowadays)\b/gi,
    make: () => ({ value: 'PRESENT_REF', granularity: 'ref', rule: 'present-ref' }),
  },
  // "previously" and "formerly" order events more than they refer to a time; TimeBank agrees.
  {
    re: /\b(?:the past|recently|recent|in the past)\b/gi,
    make: () => ({ value: 'PAST_REF', granularity: 'ref', rule: 'past-ref' }),
  },
  // "as soon as Tuesday" and "soon after" are not references to the future.
  {
    re: /\b(?:the future|(?<!as )soon(?! after))\b/gi,
    make: () => ({ value: 'FUTURE_REF', granularity: 'ref', rule: 'future-ref' }),
  },
  {
    // Open-ended durations: "for years", "over the past months", "in recent days", "the weeks ahead", "months ago".
    re: /(?<=\b(?:for|over|within|during) )(?:the )?(?:past |last |next |coming )?(years|months|weeks|days|decades|centuries|hours)\b|(?<=\bin )(years|months|weeks|decades)\b|\brecent (years|months|weeks|days|quarters)\b|\bthe (years|months|weeks|days) ahead\b|(?<!\d )\b(years|months|weeks|days) ago\b/gi,
    make: (m) => ({
      value: duration(null, m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5]),
      granularity: 'duration',
      rule: 'duration-open',
    }),
  },
  {
    re: /\bthe (?:past|last) (decade|century)\b/gi,
    make: (m) => ({ value: duration(1, m[1]), granularity: 'duration', rule: 'duration' }),
  },
  {
    re: /\b(last|this|next|the past|the current|the latest) year\b/gi,
    make: (m, c) => {
      if (!c.ref) return { value: null, granularity: 'year', rule: 'relative-year' };
      const y = yearOf(c.ref);
      const w = m[1].toLowerCase();
      return {
        value: String(w === 'last' || w === 'the past' ? y - 1 : w === 'next' ? y + 1 : y),
        granularity: 'year',
        rule: 'relative-year',
      };
    },
  },
  {
    // "last week" is the week before the reporting week; "the past week" is a duration.
    re: /\b(?:(?:earlier|later) )?(?:(last|this|next|the coming|the last)|(the past)) week\b(?!s)/gi,
    make: (m, c) => {
      if (m[2]) return { value: 'P1W', granularity: 'duration', rule: 'duration' };
      if (!c.ref) return { value: null, granularity: 'week', rule: 'relative-week' };
      const w = m[1].toLowerCase();
      return {
        value: isoWeek(addDays(c.ref, w === 'last' || w === 'the last' ? -7 : w === 'this' ? 0 : 7)),
        granularity: 'week',
        rule: 'relative-week',
      };
    },
  },
  {
    re: /\b(?:the|this|last|next|this past|over the) weekend\b/gi,
    make: (m, c) => {
      if (!c.ref) return { value: null, granularity: 'week', rule: 'weekend' };
      const w = m[0].toLowerCase();
      const tense = /^next/.test(w) ? 'future' : /^(?:last|this past)/.test(w) ? 'past' : c.tense(m.index!);
      return {
        value: weekend(w.startsWith('last') ? addDays(c.ref, -7) : c.ref, tense),
        granularity: 'week',
        rule: 'weekend',
      };
    },
  },
  {
    re: /\b(?:(?:the )?(?:comparable )?year[- ](?:earlier|ago)(?: (?:period|quarter))?|a year (?:ago|earlier|before))\b(?! (?:first|second|third|fourth|nine|six|three)\b)/gi,
    make: (_m, c) => {
      if (!c.ref) return { value: null, granularity: 'year', rule: 'year-ago' };
      // In results reporting "a year earlier" is the same quarter of the previous year.
      const q = latestQuarter(c.ref);
      if (c.quarterly || /quarter|period/i.test(c.sentence))
        return { value: `${yearOf(q) - 1}${q.slice(4)}`, granularity: 'quarter', rule: 'year-ago-quarter' };
      return { value: String(yearOf(c.ref) - 1), granularity: 'year', rule: 'year-ago' };
    },
  },
  {
    // "two weeks ago", "10 days ago", "several years ago": counted back from the reference.
    re: new RegExp(
      `\\b(?:(?:almost|nearly|about|some|more than|over) )?(${COUNT_RE}) (day|week|month|year)s? ago\\b`,
      'gi',
    ),
    make: (m, c) => {
      const n = count(m[1]);
      const u = m[2].toLowerCase();
      const g: Granularity = u === 'day' ? 'day' : u === 'week' ? 'week' : u === 'month' ? 'month' : 'year';
      if (!c.ref || n === null) return { value: null, granularity: g, rule: 'ago' };
      if (u === 'day') return { value: addDays(c.ref, -n), granularity: 'day', rule: 'ago' };
      if (u === 'week') return { value: isoWeek(addDays(c.ref, -7 * n)), granularity: 'week', rule: 'ago' };
      const y = yearOf(c.ref);
      if (u === 'year') return { value: String(y - n), granularity: 'year', rule: 'ago' };
      const months = y * 12 + Number(c.ref.slice(5, 7)) - 1 - n;
      return { value: `${Math.floor(months / 12)}-${pad((months % 12) + 1)}`, granularity: 'month', rule: 'ago' };
    },
  },
  {
    // "the third quarter", "the 1988 third quarter", "this year's second quarter", "the year-earlier third quarter".
    re: /\b(?:the )?(?:((?:19|20)\d{2}|this year's|last year's|fiscal (?:19|20)\d{2}|(?:comparable )?year-(?:earlier|ago)) )?(first|second|third|fourth|1st|2nd|3rd|4th)[- ]quarter\b/gi,
    make: (m, c) => {
      const q = ORDINAL[m[2].toLowerCase()];
      const pre = m[1]?.toLowerCase();
      const explicit =
        /\b((?:19|20)\d{2})\b/.exec(pre ?? '') ??
        /^(?:,? (?:of )?)((?:19|20)\d{2})\b/.exec(c.sentence.slice(m.index! + m[0].length));
      if (explicit) return { value: `${explicit[1]}-Q${q}`, granularity: 'quarter', rule: 'quarter-year' };
      if (!c.ref) return { value: null, granularity: 'quarter', rule: 'quarter' };
      // A quarter that has not begun yet is last year's.
      const y = yearOf(c.ref) - (q > quarterOf(c.ref) ? 1 : 0) - (pre && /last|earlier|ago/.test(pre) ? 1 : 0);
      return { value: `${y}-Q${q}`, granularity: 'quarter', rule: 'quarter' };
    },
  },
  {
    re: /\bthe (?:latest|most recent|last|recent) (?:quarter|period)\b|\bthe quarter\b(?!-)/gi,
    make: (_m, c) => ({ value: c.ref ? latestQuarter(c.ref) : null, granularity: 'quarter', rule: 'latest-quarter' }),
  },
  {
    // "the first half of 1989", "the second half", "the last half of the year".
    re: /\bthe (first|second|last|latter) half(?: of (?:((?:19|20)\d{2})|(?:the|this) year|(last) year|the (?:((?:19|20)\d)0s|'(\d)0s)))?\b/gi,
    make: (m, c) => {
      // Half a decade has no TIMEX3 value of its own: the decade.
      if (m[4] || m[5])
        return { value: m[4] ?? `${c.ref ? c.ref.slice(0, 2) : '19'}${m[5]}`, granularity: 'year', rule: 'decade' };
      const h = m[1].toLowerCase() === 'first' ? 1 : 2;
      const y = m[2] ? Number(m[2]) : c.ref ? yearOf(c.ref) - (m[3] ? 1 : 0) : null;
      return { value: y === null ? null : `${y}-H${h}`, granularity: 'quarter', rule: 'half-year' };
    },
  },
  {
    // Seasons: "last spring", "this past summer", "the winter of 1994", "over the summer".
    re: new RegExp(
      `\\b(?:(this past|this|last|next|early|late) |the |over the )?(spring|summer|fall|autumn|winter)(?: of ((?:19|20)\\d{2}|${SPELLED_YEAR_RE}))?\\b`,
      'gi',
    ),
    make: (m, c) => {
      const season = SEASON[m[2].toLowerCase()];
      const mod = m[1]?.toLowerCase();
      // "fall" and bare seasons are too often verbs or adjectives without a determiner.
      if (!mod && !m[3] && !/^(?:the|over)/i.test(m[0])) return null;
      if (m[3])
        return {
          value: `${/^\d/.test(m[3]) ? m[3] : spelledYear(m[3])}-${season}`,
          granularity: 'season',
          rule: 'season-year',
        };
      if (!c.ref) return { value: null, granularity: 'season', rule: 'season' };
      const y = yearOf(c.ref);
      const started = Number(c.ref.slice(5, 7)) >= SEASON_START[season];
      const tense =
        mod === 'next'
          ? 'future'
          : mod === 'last' || mod === 'this past'
            ? 'past'
            : mod === 'this'
              ? 'present'
              : c.tense(m.index!);
      const year = mod === 'last' ? y - 1 : mod === 'next' ? y + 1 : tense === 'past' && !started ? y - 1 : y;
      return { value: `${year}-${season}`, granularity: 'season', rule: 'season' };
    },
  },
  {
    re: /\bthis (morning|afternoon|evening)\b|\btonight\b/gi,
    make: (m, c) => ({
      value: c.ref ? `${c.ref}T${m[1] ? PART[m[1].toLowerCase()] : 'NI'}` : null,
      granularity: 'time',
      rule: 'part-of-day',
    }),
  },
  {
    re: /\bmidday\b/gi,
    make: (_m, c) => ({ value: c.ref ? `${c.ref}T12:00` : null, granularity: 'time', rule: 'part-of-day' }),
  },
  {
    // Named months with a modifier chrono drops: "last December", "next May", "early March".
    re: new RegExp(
      `\\b([Ll]ast|[Nn]ext|[Tt]his|[Tt]his past|[Ee]arly|[Ll]ate|[Mm]id-?)[ ]?(${MONTH_RE})\\b(?! \\d)`,
      'g',
    ),
    make: (m, c) => {
      if (!c.ref) return { value: null, granularity: 'month', rule: 'relative-month' };
      const month = MONTHS.indexOf(m[2].toLowerCase()) + 1;
      const mod = m[1].toLowerCase();
      const y = yearOf(c.ref);
      const refMonth = Number(c.ref.slice(5, 7));
      const year =
        mod === 'this'
          ? y
          : mod === 'next'
            ? month > refMonth
              ? y
              : y + 1
            : mod === 'last' || mod === 'this past'
              ? month < refMonth
                ? y
                : y - 1
              : yearFor(month, 15, c.ref, c.tense(m.index!));
      return { value: `${year}-${pad(month)}`, granularity: 'month', rule: 'relative-month' };
    },
  },
  {
    // "January this year", "June last year".
    re: new RegExp(`\\b(${MONTH_RE}) (this|last|next) year\\b`, 'g'),
    make: (m, c) => {
      if (!c.ref) return { value: null, granularity: 'month', rule: 'relative-month' };
      const y = yearOf(c.ref) + (m[2] === 'last' ? -1 : m[2] === 'next' ? 1 : 0);
      return {
        value: `${y}-${pad(MONTHS.indexOf(m[1].toLowerCase()) + 1)}`,
        granularity: 'month',
        rule: 'relative-month',
      };
    },
  },
  {
    // "for the year ended March 31" is a year's duration; "the year", "the fiscal year" otherwise the reporting year.
    re: /\bthe (latest |current )?(?:fiscal )?year\b(?! (?:before|after|earlier|later|ago|(?:19|20)\d{2}|two thousand)\b)(?!-)( end(?:ed|ing))?/gi,
    make: (m, c) => {
      if (m[2]) return { value: 'P1Y', granularity: 'duration', rule: 'duration' };
      if (!c.ref) return { value: null, granularity: 'year', rule: 'relative-year' };
      return {
        value: String(yearOf(c.ref) - (m[1]?.trim().toLowerCase() === 'latest' ? 1 : 0)),
        granularity: 'year',
        rule: 'relative-year',
      };
    },
  },
  {
    // "by year-end", "since year end", "the end of the year".
    re: /\b(?:(since) )?(?:year[- ]end|the end of (?:the|this) year)\b/gi,
    make: (m, c) =>
      c.ref
        ? { value: `${yearOf(c.ref) - (m[1] ? 1 : 0)}-12-31`, granularity: 'day', rule: 'year-end' }
        : { value: null, granularity: 'day', rule: 'year-end' },
  },
  {
    re: /\bfiscal (?:year )?((?:19|20)\d{2})\b/gi,
    make: (m) => ({ value: m[1], granularity: 'year', rule: 'fiscal-year' }),
  },
  {
    // Counted durations: "the nine months", "the first nine months", "two-year", "a few days",
    // "at least 72 hours", "two more weeks", "an additional year", "the next couple of years".
    re: new RegExp(
      `\\b(?:(?:the|at least|nearly|almost|about|some|more than|less than|up to|over|roughly) )?(?:(?:first|past|last|next|previous|coming|final|following|initial) )?(${COUNT_RE})[- ](?:(?:more|additional|further|straight|consecutive|full|extra)[- ])?(day|week|month|year|quarter|decade|century|centurie|hour|minute|second)s?\\b(?![- ](?:old|ago|later|earlier))`,
      'gi',
    ),
    make: (m, c) => {
      const n = count(m[1]);
      const u = m[2].toLowerCase();
      const word = m[1].toLowerCase();
      const after = c.sentence.slice(m.index! + m[0].length);
      // "a quarter of", "a second time", "three-quarters of", "one day he…": not durations.
      if ((word === 'a' || word === 'an') && (u === 'quarter' || u === 'second')) return null;
      // A rate, not a duration: "$500 million a year", "four flights a week", "24 hours a day".
      if ((word === 'a' || word === 'an') && endsWithCount(c.sentence.slice(0, m.index!))) return null;
      if (u === 'quarter' && /-quarters?$/i.test(m[0]) && /^ of\b/.test(after)) return null;
      if (
        word === 'one' &&
        u === 'day' &&
        !/^(?:the|a|an|at|for|in|within|over|about|nearly|almost)\b/i.test(m[0]) &&
        !/^s\b/.test(after) &&
        !/^\s*(?:after|before|later|earlier|of)\b/.test(after)
      )
        return null;
      if (u === 'second' && !/^\d/.test(word)) return null;
      return { value: duration(n, u), granularity: 'duration', rule: 'duration' };
    },
  },
  {
    re: /\b(?:daily|weekly|monthly|annually|yearly|hourly|(?:each|every) (?:day|week|month|quarter|year|morning|night|hour))\b/gi,
    make: (m) => {
      const w = m[0].toLowerCase().replace(/^(?:each|every) /, '');
      const v: Record<string, string> = {
        daily: 'P1D',
        day: 'P1D',
        weekly: 'P1W',
        week: 'P1W',
        monthly: 'P1M',
        month: 'P1M',
        quarter: 'P1Q',
        annually: 'P1Y',
        yearly: 'P1Y',
        year: 'P1Y',
        hourly: 'PT1H',
        hour: 'PT1H',
        morning: 'TMO',
        night: 'TNI',
      };
      return { value: v[w], granularity: 'set', rule: 'set' };
    },
  },
  {
    // Decades: "the 1990s", "the late 1970s", "the mid-'80s" → 199, 197, 198.
    re: /\b(?:the )?(?:(?:early|mid|late)[- ]?)?(?:((?:19|20)\d)0s|'(\d)0s)\b|(?:the )?(?:(?:early|mid|late)[- ]?)?'(\d)0s/gi,
    make: (m, c) => {
      const century = c.ref ? c.ref.slice(0, 2) : '19';
      const value = m[1] ?? `${century}${m[2] ?? m[3]}`;
      return { value, granularity: 'year', rule: 'decade' };
    },
  },
  {
    // "mid-1996", "early 1990", "late 2019": the year itself.
    re: /\b(?:early|mid|late)[- ]((?:19|20)\d{2})\b(?!s)/gi,
    make: (m) => ({ value: m[1], granularity: 'year', rule: 'year-part' }),
  },
  {
    // "the 11th century" → 10 (TIMEX3 centuries are the first two digits of their years).
    re: /\b(?:the )?(\d{1,2})(?:st|nd|rd|th)[- ]century\b/gi,
    make: (m) => ({ value: pad(Number(m[1]) - 1), granularity: 'year', rule: 'century' }),
  },
  {
    re: new RegExp(`\\b(?:the year )?${SPELLED_YEAR_RE}\\b`, 'gi'),
    make: (m) => {
      const value = spelledYear(m[0].replace(/^the year /i, ''));
      return value ? { value, granularity: 'year', rule: 'spelled-year' } : null;
    },
  },
  {
    re: HOLIDAY_RE,
    make: (m, c) => ({
      value: c.ref ? holidayValue(m[0], c.ref, c.tense(m.index!)) : null,
      granularity: 'day',
      rule: 'holiday',
    }),
  },
  {
    // A year standing alone ("in 1996", "1997 results"), not an amount or part of a longer number.
    re: /(?<![$\d.,-])\b(?:19|20)\d{2}\b(?![\d,.%-]\d|\s?(?:percent|%|shares|dollars))/g,
    make: (m) => ({ value: m[0], granularity: 'year', rule: 'bare-year' }),
  },
];

const NO_REF = new Set([
  'present-ref',
  'past-ref',
  'future-ref',
  'duration',
  'duration-open',
  'set',
  'fiscal-year',
  'quarter-year',
  'bare-year',
  'season-year',
  'decade',
  'year-part',
  'century',
  'spelled-year',
]);

/** Lexical time expressions in one sentence (offsets absolute); overlaps go to the longest match. */
export function lexicalTimes(offset: number, c: LexicalContext): Found[] {
  const all: Found[] = [];
  for (const { re, make } of RULES) {
    for (const m of c.sentence.matchAll(re)) {
      const r = make(m, c);
      if (!r) continue;
      const start = offset + m.index!;
      all.push({
        start,
        end: start + m[0].length,
        text: m[0],
        value: r.value,
        granularity: r.granularity,
        rule: r.rule,
        needsRef: !NO_REF.has(r.rule),
      });
    }
  }
  const kept: Found[] = [];
  for (const f of [...all].sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start)) {
    if (!kept.some((k) => f.start < k.end && f.end > k.start)) kept.push(f);
  }
  return kept.sort((a, b) => a.start - b.start);
}
