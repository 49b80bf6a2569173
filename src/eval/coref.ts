import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { analyzeArticle } from '../article/analyze.js';
import type { Article, ArticleAnalysis, EntityType, Mention, Token } from '../model.js';
import { Clusterer } from '../story/cluster.js';
import { storyEvidence } from '../story/evidence.js';
import type { Doc } from '../story/context.js';
import { resolveEntities } from '../story/entities.js';
import { shortHash } from '../util/hash.js';
import { getOrInsert } from '../util/maps.js';
import { scoreCoref, type Clusters, type CorefScores } from './coref-metrics.js';

// Cross-document entity coreference on ECB+ (Cybulska & Vossen 2014), scored on the
// validated sentences (ECBplus_coreference_sentences.csv) as most papers do. Entity
// mentions are the participant, location and time markables; a mention's chain is its
// CROSS_DOC_COREF instance, else its INTRA_DOC_COREF chain, else it is a singleton.
// Documents are grouped into stories by our own clusterer (as the product does), and
// entities are resolved inside each story by src/story/entities.ts.

export const SPLITS: Record<string, number[]> = {
  dev: [2, 5, 12, 18, 21, 23, 34, 35],
  train: [1, 3, 4, 6, 7, 8, 9, 10, 11, 13, 14, 16, 19, 20, 22, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33],
};

const ENTITY_TYPES = /^(HUMAN_PART|NON_HUMAN_PART|LOC_|TIME_)/;
const XML_ENT: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export interface GoldMention {
  id: string;
  start: number;
  end: number;
  chain: string;
}

export interface EcbDoc {
  name: string;
  subtopic: string;
  text: string;
  /** Character span of each validated sentence. */
  validated: { start: number; end: number }[];
  mentions: GoldMention[];
}

/** One ECB+ CAT document: text (tokens joined by spaces, sentences by blank lines) and gold entity mentions. */
export function parseEcbDoc(name: string, topic: string, xml: string, validated: Set<number>): EcbDoc {
  const tokens = new Map<string, { sentence: number; start: number; end: number }>();
  const parts: string[] = [];
  const sentSpans = new Map<number, { start: number; end: number }>();
  let offset = 0;
  let lastSentence = -1;
  for (const m of xml.matchAll(/<token t_id="(\d+)" sentence="(\d+)"[^>]*>([^<]*)<\/token>/g)) {
    const s = Number(m[2]);
    const word = m[3].replace(/&(\w+);/g, (x, e) => XML_ENT[e] ?? x).replace(/``|''/g, '"');
    if (lastSentence >= 0) {
      const sep = s !== lastSentence ? '\n\n' : ' ';
      parts.push(sep);
      offset += sep.length;
    }
    tokens.set(m[1], { sentence: s, start: offset, end: offset + word.length });
    const span = sentSpans.get(s);
    if (span) span.end = offset + word.length;
    else sentSpans.set(s, { start: offset, end: offset + word.length });
    parts.push(word);
    offset += word.length;
    lastSentence = s;
  }
  const chainOf = new Map<string, string>();
  for (const r of xml.matchAll(/<CROSS_DOC_COREF r_id="\d+" note="([^"]*)"\s*>([\s\S]*?)<\/CROSS_DOC_COREF>/g))
    for (const s of r[2].matchAll(/<source m_id="(\d+)"/g)) chainOf.set(s[1], r[1]);
  for (const r of xml.matchAll(/<INTRA_DOC_COREF r_id="(\d+)"[^>]*>([\s\S]*?)<\/INTRA_DOC_COREF>/g))
    for (const s of r[2].matchAll(/<source m_id="(\d+)"/g))
      if (!chainOf.has(s[1])) chainOf.set(s[1], `${name}#${r[1]}`);
  const mentions: GoldMention[] = [];
  for (const m of xml.matchAll(/<([A-Z_]+) m_id="(\d+)"\s*>([\s\S]*?)<\/\1>/g)) {
    if (!ENTITY_TYPES.test(m[1])) continue;
    const ts = [...m[3].matchAll(/t_id="(\d+)"/g)].map((x) => tokens.get(x[1])).filter((t) => !!t);
    if (!ts.length || !validated.has(ts[0].sentence)) continue;
    const start = Math.min(...ts.map((t) => t.start));
    const end = Math.max(...ts.map((t) => t.end));
    mentions.push({ id: `${name}:${start}:${end}`, start, end, chain: chainOf.get(m[2]) ?? `${name}:${m[2]}` });
  }
  // Markables occasionally repeat a span; a mention is scored once.
  const unique = [...new Map(mentions.map((m) => [m.id, m])).values()].sort(
    (a, b) => a.start - b.start || a.end - b.end,
  );
  return {
    name,
    subtopic: `${topic}${name.includes('ecbplus') ? '+' : ''}`,
    text: parts.join(''),
    validated: [...validated].map((s) => sentSpans.get(s)).filter((s) => !!s),
    mentions: unique,
  };
}

export function loadEcbCoref(dir: string, topics: number[]): EcbDoc[] {
  const csvPath = [
    join(dir, 'ECBplus_coreference_sentences.csv'),
    join(dirname(dir), 'ECBplus_coreference_sentences.csv'),
  ].find((p) => {
    try {
      return statSync(p).isFile();
    } catch {
      return false;
    }
  });
  if (!csvPath) throw new Error(`ECBplus_coreference_sentences.csv not found in ${dir} or its parent`);
  const validated = new Map<string, Set<number>>();
  for (const line of readFileSync(csvPath, 'utf8').split(/\r?\n/).slice(1)) {
    const [t, f, s] = line.split(',');
    if (t && f && s) getOrInsert(validated, `${t}_${f}`, () => new Set<number>()).add(Number(s));
  }
  const docs: EcbDoc[] = [];
  for (const t of topics) {
    const tdir = join(dir, String(t));
    const files = readdirSync(tdir)
      .filter((f) => f.endsWith('.xml'))
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    for (const f of files) {
      const v = validated.get(f.replace(/\.xml$/, ''));
      if (v) docs.push(parseEcbDoc(f, String(t), readFileSync(join(tdir, f), 'utf8'), v));
    }
  }
  return docs;
}

export interface Analysed {
  doc: EcbDoc;
  article: Article;
  analysis: ArticleAnalysis;
}

const PRONOUN =
  /^(he|him|his|himself|she|her|hers|herself|it|its|itself|they|them|their|theirs|themselves|i|me|my|mine|we|us|our|ours|you|your|yours|who|whom|whose|which|that|this|these|those)$/i;
const PERSONAL = /^(he|him|his|himself|she|her|hers|herself)$/i;
const DETERMINER = /^(the|a|an|this|that|these|those|its|his|her|their|our|my|your)$/i;

interface Classified {
  kind: 'pronoun' | 'name' | 'nominal';
  key: string;
  type: EntityType;
  head: Token | null;
}

/** What kind of mention a span is, its grouping key and its type, from our own tokens and tagger only. */
export function classifyMention(
  text: string,
  tokens: Token[],
  nerMentions: Mention[],
  span: { start: number; end: number },
): Classified {
  const ts = tokens.filter((t) => t.start >= span.start && t.end <= span.end);
  const surface = text.slice(span.start, span.end);
  if (ts.length === 1 && PRONOUN.test(ts[0].text))
    return {
      kind: 'pronoun',
      key: ts[0].text.toLowerCase(),
      type: PERSONAL.test(ts[0].text) ? 'PERSON' : 'MISC',
      head: ts[0],
    };
  // Head: the last noun before a preposition, relative clause or comma ("the wife of X" -> wife).
  // Location markables may open with their preposition ("in the Mediterranean"): not part of the mention's words.
  const from = Math.max(
    0,
    ts.findIndex((t) => t.pos !== 'ADP'),
  );
  const cut = ts.findIndex(
    (t, i) => i > from && (t.pos === 'ADP' || t.pos === 'PUNCT' || /^(who|which|that)$/i.test(t.text)),
  );
  const core = ts.slice(from, cut > 0 ? cut : ts.length);
  const head =
    [...core].reverse().find((t) => t.pos === 'NOUN' || t.pos === 'PROPN' || t.pos === 'NUM') ??
    core[core.length - 1] ??
    null;
  const ner = nerMentions.find((m) => head && m.start <= head.start && head.end <= m.end);
  const words = core.filter((t, i) => !(i === 0 && DETERMINER.test(t.text)) && t.pos !== 'PART');
  const proper =
    words.length > 0 && words.some((t) => /^\p{Lu}/u.test(t.text)) && head !== null && /^\p{Lu}/u.test(head.text);
  if (proper)
    return { kind: 'name', key: words.map((t) => t.text).join(' ') || surface, type: ner?.type ?? 'MISC', head };
  return {
    kind: 'nominal',
    key: head ? head.lemma.toLowerCase() : surface.toLowerCase(),
    type: ner?.type ?? 'MISC',
    head,
  };
}

/** Our resolution of the gold mentions of one story. */
export function resolveGold(story: Analysed[]): Clusters {
  const order = new Map(story.map((a, i) => [a.article.id, i]));
  const docs: Doc[] = [];
  const pronouns: { a: Analysed; g: GoldMention; c: Classified }[] = [];
  const classified = new Map<string, Classified>();
  for (const a of story) {
    const mentions: Mention[] = [];
    for (const g of a.doc.mentions) {
      const c = classifyMention(a.article.text, a.analysis.tokens, a.analysis.mentions, g);
      classified.set(g.id, c);
      if (c.kind === 'pronoun') pronouns.push({ a, g, c });
      else
        mentions.push({
          start: g.start,
          end: g.end,
          text: c.key,
          type: c.type,
          role: null,
          roleSpan: null,
          rule: c.kind === 'name' ? 'gold-name' : 'gold-nominal',
        });
    }
    docs.push({
      article: a.article,
      analysis: { ...a.analysis, mentions, roleMentions: [] },
      reference: null,
      group: a.article.id,
    });
  }
  const { entities } = resolveEntities(docs, order);
  const entityOf = new Map<string, string>();
  for (const e of entities)
    for (const c of e.mentions) entityOf.set(`${story[order.get(c.articleId)!].doc.name}:${c.start}:${c.end}`, e.id);
  // Appositions and title-like premodifiers join a description to a name: "actress Tara Reid",
  // "Tara Reid, the actress". The description's entity (its head lemma across the story) joins the name's.
  const parent = new Map<string, string>();
  const find = (x: string): string => (parent.has(x) && parent.get(x) !== x ? find(parent.get(x)!) : x);
  for (const a of story) {
    const ms = a.doc.mentions;
    for (const n of ms) {
      const cn = classified.get(n.id)!;
      if (cn.kind !== 'nominal' || !entityOf.has(n.id)) continue;
      const name = ms.find(
        (m) =>
          m !== n &&
          classified.get(m.id)!.kind === 'name' &&
          classified.get(m.id)!.type === 'PERSON' &&
          ((m.start >= n.end && /^ ?$/.test(a.doc.text.slice(n.end, m.start))) ||
            (n.start >= m.end && /^ ,( the| a| an)? $/.test(a.doc.text.slice(m.end, n.start)))),
      );
      if (name && entityOf.has(name.id)) parent.set(find(entityOf.get(n.id)!), find(entityOf.get(name.id)!));
    }
  }
  for (const [m, e] of entityOf) entityOf.set(m, find(e));
  // A personal pronoun with no person named in its own article refers to the story's main person.
  const personCount = new Map<string, number>();
  for (const a of story)
    for (const m of a.doc.mentions)
      if (classified.get(m.id)!.kind === 'name' && classified.get(m.id)!.type === 'PERSON' && entityOf.has(m.id))
        personCount.set(entityOf.get(m.id)!, (personCount.get(entityOf.get(m.id)!) ?? 0) + 1);
  const mainPerson = [...personCount].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))[0]?.[0];
  for (const { a, g } of pronouns) {
    const antecedent = pronounAntecedent(a, g, classified);
    if (antecedent && entityOf.has(antecedent.id)) entityOf.set(g.id, entityOf.get(antecedent.id)!);
    else if (!antecedent && mainPerson && PERSONAL.test(a.doc.text.slice(g.start, g.end)))
      entityOf.set(g.id, mainPerson);
  }
  const clusters = new Map<string, string[]>();
  for (const a of story)
    for (const g of a.doc.mentions) getOrInsert(clusters, entityOf.get(g.id) ?? `single:${g.id}`, () => []).push(g.id);
  return [...clusters.values()];
}

const RELATIVE = /^(who|whom|whose|which|that)$/i;
const NEUTER = /^(it|its|itself)$/i;
const PLURAL = /^(they|them|their|theirs|themselves)$/i;

/**
 * A pronoun's antecedent among the document's other mentions: a relative pronoun takes
 * the mention just before it ("Tara Reid, who"); he/she the nearest person named before
 * it (else the first one after); it/they the nearest organisation named before it.
 */
function pronounAntecedent(a: Analysed, g: GoldMention, classified: Map<string, Classified>): GoldMention | null {
  const word = a.doc.text.slice(g.start, g.end);
  const others = a.doc.mentions.filter((m) => m.id !== g.id && classified.get(m.id)!.kind !== 'pronoun');
  const before = others.filter((m) => m.end <= g.start);
  if (RELATIVE.test(word)) {
    const prev = before.filter((m) => g.start - m.end <= 3).sort((x, y) => y.end - x.end || x.start - y.start)[0];
    return prev ?? null;
  }
  const named = (m: GoldMention, t: EntityType) =>
    classified.get(m.id)!.kind === 'name' && classified.get(m.id)!.type === t;
  if (PERSONAL.test(word))
    return (
      before.filter((m) => named(m, 'PERSON')).pop() ??
      others.find((m) => m.start >= g.end && named(m, 'PERSON')) ??
      null
    );
  if (NEUTER.test(word) || PLURAL.test(word)) return before.filter((m) => named(m, 'ORG')).pop() ?? null;
  return null;
}

/** The lemma baseline: gold mentions with the same head lemma (names: same text) are one entity. */
function resolveLemma(story: Analysed[]): Clusters {
  const clusters = new Map<string, string[]>();
  for (const a of story)
    for (const g of a.doc.mentions)
      getOrInsert(
        clusters,
        classifyMention(a.article.text, a.analysis.tokens, a.analysis.mentions, g).key.toLowerCase(),
        () => [],
      ).push(g.id);
  return [...clusters.values()];
}

/** Our own mentions (tagger + rules) in the validated sentences, resolved as the product does. */
function resolvePredicted(story: Analysed[]): Clusters {
  const order = new Map(story.map((a, i) => [a.article.id, i]));
  const inValidated = (a: Analysed, m: { start: number; end: number }) =>
    a.doc.validated.some((s) => s.start <= m.start && m.end <= s.end);
  const docs: Doc[] = story.map((a) => ({
    article: a.article,
    analysis: {
      ...a.analysis,
      mentions: a.analysis.mentions.filter((m) => inValidated(a, m)),
      roleMentions: a.analysis.roleMentions.filter((m) => inValidated(a, m)),
    },
    reference: null,
    group: a.article.id,
  }));
  const { entities } = resolveEntities(docs, order);
  return entities.map((e) => [
    ...new Set(e.mentions.map((c) => `${story[order.get(c.articleId)!].doc.name}:${c.start}:${c.end}`)),
  ]);
}

export function stories(items: Analysed[], by: 'predicted' | 'gold'): Analysed[][] {
  const clusterer = new Clusterer();
  const keys = items.map((a) =>
    by === 'gold' ? a.doc.subtopic : clusterer.assign(a.article.id, storyEvidence(a.article, a.analysis)).storyId,
  );
  const groups = new Map<string, Analysed[]>();
  items.forEach((a, i) => getOrInsert(groups, by === 'gold' ? keys[i] : clusterer.resolve(keys[i]), () => []).push(a));
  return [...groups.values()];
}

export interface CorefEval {
  split: string;
  documents: number;
  stories: number;
  gold_mentions: CorefScores;
  predicted_mentions: CorefScores;
  baselines: { lemma_gold_mentions: CorefScores; gold_mentions_gold_subtopics: CorefScores };
}

export function evalCoref(dir: string, split = 'dev'): CorefEval {
  const topics =
    SPLITS[split] ??
    split
      .split(/[ ,]+/)
      .map(Number)
      .filter((n) => n > 0);
  if (!topics.length) throw new Error(`unknown split ${split} (dev, train or a list of topic numbers)`);
  const docs = loadEcbCoref(dir, topics);
  const items: Analysed[] = docs.map((doc) => {
    // Built directly, not by the text reader: its clean-up (title line, dateline) would move the gold offsets.
    const article: Article = {
      id: shortHash(`${doc.name}\n${doc.text}`),
      input: doc.name,
      format: 'text',
      url: null,
      title: null,
      outlet: null,
      byline: null,
      dateline: null,
      publishedAt: null,
      text: doc.text,
      removed: [],
    };
    return { doc, article, analysis: analyzeArticle(article) };
  });
  const chains = new Map<string, string[]>();
  for (const g of docs.flatMap((d) => d.mentions)) getOrInsert(chains, g.chain, () => []).push(g.id);
  const key: Clusters = [...chains.values()];
  const predicted = stories(items, 'predicted');
  return {
    split: `${split} (topics ${topics.join(' ')})`,
    documents: docs.length,
    stories: predicted.length,
    gold_mentions: scoreCoref(key, predicted.flatMap(resolveGold)),
    predicted_mentions: scoreCoref(key, predicted.flatMap(resolvePredicted)),
    baselines: {
      lemma_gold_mentions: scoreCoref(key, predicted.flatMap(resolveLemma)),
      gold_mentions_gold_subtopics: scoreCoref(key, stories(items, 'gold').flatMap(resolveGold)),
    },
  };
}
