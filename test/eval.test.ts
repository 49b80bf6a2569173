import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { scoreCoref } from '../src/eval/coref-metrics.js';
import { spansFromTags } from '../src/eval/conll.js';
import { evalNer, prf } from '../src/eval/ner.js';
import { evalTime, parseTimeml } from '../src/eval/time.js';
import { annotatorAgreement, evalQuotes, parseAnn, quotesWith } from '../src/eval/quotes.js';
import { ecbText, scoreClustering } from '../src/eval/cluster.js';
import { parseEcbDoc } from '../src/eval/coref.js';
import { parseCluster, rougeL, rougeN, truncateWords } from '../src/eval/summary.js';
import { tempDir, writeFiles } from './helpers.js';

test('IOB tags to entity spans (IOB1 and IOB2)', () => {
  assert.deepEqual(spansFromTags(['I-PER', 'I-PER', 'O', 'B-LOC', 'I-LOC', 'B-LOC', 'I-ORG']), [
    { start: 0, end: 2, type: 'PER' },
    { start: 3, end: 5, type: 'LOC' },
    { start: 5, end: 6, type: 'LOC' },
    { start: 6, end: 7, type: 'ORG' },
  ]);
});

test('precision, recall and F1 from counts', () => {
  assert.deepEqual(prf(3, 4, 6), { precision: 75, recall: 50, f1: 60, gold: 6, predicted: 4, correct: 3 });
  assert.equal(prf(0, 0, 5).f1, 0);
});

test('NER evaluation scores exact entity matches only', () => {
  const dir = tempDir();
  writeFiles(dir, {
    'tiny.conll': [
      '-DOCSTART- -X- O O',
      '',
      'Angela NNP B-NP B-PER',
      'Merkel NNP I-NP I-PER',
      'visited VBD B-VP O',
      'Paris NNP B-NP B-LOC',
      'on IN B-PP O',
      'Monday NNP B-NP O',
      '. . O O',
      '',
      'The DT B-NP O',
      'Defence NNP I-NP B-ORG',
      'Ministry NNP I-NP I-ORG',
      'said VBD B-VP O',
      'nothing NN B-NP O',
      '. . O O',
      '',
    ].join('\n'),
  });
  const r = evalNer(join(dir, 'tiny.conll'));
  assert.equal(r.gold, 3);
  assert.deepEqual([r.per_type.PER.correct, r.per_type.LOC.correct, r.per_type.ORG.correct], [1, 1, 1]);
  assert.equal(r.f1, 100);
});

test('TimeML: tags stripped, entities decoded, gold TIMEX3 offsets and the DCT kept', () => {
  const xml = `<TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="1998-01-08" functionInDocument="CREATION_TIME">19980108</TIMEX3></DCT>
<TEXT>Prices &amp; wages <EVENT eid="e1">fell</EVENT> <TIMEX3 tid="t1" type="DATE" value="1998-01-07">yesterday</TIMEX3> after a <TIMEX3 tid="t2" type="DURATION" value="P1W">week</TIMEX3>.</TEXT></TimeML>`;
  const r = parseTimeml(xml);
  assert.equal(r.dct, '1998-01-08');
  assert.equal(r.text, 'Prices & wages fell yesterday after a week.');
  assert.deepEqual(
    r.gold.map((g) => [r.text.slice(g.start, g.end), g.type, g.value]),
    [
      ['yesterday', 'DATE', '1998-01-07'],
      ['week', 'DURATION', 'P1W'],
    ],
  );
  const dir = tempDir();
  writeFiles(dir, { 'a.tml': xml });
  const s = evalTime(join(dir, 'a.tml'));
  assert.equal(s.strict.gold, 2);
  assert.equal(s.value.correct, 2, '"yesterday" normalised against the DCT, "a week" read as a duration');
});

test('BRAT attributions: E lines tie Source, Cue and Content spans; discontinuous spans are bounded', () => {
  const ann = [
    'T1\tSource 0 3\tTom',
    'T2\tCue 4 8\tsaid',
    'T3\tContent 9 20;25 30\tx',
    'T4\tAttribution 4 8\tsaid',
    'E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1',
    '',
  ].join('\n');
  assert.deepEqual(parseAnn(ann), [
    { content: { start: 9, end: 30 }, cue: { start: 4, end: 8 }, source: { start: 0, end: 3 } },
  ]);
});

test('PolNeAR scoring: every annotator file is a gold document; annotators are also scored against each other', () => {
  const dir = tempDir();
  mkdirSync(join(dir, 'text'));
  mkdirSync(join(dir, 'attributions'));
  const text = 'Tom said the vote was rigged. Ann said it was fair. Nobody else spoke.';
  const att = (n: number, [s0, s1]: number[], [c0, c1]: number[], [t0, t1]: number[]) =>
    [
      `T${n}\tSource ${s0} ${s1}\tx`,
      `T${n + 1}\tCue ${c0} ${c1}\tx`,
      `T${n + 2}\tContent ${t0} ${t1}\tx`,
      `E${n}\tAttribution:T${n + 1} Content:T${n + 2} Cue:T${n + 1} Source:T${n}`,
    ].join('\n');
  const tom = att(1, [0, 3], [4, 8], [9, 28]);
  const ann = att(5, [30, 33], [34, 38], [39, 50]);
  writeFiles(join(dir, 'text'), { 'a.txt': text, 'b.txt': text });
  // Two annotators on a: one found both attributions (the second with a content off by a word), the other only Tom's.
  writeFiles(join(dir, 'attributions'), {
    'a_1111.ann': `${tom}\n${ann}\n`,
    'a_2222.ann': `${att(1, [0, 3], [4, 8], [13, 28])}\n`,
    'b_3333.ann': `${tom}\n`,
  });
  const agreement = annotatorAgreement(dir);
  assert.deepEqual([agreement.articles, agreement.pairs], [1, 2], 'b has one annotator: nothing to agree on');
  // 1111 against 2222: Tom's contents overlap by 15 of 19 characters (a match), Ann's has no partner; and the reverse.
  assert.deepEqual(
    [agreement.content_overlap.correct, agreement.content_overlap.predicted, agreement.content_overlap.gold],
    [2, 3, 3],
  );
  assert.equal(agreement.content_exact.correct, 0);
  const tomOnly = () => [{ content: { start: 9, end: 28 }, cue: { start: 4, end: 8 }, source: { start: 0, end: 3 } }];
  const s = evalQuotes(dir, tomOnly);
  assert.equal(s.documents, 3);
  assert.deepEqual([s.content_overlap.correct, s.content_overlap.predicted, s.content_overlap.gold], [3, 3, 4]);
  assert.deepEqual([s.content_exact.correct, s.cue.correct, s.speaker_accuracy], [2, 3, 100]);
});

test('PolNeAR scoring: recall by kind of attribution (direct quote, reported speech, the rest)', () => {
  const dir = tempDir();
  mkdirSync(join(dir, 'text'));
  mkdirSync(join(dir, 'attributions'));
  const text = '“We will win,” Tom said. Voters fear the vote was rigged. It was fair, according to Ann.';
  const span = (s: string) => [text.indexOf(s), text.indexOf(s) + s.length];
  const att = (n: number, cue: string, content: string) => {
    const [c0, c1] = span(cue);
    const [t0, t1] = span(content);
    return `T${n}\tCue ${c0} ${c1}\tx\nT${n + 1}\tContent ${t0} ${t1}\tx\nE${n}\tAttribution:T${n} Content:T${n + 1} Cue:T${n}`;
  };
  writeFiles(join(dir, 'text'), { 'a.txt': text });
  writeFiles(join(dir, 'attributions'), {
    'a_1111.ann':
      [
        att(1, 'said', '“We will win,”'),
        att(3, 'fear', 'the vote was rigged'),
        att(5, 'according to', 'It was fair'),
      ].join('\n') + '\n',
  });
  // Found: the quote and the belief, not what Ann said.
  const found = ['“We will win,”', 'the vote was rigged'].map((c) => ({
    content: { start: span(c)[0], end: span(c)[1] },
    cue: null,
    source: null,
  }));
  const { recall_by_kind: r } = evalQuotes(dir, () => found);
  assert.deepEqual(r, {
    direct: { gold: 1, found: 1, recall: 100 },
    speech: { gold: 1, found: 0, recall: 0 },
    other: { gold: 1, found: 1, recall: 100 },
  });
});

test('annotator agreement: what a majority of the other annotators mark, scored against the one left out', () => {
  const dir = tempDir();
  mkdirSync(join(dir, 'attributions'));
  const content = (n: number, [t0, t1]: number[]) =>
    `T${n}\tContent ${t0} ${t1}\tx\nE${n}\tAttribution:T${n} Content:T${n}`;
  const x = content(1, [0, 20]);
  const y = content(2, [30, 50]);
  const z = content(3, [60, 80]);
  // Three annotators mark x, two y, one z (as 2222's second content, a few characters off).
  writeFiles(join(dir, 'attributions'), {
    'a_1111.ann': `${x}\n${y}\n`,
    'a_2222.ann': `${x}\n${content(2, [32, 50])}\n${z}\n`,
    'a_3333.ann': `${x}\n`,
  });
  const { majority_of_others: m } = annotatorAgreement(dir);
  assert.equal(m.articles, 1);
  // Majority of two is both. Left out 1111: the others share x only (1 of its 2 found). Left out
  // 2222: x only (1 of 3). Left out 3333: x, and y, which 1111 and 2222 both mark (1 of its 1,
  // one extra). Predicted 1 + 1 + 2, matched 3, gold 2 + 3 + 1.
  assert.deepEqual([m.content_overlap.correct, m.content_overlap.predicted, m.content_overlap.gold], [3, 4, 6]);
});

test("our quotes in PolNeAR's terms: a quoted fragment inside reported speech is part of that attribution; a whole quote keeps its marks", () => {
  const text =
    'Cruz says he is “effectively tied for second place” with Florida Sen. Marco Rubio. “We will win,” he said.';
  const got = quotesWith(text).map((a) => [
    text.slice(a.content.start, a.content.end),
    a.cue && text.slice(a.cue.start, a.cue.end),
  ]);
  assert.deepEqual(got, [
    ['he is “effectively tied for second place” with Florida Sen. Marco Rubio', 'says'],
    ['“We will win,”', 'said'],
  ]);
});

test('clustering scores: pairwise and BCubed from predicted and gold labels', () => {
  // gold {0,1,2} {3,4}; predicted {0,1} {2,3,4}
  const r = scoreClustering(['a', 'a', 'b', 'b', 'b'], ['x', 'x', 'x', 'y', 'y']);
  assert.deepEqual([r.pairwise.correct, r.pairwise.predicted, r.pairwise.gold], [2, 4, 4]);
  assert.equal(r.pairwise.f1, 50);
  // BCubed precision: (1+1+1/3+2/3+2/3)/5 = 0.7333; recall: (2/3+2/3+1/3+1+1)/5 = 0.7333
  assert.equal(r.bcubed.precision, 73.33);
  assert.equal(r.bcubed.recall, 73.33);
  assert.deepEqual([r.clusters, r.gold_clusters], [2, 2]);
});

test('ECB+ documents become text with one paragraph per sentence', () => {
  const xml =
    '<Document><token t_id="1" sentence="0" number="0">Fire</token><token t_id="2" sentence="0" number="1">kills</token><token t_id="3" sentence="1" number="0">``</token><token t_id="4" sentence="1" number="1">Sad</token><token t_id="5" sentence="1" number="2">&amp;</token><token t_id="6" sentence="1" number="3">bad</token><token t_id="7" sentence="1" number="4">&apos;&apos;</token></Document>';
  assert.equal(ecbText(xml), 'Fire kills\n\n" Sad & bad "');
});

test('ROUGE-1/2/L F1 from their definitions; NeuS lines parse into titled articles', () => {
  assert.equal(rougeN('the cat sat on the mat', 'the cat sat on the mat', 1), 1);
  // unigrams: candidate {the, cat, ran} vs reference {the, cat, sat}: 2 hits, P = R = 2/3
  assert.ok(Math.abs(rougeN('the cat ran', 'the cat sat', 1) - 2 / 3) < 1e-9);
  assert.ok(Math.abs(rougeN('the cat ran', 'the cat sat', 2) - 1 / 2) < 1e-9);
  // LCS of "a b c d" and "a c d e" is 3: P = R = 3/4
  assert.ok(Math.abs(rougeL('a b c d', 'a c d e') - 3 / 4) < 1e-9);
  assert.equal(truncateWords(' one two  three four ', 3), 'one two three');
  const docs = parseCluster('TITLE=> A title. ARTICLE=> Body one. [SEP] TITLE=> B. ARTICLE=> Body two.');
  assert.deepEqual(docs, [
    { title: 'A title.', text: 'Body one.' },
    { title: 'B.', text: 'Body two.' },
  ]);
});

test('coreference metrics match the worked example of Pradhan et al. (2014)', () => {
  const key = [
    ['a', 'b', 'c'],
    ['d', 'e', 'f', 'g'],
  ];
  const response = [
    ['a', 'b'],
    ['c', 'd'],
    ['f', 'g', 'h', 'i'],
  ];
  const s = scoreCoref(key, response);
  assert.deepEqual(s.muc, { precision: 40, recall: 40, f1: 40 });
  assert.equal(s.b3.precision, 50);
  assert.equal(s.b3.recall, 41.67);
  assert.equal(s.ceafe.recall, 65);
  assert.equal(s.ceafe.precision, 43.33);
  assert.equal(
    s.conll_f1,
    Math.round(
      ((0.4 + (2 * 0.5 * (35 / 84)) / (0.5 + 35 / 84) + (2 * 0.65 * (1.3 / 3)) / (0.65 + 1.3 / 3)) / 3) * 10000,
    ) / 100,
  );
  // Identical clusterings score 100 on everything.
  const same = scoreCoref(key, key);
  assert.equal(same.conll_f1, 100);
});

test('ECB+ reader: text from tokens, entity mentions of validated sentences only, chains from CROSS_DOC_COREF', () => {
  const xml = `<Document doc_name="9_1ecb.xml">
<token t_id="1" sentence="0" number="0">Hugh</token><token t_id="2" sentence="0" number="1">Jackman</token><token t_id="3" sentence="0" number="2">hosts</token><token t_id="4" sentence="0" number="3">.</token>
<token t_id="5" sentence="1" number="0">He</token><token t_id="6" sentence="1" number="1">sings</token><token t_id="7" sentence="1" number="2">.</token>
<Markables>
<HUMAN_PART_PER m_id="1"  ><token_anchor t_id="1"/><token_anchor t_id="2"/></HUMAN_PART_PER>
<ACTION_OCCURRENCE m_id="2"  ><token_anchor t_id="3"/></ACTION_OCCURRENCE>
<HUMAN_PART_PER m_id="3"  ><token_anchor t_id="5"/></HUMAN_PART_PER>
<HUMAN_PART_PER m_id="9" RELATED_TO="" TAG_DESCRIPTOR="jackman" instance_id="HUM1" />
</Markables>
<Relations>
<CROSS_DOC_COREF r_id="1" note="HUM1" ><source m_id="1" /><source m_id="3" /><target m_id="9" /></CROSS_DOC_COREF>
</Relations></Document>`;
  const doc = parseEcbDoc('9_1ecb.xml', '9', xml, new Set([0, 1]));
  assert.equal(doc.text, 'Hugh Jackman hosts .\n\nHe sings .');
  assert.equal(doc.subtopic, '9');
  assert.deepEqual(
    doc.mentions.map((m) => [doc.text.slice(m.start, m.end), m.chain]),
    [
      ['Hugh Jackman', 'HUM1'],
      ['He', 'HUM1'],
    ],
  );
  const only0 = parseEcbDoc('9_1ecb.xml', '9', xml, new Set([0]));
  assert.deepEqual(
    only0.mentions.map((m) => m.start),
    [0],
    'mentions outside validated sentences are not scored',
  );
});
