import type { Token } from '../model.js';

// A learned attribution cue detector: is this token the cue of an attribution ("said",
// "believes", "according", "wants", "showed", ":" …)? PolNeAR's cues are a long tail that
// no verb list covers; an averaged perceptron over the token and its neighbours, trained on
// PolNeAR train by scripts/train-cues.ts (data/cue-model.json), finds them.

export interface CueModel {
  /** Feature -> weight (features below the artifact's cut-off are dropped). */
  weights: Record<string, number>;
  /** Score above which a token is a cue, chosen on held-out train articles. */
  threshold: number;
}

const lower = (t: Token | undefined) => t?.text.toLowerCase() ?? '<none>';

/** Features of token i of a sentence spanning tokens a..b; `quoted` marks tokens inside quote marks. */
export function cueFeatures(tokens: Token[], i: number, a: number, b: number, quoted: boolean): string[] {
  const t = tokens[i];
  const l = t.lemma.toLowerCase();
  const prev = i > a ? tokens[i - 1] : undefined;
  const next = i < b ? tokens[i + 1] : undefined;
  let that = false;
  for (let k = i + 1; k <= Math.min(b, i + 4); k++) if (lower(tokens[k]) === 'that') that = true;
  const edge = i === a ? 'first' : b - i <= 2 ? 'last' : 'mid';
  const prev2 = i - 1 > a ? tokens[i - 2] : undefined;
  const next2 = i + 1 < b ? tokens[i + 2] : undefined;
  let subject = false;
  for (let k = Math.max(a, i - 6); k < i; k++) if (['PROPN', 'PRON', 'NOUN'].includes(tokens[k].pos)) subject = true;
  return [
    `p-2|p-1=${prev2?.pos ?? '<s>'}|${prev?.pos ?? '<s>'}`,
    `p+1|p+2=${next?.pos ?? '</s>'}|${next2?.pos ?? '</s>'}`,
    `l+2=${lower(next2)}`,
    `subject=${subject}`,
    `l|subject=${l}|${subject}`,
    `at=${Math.min(i - a, 12) >> 2}`,
    'bias',
    `l=${l}`,
    `w=${t.text.toLowerCase()}`,
    `p=${t.pos}`,
    `lp=${l}|${t.pos}`,
    `l-1=${lower(prev)}`,
    `l+1=${lower(next)}`,
    `p-1=${prev?.pos ?? '<s>'}`,
    `p+1=${next?.pos ?? '</s>'}`,
    `l|l+1=${l}|${lower(next)}`,
    `l-1|l=${lower(prev)}|${l}`,
    `l|p+1=${l}|${next?.pos ?? '</s>'}`,
    `that=${that}`,
    `l|that=${l}|${that}`,
    `quoted=${quoted}`,
    `edge=${edge}`,
    `l|edge=${l}|${edge}`,
    `suf=${t.text.slice(-3).toLowerCase()}`,
  ];
}

/** Weights as a Map, made once per model: faster to look up than a large plain object. */
const maps = new WeakMap<Record<string, number>, Map<string, number>>();

export function cueScore(model: CueModel, feats: string[]): number {
  let m = maps.get(model.weights);
  if (!m) maps.set(model.weights, (m = new Map(Object.entries(model.weights))));
  let s = 0;
  for (const f of feats) s += m.get(f) ?? 0;
  return s;
}
