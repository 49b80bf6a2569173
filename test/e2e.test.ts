import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { AnalysisReport, Citation, Failure, StoryBrief, StorySummary } from '../src/model.js';
import { buildServer } from '../src/server/app.js';
import { cli, EXAMPLE, ROOT, tempDir, writeFiles } from './helpers.js';
import { SqliteStore } from '../src/store/sqlite.js';

/** Every citation anywhere in a brief. */
function citations(b: StoryBrief): Citation[] {
  const out: Citation[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.articleId === 'string' && typeof o.start === 'number' && typeof o.end === 'number')
        out.push(o as unknown as Citation);
      else Object.values(o).forEach(walk);
    }
  };
  walk({ ...b, articles: [] });
  return out;
}

const run = cli(['analyze', EXAMPLE, '--format', 'json', '--no-progress']);
const report = JSON.parse(run.stdout) as AnalysisReport;
const story = report.stories[0];
const byFile = (name: string) => story.articles.findIndex((a) => a.input.endsWith(name));

test('the example is one story of five articles, with outlets and dates only where the text gives them', () => {
  assert.equal(run.code, 0, run.stderr);
  assert.equal(report.stories.length, 1);
  assert.equal(story.articles.length, 5);
  const dawn = story.articles[byFile('pompeo-reaches-out-to-bajwa.txt')];
  assert.equal(dawn.outlet, 'Dawn');
  assert.equal(dawn.publishedAt?.value, '2020-01-04');
  assert.equal(story.articles[byFile('soil-not-used-against-anyone.txt')].publishedAt?.value, '2020-01-05');
  for (const f of [
    'caught-in-the-wrong-neighbourhood.txt',
    'pakistan-stresses-neutrality.txt',
    'qureshi-calls-counterparts.txt',
  ]) {
    assert.equal(story.articles[byFile(f)].publishedAt, null, `${f} has no date of its own`);
    assert.equal(story.articles[byFile(f)].referenceDate?.inferred, true);
  }
  const neutrality = story.articles[byFile('pakistan-stresses-neutrality.txt')];
  assert.ok(neutrality.removed.includes('Accessibility links') && neutrality.removed.includes('Breaking News'));
  assert.doesNotMatch(story.articles[byFile('qureshi-calls-counterparts.txt')].text!, /Read Also/);
});

test('every citation points at exactly the text it quotes', () => {
  const texts = new Map(story.articles.map((a) => [a.id, a.text]));
  const all = citations(story);
  assert.ok(all.length > 100);
  for (const c of all) assert.equal(texts.get(c.articleId)!.slice(c.start, c.end), c.text);
  for (const key of ['articles', 'entities', 'quotes', 'timeline', 'facts', 'conflicts', 'summary'] as const)
    assert.ok(Array.isArray(story[key]), key);
});

test('entities merge across spellings, acronyms and partial names', () => {
  const find = (n: string) => story.entities.find((e) => e.name === n || e.aliases.includes(n));
  const sol = find('Qassem Soleimani')!;
  assert.equal(sol.type, 'PERSON');
  for (const v of ['Qasim Soleimani', 'Qasem Soleimani', 'Qassem Soleimani']) assert.equal(find(v), sol);
  const bajwa = find('Qamar Javed Bajwa')!;
  assert.equal(bajwa.type, 'PERSON');
  assert.equal(find('Qamar Bajwa'), bajwa);
  assert.equal(find('Bajwa'), bajwa);
  assert.ok(
    bajwa.mentions.some((m) => m.text.toLowerCase() === 'the army chief'),
    'role mention linked',
  );
  const fo = find('Foreign Office')!;
  assert.equal(fo.type, 'ORG');
  assert.equal(find('FO'), fo);
  // Demonyms join the place they name; an acronym takes its written-out name's type.
  const pak = find('Pakistan')!;
  assert.equal(pak.type, 'PLACE');
  assert.equal(find('Pakistani'), pak);
  assert.ok(pak.links.includes('demonym'));
  assert.equal(find('Afghan')?.name, 'Afghanistan');
  const us = find('US')!;
  assert.equal(us.type, 'PLACE');
  assert.equal(find('United States'), us);
  // "Mr Pompeo" is Pompeo; the lone surname then joins the one Pompeo in the story.
  assert.equal(find('Pompeo'), find('Mike Pompeo'));
  // Two people who share only a surname stay apart ("Khan" joins Imran Khan only because he is the one Khan).
  assert.notEqual(find('Imran Khan'), find('Shah Mahmood Qureshi'));
});

test('quotes are attributed and matched across outlets with their variants', () => {
  const soil = story.quotes.find((q) => q.text.startsWith('We will not allow our soil'))!;
  assert.equal(soil.speaker?.name, 'Asif Ghafoor');
  // "Afghan President Ashraf Ghani on Friday said that ...": the time adjunct is not the speaker.
  assert.equal(
    story.quotes.find((q) => /Afghanistan's soil will not be used/.test(q.text))?.speaker?.name,
    'Ashraf Ghani',
  );
  const tweet = story.quotes.find((q) => /Bajwa and I spoke today/.test(q.text))!;
  assert.equal(tweet.speaker?.name, 'Mike Pompeo');
  assert.equal(new Set(tweet.citations.map((c) => c.articleId)).size, 2);
  const texts = [tweet.text, ...tweet.variants.map((v) => v.text)].join('\n');
  assert.match(texts, /Chief of \[Army\] Staff/);
  assert.match(texts, /Chief of Staff/);
  assert.match(texts, /destabilizing/);
  assert.match(texts, /destabilising/);
});

test('timeline resolves relative dates against each article', () => {
  const on = (date: string, re: RegExp) =>
    story.timeline.some((t) => t.date === date && t.citations.some((c) => re.test(c.text)));
  assert.ok(on('2020-01-03', /on Friday reached out to Army Chief/), 'Pompeo–Bajwa call');
  assert.ok(
    on('2020-01-03', /two days after U\.S\. Secretary of State Mike Pompeo spoke/),
    '"two days after" anchored to January 5',
  );
  assert.ok(on('2020-01-03', /killed/), 'the strike');
  assert.ok(on('2020-01-05', /rallied on January 5 in Pakistan’s largest city of Karachi/), 'Karachi rally');
  assert.ok(on('2020-01-05', /Qureshi on Sunday told his counterparts/), "Qureshi's calls (undated article, Sunday)");
  assert.ok(on('2020-01-08', /I have asked FM Qureshi/), "Khan's tweet");
  assert.ok(on('2020-01-12', /Qureshi arrived in Mashhad/), 'Mashhad');
  assert.ok(story.timeline.find((t) => t.date === '2020-01-12')!.inferred);
});

test('facts count independent sources; the crowd-size conflict is reported; summary is cited', () => {
  assert.equal(story.syndication.length, 1, 'the two wire copies form one group');
  assert.equal(story.independentSources, 4);
  assert.ok(story.facts.length > 0 && story.facts.every((f) => f.sources >= 1 && f.sources <= f.articles));
  const crowd = story.conflicts.find(
    (c) =>
      c.values.some((v) => /Thousands of people/.test(v.text)) &&
      c.values.some((v) => /Hundreds of protesters/.test(v.text)),
  );
  assert.ok(crowd, 'thousands vs hundreds');
  assert.ok(story.summary.length > 0 && story.summary.length <= 6);
  // The Pompeo–Bajwa call, worded four ways by four outlets, is one fact.
  const call = story.facts.find((f) => f.citations.some((c) => /Pompeo dialled Pakistan Army chief/.test(c.text)))!;
  assert.ok(call, 'the call is a fact');
  const files = [
    'pompeo-reaches-out-to-bajwa.txt',
    'soil-not-used-against-anyone.txt',
    'caught-in-the-wrong-neighbourhood.txt',
    'pakistan-stresses-neutrality.txt',
  ];
  assert.deepEqual(
    files.map((f) => call.citations.some((c) => c.articleId === story.articles[byFile(f)].id)),
    [true, true, true, true],
  );
  assert.equal(call.sources, 4);
  for (const c of call.citations) assert.match(c.text, /Pompeo|I spoke today/);
});

test('output is deterministic: same input, same bytes', () => {
  const again = cli(['analyze', EXAMPLE, '--format', 'json', '--no-progress']);
  assert.equal(again.stdout, run.stdout);
});

test('summary length by words: whole sentences within the limit; a bad limit is refused by name', () => {
  const words = (out: string) =>
    (JSON.parse(out).stories[0].summary as { text: string }[]).map((l) => l.text.split(/\s+/).length);
  const capped = cli(['analyze', EXAMPLE, '--format', 'json', '--no-progress', '--summary-words', '120']);
  assert.equal(capped.code, 0);
  const counts = words(capped.stdout);
  assert.ok(counts.length >= 2 && counts.reduce((a, b) => a + b, 0) <= 120, String(counts));
  const bad = cli(['analyze', EXAMPLE, '--no-progress', '--summary-words', '0']);
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /--summary-words/);
});

test('text and Markdown briefs render', () => {
  const text = cli(['analyze', EXAMPLE, '--no-progress']);
  assert.equal(text.code, 0);
  assert.match(text.stdout, /^STORY s-/);
  assert.match(text.stdout, /CONFLICTS\n  • quantity, number of people: “Thousands of people”/);
  const md = cli(['analyze', EXAMPLE, '--format', 'md', '--no-progress']);
  assert.match(md.stdout, /^## /);
  assert.match(md.stdout, /### Timeline/);
});

test('a batch with bad inputs reports each, analyses the rest and exits 2; re-ingesting is idempotent', () => {
  const dir = tempDir();
  cpSync(EXAMPLE, join(dir, 'in'), { recursive: true });
  writeFiles(join(dir, 'in'), { 'empty.txt': '', 'bad.jsonl': '{oops\n', 'bin.txt': Buffer.from([0, 1, 2, 3, 0]) });
  const db = join(dir, 'store.db');
  const first = cli(['analyze', join(dir, 'in'), '--db', db, '--format', 'json', '--no-progress'], dir);
  assert.equal(first.code, 2);
  const lines = first.stderr.trim().split('\n');
  assert.equal(lines.length, 3);
  assert.match(first.stderr, /in\/empty\.txt: empty file/);
  assert.match(first.stderr, /in\/bad\.jsonl:1: line is not valid JSON/);
  assert.match(first.stderr, /in\/bin\.txt: binary file/);
  const r1 = JSON.parse(first.stdout) as AnalysisReport;
  assert.equal(r1.stories[0].articles.length, 5);
  assert.equal(r1.errors.length, 3);
  assert.ok(existsSync(db));
  const second = cli(['ingest', join(dir, 'in', 'pompeo-reaches-out-to-bajwa.txt'), '--db', db], dir);
  assert.equal(second.code, 0);
  assert.match(second.stdout, /^0 new articles, 1 already stored/);
  const list = cli(['stories', '--db', db, '--format', 'json'], dir);
  const rows = JSON.parse(list.stdout) as { id: string; articles: number }[];
  assert.deepEqual(
    rows.map((r) => r.articles),
    [5],
  );
  const one = cli(['story', rows[0].id, '--db', db, '--format', 'json'], dir);
  assert.equal((JSON.parse(one.stdout) as StoryBrief).id, rows[0].id);
});

test('a different story is kept apart from the example', async () => {
  const dir = tempDir();
  cpSync(EXAMPLE, join(dir, 'in'), { recursive: true });
  writeFiles(join(dir, 'in'), {
    'floods.txt':
      'Heavy rain flooded villages across the Ebro valley in Spain on Tuesday, forcing 2,000 residents from their homes. Regional emergency services said rivers rose faster than forecast. The regional president visited shelters in Zaragoza and promised aid to farmers whose crops were destroyed.',
  });
  const db = join(dir, 't.db');
  const r = JSON.parse(
    cli(['analyze', join(dir, 'in'), '--format', 'json', '--no-progress', '--db', db], dir).stdout,
  ) as AnalysisReport;
  assert.equal(r.stories.length, 2);
  assert.deepEqual(r.stories.map((s) => s.articles.length).sort(), [1, 5]);
  // `stories` lists newest first (the undated flood story last), with the API's filters.
  const sizes = (...args: string[]) =>
    (JSON.parse(cli(['stories', '--db', db, '--format', 'json', ...args]).stdout) as StorySummary[]).map(
      (s) => s.articles,
    );
  assert.deepEqual(sizes(), [5, 1]);
  assert.deepEqual([sizes('--limit', '1'), sizes('--offset', '1'), sizes('--offset', '2')], [[5], [1], []]);
  assert.deepEqual(
    [
      sizes('--search', 'ebro valley'),
      sizes('--entity', 'bajwa'),
      sizes('--outlet', 'dawn'),
      sizes('--from', '2020-01-10'),
      sizes('--to', '2019-12-31'),
    ],
    [[1], [5], [5], [5], []],
  );
  const none = cli(['stories', '--db', db, '--search', 'volcano']);
  assert.deepEqual([none.code, none.stdout], [0, '']);
  assert.match(none.stderr, /no stories match in .*t\.db/);
  const text = cli(['stories', '--db', db, '--limit', '1']).stdout;
  assert.match(
    text,
    /^s-[0-9a-f]{12} {2}5 articles \/ 4 sources {2}2020-01-04\.\.2020-01-12 {2}Pakistan Stresses Neutrality.*\n {4}Pakistan, Iran, United States, Qassem Soleimani, Islamabad\n$/,
  );
  assert.equal(cli(['stories', '--db', db, '--offset', '-1']).code, 1);
  // Pages of one story follow the list's order past the dated story to the undated one.
  const store = await SqliteStore.open(db);
  try {
    const listed = (await store.listStories({ limit: 10, offset: 0 })).items;
    assert.deepEqual(
      listed.map((s) => s.to === null),
      [false, true],
    );
    const paged: string[] = [];
    for await (const page of store.storyPages({}, 1)) paged.push(...page.map((s) => s.id));
    assert.deepEqual(
      paged,
      listed.map((s) => s.id),
    );
  } finally {
    await store.close();
  }
});

test('--date supplies a publication date only to inputs without one', () => {
  const r = JSON.parse(
    cli(['analyze', EXAMPLE, '--format', 'json', '--no-progress', '--date', '2020-01-06']).stdout,
  ) as AnalysisReport;
  const arts = r.stories[0].articles;
  const get = (f: string) => arts.find((a) => a.input.endsWith(f))!;
  assert.deepEqual(get('qureshi-calls-counterparts.txt').publishedAt, {
    value: '2020-01-06',
    source: 'user',
    confidence: 1,
  });
  assert.deepEqual(get('pompeo-reaches-out-to-bajwa.txt').publishedAt, {
    value: '2020-01-04',
    source: 'trailer',
    confidence: 0.95,
  });
  const bad = cli(['analyze', EXAMPLE, '--date', 'soon']);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /expected a date such as 2020-01-05/);
});

test('eval ner prints the documented JSON shape', () => {
  const dir = tempDir();
  writeFiles(dir, {
    'd.conll': 'Angela NNP B-NP B-PER\nMerkel NNP I-NP I-PER\nvisited VBD B-VP O\nParis NNP B-NP B-LOC\n. . O O\n',
  });
  const r = cli(['eval', 'ner', '--data', join(dir, 'd.conll'), '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(j).sort(), ['correct', 'f1', 'gold', 'per_type', 'precision', 'predicted', 'recall']);
  assert.deepEqual(Object.keys(j.per_type).sort(), ['LOC', 'MISC', 'ORG', 'PER']);
  assert.equal(j.gold, 2);
});

test('eval coref prints MUC, B3, CEAF-e and CoNLL F1 for gold and predicted mentions', () => {
  const dir = tempDir();
  const doc = (n: number, name: string) => `<Document doc_name="9_${n}ecb.xml">
<token t_id="1" sentence="0" number="0">${n === 1 ? 'Actor' : 'Star'}</token><token t_id="2" sentence="0" number="1">${name.split(' ')[0]}</token><token t_id="3" sentence="0" number="2">${name.split(' ')[1]}</token><token t_id="4" sentence="0" number="3">hosted</token><token t_id="5" sentence="0" number="4">the</token><token t_id="6" sentence="0" number="5">Oscars</token><token t_id="7" sentence="0" number="6">on</token><token t_id="8" sentence="0" number="7">Sunday</token><token t_id="9" sentence="0" number="8">.</token>
<token t_id="10" sentence="1" number="0">He</token><token t_id="11" sentence="1" number="1">sang</token><token t_id="12" sentence="1" number="2">.</token>
<Markables>
<HUMAN_PART_PER m_id="1"  ><token_anchor t_id="2"/><token_anchor t_id="3"/></HUMAN_PART_PER>
<NON_HUMAN_PART m_id="2"  ><token_anchor t_id="6"/></NON_HUMAN_PART>
<HUMAN_PART_PER m_id="3"  ><token_anchor t_id="10"/></HUMAN_PART_PER>
<HUMAN_PART_PER m_id="9" RELATED_TO="" TAG_DESCRIPTOR="host" instance_id="HUM1" />
<NON_HUMAN_PART m_id="8" RELATED_TO="" TAG_DESCRIPTOR="oscars" instance_id="OSC1" />
</Markables>
<Relations>
<CROSS_DOC_COREF r_id="1" note="HUM1" ><source m_id="1" /><source m_id="3" /><target m_id="9" /></CROSS_DOC_COREF>
<CROSS_DOC_COREF r_id="2" note="OSC1" ><source m_id="2" /><target m_id="8" /></CROSS_DOC_COREF>
</Relations></Document>`;
  mkdirSync(join(dir, 'ecb', '9'), { recursive: true });
  writeFiles(join(dir, 'ecb', '9'), { '9_1ecb.xml': doc(1, 'Hugh Jackman'), '9_2ecb.xml': doc(2, 'Hugh Jackman') });
  writeFiles(dir, {
    'ECBplus_coreference_sentences.csv': 'Topic,File,Sentence Number\n9,1ecb,0\n9,1ecb,1\n9,2ecb,0\n9,2ecb,1\n',
  });
  const r = cli(['eval', 'coref', '--data', join(dir, 'ecb'), '--split', '9', '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  for (const k of ['triangulate_gold_mentions', 'triangulate_predicted_mentions', 'baseline_lemma_gold_mentions']) {
    assert.deepEqual(Object.keys(j[k]).sort(), ['b3', 'ceafe', 'conll_f1', 'mentions', 'muc'], k);
  }
  assert.equal(j.triangulate_gold_mentions.mentions.key, 6);
  assert.equal(
    j.triangulate_gold_mentions.conll_f1,
    100,
    'Hugh Jackman, He and the Oscars resolved across both documents',
  );
});

test('entity overrides from the CLI: split and merge hold across re-analysis and can be undone', () => {
  const dir = tempDir();
  const db = join(dir, 'o.db');
  assert.equal(cli(['ingest', EXAMPLE, '--db', db]).code, 0);
  const storyJson = () => {
    const list = JSON.parse(cli(['stories', '--db', db, '--format', 'json']).stdout) as {
      id: string;
      articles: number;
    }[];
    const id = list.find((s) => s.articles >= 5)!.id;
    return JSON.parse(cli(['story', id, '--db', db, '--format', 'json']).stdout) as StoryBrief;
  };
  const names = (b: StoryBrief, n: string) => b.entities.find((e) => e.name === n || e.aliases.includes(n));
  assert.equal(names(storyJson(), 'Qamar Bajwa')?.name, 'Qamar Javed Bajwa');

  const split = cli([
    'entities',
    'split',
    'Qamar Bajwa',
    '--from',
    'Qamar Javed Bajwa',
    '--db',
    db,
    '--note',
    'different person in this test',
  ]);
  assert.equal(split.code, 0, split.stderr);
  assert.match(split.stdout, /^s-[0-9a-f]{12} {2}split "Qamar Bajwa" from "Qamar Javed Bajwa"\n1 story re-analysed/);
  const merge = cli(['entities', 'merge', 'Shireen Mazari', 'Imran Khan', '--db', db]);
  assert.equal(merge.code, 0, merge.stderr);
  const check = (b: StoryBrief) => {
    assert.equal(names(b, 'Qamar Bajwa')?.name, 'Qamar Bajwa', 'split off');
    assert.equal(names(b, 'Shireen Mazari')?.id, names(b, 'Imran Khan')?.id, 'merged');
    assert.ok(names(b, 'Imran Khan')!.links.includes('analyst-merge'));
  };
  check(storyJson());
  // Re-analysis: another article joins the story; the brief is rebuilt from scratch.
  writeFiles(dir, {
    'more.txt':
      'Army chief Gen Qamar Javed Bajwa spoke to US Secretary of State Mike Pompeo again on Monday about Qassem Soleimani, the ISPR said, while Prime Minister Imran Khan urged calm in Islamabad.',
  });
  assert.equal(cli(['ingest', join(dir, 'more.txt'), '--db', db, '--date', '2020-01-06']).code, 0);
  const after = storyJson();
  assert.equal(after.articles.length, 6);
  check(after);

  const listed = cli(['entities', 'overrides', '--db', db]).stdout.trim().split('\n');
  assert.equal(listed.length, 2);
  assert.match(listed[0], /\(different person in this test\)$/);
  assert.equal(cli(['entities', 'split', 'Bajwa', '--from', 'bajwa', '--db', db]).code, 1);
  assert.equal(cli(['entities', 'undo', 's-000000000000', '--db', db]).code, 1);
  for (const line of listed) assert.equal(cli(['entities', 'undo', line.split(' ')[0], '--db', db]).code, 0);
  assert.equal(names(storyJson(), 'Qamar Bajwa')?.name, 'Qamar Javed Bajwa', 'undone');
});

/** The CLI with TRIANGULATE_FAULT set: the named stages throw for the named ids (the pipeline's test seam). */
function faulty(fault: string, args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/triangulate.js'), ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, TRIANGULATE_FAULT: fault },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('failures stay small: a story or article that fails is listed, the rest goes on, the last good brief is served stale, the next run clears it', async () => {
  const dir = tempDir();
  cpSync(EXAMPLE, join(dir, 'in'), { recursive: true });
  mkdirSync(join(dir, 'later'));
  renameSync(join(dir, 'in', 'pompeo-reaches-out-to-bajwa.txt'), join(dir, 'later', 'pompeo.txt'));
  writeFiles(join(dir, 'later'), {
    'nokia.txt':
      'Nokia to cut 5,000 jobs in Finland\n\nNokia said on Monday it would cut 5,000 jobs in Finland as demand for network equipment slowed, chief executive Pekka Lundmark told reporters in Espoo.',
  });
  const db = join(dir, 'store.db');
  assert.equal(cli(['ingest', join(dir, 'in'), '--db', db], dir).code, 0);
  const [story] = JSON.parse(cli(['stories', '--db', db, '--format', 'json'], dir).stdout) as StorySummary[];
  const nokia = (
    JSON.parse(cli(['analyze', join(dir, 'later', 'nokia.txt'), '--format', 'json'], dir).stdout) as AnalysisReport
  ).stories[0].articles[0].id;

  // The story's new brief and the Nokia article's analysis throw; the Pompeo article is still stored.
  const run = faulty(
    `story-analysis:${story.id},article-analysis:${nokia}`,
    ['ingest', join(dir, 'later'), '--db', db],
    dir,
  );
  assert.equal(run.code, 2, run.stderr);
  assert.match(run.stderr, new RegExp(`story ${story.id}: story analysis failed: injected fault`));
  assert.match(run.stderr, /later\/nokia\.txt: analysis failed: injected fault/);
  assert.match(run.stdout, /^1 new article, 0 already stored, 1 story updated, 2 inputs failed/);
  const listed = JSON.parse(cli(['failures', '--db', db, '--format', 'json'], dir).stdout) as Failure[];
  assert.deepEqual(listed.map((f) => [f.stage, f.subject, f.input]).sort(), [
    ['article-analysis', nokia, 'later/nokia.txt'],
    ['story-analysis', story.id, `story ${story.id}`],
  ]);
  assert.match(
    cli(['failures', '--db', db], dir).stdout,
    new RegExp(`story-analysis  ${story.id}  story ${story.id}: story analysis failed`),
  );
  const stale = JSON.parse(cli(['story', story.id, '--db', db, '--format', 'json'], dir).stdout) as StoryBrief;
  assert.equal(stale.stale, true);
  assert.match(stale.staleReason!, /^story analysis failed: injected fault .*last successful analysis$/);
  assert.equal(stale.articles.length, 4, 'the last good brief, without the article that came since');
  assert.match(cli(['story', story.id, '--db', db], dir).stdout, /^STALE: story analysis failed/m);
  const store = await SqliteStore.open(db);
  try {
    assert.equal((await store.storyArticles(story.id)).length, 5, 'the new article is stored in its story');
    const app = await buildServer({ store });
    const api = await app.inject({ method: 'GET', url: '/api/failures' });
    assert.deepEqual(api.json(), listed);
    assert.equal((await app.inject({ method: 'GET', url: `/api/stories/${story.id}` })).json().stale, true);
    await app.close();
  } finally {
    await store.close();
  }

  // Without the fault, reanalyse retries both: the stored Nokia article is placed, the brief rebuilt.
  const retry = cli(['reanalyse', '--db', db], dir);
  assert.equal(retry.code, 0, retry.stderr);
  assert.equal(cli(['failures', '--db', db], dir).stdout, `no failures in ${db}\n`);
  const fresh = JSON.parse(cli(['story', story.id, '--db', db, '--format', 'json'], dir).stdout) as StoryBrief;
  assert.equal(fresh.stale, undefined);
  assert.equal(fresh.articles.length, 5);
  const stories = JSON.parse(cli(['stories', '--db', db, '--format', 'json'], dir).stdout) as StorySummary[];
  assert.deepEqual(stories.map((s) => s.articles).sort(), [1, 5]);
  assert.equal(cli(['ingest', join(dir, 'later'), '--db', db], dir).code, 0);
});
