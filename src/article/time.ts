import { lexicalTimes } from './time-lexical.js';
import * as chrono from 'chrono-node';
import type { Granularity, Sentence, TimeExpression, Token } from '../model.js';
import { addDays, dayToDate, isoDay, isoWeek } from '../util/dates.js';

// Time expressions: chrono-node finds candidates; our refiners fix what it gets wrong for
// news: weekday direction by tense, "N days after" as an offset from an anchor event,
// bare years, and granularity. Values are TIMEX3-style strings.

export type Tense = 'past' | 'present' | 'future';

const PAST_IRREGULAR = new Set(
  'was were had did said told came went spoke met made took gave saw left held led sent began became brought thought fought won lost ran wrote read kept paid stood found felt heard hit set put called'.split(' '),
);

/** Tense of the verb governing a position: the nearest verb on the left, else on the right. */
export function tenseAt(tokens: Token[], a: number, b: number, at: number): Tense {
  const verbs: { i: number; tense: Tense }[] = [];
  for (let i = a; i <= b; i++) {
    const t = tokens[i];
    const w = t.text.toLowerCase();
    if (w === 'will' || w === 'shall' || w === "'ll") verbs.push({ i, tense: 'future' });
    else if ((t.pos === 'VERB' || t.pos === 'AUX') && (PAST_IRREGULAR.has(w) || (/ed$/.test(w) && w !== t.lemma))) verbs.push({ i, tense: 'past' });
    else if (w === 'has' || w === 'have') verbs.push({ i, tense: 'past' });
    else if (t.pos === 'VERB' || t.pos === 'AUX') verbs.push({ i, tense: 'present' });
  }
  // News narrates in the past: a weekday is future only with a future marker governing it.
  const left = verbs.filter((v) => v.i < at).pop();
  if (verbs.some((v) => v.tense === 'future' && v.i < at && at - v.i <= 8)) return 'future';
  if (!left && verbs.find((v) => v.i > at)?.tense === 'future') return 'future';
  if (verbs.some((v) => v.tense === 'past')) return 'past';
  return verbs.length ? 'present' : 'past';
}

/** The weekday nearest the reference in the tense's direction (same day allowed). */
export function resolveWeekday(weekday: number, ref: string, tense: Tense): string {
  const refDow = dayToDate(ref).getUTCDay();
  if (tense === 'future') return addDays(ref, (weekday - refDow + 7) % 7);
  if (tense === 'past') return addDays(ref, -((refDow - weekday + 7) % 7));
  const back = (refDow - weekday + 7) % 7;
  const fwd = (weekday - refDow + 7) % 7;
  return back <= fwd ? addDays(ref, -back) : addDays(ref, fwd);
}

/** Year for a month/day without one: the occurrence closest to the reference, biased by tense. */
export function yearFor(month: number, day: number, ref: string, tense: Tense): number {
  const y = Number(ref.slice(0, 4));
  const opts = [y - 1, y, y + 1].map((yy) => ({ yy, diff: (Date.UTC(yy, month - 1, day) - dayToDate(ref).getTime()) / 86400000 }));
  const allowed = opts.filter((o) => (tense === 'past' ? o.diff <= 1 : tense === 'future' ? o.diff >= -1 : true));
  const best = (allowed.length ? allowed : opts).sort((p, q) => Math.abs(p.diff) - Math.abs(q.diff))[0];
  // News names a date ten months back with its year; without one, a date a few weeks
  // ahead is meant even in a past-tense sentence ("said it would pay on Dec. 7").
  const soon = opts.find((o) => o.diff > 1 && o.diff <= 90);
  if (tense === 'past' && best.diff < -300 && soon) return soon.yy;
  return best.yy;
}

const NUMBER_WORDS: Record<string, number> = { a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10 };
const OFFSET_RE = /\b(a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2}) (day|week)s? (after|before|later|earlier)\b/gi;
const YEAR_RE = /\b(in|since|by|during|until|of|from) ((?:19|20)\d{2})\b/g;

function tokenIndexAt(tokens: Token[], offset: number, a: number, b: number): number {
  for (let i = a; i <= b; i++) if (tokens[i].end > offset) return i;
  return b;
}

/**
 * Time expressions of one article, resolved against `ref` (YYYY-MM-DD) when given.
 * With no reference, expressions that need one keep value null, so a later pass with an
 * inferred reference (story level) can fill them in.
 */
export function findTimes(text: string, tokens: Token[], sents: Sentence[], ranges: [number, number][], ref: string | null, refInferred = false): TimeExpression[] {
  const out: TimeExpression[] = [];
  const refDate = ref ? dayToDate(ref) : new Date(Date.UTC(2000, 0, 1, 12));
  sents.forEach((s, si) => {
    const [a, b] = ranges[si];
    const sentence = text.slice(s.start, s.end);
    const taken: [number, number][] = [];
    const push = (e: Omit<TimeExpression, 'sentence'>) => {
      if (taken.some(([x, y]) => e.start < y && e.end > x)) return;
      taken.push([e.start, e.end]);
      out.push({ ...e, sentence: si });
    };
    for (const m of sentence.matchAll(OFFSET_RE)) {
      const n = NUMBER_WORDS[m[1].toLowerCase()] ?? Number(m[1]);
      const days = n * (m[2].toLowerCase() === 'week' ? 7 : 1) * (/after|later/i.test(m[3]) ? 1 : -1);
      // "two days after X": X happened `days` before the sentence's own event, so the anchor offset is negative.
      const start = s.start + m.index!;
      push({ start, end: start + m[0].length, text: m[0], value: null, granularity: 'day', inferred: false, rule: 'offset-from-event', anchorOffsetDays: -days });
    }
    for (const r of chrono.parse(sentence, { instant: refDate, timezone: 0 })) {
      const found = r.text.replace(/[\s,.;:]+$/, '');
      const start = s.start + r.index;
      const end = start + found.length;
      if (found.length < 3 || /^\d+$/.test(found)) continue;
      const known = (k: chrono.Component) => r.start.isCertain(k);
      const at = tokenIndexAt(tokens, start, a, b);
      const tense = tenseAt(tokens, a, b, at);
      let value: string | null = null;
      let granularity: Granularity = 'day';
      let rule = 'chrono';
      let inferred = refInferred;
      const explicitYear = /\b\d{4}\b/.test(found);
      if (/\b(later|earlier|ago|after|before|couple|few)\b/i.test(found)) continue; // relative offsets: handled by OFFSET_RE or unanchored
      const deictic = /\b(today|yesterday|tomorrow|tonight|last night)\b/i.test(found);
      if (!explicitYear && known('year') && known('month') && known('day') && !known('weekday') && !/^\w+ \d{1,2}(st|nd|rd|th)?$/i.test(found)) {
        // chrono's "today", "last night", "a couple of days later": deictic, relative to the reference.
        if (!/\b(today|yesterday|tomorrow|tonight|last night)\b/i.test(found)) continue;
      }
      if (deictic) {
        const w = found.toLowerCase();
        if (ref) value = w.includes('yesterday') || w.includes('last night') ? addDays(ref, -1) : w.includes('tomorrow') ? addDays(ref, 1) : ref;
        rule = 'deictic-day';
      } else if (known('year') && known('month') && known('day') && explicitYear) {
        value = isoDay(r.start.date());
        rule = 'absolute-date';
        inferred = false;
      } else if (known('month') && known('day')) {
        if (ref) value = `${yearFor(r.start.get('month')!, r.start.get('day')!, ref, tense)}-${String(r.start.get('month')).padStart(2, '0')}-${String(r.start.get('day')).padStart(2, '0')}`;
        rule = 'month-day+reference-year';
      } else if (known('weekday') && !known('day')) {
        if (ref) value = resolveWeekday(r.start.get('weekday')!, ref, tense);
        rule = `weekday-${tense}`;
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
          const y = yearFor(month, 15, ref, tense);
          value = `${y}-${String(month).padStart(2, '0')}`;
        }
        granularity = 'month';
        rule = 'month-name';
      } else if (/\b(last|next|this) week\b/i.test(found)) {
        granularity = 'week';
        if (ref) value = isoWeek(addDays(ref, /last/i.test(found) ? -7 : /next/i.test(found) ? 7 : 0));
        rule = 'relative-week';
      } else continue; // clock times, "now", durations: not timeline material yet
      push({ start, end, text: found, value, granularity, inferred, rule });
    }
    for (const e of lexicalTimes(sentence, s.start, ref)) {
      const { needsRef, ...rest } = e;
      push({ ...rest, inferred: needsRef && refInferred });
    }
    for (const m of sentence.matchAll(YEAR_RE)) {
      const start = s.start + m.index! + m[1].length + 1;
      push({ start, end: start + 4, text: m[2], value: m[2], granularity: 'year', inferred: false, rule: 'bare-year' });
    }
  });
  return out.sort((x, y) => x.start - y.start);
}
