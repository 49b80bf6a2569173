import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as chrono from 'chrono-node';
import { sentenceTokenRanges } from '../article/analyze.js';
import { sentences } from '../article/sentences.js';
import { findTimes } from '../article/time.js';
import { tokenise } from '../article/tokens.js';
import { dayToDate, isoDay } from '../util/dates.js';
import { byString } from '../util/text.js';
import { prf, type PRF } from './ner.js';

// TempEval-3 style scoring of time expressions on TimeML (.tml) files: the DCT is the
// publication date; the raw text (tags stripped) goes through our recogniser and
// normaliser; extents are scored strictly and relaxed (any overlap), and type and
// value accuracy are measured on relaxed matches (value F1 as in TempEval-3).

interface Timex {
  start: number;
  end: number;
  type: string;
  value: string | null;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Raw text of <TEXT> with TIMEX3 gold spans, and the document creation time. */
export function parseTimeml(xml: string): { dct: string | null; text: string; gold: Timex[] } {
  const dct = /<DCT>\s*<TIMEX3[^>]*value="(\d{4}-\d{2}-\d{2})/.exec(xml)?.[1] ?? null;
  const body = /<TEXT>([\s\S]*)<\/TEXT>/.exec(xml)?.[1] ?? '';
  let text = '';
  const gold: Timex[] = [];
  const open: Timex[] = [];
  const re = /<(\/?)([A-Za-z0-9]+)((?:[^>A-Za-z0-9][^>]*)?)>|&(\w+);|[^<&]+|[<&]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(body))) {
    if (m[2]) {
      if (m[2] !== 'TIMEX3') continue;
      if (m[1]) {
        const t = open.pop();
        if (t) gold.push({ ...t, end: text.length });
      } else {
        const attr = (k: string) => new RegExp(`${k}="([^"]*)"`).exec(m![3])?.[1] ?? null;
        open.push({ start: text.length, end: -1, type: attr('type') ?? 'DATE', value: attr('value') });
      }
    } else if (m[4]) text += ENTITIES[m[4]] ?? m[0];
    else text += m[0];
  }
  return { dct, text, gold: gold.sort((a, b) => a.start - b.start) };
}

type System = (text: string, dct: string) => Timex[];

export const triangulateTimes: System = (text, dct) => {
  const { tokens, sentenceSpans } = tokenise(text);
  const sents = sentences(text, tokens, sentenceSpans);
  return findTimes(text, tokens, sents, sentenceTokenRanges(tokens, sents), dct).map((t) => ({
    start: t.start,
    end: t.end,
    type:
      t.granularity === 'time'
        ? 'TIME'
        : t.granularity === 'duration'
          ? 'DURATION'
          : t.granularity === 'set'
            ? 'SET'
            : 'DATE',
    value: t.value,
  }));
};

/** Baseline: chrono-node alone, its own parse of the whole text against the DCT. */
export const chronoTimes: System = (text, dct) =>
  chrono.parse(text, dayToDate(dct), { forwardDate: false }).map((r) => {
    const c = r.start;
    const day = c.isCertain('day') || c.isCertain('weekday');
    const value = day
      ? isoDay(r.start.date())
      : c.isCertain('month')
        ? isoDay(r.start.date()).slice(0, 7)
        : c.isCertain('year')
          ? String(c.get('year'))
          : isoDay(r.start.date());
    return { start: r.index, end: r.index + r.text.length, type: c.isCertain('hour') ? 'TIME' : 'DATE', value };
  });

export interface TimeScores {
  documents: number;
  strict: PRF;
  relaxed: PRF;
  type_accuracy: number;
  value: PRF;
}

export function tmlFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d).sort(byString)) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (e.endsWith('.tml')) out.push(p);
    }
  };
  statSync(dir).isDirectory() ? walk(dir) : out.push(dir);
  return out;
}

/** Documents of a half: 'even' or 'odd' positions in file order, or 'all'. */
export function halfOf<T>(items: T[], half = 'all'): T[] {
  if (half !== 'all' && half !== 'even' && half !== 'odd')
    throw new Error(`--half must be all, even or odd, not ${half}`);
  return half === 'all' ? items : items.filter((_, i) => i % 2 === (half === 'even' ? 0 : 1));
}

export function evalTime(path: string, system: System = triangulateTimes, half = 'all'): TimeScores {
  let strict = 0;
  let relaxed = 0;
  let typeOk = 0;
  let valueOk = 0;
  let predicted = 0;
  let goldN = 0;
  let docs = 0;
  for (const f of halfOf(tmlFiles(path), half)) {
    const { dct, text, gold } = parseTimeml(readFileSync(f, 'utf8'));
    if (!dct) continue;
    docs++;
    const pred = system(text, dct);
    predicted += pred.length;
    goldN += gold.length;
    const used = new Set<Timex>();
    for (const p of pred) {
      const exact = gold.find((g) => !used.has(g) && g.start === p.start && g.end === p.end);
      const over = exact ?? gold.find((g) => !used.has(g) && g.start < p.end && p.start < g.end);
      if (!over) continue;
      used.add(over);
      if (exact) strict++;
      relaxed++;
      if (over.type === p.type) typeOk++;
      if (p.value && over.value === p.value) valueOk++;
    }
  }
  return {
    documents: docs,
    strict: prf(strict, predicted, goldN),
    relaxed: prf(relaxed, predicted, goldN),
    type_accuracy: relaxed ? Math.round((typeOk / relaxed) * 10000) / 100 : 0,
    value: prf(valueOk, predicted, goldN),
  };
}
