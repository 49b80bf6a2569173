import type { Token } from '../model.js';
import { addDays, daysBetween, dayToDate } from '../util/dates.js';

// Tense and calendar resolution shared by chrono's refiners and the lexical rules: which
// Sunday "on Sunday" is, which year "in November" or "Thanksgiving" falls in.

export type Tense = 'past' | 'present' | 'future';

const PAST_IRREGULAR = new Set(
  'was were had did said told came went spoke met made took gave saw left held led sent began became brought thought fought won lost ran wrote read kept paid stood found felt heard hit set put called'.split(
    ' ',
  ),
);
/** Words that put what follows ahead of the speaker: "will", "planned to leave", "is expected". */
const FUTURE_MARKERS = new Set(['will', 'shall', "'ll", 'wo', 'upcoming', 'tomorrow']);
/** The same, only when followed by "to": "planned to leave", "is expected to rule". */
const FUTURE_BEFORE_TO = new Set([
  'planned',
  'plans',
  'planning',
  'plan',
  'expected',
  'expects',
  'scheduled',
  'due',
  'set',
  'going',
  'is',
  'are',
]);
/** Words right before a date that point forward: "until Tuesday", "by August", "as early as Monday". */
const FUTURE_PREPOSITIONS = new Set(['until', 'till', 'by', 'effective', 'starting', 'from']);

/** Tense of the verb governing a position: the nearest verb on the left, else on the right. */
export function tenseAt(tokens: Token[], a: number, b: number, at: number): Tense {
  const verbs: { i: number; tense: Tense }[] = [];
  for (let i = a; i <= b; i++) {
    const t = tokens[i];
    const w = t.text.toLowerCase();
    if (FUTURE_MARKERS.has(w) || (FUTURE_BEFORE_TO.has(w) && tokens[i + 1]?.text.toLowerCase() === 'to'))
      verbs.push({ i, tense: 'future' });
    else if ((t.pos === 'VERB' || t.pos === 'AUX') && (PAST_IRREGULAR.has(w) || (/ed$/.test(w) && w !== t.lemma)))
      verbs.push({ i, tense: 'past' });
    else if (w === 'has' || w === 'have') verbs.push({ i, tense: 'past' });
    else if (t.pos === 'VERB' || t.pos === 'AUX') verbs.push({ i, tense: 'present' });
  }
  const before = (k: number) => tokens[at - k]?.text.toLowerCase() ?? '';
  // The pluperfect narrates a past before the past: "had filed reports by Wednesday".
  if (verbs.some((v) => v.i < at && tokens[v.i].text.toLowerCase() === 'had')) return 'past';
  if (at - 1 >= a && FUTURE_PREPOSITIONS.has(before(1)) && before(1) !== 'from') return 'future';
  if (at - 3 >= a && before(1) === 'as' && (before(2) === 'early' || before(2) === 'soon') && before(3) === 'as')
    return 'future';
  // News narrates in the past: a weekday is future only with a future marker governing it.
  const left = verbs.filter((v) => v.i < at).pop();
  if (verbs.some((v) => v.tense === 'future' && v.i < at && at - v.i <= 8)) return 'future';
  if (!left && verbs.find((v) => v.i > at)?.tense === 'future') return 'future';
  if (verbs.some((v) => v.tense === 'past')) return 'past';
  return verbs.length ? 'present' : 'past';
}

/** The weekday nearest the reference in the tense's direction (same day allowed unless `strict`). */
export function resolveWeekday(weekday: number, ref: string, tense: Tense, strict = false): string {
  const refDow = dayToDate(ref).getUTCDay();
  const back = (refDow - weekday + 7) % 7 || (strict ? 7 : 0);
  const fwd = (weekday - refDow + 7) % 7 || (strict ? 7 : 0);
  if (tense === 'future') return addDays(ref, fwd);
  if (tense === 'past') return addDays(ref, -back);
  return back <= fwd ? addDays(ref, -back) : addDays(ref, fwd);
}

/**
 * The occurrence of a yearly date (fixed like Dec. 7 or floating like Thanksgiving) meant
 * relative to the reference: the closest one, biased by tense.
 */
export function occurrence(dateIn: (year: number) => string, ref: string, tense: Tense): string {
  const y = Number(ref.slice(0, 4));
  const opts = [y - 1, y, y + 1].map((yy) => ({ day: dateIn(yy), diff: daysBetween(ref, dateIn(yy)) }));
  const allowed = opts.filter((o) => (tense === 'past' ? o.diff <= 1 : tense === 'future' ? o.diff >= -1 : true));
  const best = (allowed.length ? allowed : opts).sort((p, q) => Math.abs(p.diff) - Math.abs(q.diff))[0];
  // News names a date ten months back with its year; without one, a date a few weeks
  // ahead is meant even in a past-tense sentence ("said it would pay on Dec. 7").
  const soon = opts.find((o) => o.diff > 1 && o.diff <= 90);
  if (tense === 'past' && best.diff < -300 && soon) return soon.day;
  return best.day;
}

/** Year for a month/day without one. */
export function yearFor(month: number, day: number, ref: string, tense: Tense): number {
  const mm = String(month).padStart(2, '0');
  const dd = String(day).padStart(2, '0');
  return Number(occurrence((y) => `${y}-${mm}-${dd}`, ref, tense).slice(0, 4));
}
