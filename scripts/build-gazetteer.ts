// Rebuilds src/article/data/gazetteer.json from the CoNLL-2003 training split only.
// Usage: npm run build && node dist/scripts/build-gazetteer.js [path/to/train.conll]
// Keeps names seen at least twice whose gold type is at least 80% consistent, and the
// first names of multi-word PER entities (a cue for people the gazetteer has never seen).
import { writeFileSync } from 'node:fs';
import { readConll, spansFromTags } from '../src/eval/conll.js';

const path = process.argv[2] ?? '../shared/data/ner/train.conll';
const counts = new Map<string, Map<string, number>>();
const firstNames = new Map<string, number>();
for (const s of readConll(path)) {
  for (const sp of spansFromTags(s.tags)) {
    const name = s.tokens.slice(sp.start, sp.end).join(' ').toLowerCase();
    const m = counts.get(name) ?? new Map<string, number>();
    m.set(sp.type, (m.get(sp.type) ?? 0) + 1);
    counts.set(name, m);
    if (sp.type === 'PER' && sp.end - sp.start >= 2) {
      const f = s.tokens[sp.start];
      if (/^[A-Z][a-z]+$/.test(f)) firstNames.set(f, (firstNames.get(f) ?? 0) + 1);
    }
  }
}
const TYPE: Record<string, string> = { PER: 'PERSON', ORG: 'ORG', LOC: 'PLACE', MISC: 'MISC' };
const names: Record<string, string> = {};
for (const [name, m] of [...counts].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
  const total = [...m.values()].reduce((a, b) => a + b, 0);
  const [best, n] = [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
  if (total >= 2 && n / total >= 0.8) names[name] = TYPE[best];
}
const first = [...firstNames]
  .filter(([, n]) => n >= 2)
  .map(([f]) => f)
  .sort();
writeFileSync(
  'src/article/data/gazetteer.json',
  JSON.stringify({ source: 'CoNLL-2003 train', names, firstNames: first }) + '\n',
);
console.log(`names: ${Object.keys(names).length}, first names: ${first.length}`);
