import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeStory } from '../src/story/analyze.js';
import { sameWord, skeleton } from '../src/story/entities.js';
import { quoteKey, quoteSimilarity } from '../src/story/quotes.js';
import { analysed } from './helpers.js';

test('name variants: transliterations match, different names with one skeleton do not', () => {
  assert.equal(skeleton('Qassem'), skeleton('Qasim'));
  assert.ok(sameWord('Muammar', 'Moammar') || skeleton('Muammar') !== skeleton('Moammar'));
  assert.ok(sameWord('Qasem', 'Qassem'));
  assert.ok(!sameWord('Salman', 'Soleimani'));
});

test('quote matching tolerates brackets, spelling and truncation but not different statements', () => {
  const a = quoteKey('The regime’s actions are destabilizing and our resolve will not waver.');
  const b = quoteKey('The regime’s actions are [clearly] destabilising and our resolve will not waver.');
  const c = quoteKey('We have no plans to raise taxes this year.');
  assert.ok(quoteSimilarity(a, b) >= 0.8);
  assert.ok(quoteSimilarity(a, c) < 0.3);
});

test('story: entities merge across spellings, acronyms and surnames; two people sharing a surname stay apart', () => {
  const items = [
    analysed('Finance Minister Rahul Kapoor said on Monday that the Reserve Bank of Valdria would cut rates. The RBV did not comment. Kapoor spoke in the capital.', 'a.txt', '2022-06-07'),
    analysed('Valdrian finance minister Rahul Kappoor announced the plan on Monday. "We will cut rates," Kapoor said. Opposition leader Meena Kapoor criticised it.', 'b.txt', '2022-06-07'),
  ];
  const b = analyzeStory('s-test', items);
  const rahul = b.entities.find((e) => e.name.startsWith('Rahul'))!;
  assert.ok(rahul, 'Rahul Kapoor found');
  assert.ok(rahul.aliases.includes('Rahul Kappoor') || rahul.name === 'Rahul Kappoor', `aliases: ${rahul.aliases}`);
  assert.ok(!rahul.aliases.includes('Meena Kapoor'));
  const bank = b.entities.find((e) => e.name === 'Reserve Bank of Valdria')!;
  assert.deepEqual(bank.aliases, ['RBV']);
  // "Kapoor" alone is ambiguous between two people: it must not be silently merged into either.
  const lone = b.entities.find((e) => e.name === 'Kapoor' || e.aliases.includes('Kapoor'));
  assert.ok(!lone || (lone.name === 'Kapoor' && lone.aliases.length === 0), 'lone surname left unmerged');
  for (const e of b.entities) for (const c of e.mentions) assert.equal(items.find((i) => i.article.id === c.articleId)!.article.text.slice(c.start, c.end), c.text);
});

test('story: undated article resolves weekdays against the story; conflicts on counts are reported', () => {
  const items = [
    analysed('Thousands of people rallied in Ventra on Sunday against the new tax, police said.', 'a.txt', '2021-05-03'),
    analysed('Hundreds of protesters rallied in Ventra on Sunday to oppose the tax.', 'b.txt'),
  ];
  const b = analyzeStory('s-test', items);
  const undated = b.articles.find((a) => a.input === 'b.txt')!;
  assert.equal(undated.publishedAt, null);
  assert.deepEqual(undated.referenceDate && [undated.referenceDate.value, undated.referenceDate.inferred], ['2021-05-03', true]);
  assert.equal(b.timeline[0].date, '2021-05-02');
  assert.equal(b.timeline[0].citations.length, 2);
  assert.equal(b.conflicts.length, 1);
  assert.deepEqual(b.conflicts[0].values.map((v) => v.text), ['Thousands of people', 'Hundreds of protesters']);
});
