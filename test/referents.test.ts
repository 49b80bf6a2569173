import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeStory } from '../src/story/analyze.js';
import { analysed } from './helpers.js';

// Two reports of the 2005 Qeshm earthquake, sentences as ECB+ holds them (topic 20, ecbplus 1 and
// 3, detokenised): one counts the dead and places the epicentre 36 miles from Bandar Abbas, the
// other 35 miles; the second recalls the Zarand quake of February (612 dead) as background.
const BBC = [
  'A powerful earthquake has hit southern Iran, killing at least 10 people, injuring dozens more and damaging several villages, officials say.',
  'The 6.1-magnitude quake struck Qeshm island, home to 120,000 people, and the city of Bandar Abbas, state media said.',
  'The quake, which struck at 1353 (1023 GMT), was felt in the neighbouring Gulf states of Oman and the UAE.',
  "The US Geological Survey put the epicentre of Sunday's quake at about 58km (36 miles) south-west of Bandar Abbas.",
  'The surrounding area has not been hit by a quake in more than 25 years.',
].join(' ');
const USA_TODAY = [
  'An earthquake measuring at least magnitude-5.9 shook a sparsely populated area of southern Iran on Sunday, flattening seven villages and killing 10 people, officials said.',
  'The temblor was felt as far away as Oman and the United Arab Emirates.',
  'The USGS said the quake was 35 miles southwest of Bandar Abbas.',
  'The last major quake to hit southern Iran was in February, when a magnitude-6.4 temblor rocked Zarand, a town of about 15,000 people in Kerman province 602 miles southeast of Tehran.',
  'It killed 612 people and injured more than 1,400, leveling several villages and leaving thousands of people homeless.',
].join(' ');

// ECB+ 20_7ecbplus as the stream holds it: "magnitude 5. 9" splits its lead at the decimal point.
const SPLIT = [
  'A strong earthquake measuring magnitude 5. 9 hit southern Iran on Sunday, killing at least 10 people and injuring many others.',
  'The temblor was felt as far away as Oman and the United Arab Emirates.',
].join(' ');

const brief = () =>
  analyzeStory('s-quake', [
    analysed(BBC, 'bbc.txt', '2005-11-28'),
    analysed(USA_TODAY, 'usatoday.txt', '2005-11-27'),
    analysed(SPLIT, 'split.txt', '2005-11-27'),
  ]);

test('ECB+ quake: no conflict from a background quake, nor between 35 and 36 miles', () => {
  const b = brief();
  const values = b.conflicts.map((c) => c.values.map((v) => v.text).join(' vs '));
  assert.ok(!values.some((v) => /612/.test(v)), `612 dead is the Zarand quake: ${values}`);
  assert.ok(!values.some((v) => /35 miles/.test(v) && /36 miles/.test(v)), `35 vs 36 miles is rounding: ${values}`);
  assert.ok(!values.some((v) => /\b10 people\b/.test(v)), `both reports say 10 dead: ${values}`);
});

test('ECB+ quake: facts are whole sentences of this quake, each source citing one', () => {
  const b = brief();
  const corroborated = b.facts.filter((f) => f.sources >= 2);
  const miles = (re: RegExp) => (f: (typeof corroborated)[number]) => f.citations.some((c) => re.test(c.text));
  assert.ok(
    corroborated.some((f) => miles(/35 miles/)(f) && miles(/36 miles/)(f)),
    'the epicentre 35 and 36 miles from Bandar Abbas is one fact, within rounding',
  );
  for (const f of corroborated) {
    for (const c of f.citations) {
      assert.match(c.text.trim(), /^[A-Z"“]/, `a sentence, not a fragment: ${c.text}`);
      assert.doesNotMatch(c.text, /612|Zarand|February|25 years/, `background cited as corroboration: ${c.text}`);
    }
  }
});

test('a count near in rounding agrees; a different count of the same dead conflicts', () => {
  const dead = (n: string) =>
    `An earthquake shook southern Iran on Sunday, killing ${n} people in villages on Qeshm island.`;
  const pair = (a: string, b: string) =>
    analyzeStory('s-pair', [
      analysed(`${dead(a)} Rescue teams reached the villages.`, 'a.txt', '2005-11-27'),
      analysed(`${dead(b)} Helicopters flew the injured out.`, 'b.txt', '2005-11-27'),
    ]).conflicts.filter((c) => c.type === 'quantity');
  assert.equal(pair('about 10', '12').length, 0, '"about 10" and "12" can both hold');
  const real = pair('10', '30');
  assert.equal(real.length, 1);
  assert.match(real[0].explanation, /Rule same-referent \(confidence \d\.\d\d\).*count people/);
});
