import type { Quantity, Sentence } from '../model.js';
import { sentenceAt } from './sentences.js';

// Counts and measures with the bounds they assert: "thousands of people" is [1000, 9999],
// "more than 900 kilometer" is [900, open). Bounds let conflict detection compare
// "hundreds" with "thousands" without pretending either is exact.

const VAGUE: Record<string, [number, number]> = {
  dozens: [24, 99],
  scores: [40, 199],
  hundreds: [200, 999],
  thousands: [1000, 9999],
  'tens of thousands': [10000, 99999],
  'hundreds of thousands': [100000, 999999],
  millions: [1000000, 999999999],
};
const WORD_NUMBERS: Record<string, number> = {
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  fifteen: 15,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  hundred: 100,
  dozen: 12,
};
const SCALE: Record<string, number> = { hundred: 100, thousand: 1000, million: 1e6, billion: 1e9 };

const QUALIFIER =
  '(more than|over|nearly|almost|about|around|some|at least|up to|fewer than|less than|roughly|an estimated|estimated)';
const NUMBER = `(tens of thousands|hundreds of thousands|dozens|scores|hundreds|thousands|millions|\\d{1,3}(?:,\\d{3})+|\\d+(?:\\.\\d+)?|${Object.keys(WORD_NUMBERS).join('|')})\\b`;
// Everything after the number is optional and the pattern has no end anchor: the first, greedy
// path always matches, so nothing backtracks (test/linear.test.ts checks the cost).
const RE = new RegExp(
  // eslint-disable-next-line regexp/no-super-linear-backtracking
  `\\b(?:${QUALIFIER}\\s+)?${NUMBER}(?:\\s+(hundred|thousand|million|billion))?(?:\\s+of)?(?:\\s+(?:the\\s+)?)?((?:[a-z]+-)?[a-z]+)?(?:\\s+([a-z]+))?`,
  'gi',
);

const UNIT_SKIP = new Set([
  'the',
  'a',
  'an',
  'and',
  'or',
  'in',
  'on',
  'at',
  'of',
  'to',
  'from',
  'possible',
  'other',
  'more',
  'percent',
]);

export function findQuantities(text: string, sents: Sentence[]): Quantity[] {
  const out: Quantity[] = [];
  for (const m of text.matchAll(RE)) {
    const [whole, qualifier, num, scale, w1, w2] = m;
    const key = num.toLowerCase();
    // Years, days of the month and clock times are dates, not counts.
    if (/^(19|20)\d{2}$/.test(num) && !scale) continue;
    const before = text.slice(Math.max(0, m.index! - 12), m.index!);
    if (/(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s*$/i.test(before)) continue;
    let low: number;
    let high: number;
    if (VAGUE[key]) [low, high] = VAGUE[key];
    else {
      const n = WORD_NUMBERS[key] ?? Number(num.replace(/,/g, ''));
      if (!Number.isFinite(n)) continue;
      const v = n * (scale ? SCALE[scale.toLowerCase()] : 1);
      low = high = v;
    }
    let lo: number | null = low;
    let hi: number | null = high;
    const q = qualifier?.toLowerCase();
    if (q === 'more than' || q === 'over' || q === 'at least') hi = null;
    else if (q === 'fewer than' || q === 'less than' || q === 'up to') lo = 0;
    else if (q && q !== 'some') {
      lo = Math.floor(low * 0.8);
      hi = Math.ceil(high * 1.2);
    }
    // The counted noun: skip adjectives such as "possible" to reach it.
    let unit: string | null = null;
    for (const w of [w1, w2]) {
      if (!w) continue;
      const lw = w.toLowerCase();
      if (UNIT_SKIP.has(lw) && lw !== 'percent') continue;
      unit = lw;
      break;
    }
    if (!unit && /percent/i.test(whole)) unit = 'percent';
    if (!VAGUE[key] && !unit) continue; // a bare number is too ambiguous to compare
    let end = m.index! + whole.length;
    const trimmed = whole.trimEnd();
    end -= whole.length - trimmed.length;
    if (unit && w2 && unit === w1?.toLowerCase()) end -= trimmed.length - trimmed.lastIndexOf(w1) - w1.length;
    const start = m.index!;
    out.push({ start, end, text: text.slice(start, end), low: lo, high: hi, unit, sentence: sentenceAt(sents, start) });
  }
  return out;
}
