import * as chrono from 'chrono-node';
import type { Granularity, Sentence, TimeExpression, Token } from '../model.js';
import { addDays, dayToDate, isoDay } from '../util/dates.js';
import { lexicalTimes } from './time-lexical.js';
import { COUNT_RE, count } from './time-numbers.js';
import { resolveWeekday, tenseAt, yearFor, type Tense } from './time-resolve.js';

// Time expressions: chrono-node finds candidates; our refiners fix what it gets wrong for
// news: weekday direction by tense, "N days after" as an offset from an anchor event,
// bare years, and granularity. Values are TIMEX3-style strings.

// "two days after", "a week before": a duration (the TIMEX3 extent) and the signal that anchors it.
const OFFSET_RE = new RegExp(`\\b(${COUNT_RE}) (day|week)s? (after|before|later|earlier)\\b`, 'gi');
const YEAR_RE = /\b(in|since|by|during|until|of|from) ((?:1[5-9]|20)\d{2})\b(?![,.]\d)/g;
/** A counted unit inside chrono's match: a duration or offset, left to the lexical rules. */
const COUNTED_UNIT = new RegExp(`\\b(?:${COUNT_RE})[- ](?:days?|weeks?|months?|years?|hours?|minutes?)\\b`, 'i');
const WEEKDAY_ABBREVIATION = /^(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\.?$/i;
/** A written clock time: "9 a.m.", "10:30", "noon" (not "$1.35 a share" or "at 20 million"). */
const CLOCK = /\b\d{1,2}(?::\d{2})?\s*(?:a\.?m\b|p\.?m\b)|\b\d{1,2}:\d{2}\b|\bnoon\b|\bmidnight\b|o'clock/i;
const PARTS: Record<string, string> = { morning: 'MO', afternoon: 'AF', evening: 'EV', night: 'NI' };

function tokenIndexAt(tokens: Token[], offset: number, a: number, b: number): number {
  for (let i = a; i <= b; i++) if (tokens[i].end > offset) return i;
  return b;
}

type Candidate = Omit<TimeExpression, 'sentence'>;

/** A copy of a chrono result found `at` characters further on. */
function shifted(r: chrono.ParsedResult, at: number): chrono.ParsedResult {
  return at ? Object.assign(Object.create(Object.getPrototypeOf(r)), r, { index: r.index + at }) : r;
}

/** Runs no date is made of. chrono's patterns rescan them from every start: quadratic on a long run. */
const FILLER = /\s{256,}|\S{256,}/g;

/** chrono's results for a sentence, read piece by piece between long runs of filler. */
function chronoParts(sentence: string, refDate: Date): chrono.ParsedResult[] {
  const out: chrono.ParsedResult[] = [];
  let from = 0;
  for (const m of [...sentence.matchAll(FILLER), null]) {
    const to = m ? m.index : sentence.length;
    if (to > from) out.push(...chronoPiece(sentence.slice(from, to), refDate).map((r) => shifted(r, from)));
    if (m) from = m.index + m[0].length;
  }
  return out;
}

/** chrono's results, with a range ("Aug. 26 to Oct. 20") split into its two dates, as TimeML annotates it. */
function chronoPiece(sentence: string, refDate: Date): chrono.ParsedResult[] {
  const out: chrono.ParsedResult[] = [];
  for (const r of chrono.parse(sentence, { instant: refDate, timezone: 0 })) {
    const split = r.end ? /(?<!\s)\s*(?:\bto\b|\bthrough\b|\buntil\b|-|–)\s*/.exec(r.text) : null;
    if (!split) {
      out.push(r);
      continue;
    }
    const left = r.text.slice(0, split.index);
    const rightAt = split.index + split[0].length;
    for (const [text, at] of [
      [left, 0],
      [r.text.slice(rightAt), rightAt],
    ] as const) {
      const part = chrono.parse(text, { instant: refDate, timezone: 0 })[0];
      if (part && part.index === 0) out.push(shifted(part, r.index + at - part.index));
    }
  }
  return out;
}

/** chrono's reading of one match, refined for news; null to drop it. */
function refineChrono(
  r: chrono.ParsedResult,
  sentence: string,
  s: Sentence,
  ref: string | null,
  refInferred: boolean,
  tense: (at: number) => Tense,
): Candidate | null {
  // TIMEX3 extents leave the preposition out: "on Sunday" is annotated "Sunday".
  const lead = /^(?:at|on|in|by|from|until|since|during|of)\s+/i.exec(r.text)?.[0].length ?? 0;
  const found = r.text.slice(lead).replace(/(?<![\s,.;:])[\s,.;:]+$/, '');
  const start = s.start + r.index + lead;
  const end = start + found.length;
  const known = (k: chrono.Component) => r.start.isCertain(k);
  if (found.length < 3 || /^\d+$/.test(found)) return null;
  // Fractions ("12 3/4%"), "Sun" Microsystems, "sat" and "march" as words, relative offsets, weeks: not chrono's.
  if (
    /^(?:\d+ )?\d{1,2}\/\d{1,2}$/.test(found) ||
    WEEKDAY_ABBREVIATION.test(found) ||
    (/^[a-z]/.test(found) && !/\d/.test(found) && /^(?:may|march|sat|sun)/.test(found))
  )
    return null;
  if (/\b(later|earlier|ago|after|before|couple|few|weeks?|weekend)\b/i.test(found) || COUNTED_UNIT.test(found))
    return null;
  const t = tense(r.index);
  let value: string | null = null;
  let granularity: Granularity = 'day';
  let rule = 'chrono';
  let inferred = refInferred;
  const explicitYear = /\b\d{4}\b/.test(found);
  const deictic = /\b(today|yesterday|tomorrow|tonight|last night)\b/i.test(found);
  if (
    !explicitYear &&
    known('year') &&
    known('month') &&
    known('day') &&
    !known('weekday') &&
    !/^\w+\.? \d{1,2}(st|nd|rd|th)?$/i.test(found) &&
    !deictic
  )
    return null;
  if (deictic) {
    const w = found.toLowerCase();
    if (ref)
      value =
        w.includes('yesterday') || w.includes('last night')
          ? addDays(ref, -1)
          : w.includes('tomorrow')
            ? addDays(ref, 1)
            : ref;
    rule = 'deictic-day';
  } else if (known('year') && known('month') && known('day') && explicitYear) {
    value = isoDay(r.start.date());
    rule = 'absolute-date';
    inferred = false;
  } else if (known('month') && known('day')) {
    if (ref)
      value = `${yearFor(r.start.get('month')!, r.start.get('day')!, ref, t)}-${String(r.start.get('month')).padStart(2, '0')}-${String(r.start.get('day')).padStart(2, '0')}`;
    rule = 'month-day+reference-year';
  } else if (known('weekday') && !known('day')) {
    // "last Monday" is never today; "next Monday" never today either.
    const mod = /^(last|next|this)\b/i.exec(found)?.[1].toLowerCase();
    if (ref)
      value = resolveWeekday(
        r.start.get('weekday')!,
        ref,
        mod === 'last' ? 'past' : mod === 'next' ? 'future' : t,
        mod === 'last' || mod === 'next',
      );
    rule = `weekday-${t}`;
  } else if (known('month') && known('year') && !known('day')) {
    value = `${r.start.get('year')}-${String(r.start.get('month')).padStart(2, '0')}`;
    granularity = 'month';
    rule = /last|next|this/i.test(found) ? 'relative-month' : 'month-year';
    inferred = rule === 'relative-month' ? refInferred : false;
    if (rule === 'relative-month' && !ref) value = null;
  } else if (known('month') && !known('day')) {
    // "in November": the most recent one for past tense, the next one for future.
    if (ref) {
      const month = r.start.get('month')!;
      value = `${yearFor(month, 15, ref, t)}-${String(month).padStart(2, '0')}`;
    }
    granularity = 'month';
    rule = 'month-name';
  } else if (known('hour') && ref && CLOCK.test(found)) {
    // A clock time alone ("at 10 p.m.") is on the reference day.
    value = ref;
    rule = 'clock-time';
  } else return null; // "now", durations: the lexical rules read those
  // Parts of the day and clock times refine a day: 2000-01-07TEV, 2000-04-04T09:00.
  // "Friday night" stays a day: the night runs past midnight and TimeBank dates it by its day.
  const part = /\b(morning|afternoon|evening|night)\b/i.exec(found)?.[1].toLowerCase();
  if (value && granularity === 'day' && part && (part !== 'night' || deictic)) {
    value = `${value}T${PARTS[part]}`;
    granularity = 'time';
  } else if (value && granularity === 'day' && known('hour') && CLOCK.test(found)) {
    value = `${value}T${String(r.start.get('hour')).padStart(2, '0')}:${String(r.start.get('minute') ?? 0).padStart(2, '0')}`;
    granularity = 'time';
  }
  return { start, end, text: found, value, granularity, inferred, rule };
}

/**
 * Time expressions of one article, resolved against `ref` (YYYY-MM-DD) when given.
 * With no reference, expressions that need one keep value null, so a later pass with an
 * inferred reference (story level) can fill them in. Where candidates overlap, the
 * longest wins (TIMEX3 extents are maximal: "early Friday morning", "the 1988 third quarter").
 */
export function findTimes(
  text: string,
  tokens: Token[],
  sents: Sentence[],
  ranges: [number, number][],
  ref: string | null,
  refInferred = false,
): TimeExpression[] {
  const out: TimeExpression[] = [];
  const refDate = ref ? dayToDate(ref) : new Date(Date.UTC(2000, 0, 1, 12));
  const quarterly = /\b(?:quarter|quarterly)\b/i.test(text);
  sents.forEach((s, si) => {
    const [a, b] = ranges[si];
    const sentence = text.slice(s.start, s.end);
    const tense = (at: number) => tenseAt(tokens, a, b, tokenIndexAt(tokens, s.start + at, a, b));
    const candidates: Candidate[] = [];
    for (const m of sentence.matchAll(OFFSET_RE)) {
      const n = count(m[1]) ?? 1;
      const unit = m[2].toLowerCase();
      const days = n * (unit === 'week' ? 7 : 1) * (/after|later/i.test(m[3]) ? 1 : -1);
      // "two days after X": X happened `days` before the sentence's own event, so the anchor offset is negative.
      // The extent is the duration; the signal word only directs it.
      const start = s.start + m.index!;
      const extent = m[0].slice(0, m[0].length - m[3].length - 1);
      candidates.push({
        start,
        end: start + extent.length,
        text: extent,
        value: `P${count(m[1]) ?? 'X'}${unit === 'week' ? 'W' : 'D'}`,
        granularity: 'duration',
        inferred: false,
        rule: 'offset-from-event',
        anchorOffsetDays: -days,
      });
    }
    for (const r of chronoParts(sentence, refDate)) {
      const c = refineChrono(r, sentence, s, ref, refInferred, tense);
      if (c) candidates.push(c);
    }
    for (const e of lexicalTimes(s.start, { ref, sentence, tense, quarterly })) {
      const { needsRef, ...rest } = e;
      candidates.push({ ...rest, inferred: needsRef && refInferred });
    }
    for (const m of sentence.matchAll(YEAR_RE)) {
      const start = s.start + m.index! + m[1].length + 1;
      candidates.push({
        start,
        end: start + 4,
        text: m[2],
        value: m[2],
        granularity: 'year',
        inferred: false,
        rule: 'bare-year',
      });
    }
    const kept: Candidate[] = [];
    // Stable sort: among equal lengths, the earlier source (offset, chrono, lexical) wins.
    for (const c of [...candidates].sort((x, y) => y.end - y.start - (x.end - x.start))) {
      if (!kept.some((k) => c.start < k.end && c.end > k.start)) kept.push(c);
    }
    for (const c of kept) out.push({ ...c, sentence: si });
  });
  return out.sort((x, y) => x.start - y.start);
}
