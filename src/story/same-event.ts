import { mostCounted } from '../util/maps.js';
import model from './data/story-model.json' with { type: 'json' };

// Whether an article reports the event a story is about, beyond how alike their words
// are. Reports of two events of one kind share most of their words (two stars' rehab
// stays, one country's two elections, one island's two earthquakes); what tells them apart
// is who is named, the year the reports speak of and the numbers they give. Each of those
// facets gives two signals. A conflict: the article's most named people, its most
// mentioned year or its most given number unknown to the story, and the story's to the
// article. An agreement: the article's most named person, most mentioned year or most given
// number is the story's too (reports of one event keep naming the same man, the same toll).
// Reports that name no one, give no year or no number get neither. A logistic
// regression trained on ECB+ train topics by scripts/train-stories.ts
// (data/story-model.json) weighs the signals on the cosine's scale:
// affinity = cosine × exp(Σ weight × signal).

/** Counts of what one side (article or story) names: value -> mentions. */
export type Counts = Map<string, number>;

/** Years and numbers an article or story gives (people are weighed by the clusterer, see actorsDiffer). */
export interface Marks {
  years: Counts;
  numbers: Counts;
  /** The most mentioned year and the most given number, cached (whoever changes the counts clears it). */
  main?: { years?: string; numbers?: string };
}

export const FEATURES = [
  'main people strangers',
  'main year strangers',
  'main number strangers',
  'main person shared',
  'main year shared',
  'main number shared',
];

/** How the people of two sides compare (the clusterer weighs names, see actorsDiffer in cluster.ts). */
export interface People {
  strangers: boolean;
  /** Both name someone most, and it is the same name. */
  shared: boolean;
}

export interface StoryModel {
  weights: number[];
  threshold: number;
}

/** The committed model; a stale artifact (other features) is refused rather than misread. */
export function storedModel(): StoryModel {
  if ((model.features as string[]).join('\n') !== FEATURES.join('\n'))
    throw new Error(
      'src/story/data/story-model.json was trained on other features: rebuild it with scripts/train-stories.ts',
    );
  return { weights: model.weights, threshold: model.threshold };
}

/**
 * The signals, article (or story) `a` against story `b`, in FEATURES order. `dated`: both
 * sides have a publication date. Then time proximity speaks for when (see timeFactor in
 * cluster.ts), and a shared year, which most reports of one month share whatever they are
 * about, is no evidence; the year stands in for the date of reports that have none.
 */
export function eventFeatures(people: People, a: Marks, b: Marks, dated: boolean): number[] {
  return [
    people.strangers ? 1 : 0,
    unknownTo(a, b, 'years'),
    unknownTo(a, b, 'numbers'),
    people.shared ? 1 : 0,
    dated ? 0 : firstShared(a, b, 'years'),
    firstShared(a, b, 'numbers'),
  ];
}

/** 1 when both sides' most counted values are one and the same, else 0. */
function firstShared(a: Marks, b: Marks, facet: 'years' | 'numbers'): number {
  const x = mainOf(a)[facet];
  return x !== undefined && x === mainOf(b)[facet] ? 1 : 0;
}

/** 1 when each side's most counted value is unknown to the other (both giving some), else 0. */
function unknownTo(a: Marks, b: Marks, facet: 'years' | 'numbers'): number {
  const x = mainOf(a)[facet];
  const y = mainOf(b)[facet];
  return x !== undefined && y !== undefined && !b[facet].has(x) && !a[facet].has(y) ? 1 : 0;
}

const mainOf = (m: Marks) => (m.main ??= { years: mostCounted(m.years, 1)[0], numbers: mostCounted(m.numbers, 1)[0] });

/** The cosine as the model weighs it (0 stays 0). */
export function affinity(cosine: number, features: number[], weights: number[]): number {
  let z = 0;
  for (let i = 0; i < features.length; i++) z += weights[i] * features[i];
  return cosine * Math.exp(z);
}
