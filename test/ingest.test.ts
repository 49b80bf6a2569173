import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { makeArticle } from '../src/ingest/article.js';
import { expandInputs, readFile } from '../src/ingest/index.js';
import { tempDir, writeFiles } from './helpers.js';

const BODY =
  'The council voted on Tuesday to close the old bridge. Residents said the decision came too late for the town.';

test('text: date header, Published-in trailer, title line and boilerplate are taken out of the body', () => {
  const a = makeArticle({
    input: 'x.txt',
    format: 'text',
    text: ` date 2021-03-04 Skip to content\n\nBridge Closed After Vote\n\n${BODY}\nRead Also: Something else entirely\n\nPublished in The Herald, March 5th, 2021`,
  });
  assert.equal(a.publishedAt?.value, '2021-03-04');
  assert.equal(a.publishedAt?.source, 'header');
  assert.equal(a.outlet, 'The Herald');
  assert.equal(a.title, 'Bridge Closed After Vote');
  assert.equal(a.text, BODY);
  assert.deepEqual(a.removed, ['Skip to content', 'Read Also: Something else entirely']);
});

test('text: the trailer supplies the date when there is no header; nothing is invented otherwise', () => {
  const withTrailer = makeArticle({
    input: 'y.txt',
    format: 'text',
    text: `${BODY}\n\nPublished in Dawn, January 4th, 2020`,
  });
  assert.deepEqual(withTrailer.publishedAt, { value: '2020-01-04', source: 'trailer', confidence: 0.95 });
  const plain = makeArticle({ input: 'z.txt', format: 'text', text: BODY });
  assert.equal(plain.publishedAt, null);
  // A dateline dates the report only when it carries a year.
  const dated = makeArticle({ input: 'd.txt', format: 'text', text: `WASHINGTON, Jan. 5, 2020 (Reuters) - ${BODY}` });
  assert.deepEqual(
    [dated.publishedAt, dated.dateline],
    [{ value: '2020-01-05', source: 'dateline', confidence: 0.85 }, 'WASHINGTON'],
  );
  assert.equal(
    makeArticle({ input: 'e.txt', format: 'text', text: `WASHINGTON, Jan. 5 (Reuters) - ${BODY}` }).publishedAt,
    null,
  );
  assert.equal(plain.outlet, null);
  assert.equal(plain.title, null);
});

test("text: a saved page's URL line and a line that only dates it are taken out; the URL's date is the last resort", () => {
  const saved = makeArticle({
    input: 's.txt',
    format: 'text',
    text: `https://www.example.com/2004/07/28/bridge.html\n\nBridge Closed After Vote\n\nPublished: July 29, 2004\n\n${BODY}`,
  });
  assert.equal(saved.url, 'https://www.example.com/2004/07/28/bridge.html');
  assert.deepEqual(
    saved.publishedAt,
    { value: '2004-07-29', source: 'date-line', confidence: 0.9 },
    'the date line beats the URL path',
  );
  assert.equal(saved.title, 'Bridge Closed After Vote');
  assert.equal(saved.text, BODY);
  const stamped = makeArticle({
    input: 't.txt',
    format: 'text',
    text: `Bridge Closed After Vote\n\nupdated 8:41 p.m. EST, Tue March 3, 2009\n\n${BODY}`,
  });
  assert.deepEqual(
    [stamped.publishedAt?.value, stamped.title, stamped.text],
    ['2009-03-03', 'Bridge Closed After Vote', BODY],
  );
  const urlOnly = makeArticle({
    input: 'u.txt',
    format: 'text',
    text: `http://news.example.org/2021/03/04/bridge/\n\n${BODY}`,
  });
  assert.deepEqual(urlOnly.publishedAt, { value: '2021-03-04', source: 'url', confidence: 0.6 });
  // A sentence that mentions a date stays in the body and dates nothing.
  const prose = `On July 29, 2004 the council met.\n\n${BODY}`;
  const kept = makeArticle({ input: 'p.txt', format: 'text', text: prose });
  assert.deepEqual([kept.publishedAt, kept.text], [null, prose]);
});

test('article id is a hash of the normalised text: same content, same id', () => {
  const a = makeArticle({ input: 'a.txt', format: 'text', text: BODY });
  const b = makeArticle({ input: 'b.txt', format: 'text', text: `${BODY.replace(/ /g, '  ')}\r\n` });
  assert.equal(a.id, b.id);
  assert.notEqual(a.id, makeArticle({ input: 'c.txt', format: 'text', text: `${BODY} More.` }).id);
});

test('HTML: readability body, JSON-LD metadata, and hostile markup reduced to inert text', () => {
  const dir = tempDir();
  const para =
    'The harbour authority said on Monday that cargo traffic rose sharply in the spring quarter, driven by grain exports. '.repeat(
      3,
    );
  writeFiles(dir, {
    'page.html': `<!doctype html><html><head><title>Port traffic up</title>
      <script type="application/ld+json">{"@type":"NewsArticle","headline":"Port traffic rises","datePublished":"2022-05-02T08:00:00Z","publisher":{"name":"Coast Times"},"author":{"name":"A. Writer"}}</script>
      </head><body><nav>Home | World | Sport</nav><article><h1>Port traffic rises</h1>
      <p>${para}</p><p>Officials <img src=x onerror="alert(1)"> expect <script>alert('x')</script>more growth &lt;b&gt;next year&lt;/b&gt;.</p></article></body></html>`,
  });
  const r = readFile(join(dir, 'page.html'), dir);
  assert.deepEqual(r.errors, []);
  const a = r.articles[0];
  assert.equal(a.title, 'Port traffic rises');
  assert.equal(a.outlet, 'Coast Times');
  assert.equal(a.byline, 'A. Writer');
  assert.deepEqual(a.publishedAt, { value: '2022-05-02', source: 'json-ld', confidence: 0.95 });
  assert.match(a.text, /cargo traffic rose sharply/);
  assert.doesNotMatch(a.text, /alert/);
  assert.match(a.text, /<b>next year<\/b>/, 'escaped markup stays literal text');
});

test('bad inputs each get a one-line error naming the input, and good files still load', () => {
  const dir = tempDir();
  writeFiles(dir, {
    'good.txt': BODY,
    'empty.txt': '',
    'binary.txt': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01, 0x02, 0x00, 0x00]),
    'latin1.txt': Buffer.concat([
      Buffer.from('Caf'),
      Buffer.from([0xe9]),
      Buffer.from(' owners said the rent doubled this year.'),
    ]),
    'broken.html':
      '<html><body><div><p>Unclosed <b>tags everywhere and the council said the vote would go ahead on Friday despite protests from residents of the valley',
    'feed.jsonl': `{"title":"One","text":"${BODY}","date":"2021-01-02"}\n{not json}\n{"title":"No body"}\n`,
  });
  writeFileSync(join(dir, 'huge.txt'), Buffer.alloc(50 * 1024 * 1024, 0x61));
  const { files } = expandInputs([dir]);
  const results = files.map((f) => readFile(f, dir));
  const errors = results.flatMap((r) => r.errors);
  const byInput = Object.fromEntries(errors.map((e) => [e.input, e.reason]));
  assert.match(byInput['empty.txt'], /empty file/);
  assert.match(byInput['binary.txt'], /binary/);
  assert.match(byInput['latin1.txt'], /invalid UTF-8 at byte 3/);
  assert.match(byInput['huge.txt'], /too large \(50\.0 MB/);
  assert.match(byInput['feed.jsonl:2'], /not valid JSON/);
  assert.match(byInput['feed.jsonl:3'], /no "text"/);
  const titles = results
    .flatMap((r) => r.articles)
    .map((a) => a.input)
    .sort();
  assert.deepEqual(titles, ['broken.html', 'feed.jsonl:1', 'good.txt']);
  for (const e of errors) assert.doesNotMatch(`${e.input}: ${e.reason}`, /\n/);
});

test('RSS items become articles with feed dates', () => {
  const dir = tempDir();
  writeFiles(dir, {
    'news.rss': `<?xml version="1.0"?><rss version="2.0"><channel><title>Valley News</title>
      <item><title>Dam opens</title><link>https://example.org/2023/04/01/dam</link><pubDate>Sat, 01 Apr 2023 10:00:00 GMT</pubDate>
      <description>&lt;p&gt;The new dam opened on Saturday after six years of construction, officials said.&lt;/p&gt;</description></item></channel></rss>`,
  });
  const r = readFile(join(dir, 'news.rss'), dir);
  assert.deepEqual(r.errors, []);
  assert.equal(r.articles[0].title, 'Dam opens');
  assert.equal(r.articles[0].outlet, 'Valley News');
  assert.equal(r.articles[0].publishedAt?.value, '2023-04-01');
  assert.equal(r.articles[0].text, 'The new dam opened on Saturday after six years of construction, officials said.');
});

test("sidecar <file>.meta.json supplies a missing date, title and outlet; the file's own date wins; a bad sidecar is reported and the article kept", () => {
  const dir = tempDir();
  writeFiles(dir, {
    'a.txt': 'The council voted on Tuesday to rebuild the old bridge over the river, officials said after the meeting.',
    'a.txt.meta.json': JSON.stringify({ date: '2021-05-04', title: 'Bridge to be rebuilt', outlet: 'Town Crier' }),
    'b.txt':
      ' date 2021-06-01\nThe mayor said on Monday the market would reopen in the spring after repairs to the roof.',
    'b.txt.meta.json': JSON.stringify({ date: '2020-01-01', outlet: 'Town Crier' }),
    'c.txt': 'Residents welcomed the plan to rebuild the bridge and reopen the market, the newspaper reported.',
    'c.txt.meta.json': '{not json',
  });
  const files = expandInputs([dir]).files.map((f) => f.split('/').pop());
  assert.deepEqual(files, ['a.txt', 'b.txt', 'c.txt'], 'sidecars are not inputs');
  const a = readFile(join(dir, 'a.txt'), dir);
  assert.deepEqual(a.errors, []);
  assert.deepEqual(a.articles[0].publishedAt, { value: '2021-05-04', source: 'sidecar', confidence: 1 });
  assert.equal(a.articles[0].title, 'Bridge to be rebuilt');
  assert.equal(a.articles[0].outlet, 'Town Crier');
  const b = readFile(join(dir, 'b.txt'), dir, '2019-09-09');
  assert.equal(b.articles[0].publishedAt?.value, '2021-06-01', 'the file says its own date');
  assert.equal(b.articles[0].publishedAt?.source, 'header');
  const c = readFile(join(dir, 'c.txt'), dir);
  assert.equal(c.articles.length, 1);
  assert.equal(c.errors[0].input, 'c.txt.meta.json');
  assert.match(c.errors[0].reason, /^sidecar ignored/);
});
