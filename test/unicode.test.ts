import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { sentenceTokenRanges } from '../src/article/analyze.js';
import { findEntities } from '../src/article/entities.js';
import { sentences } from '../src/article/sentences.js';
import { latinised, tokenise } from '../src/article/tokens.js';
import type { Mention, Token } from '../src/model.js';
import { ROOT } from './helpers.js';

// Names with letters beyond ASCII (test/fixtures/unicode-names.json: sentences from PolNeAR,
// ECB+ and the example, and our own with names from Polish, Czech, Turkish, Māori, Vietnamese,
// Icelandic, Romanian and more) must come out of the tokenizer and the tagger whole.

interface Case {
  source: string;
  text: string;
  names: string[];
}
const CASES = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/unicode-names.json'), 'utf8')) as Case[];

/** A name's words: letters and marks, with apostrophes inside ("Ng'ang'a", "D'Alema"). */
const wordSpans = (name: string, at: number) =>
  [...name.matchAll(/[\p{L}\p{M}]+(?:['’ʼ][\p{L}\p{M}]+)*/gu)].map((m) => ({
    start: at + m.index,
    end: at + m.index + m[0].length,
  }));

function analyse(text: string): { tokens: Token[]; mentions: Mention[] } {
  const { tokens, sentenceSpans } = tokenise(text);
  const sents = sentences(text, tokens, sentenceSpans);
  return { tokens, mentions: findEntities(text, tokens, sents, sentenceTokenRanges(tokens, sents)).mentions };
}

/** Each case's text with its accents dropped ("Łódź" -> "Lodz"), its names alike. */
const ascii = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[łŁđĐıʻ]/gu, (c) => ({ ł: 'l', Ł: 'L', đ: 'd', Đ: 'D', ı: 'i', ʻ: "'" })[c]!);

test('the fixture: 50 or more real sentences, each name beyond ASCII in its text', () => {
  assert.ok(CASES.length >= 50, `${CASES.length} sentences`);
  const wide = CASES.filter((c) => c.names.some((n) => /[^\0-\x7F]/u.test(n)));
  assert.ok(wide.length >= 50, `${wide.length} sentences with a name beyond ASCII`);
  for (const c of CASES) for (const n of c.names) assert.ok(c.text.includes(n), `${n} in ${c.source}`);
});

test('tokens keep every letter: each word of a name is inside one token, tokens slice exactly from the text', () => {
  for (const { text, names } of CASES) {
    const { tokens } = tokenise(text);
    for (const t of tokens) assert.equal(text.slice(t.start, t.end), t.text);
    for (const name of names) {
      const at = text.indexOf(name);
      assert.ok(
        tokens.some((t) => t.start === at) && tokens.some((t) => t.end === at + name.length),
        `${name}: a token starts and one ends where it does`,
      );
      for (const w of wordSpans(name, at)) {
        const over = tokens.filter((t) => t.start < w.end && t.end > w.start);
        assert.equal(over.length, 1, `${text.slice(w.start, w.end)} in ${name}: ${over.map((t) => t.text)}`);
      }
    }
  }
});

test('latinised: same length, one ASCII letter of the same case for each letter beyond Latin-1, the rest as it was', () => {
  const s = 'Erdoğan, Łódź, Tāne, Hawaiʻi, Владимир, 習近平, 𝒜b, café e\u0301.';
  const l = latinised(s);
  assert.equal(l.length, s.length);
  assert.equal(l, 'Erdogan, Lódz, Tane, Hawaiai, Aaaaaaaa, aaa, Aab, café ea.');
  assert.equal(latinised('plain ASCII and Latin-1: Zürich'), 'plain ASCII and Latin-1: Zürich');
});

test('entities keep every letter: no mention cuts a word of a name, and names are found as often as without accents', () => {
  let exact = 0;
  let exactAscii = 0;
  let total = 0;
  for (const { text, names } of CASES) {
    const { mentions } = analyse(text);
    for (const m of mentions) assert.equal(text.slice(m.start, m.end), m.text);
    for (const name of names) {
      total++;
      const at = text.indexOf(name);
      for (const w of wordSpans(name, at))
        for (const m of mentions)
          assert.ok(
            m.end <= w.start || m.start >= w.end || (m.start <= w.start && m.end >= w.end),
            `${m.text} cuts ${text.slice(w.start, w.end)}`,
          );
      if (mentions.some((m) => m.start === at && m.end === at + name.length)) exact++;
      const plain = analyse(ascii(text)).mentions;
      const pAt = ascii(text).indexOf(ascii(name));
      if (plain.some((m) => m.start === pAt && m.end === pAt + ascii(name).length)) exactAscii++;
    }
  }
  // Measured: 96 of 104 names are one mention exactly (the misses are the tagger's, with or without accents).
  assert.ok(exact >= 0.9 * total, `${exact} of ${total} names are exact mentions`);
  assert.ok(exact >= exactAscii - 1, `${exact} exact with accents, ${exactAscii} without`);
});
