import { analyzeArticle } from '../../src/article/analyze.js';
import { normaliseText } from '../../src/ingest/article.js';
import { readContent } from '../../src/ingest/index.js';

// Inputs built to make a backtracking regex work hard: long runs of one character class
// (each class some regex on the ingest or analysis path touches), framed by ordinary words
// and a rejecting character so a pattern that scans the run cannot end its match there.

export const RUNS: Record<string, string> = {
  spaces: ' ',
  tabs: '\t',
  newlines: '\n',
  crlf: '\r\n',
  'space-newline': ' \n',
  'blank-lines': '\n \n',
  nbsp: '\u00a0',
  dots: '.',
  commas: ',',
  dashes: '-',
  'em-dashes': '—',
  quotes: '"',
  'curly-quotes': '“',
  apostrophes: "'",
  digits: '7',
  'digit-space': '1 ',
  letters: 'a',
  capitals: 'A',
  'word-space': 'ab ',
  'caps-space': 'AB ',
  punctuation: '.,;:!?-–—()[]"\'',
  'space-punct': ' . , ; : ',
  angles: '<a',
  ampersands: '&',
};

/** `unit` repeated to `bytes` characters, between words that start and end a sentence. */
export function adversarial(unit: string, bytes: number): string {
  const run = unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes);
  return `Residents said 12 ${run}x! The council voted on Tuesday to close the old bridge, officials said.`;
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Every stage an untrusted body goes through, by name. Each returns something so work is not optimised away. */
export const STAGES: Record<string, (input: string) => unknown> = {
  normalise: (s) => normaliseText(s).length,
  text: (s) => readContent('fuzz.txt', s, 'text'),
  html: (s) =>
    readContent(
      'fuzz.html',
      `<!doctype html><html><head><title>Bridge</title></head><body><article><p>${escapeXml(s)}</p></article></body></html>`,
      'html',
    ),
  jsonl: (s) => readContent('fuzz.jsonl', `${JSON.stringify({ title: 'Bridge', text: s })}\n${s}\n`, 'jsonl'),
  feed: (s) =>
    readContent(
      'fuzz.rss',
      `<?xml version="1.0"?><rss version="2.0"><channel><title>News</title><item><title>Bridge</title><description>${escapeXml(s)}</description></item></channel></rss>`,
      'feed',
    ),
  analysis: (s) => readContent('fuzz.txt', s, 'text').articles.map((a) => analyzeArticle(a).tokens.length),
};

/** Milliseconds per call: the fastest of a few calls, repeated until `budgetMs` has passed (at least once). */
export function timeOf(fn: () => unknown, budgetMs = 20): number {
  let best = Infinity;
  const until = performance.now() + budgetMs;
  do {
    const t0 = performance.now();
    fn();
    best = Math.min(best, performance.now() - t0);
  } while (performance.now() < until);
  return best;
}
