import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveWeekday } from '../src/article/time.js';
import { analysed } from './helpers.js';

test('sentences survive "Maj. Gen.", "U.S." and "Jan. 5." and break at paragraphs', () => {
  const { article, analysis } = analysed('Spokesman Maj. Gen. Ali Raza met U.S. officials on Jan. 5. They discussed aid.\n\nA new paragraph starts here.');
  const texts = analysis.sentences.map((s) => article.text.slice(s.start, s.end));
  assert.deepEqual(texts, ['Spokesman Maj. Gen. Ali Raza met U.S. officials on Jan. 5.', 'They discussed aid.', 'A new paragraph starts here.']);
});

test('entities: titles and roles split off, types assigned, offsets exact', () => {
  const { article, analysis } = analysed('German Chancellor Angela Merkel met Maj Gen Peter Hall of the Defence Ministry in Berlin on Monday, the IMF said.');
  const got = analysis.mentions.map((m) => [m.text, m.type, m.role]);
  assert.deepEqual(got, [
    ['German', 'MISC', null],
    ['Angela Merkel', 'PERSON', 'German Chancellor'],
    ['Peter Hall', 'PERSON', 'Maj Gen'],
    ['Defence Ministry', 'ORG', null],
    ['Berlin', 'PLACE', null],
    ['IMF', 'ORG', null],
  ]);
  for (const m of analysis.mentions) assert.equal(article.text.slice(m.start, m.end), m.text);
});

test('quotes: speaker before or after the cue, pronouns, relayed quotes', () => {
  const { analysis } = analysed(
    '"We will rebuild the school before winter," Mayor Ana Silva said on Tuesday. ' +
      'She added: "Every family will be housed by March." ' +
      'The minister was quoted as saying by local radio that "the budget is final and cannot change".',
  );
  const q = analysis.quotes.filter((x) => x.kind === 'direct').map((x) => [x.text, x.speaker?.text, x.cue?.text, x.via?.text ?? null]);
  assert.deepEqual(q, [
    ['We will rebuild the school before winter,', 'Mayor Ana Silva', 'said', null],
    ['Every family will be housed by March.', 'She', 'added', null],
    ['the budget is final and cannot change', 'The minister', 'quoted', 'local radio'],
  ]);
});

test('weekdays resolve by tense against the publication date', () => {
  // 2020-01-04 was a Saturday.
  assert.equal(resolveWeekday(0, '2020-01-04', 'past'), '2019-12-29');
  assert.equal(resolveWeekday(0, '2020-01-04', 'future'), '2020-01-05');
  assert.equal(resolveWeekday(6, '2020-01-04', 'past'), '2020-01-04');
  const past = analysed('The talks collapsed on Sunday, officials said.', 'p.txt', '2020-01-04');
  assert.deepEqual(past.analysis.times.map((t) => [t.text, t.value]), [['on Sunday', '2019-12-29']]);
  const future = analysed('The talks will resume on Sunday, officials said.', 'f.txt', '2020-01-04');
  assert.deepEqual(future.analysis.times.map((t) => [t.text, t.value]), [['on Sunday', '2020-01-05']]);
});

test('time: month-day without year takes the reference year; months and years keep granularity; offsets are anchored later', () => {
  const { analysis } = analysed('The report, released on March 3, said exports fell in November. Two days after the report, the minister resigned. The pact was signed in 2014.', 'r.txt', '2021-03-10');
  const got = analysis.times.map((t) => [t.text, t.value, t.granularity, t.anchorOffsetDays ?? null]);
  assert.deepEqual(got, [
    ['March 3', '2021-03-03', 'day', null],
    ['November', '2020-11', 'month', null],
    ['Two days after', null, 'day', -2],
    ['2014', '2014', 'year', null],
  ]);
});

test('quantities carry the bounds they assert', () => {
  const { analysis } = analysed('Thousands of people marched, while police counted hundreds of protesters and more than 900 kilometer of road was closed.');
  const got = analysis.quantities.map((q) => [q.text, q.low, q.high, q.unit]);
  assert.deepEqual(got, [
    ['Thousands of people', 1000, 9999, 'people'],
    ['hundreds of protesters', 200, 999, 'protesters'],
    ['more than 900 kilometer', 900, null, 'kilometer'],
  ]);
});

test('the trained tagger finds and types entities no rule covers, on text it never saw', () => {
  const { analysis } = analysed('Shares in Lufthansa fell 3 percent on Monday, while Jacques Delors addressed the European Parliament.');
  const got = analysis.mentions.map((m) => [m.text, m.type, m.rule]);
  assert.deepEqual(got, [
    ['Lufthansa', 'ORG', 'tagger'],
    ['Jacques Delors', 'PERSON', 'tagger'],
    ['European Parliament', 'ORG', 'org-suffix'],
  ]);
});

test('indirect speech: trailing attribution, "according to" and reporting verbs with "that"', () => {
  const { analysis } = analysed(
    'The plant will close by the end of the year, the company said. ' +
      'According to the union, more than 400 jobs will be lost in the town. ' +
      'The mayor argued that the region needs new investment quickly.',
  );
  const got = analysis.quotes.map((q) => [q.kind, q.text, q.speaker?.text, q.cue?.text]);
  assert.deepEqual(got, [
    ['indirect', 'The plant will close by the end of the year', 'the company', 'said'],
    ['indirect', 'more than 400 jobs will be lost in the town', 'the union', 'According'],
    ['indirect', 'the region needs new investment quickly', 'The mayor', 'argued'],
  ]);
});
