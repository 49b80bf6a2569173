import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { sentenceTokenRanges } from '../article/analyze.js';
import type { CueModel } from '../article/cues.js';
import { findQuotes, quotedSpans } from '../article/quotes.js';
import { sentences } from '../article/sentences.js';
import { tokenise } from '../article/tokens.js';
import type { Span } from '../model.js';
import { byString, wordCount } from '../util/text.js';
import { prf, type PRF } from './ner.js';

// Attribution scoring on PolNeAR (BRAT standoff). Every annotator's file for an article
// is scored as its own document, so micro-averages are the mean over annotators weighted
// by their attributions. Offsets index the raw article text, which is analysed unchanged.

export interface Attribution {
  content: Span;
  cue: Span | null;
  source: Span | null;
  direct?: boolean;
}

/** Attributions of one .ann file: E lines tie T spans (Source, Cue, Content) together. */
export function parseAnn(ann: string): Attribution[] {
  const spans = new Map<string, Span>();
  const out: Attribution[] = [];
  for (const line of ann.split('\n')) {
    const t = /^(T\d+)\t\w+ ([\d; ]+)\t/.exec(line);
    if (t) {
      const nums = t[2].split(/[ ;]/).map(Number);
      spans.set(t[1], { start: Math.min(...nums), end: Math.max(...nums) });
      continue;
    }
    const e = /^E\d+\t(.*)$/.exec(line);
    if (!e) continue;
    const roles = new Map(
      e[1]
        .trim()
        .split(/\s+/)
        .map((x) => x.split(':') as [string, string]),
    );
    const get = (role: string) => (roles.get(role) ? (spans.get(roles.get(role)!) ?? null) : null);
    const content = get('Content');
    if (content) out.push({ content, cue: get('Cue'), source: get('Source') });
  }
  return out;
}

export type System = (text: string) => Attribution[];

export const triangulateQuotes: System = (text) => quotesWith(text);

/** Our attributions in PolNeAR's terms; `cues` replaces the trained cue model (the trainer's held-out check). */
export function quotesWith(text: string, cues?: CueModel | null): Attribution[] {
  const { tokens, sentenceSpans } = tokenise(text);
  const sents = sentences(text, tokens, sentenceSpans);
  // PolNeAR content spans include the quote marks; ours hold the words inside them.
  const mark = (c: string | undefined) => !!c && /["“”]/.test(c);
  const out: Attribution[] = [];
  for (const q of findQuotes(text, tokens, sents, sentenceTokenRanges(tokens, sents), cues)) {
    const double =
      q.kind === 'direct' &&
      /^(''|``)$/.test(text.slice(q.start - 2, q.start)) &&
      text.slice(q.end, q.end + 2) === "''";
    const direct = q.kind === 'direct' && mark(text[q.start - 1]) && mark(text[q.end]);
    const content = double
      ? { start: q.start - 2, end: q.end + 2 }
      : direct
        ? { start: q.start - 1, end: q.end + 1 }
        : { start: q.start, end: q.end };
    // A quote broken by its attribution ("“A,” he said. “B.”") is one attribution in
    // PolNeAR, its content running across the cue: our parts share the cue.
    const prev = out[out.length - 1];
    if (q.kind === 'direct' && prev?.direct && q.cue && prev.cue && prev.cue.start === q.cue.start) {
      prev.content = { start: prev.content.start, end: content.end };
      continue;
    }
    out.push({ content, cue: q.cue, source: q.speaker, direct: q.kind === 'direct' });
  }
  // Quoted words inside reported speech ("said he is “effectively tied for second place”
  // with Rubio") are part of that one attribution in PolNeAR, not a second one.
  return out.filter(
    (a) =>
      !(a.direct && out.some((b) => !b.direct && b.content.start <= a.content.start && b.content.end >= a.content.end)),
  );
}

/** Baseline: every quoted span of three or more words is a quote, with no cue or speaker. */
export const quoteMarksOnly: System = (text) =>
  quotedSpans(text)
    .filter((q) => wordCount(text.slice(q.start, q.end).trim()) >= 3)
    .map((q) => ({ content: { start: q.start - 1, end: q.end + 1 }, cue: null, source: null }));

const overlap = (a: Span, b: Span) => Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
const same = (a: Span, b: Span) => a.start === b.start && a.end === b.end;
/** Overlap of at least half the longer span. */
const half = (a: Span, b: Span) => overlap(a, b) >= 0.5 * Math.max(a.end - a.start, b.end - b.start);

export interface QuoteScores {
  documents: number;
  content_exact: PRF;
  content_overlap: PRF;
  cue: PRF;
  speaker_accuracy: number;
  speaker_evaluated: number;
  /**
   * Content-overlap recall by kind of gold attribution: direct quotes (the content opens with
   * a quote mark), reported speech (a verb of saying is the cue's last word: said, told,
   * according to, tweeted …) and the rest PolNeAR also annotates (beliefs, wants, findings,
   * endorsements: "polls show …", "Trump wants …"). Where a system's misses lie.
   */
  recall_by_kind: Record<GoldKind, { gold: number; found: number; recall: number }>;
}

type GoldKind = 'direct' | 'speech' | 'other';

const SPEECH_CUE =
  /^(?:say|says|said|saying|tell|tells|told|telling|add|adds|added|adding|according|write|writes|wrote|writing|written|tweet|tweets|tweeted|tweeting|ask|asks|asked|asking|state|states|stated|stating|declare|declares|declared|declaring|announce|announces|announced|announcing|explain|explains|explained|explaining|reply|replies|replied|replying|respond|responds|responded|responding|quote|quoted|quoting|speak|spoke|speaking|remark|remarked|recount|recounted|exclaim|exclaimed)$/i;

/** Which kind of attribution a gold one is (see recall_by_kind). */
function goldKind(text: string, g: Attribution): GoldKind {
  if (/^\s*["“”'‘]/.test(text.slice(g.content.start, g.content.end))) return 'direct';
  const cue = g.cue ? text.slice(g.cue.start, g.cue.end).trim().split(/\s+/) : [];
  // "according to": the cue's last word is "to".
  const head = cue.length > 1 && cue[cue.length - 1].toLowerCase() === 'to' ? cue[cue.length - 2] : cue[cue.length - 1];
  return head && SPEECH_CUE.test(head) ? 'speech' : 'other';
}

/** One annotator scored against another: how far people agree on the articles annotated twice or more. */
export interface AnnotatorAgreement {
  articles: number;
  /** Ordered pairs of annotators' files (each file as prediction and as gold). */
  pairs: number;
  content_exact: PRF;
  content_overlap: PRF;
  /**
   * On articles with three or more annotators' files: what the other annotators agree on
   * (each content a majority of them mark, at the overlap the scores use) scored against
   * the one left out, in turn. The best a system could expect from matching people's
   * consensus, against any one annotator.
   */
  majority_of_others: { articles: number; content_overlap: PRF };
}

interface Counts {
  /** The gold attributions a prediction overlaps by half (one-to-one): the overlap matches. */
  found: Set<Attribution>;
  exact: number;
  cueOk: number;
  spk: number;
  spkN: number;
}

/** Greedy one-to-one matching of predicted against gold attributions, in prediction order. */
function match(pred: Attribution[], gold: Attribution[]): Counts {
  const c: Counts = { found: new Set(), exact: 0, cueOk: 0, spk: 0, spkN: 0 };
  const usedE = new Set<Attribution>();
  const usedC = new Set<Attribution>();
  for (const p of pred) {
    const e = gold.find((g) => !usedE.has(g) && same(g.content, p.content));
    if (e) {
      usedE.add(e);
      c.exact++;
    }
    const o = gold.find((g) => !c.found.has(g) && half(g.content, p.content));
    if (o) {
      c.found.add(o);
      if (o.source) {
        c.spkN++;
        if (p.source && overlap(o.source, p.source) > 0) c.spk++;
      }
    }
    if (p.cue) {
      const k = gold.find((g) => !usedC.has(g) && g.cue && same(g.cue, p.cue!));
      if (k) {
        usedC.add(k);
        c.cueOk++;
      }
    }
  }
  return c;
}

/** The .ann files of a split grouped by article (name without the annotator suffix), in name order. */
export function annotations(annDir: string): Map<string, string[]> {
  const by = new Map<string, string[]>();
  for (const ann of readdirSync(annDir)
    .filter((f) => f.endsWith('.ann'))
    .sort(byString)) {
    const article = basename(ann, '.ann').replace(/_[0-9a-f]{4}$/, '');
    by.set(article, [...(by.get(article) ?? []), ann]);
  }
  return by;
}

/** `only` limits scoring to some articles (by name, without the annotator suffix). */
export function evalQuotes(
  dir: string,
  system: System = triangulateQuotes,
  only: (article: string) => boolean = () => true,
): QuoteScores {
  const textDir = join(dir, 'text');
  const annDir = join(dir, 'attributions');
  let exact = 0,
    over = 0,
    cueOk = 0,
    predN = 0,
    goldN = 0,
    cuePred = 0,
    cueGold = 0,
    spk = 0,
    spkN = 0,
    docs = 0;
  const kinds: Record<GoldKind, { gold: number; found: number; recall: number }> = {
    direct: { gold: 0, found: 0, recall: 0 },
    speech: { gold: 0, found: 0, recall: 0 },
    other: { gold: 0, found: 0, recall: 0 },
  };
  for (const [article, anns] of annotations(annDir)) {
    if (!only(article)) continue;
    const textPath = join(textDir, `${article}.txt`);
    if (!existsSync(textPath)) continue;
    const text = readFileSync(textPath, 'utf8');
    const pred = system(text);
    for (const ann of anns) {
      const gold = parseAnn(readFileSync(join(annDir, ann), 'utf8'));
      docs++;
      predN += pred.length;
      goldN += gold.length;
      cuePred += pred.filter((p) => p.cue).length;
      cueGold += gold.filter((g) => g.cue).length;
      const c = match(pred, gold);
      exact += c.exact;
      over += c.found.size;
      cueOk += c.cueOk;
      spk += c.spk;
      spkN += c.spkN;
      for (const g of gold) {
        const k = kinds[goldKind(text, g)];
        k.gold++;
        if (c.found.has(g)) k.found++;
      }
    }
  }
  for (const k of Object.values(kinds)) k.recall = k.gold ? Math.round((k.found / k.gold) * 10000) / 100 : 0;
  return {
    documents: docs,
    content_exact: prf(exact, predN, goldN),
    content_overlap: prf(over, predN, goldN),
    cue: prf(cueOk, cuePred, cueGold),
    speaker_accuracy: spkN ? Math.round((spk / spkN) * 10000) / 100 : 0,
    speaker_evaluated: spkN,
    recall_by_kind: kinds,
  };
}

/**
 * Inter-annotator agreement on the articles with several annotators' files, by the same
 * matching as the system's scores: every file against every other. A reference for what
 * a system can be expected to reach against any one annotator.
 */
export function annotatorAgreement(dir: string): AnnotatorAgreement {
  const annDir = join(dir, 'attributions');
  let articles = 0,
    pairs = 0,
    exact = 0,
    over = 0,
    predN = 0,
    goldN = 0;
  const majority = { articles: 0, correct: 0, predicted: 0, gold: 0 };
  for (const anns of annotations(annDir).values()) {
    if (anns.length < 2) continue;
    articles++;
    const all = anns.map((f) => parseAnn(readFileSync(join(annDir, f), 'utf8')));
    all.forEach((pred, i) =>
      all.forEach((gold, j) => {
        if (i === j) return;
        const c = match(pred, gold);
        pairs++;
        exact += c.exact;
        over += c.found.size;
        predN += pred.length;
        goldN += gold.length;
      }),
    );
    if (all.length < 3) continue;
    majority.articles++;
    all.forEach((gold, i) => {
      const agreed = majorityOf(all.filter((_, j) => j !== i));
      majority.correct += match(agreed, gold).found.size;
      majority.predicted += agreed.length;
      majority.gold += gold.length;
    });
  }
  return {
    articles,
    pairs,
    content_exact: prf(exact, predN, goldN),
    content_overlap: prf(over, predN, goldN),
    majority_of_others: {
      articles: majority.articles,
      content_overlap: prf(majority.correct, majority.predicted, majority.gold),
    },
  };
}

/** The attributions more than half of the annotators mark (a content overlapping one in their file), each once, in file order. */
function majorityOf(files: Attribution[][]): Attribution[] {
  const agreed: Attribution[] = [];
  for (const file of files) {
    for (const a of file) {
      const votes = files.filter((f) => f.some((b) => half(b.content, a.content))).length;
      if (votes * 2 > files.length && !agreed.some((b) => half(b.content, a.content))) agreed.push(a);
    }
  }
  return agreed;
}
