import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeArticle } from '../article/analyze.js';
import { makeArticle } from '../ingest/article.js';
import { fieldsFromObject, readJsonl } from '../ingest/jsonl.js';
import type { Article, ArticleAnalysis, StoryEvidence } from '../model.js';
import { NEAR_DUPLICATE } from '../pipeline.js';
import { Clusterer } from '../story/cluster.js';
import { storyEvidence } from '../story/evidence.js';
import { bandKeys, signature, similarity } from '../story/minhash.js';
import { analyzeStory } from '../story/analyze.js';
import type { Storyline } from '../model.js';
import { digestOf, linkStorylines } from '../story/storylines.js';
import { dayNumber } from '../util/dates.js';

// Stories on a real news stream, which has no gold stories: what a reader would notice. An
// event is one happening reported within days, so a story whose reports span weeks (the
// Minnesota caucuses, the Ohio primary and the Democrats Abroad primary as one "event") is a
// failure whatever its words share; and a story carried by two or more outlets is where "N
// independent sources" is claimed. The stream is placed as `ingest` places it: near-copies
// (MinHash) join their original's story, every other article goes to the clusterer.

/** Days of reports beyond which a story is not one event. */
export const LONG_SPAN = 14;

export interface StreamItem {
  id: string;
  title: string;
  outlet: string | null;
  date: string | null;
  evidence: StoryEvidence;
  signature: Uint32Array;
  article: Article;
  analysis: ArticleAnalysis;
}

export interface StreamScores {
  articles: number;
  skipped: number;
  stories: number;
  multi_article_stories: number;
  /** Stories whose reports span more than LONG_SPAN days (first to last publication date). */
  spanning_over_14_days: number;
  max_span_days: number;
  /** Stories with reports from two or more outlets: where corroboration is claimed. */
  with_2_outlets: number;
  largest_story: number;
  /** The longest stories, longest first: what they hold. */
  longest: {
    story: string;
    articles: number;
    days: number;
    from: string;
    to: string;
    outlets: number;
    titles: string[];
  }[];
}

/** A PolNeAR record as a JSONL line would give it. */
interface Row {
  input: string;
  record: { title: string; text: string; outlet: string; date: string; byline: string };
}

/**
 * The PolNeAR stream from its folder (metadata.tsv, and <split>/text/*.txt): every article of
 * the chosen split ('all': every split folder present), in publication order.
 */
function polnearRows(dir: string, split: string): Row[] {
  const lines = readFileSync(join(dir, 'metadata.tsv'), 'utf8').split('\n').filter(Boolean);
  const head = lines[0].split('\t');
  const col = (name: string) => {
    const i = head.indexOf(name);
    if (i < 0) throw new Error(`${join(dir, 'metadata.tsv')}: no "${name}" column`);
    return i;
  };
  const [part, file, publisher, date, author, title] = [
    'compartment',
    'filename',
    'publisher',
    'publication_date',
    'author',
    'title',
  ].map(col);
  const rows: Row[] = [];
  for (const l of lines.slice(1)) {
    const f = l.split('\t');
    if (split !== 'all' && f[part] !== split) continue;
    const path = join(dir, f[part], 'text', `${f[file]}.txt`);
    if (!existsSync(path)) continue;
    rows.push({
      input: path,
      record: {
        title: f[title],
        text: readFileSync(path, 'utf8'),
        outlet: f[publisher],
        date: f[date],
        byline: f[author],
      },
    });
  }
  return rows.sort((a, b) =>
    a.record.date < b.record.date ? -1 : a.record.date > b.record.date ? 1 : a.input < b.input ? -1 : 1,
  );
}

/** The articles of a stream: a JSONL file in its own order, or a PolNeAR folder (see polnearRows). */
export function loadStream(path: string, split = 'all'): { articles: Article[]; skipped: number } {
  const articles: Article[] = [];
  let skipped = 0;
  const add = (make: () => Article) => {
    try {
      articles.push(make());
    } catch {
      skipped++;
    }
  };
  if (statSync(path).isDirectory()) {
    if (!existsSync(join(path, 'metadata.tsv')))
      throw new Error(`${path}: a stream folder needs metadata.tsv (PolNeAR); or give a .jsonl file`);
    for (const r of polnearRows(path, split)) add(() => makeArticle(fieldsFromObject(r.input, r.record)));
  } else {
    const { articles: fields, errors } = readJsonl(path, readFileSync(path, 'utf8'));
    skipped += errors.length;
    for (const f of fields) add(() => makeArticle(f));
  }
  return { articles, skipped };
}

/** Every article analysed once, as the product would (assignment runs can then be repeated). */
export function prepareStream(articles: Article[]): StreamItem[] {
  return articles.map((a) => {
    const analysis = analyzeArticle(a);
    return {
      id: a.id,
      title: a.title ?? a.text.slice(0, 80),
      outlet: a.outlet,
      date: a.publishedAt?.value.slice(0, 10) ?? null,
      evidence: storyEvidence(a, analysis),
      signature: signature(a.text),
      article: a,
      analysis,
    };
  });
}

/**
 * The storylines a stream's events make, as the store makes them (story/storylines.ts): each
 * event's brief and clusterer state digested, then linked. `lineOf`: event id -> storyline id.
 */
export function eventStorylines(
  items: { id: string; article: Article; analysis: ArticleAnalysis }[],
  events: string[],
  clusterer: Clusterer,
): { lineOf: Map<string, string>; storylines: Storyline[] } {
  const members = new Map<string, typeof items>();
  items.forEach((it, i) => (members.get(events[i]) ?? members.set(events[i], []).get(events[i])!).push(it));
  const digests = [...members].map(([id, xs]) => digestOf(analyzeStory(id, xs), clusterer.story(id)));
  const storylines = linkStorylines(digests);
  const lineOf = new Map(storylines.flatMap((l) => l.events.map((e) => [e.id, l.id] as [string, string])));
  return { lineOf, storylines };
}

/** Place the stream as ingest does (near-copies first, see pipeline.place); each article's final story. */
export function placeStream(items: StreamItem[], make: () => Clusterer = () => new Clusterer()): string[] {
  const c = make();
  const bands = new Map<string, number[]>();
  const story: string[] = [];
  items.forEach((it, i) => {
    const near = new Set(bandKeys(it.signature).flatMap((b) => bands.get(b) ?? []));
    const copy = [...near]
      .map((j) => ({ j, s: similarity(it.signature, items[j].signature) }))
      .sort((a, b) => b.s - a.s || a.j - b.j)[0];
    const home = copy && copy.s >= NEAR_DUPLICATE ? c.resolve(story[copy.j]) : null;
    story.push(((home && c.join(home, it.evidence, it.date)) || c.assign(it.id, it.evidence, it.date)).storyId);
    for (const b of bandKeys(it.signature)) (bands.get(b) ?? bands.set(b, []).get(b)!).push(i);
  });
  return story.map((s) => c.resolve(s));
}

/** What a reader would see of the stories a stream made. */
export function streamScores(items: StreamItem[], stories: string[], skipped = 0): StreamScores {
  const by = new Map<string, number[]>();
  stories.forEach((s, i) => (by.get(s) ?? by.set(s, []).get(s)!).push(i));
  const rows = [...by].map(([story, members]) => {
    const dates = members
      .map((i) => items[i].date)
      .filter((d): d is string => !!d)
      .sort();
    const days = dates.length ? dayNumber(dates[dates.length - 1]) - dayNumber(dates[0]) : 0;
    const outlets = new Set(members.map((i) => items[i].outlet).filter(Boolean)).size;
    return {
      story,
      articles: members.length,
      days,
      from: dates[0] ?? '',
      to: dates[dates.length - 1] ?? '',
      outlets,
      titles: members.slice(0, 6).map((i) => items[i].title),
    };
  });
  const multi = rows.filter((r) => r.articles > 1);
  return {
    articles: items.length,
    skipped,
    stories: rows.length,
    multi_article_stories: multi.length,
    spanning_over_14_days: rows.filter((r) => r.days > LONG_SPAN).length,
    max_span_days: Math.max(0, ...rows.map((r) => r.days)),
    with_2_outlets: rows.filter((r) => r.outlets >= 2).length,
    largest_story: Math.max(0, ...rows.map((r) => r.articles)),
    longest: multi
      .sort((a, b) => b.days - a.days || b.articles - a.articles || (a.story < b.story ? -1 : 1))
      .slice(0, 5),
  };
}

/** What a reader would see of a stream's storylines: how many, how large, how long, and the largest read out. */
export interface StorylineScores {
  storylines: number;
  events_in_storylines: number;
  /** Storylines by number of events ("2": how many have two events). */
  sizes: Record<string, number>;
  largest: number;
  max_span_days: number;
  median_span_days: number;
  /** Links by rule. */
  rules: Record<string, number>;
  examples: { id: string; title: string; from: string | null; to: string | null; events: string[] }[];
}

const spanOf = (l: Storyline) => (l.from && l.to ? dayNumber(l.to) - dayNumber(l.from) : 0);

export function storylineScores(lines: Storyline[], examples = 8): StorylineScores {
  const sizes: Record<string, number> = {};
  const rules: Record<string, number> = {};
  for (const l of lines) {
    sizes[l.events.length] = (sizes[l.events.length] ?? 0) + 1;
    for (const e of l.events) if (e.link) rules[e.link.rule] = (rules[e.link.rule] ?? 0) + 1;
  }
  const spans = lines.map(spanOf).sort((a, b) => a - b);
  const event = (e: Storyline['events'][number]) =>
    `${e.from ?? 'undated'} ${e.headline.slice(0, 70)}${e.link ? ` [${e.link.rule}: ${[...e.link.entities, ...e.link.terms.slice(0, 3)].join(', ')}]` : ''}`;
  return {
    storylines: lines.length,
    events_in_storylines: lines.reduce((n, l) => n + l.events.length, 0),
    sizes,
    largest: Math.max(0, ...lines.map((l) => l.events.length)),
    max_span_days: spans[spans.length - 1] ?? 0,
    median_span_days: spans[Math.floor(spans.length / 2)] ?? 0,
    rules,
    examples: [...lines]
      .sort((a, b) => b.events.length - a.events.length || (a.id < b.id ? -1 : 1))
      .slice(0, examples)
      .map((l) => ({ id: l.id, title: l.title, from: l.from, to: l.to, events: l.events.map(event) })),
  };
}

export function evalStream(path: string, split = 'all'): StreamScores & { storylines: StorylineScores } {
  const { articles, skipped } = loadStream(path, split);
  const items = prepareStream(articles);
  const clusterer = new Clusterer();
  const stories = placeStream(items, () => clusterer);
  const { storylines } = eventStorylines(items, stories, clusterer);
  return { ...streamScores(items, stories, skipped), storylines: storylineScores(storylines) };
}
