import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Mention } from '../src/model.js';
import type { Doc } from '../src/story/context.js';
import { resolveEntities } from '../src/story/entities.js';
import { loadCorpus } from '../scripts/soak.js';
import { analysed } from './helpers.js';

/** One article whose mentions are exactly the given names where they occur in the text. */
function docWith(text: string, names: string[]): Doc {
  const { article, analysis } = analysed(text);
  let from = 0;
  const mentions: Mention[] = names.map((name) => {
    const start = text.indexOf(name, from);
    from = start + name.length;
    return { start, end: from, text: name, type: 'PERSON', role: null, roleSpan: null, rule: 'test' };
  });
  return { article, analysis: { ...analysis, mentions }, reference: null, group: article.id };
}

test('resolveEntities: names with one key but a dash word more ("Qasem Soleimani –", "Qassem Soleimani") are one person, without a crash', () => {
  // The folded key drops a lone en dash, so these names share a key; the words compared must
  // drop it too: the name sorted first had a word more, and sameWord read past the other's end.
  const pairs = [
    ['Qasem Soleimani –', 'Qassem Soleimani'],
    ['Donald Trump –', 'Donald Trump'],
    ['Donald – Trump', 'Donald Trump'],
  ];
  for (const names of pairs) {
    const doc = docWith(`${names[0]} spoke first. Later ${names[1]} spoke again.`, names);
    const r = resolveEntities([doc], new Map([[doc.article.id, 0]]));
    const ids = new Set(doc.analysis.mentions.map((m) => r.mentionEntity.get(`${doc.article.id}:${m.start}`)));
    assert.equal(ids.size, 1, `${names.join(' / ')}: one entity`);
    const e = r.entities.find((x) => ids.has(x.id))!;
    assert.equal(e.type, 'PERSON');
  }
});

/** Entities of a story made of these texts, one article each, as the pipeline would analyse them. */
function storyOf(...texts: string[]) {
  const docs: Doc[] = texts.map((t, i) => {
    const { article, analysis } = analysed(t, `a${i}.txt`);
    return { article, analysis, reference: null, group: article.id };
  });
  const r = resolveEntities(docs, new Map(docs.map((d, i) => [d.article.id, i])));
  const find = (n: string) => r.entities.find((e) => e.name === n || e.aliases.includes(n));
  const holder = (text: string, k: number) =>
    r.entities.find((e) => e.mentions.some((c) => c.articleId === docs[k].article.id && c.text === text));
  return { ...r, find, holder, docs };
}

test('honorific: "Mr Obama" joins "Barack Obama" as a person, though the tagger typed the full name an organisation', () => {
  const s = storyOf(
    'President-elect Donald J. Trump met Barack Obama at the White House on Thursday. Mr Obama said the meeting was excellent. Mr. Obama later flew to Hawaii.',
  );
  const obama = s.find('Barack Obama')!;
  assert.equal(s.find('Obama'), obama);
  assert.equal(obama.type, 'PERSON');
  assert.ok(obama.links.includes('honorific'));
  assert.equal(obama.mentions.length, 3);
});

test('title-hyphen: "President-elect" stays whole, the name after it is the mention', () => {
  const s = storyOf(
    'Some politicians have expressed skepticism over a vaccine developed and distributed by the Trump administration, including President-elect Joe Biden and Vice President-elect Kamala Harris, among other Democratic leaders.',
    'Yet Andrew Puzder, the chief executive of the company that operates Carl’s Jr. and Hardee’s, has been chosen by President-elect Donald Trump as labor secretary.',
  );
  for (const e of s.entities) assert.ok(!/^[-‐]|elect/.test(e.name), e.name);
  assert.deepEqual(s.find('Joe Biden')?.roles, ['President-elect']);
  assert.deepEqual(s.find('Kamala Harris')?.roles, ['Vice President-elect']);
  assert.deepEqual(s.find('Donald Trump')?.roles, ['President-elect']);
});

test('relatives kept apart: a bare surname two full names share goes to the one its article named last, never merging them', () => {
  const s = storyOf(
    'Tohunga Hori Parata, who led the recovery of stranded whales for decades, has died. His son Kaurinui Robert Parata said the family would return his father to Ngāti Wai land. Parata said his father had taught him everything.',
    'Hori Parata spent 40 years caring for whales stranded on Northland beaches. "The whale is our ancestor," Parata told the Herald in 2017.',
  );
  const son = s.find('Kaurinui Robert Parata')!;
  const father = s.find('Hori Parata')!;
  assert.notEqual(son, father);
  assert.ok(!son.aliases.some((a) => /Hori|^Parata$/.test(a)) && !father.aliases.includes('Kaurinui Robert Parata'));
  assert.equal(s.holder('Parata', 0), son, 'after the son is named, "Parata said his father" is the son');
  assert.equal(s.holder('Parata', 1), father, "the father's own interview quotes him");
  assert.ok(son.links.includes('nearest-full-name') && father.links.includes('nearest-full-name'));
  // A lone surname of one person only still joins that person.
  const one = storyOf('Kaurinui Robert Parata spoke at the hui on Friday. Parata said the whales would be buried.');
  assert.equal(one.find('Parata'), one.find('Kaurinui Robert Parata'));
  assert.ok(one.find('Parata')!.links.includes('surname'));
});

test('a lone surname whose mentions all went to full names keeps its type (PolNeAR articles that crashed)', () => {
  // nearest-full-name can leave a lone name with no mentions; typing it then threw on real text.
  const titles = ['Erdogan Is In Syria', 'Ryan calls Trump line', 'Rubio and Cruz diverge'];
  const polnear = loadCorpus('polnear').articles.filter((a) => titles.some((t) => a.title?.startsWith(t)));
  assert.equal(polnear.length, titles.length);
  for (const a of polnear) {
    const { article, analysis } = analysed(a.text, `${a.title}.txt`, a.date);
    const doc: Doc = { article, analysis, reference: null, group: article.id };
    const { entities } = resolveEntities([doc], new Map([[article.id, 0]]));
    assert.ok(entities.length > 10, a.title ?? a.name);
    assert.ok(
      entities.every((e) => ['PERSON', 'ORG', 'PLACE', 'MISC'].includes(e.type)),
      a.title ?? a.name,
    );
  }
});
