import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Mention } from '../src/model.js';
import type { Doc } from '../src/story/context.js';
import { resolveEntities } from '../src/story/entities.js';
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
