import { mostCounted } from '../util/maps.js';
import model from './data/story-model.json' with { type: 'json' };

// Whether an article reports the event a story is about, beyond how alike their words
// are. Reports of two events of one kind share most of their words (two stars' rehab
// stays, one country's two elections, one island's two earthquakes); what tells them apart
// is who is named, the year the reports speak of and the numbers they give. Each signal is
// a conflict: the article's most named people, its most mentioned year or its three most
// given numbers all unknown to the story, and the story's to the article. Agreement adds
// nothing, so reports that name no one, give no year or no number are judged by their
// words alone. A logistic regression trained on ECB+ train topics by
// scripts/train-stories.ts (data/story-model.json) weighs the conflicts on the cosine's
// scale: affinity = cosine × exp(Σ weight × conflict).

/** Counts of what one side (article or story) names: value -> mentions. */
export type Counts = Map<string, number>;

/** Years and numbers an article or story gives (people are weighed by the clusterer, see actorsDiffer). */
export interface Marks {
  years: Counts;
  numbers: Counts;
  /** The most mentioned year and three most given numbers, cached (whoever changes the counts clears it). */
  main?: { years: string[]; numbers: string[] };
}

export const FEATURES = ['main people strangers', 'main years strangers', 'main numbers strangers'];

export interface StoryModel {
  weights: number[];
  threshold: number;
}

/** The committed model; a stale artifact (other features) is refused rather than misread. */
export function storedModel(): StoryModel {
  if ((model.features as string[]).join('\n') !== FEATURES.join('\n')) throw new Error('src/story/data/story-model.json was trained on other features: rebuild it with scripts/train-stories.ts');
  return { weights: model.weights, threshold: model.threshold };
}

/** The signals, article (or story) `a` against story `b`, in FEATURES order. */
export function eventFeatures(strangers: boolean, a: Marks, b: Marks): number[] {
  return [strangers ? 1 : 0, unknownTo(a, b, 'years'), unknownTo(a, b, 'numbers')];
}

/** 1 when each side's main values are all unknown to the other (both giving some), else 0. */
function unknownTo(a: Marks, b: Marks, facet: 'years' | 'numbers'): number {
  if (!a[facet].size || !b[facet].size) return 0;
  return mainOf(a)[facet].every((v) => !b[facet].has(v)) && mainOf(b)[facet].every((v) => !a[facet].has(v)) ? 1 : 0;
}

const mainOf = (m: Marks) => (m.main ??= { years: mostCounted(m.years, 1), numbers: mostCounted(m.numbers, 3) });

/** The cosine as the model weighs it (0 stays 0). */
export function affinity(cosine: number, features: number[], weights: number[]): number {
  let z = 0;
  for (let i = 0; i < features.length; i++) z += weights[i] * features[i];
  return cosine * Math.exp(z);
}
