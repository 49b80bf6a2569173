import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decode, declaredCharset } from '../src/ingest/decode.js';
import { readHtml } from '../src/ingest/html.js';

// Scores page metadata (title, byline, date) against Postlight Parser's per-site fixtures: each
// src/extractors/custom/<site>/index.test.js names a recorded page and the values a reader sees
// on it. Usage: node dist/scripts/score-metadata.js <postlight-parser checkout> [--show]
// (tested with commit e8ba7ece291efa4d915d50dd4deeec17d54359f2).

interface Case {
  site: string;
  url: string;
  page: string;
  title: string | null;
  author: string | null;
  date: string | null;
}

const unquote = (q: string, s: string) =>
  q === '`'
    ? s
    : s
        .replace(/\\(.)/g, '$1')
        .replace(/'\s*\+\s*'/g, '')
        .replace(/"\s*\+\s*"/g, '');

/** The expected value of `field` in a test file, if it asserts a string. */
function expected(test: string, field: string): string | null {
  const re = new RegExp(String.raw`assert\.equal\(\s*${field},\s*(['"\`])((?:\\.|(?!\1)[^\\])*)\1\s*(?:,\s*)?\)`);
  const m = re.exec(test);
  return m ? unquote(m[1], m[2]) : null;
}

function cases(root: string): Case[] {
  const dir = join(root, 'src/extractors/custom');
  const out: Case[] = [];
  for (const site of readdirSync(dir).sort()) {
    const file = join(dir, site, 'index.test.js');
    if (!existsSync(file)) continue;
    const test = readFileSync(file, 'utf8');
    const url = /url\s*=\s*'([^']+)'/.exec(test)?.[1];
    const page = /readFileSync\(\s*'\.\/(fixtures\/[^']+)'/.exec(test)?.[1];
    if (!url || !page || !existsSync(join(root, page))) continue;
    out.push({
      site,
      url,
      page,
      title: expected(test, 'title'),
      author: expected(test, 'author'),
      date: expected(test, 'date_published'),
    });
  }
  return out;
}

const fold = (s: string) =>
  s
    .normalize('NFKC')
    .replace(/[‘’ʼ]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/[‐-―]/g, '-')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
const names = (s: string) =>
  fold(s)
    .replace(/^by\s+/, '')
    .split(/\s*(?:,|\band\b|&)\s*/)
    .filter(Boolean)
    .sort()
    .join('|');
const dayShift = (a: string, b: string) => Math.abs(Date.parse(a) - Date.parse(b)) / 86_400_000;

type Verdict = 'right' | 'wrong' | 'missing';

function judge(c: Case, root: string) {
  const buf = readFileSync(join(root, c.page));
  const f = readHtml(c.page, decode(c.page, buf, declaredCharset(buf)), c.url);
  const v = (want: string | null, got: string | null | undefined, same: (a: string, b: string) => boolean) =>
    want === null ? null : !got ? 'missing' : same(want, got) ? 'right' : 'wrong';
  return {
    title: v(c.title, f.title, (a, b) => fold(a) === fold(b)),
    byline: v(c.author, f.byline, (a, b) => names(a) === names(b)),
    date: v(c.date, f.publishedAt?.value, (a, b) => dayShift(a.slice(0, 10), b) <= 1),
    got: { title: f.title, byline: f.byline, date: f.publishedAt?.value, outlet: f.outlet },
  };
}

function main(): void {
  const root = process.argv[2];
  if (!root) throw new Error('usage: score-metadata <postlight-parser checkout> [--show]');
  const all = cases(root);
  const tally: Record<string, Record<Verdict, number>> = {};
  for (const c of all) {
    const j = judge(c, root);
    for (const k of ['title', 'byline', 'date'] as const) {
      const verdict = j[k];
      if (!verdict) continue;
      (tally[k] ??= { right: 0, wrong: 0, missing: 0 })[verdict as Verdict]++;
      const want = k === 'title' ? c.title : k === 'byline' ? c.author : c.date;
      if (verdict !== 'right' && process.argv.includes('--show'))
        process.stdout.write(
          `${c.site}\t${k}\t${verdict}\twant ${JSON.stringify(want)}\tgot ${JSON.stringify(j.got[k])}\n`,
        );
    }
  }
  process.stdout.write(`${all.length} pages\n`);
  for (const [k, t] of Object.entries(tally)) {
    const n = t.right + t.wrong + t.missing;
    process.stdout.write(
      `${k}: ${((100 * t.right) / n).toFixed(1)}% right of ${n} (${t.wrong} wrong, ${t.missing} missing)\n`,
    );
  }
}

main();
