import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contentWordsIn, identifyLanguage, readsAsEnglish } from '../src/article/language.js';
import { Clusterer } from '../src/story/cluster.js';
import { storyEvidence } from '../src/story/evidence.js';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { evalStream } from '../src/eval/stream.js';
import { ingest } from '../src/pipeline.js';
import { SqliteStore } from '../src/store/sqlite.js';
import { analysed, tempDir, writeFiles } from './helpers.js';

// Stories are events: one language per story, and (below) reports close in time.

const LIBERATION = `Népal : un alpiniste français tué au camp de base de l'Everest

Un alpiniste français a trouvé la mort samedi dans l'avalanche déclenchée par le séisme de magnitude 7,8 qui a frappé le Népal, a annoncé dimanche le ministère des Affaires étrangères. Des centaines de secouristes fouillaient encore les décombres à Katmandou, où le bilan dépasse désormais 2 500 morts selon les autorités népalaises.

Le jeune homme, originaire de Chamonix, se trouvait au camp de base avec une expédition de six personnes. Des témoins décrivent une coulée de neige et de glace qui a balayé les tentes en quelques secondes.`;

const LE_MONDE = `Loi sur le renseignement : l'Assemblée adopte le texte à une large majorité

Un vote sans surprise. Les députés ont adopté mardi en première lecture le projet de loi sur le renseignement, par 438 voix contre 86. Des élus de tous les bords, de la gauche du Parti socialiste aux rangs de l'UMP, ont pourtant dénoncé un texte qui légalise des techniques de surveillance de masse.

Le gouvernement assure que les boîtes noires installées chez les opérateurs ne visent que la lutte contre le terrorisme. Le texte doit maintenant être examiné par le Sénat à partir du mois de juin.`;

const LA_NACION = `La Argentina frente al nuevo escenario regional

La visita del presidente de Estados Unidos a Buenos Aires dejó más preguntas que respuestas sobre el rumbo de la política exterior del Gobierno. Los funcionarios de la Casa Rosada celebraron los acuerdos comerciales, pero la oposición advirtió que el país no puede atar su economía a los vaivenes de Washington.

El desafío, en todo caso, es recuperar la credibilidad perdida en los mercados y ante los organismos internacionales, algo que ningún anuncio resuelve por sí solo.`;

const NYT_ES = `Las noticias del día

Un juez federal de Estados Unidos bloqueó el martes la orden ejecutiva que limitaba la entrada de refugiados al país. En México, miles de personas marcharon en la capital para exigir justicia por los 43 estudiantes desaparecidos de Ayotzinapa.

Además, los científicos advierten que el deshielo en la Antártida avanza más rápido de lo previsto y podría elevar el nivel del mar en las próximas décadas. Y en Brasil, el Senado aprobó una reforma de las pensiones que ha dividido a la coalición de gobierno.`;

const BUNDESTAG = `Der Bundestag hat am Donnerstag das umstrittene Gesetz zur Vorratsdatenspeicherung verabschiedet. Die Opposition kündigte an, vor das Bundesverfassungsgericht zu ziehen. Das Gesetz verpflichtet die Telekommunikationsanbieter, Verbindungsdaten zehn Wochen lang zu speichern, und die Daten von Mobiltelefonen vier Wochen.`;

const EVEREST_EN = `French climber killed at Everest base camp as Nepal quake toll passes 2,500

A French climber was killed on Saturday by the avalanche the magnitude 7.8 earthquake set off at Everest base camp, France's foreign ministry said on Sunday. Hundreds of rescuers were still digging through rubble in Kathmandu, where Nepalese authorities say more than 2,500 people have died. The climber, from Chamonix, was part of a six-member expedition.`;

test('language: French, Spanish, German and English news prose are told apart; a line too short to tell is und', () => {
  assert.equal(identifyLanguage(LIBERATION), 'fr');
  assert.equal(identifyLanguage(LE_MONDE), 'fr');
  assert.equal(identifyLanguage(LA_NACION), 'es');
  assert.equal(identifyLanguage(NYT_ES), 'es');
  assert.equal(identifyLanguage(BUNDESTAG), 'de');
  assert.equal(identifyLanguage(EVEREST_EN), 'en');
  assert.equal(identifyLanguage('Obama wins Iowa'), 'und');
  // A URL and three names: Portuguese by a hair over English, so undetermined.
  assert.equal(
    identifyLanguage(
      "http : / / query . nytimes . com / gst / fullpage . html ? res=9402E6D71239F937A15756C0A9639C8B63 PHILADELPHIA 76ERS Fired Jim O'Brien , coach . Named Maurice Cheeks coach .",
    ),
    'und',
  );
});

test('language: the analysis records it, and the story evidence of a report in another language has no English-trained names', () => {
  const fr = analysed(LIBERATION, 'liberation.txt', '2015-04-26');
  assert.equal(fr.analysis.language, 'fr');
  const e = storyEvidence(fr.article, fr.analysis);
  assert.equal(e.language, 'fr');
  assert.deepEqual(e.people, []);
  assert.deepEqual(
    e.terms.filter((t) => t.startsWith('e:')),
    [],
    'no entity terms',
  );
  for (const w of ['un', 'une', 'des', 'les', 'le', 'la', 'de', 'du', 'qui', 'est', 'samedi', 'everest'])
    assert.equal(e.terms.includes(w), w === 'everest', w);
  assert.ok(e.terms.includes('alpiniste') && e.terms.includes('seisme') && e.terms.includes('avalanche'));
  const es = storyEvidence(...(Object.values(analysed(NYT_ES, 'nyt.txt')) as [never, never]));
  for (const w of ['el', 'los', 'las', 'un', 'una', 'de', 'del', 'en', 'que', 'martes'])
    assert.equal(es.terms.includes(w), false, w);
  assert.deepEqual(
    contentWordsIn(BUNDESTAG, 'de').filter((w) =>
      ['das', 'die', 'der', 'hat', 'am', 'zu', 'und', 'donnerstag'].includes(w),
    ),
    [],
  );
  assert.deepEqual(contentWordsIn("l'Assemblée et l'armée d'Italie", 'fr'), ['assemblee', 'armee', 'italie']);
  const en = analysed(EVEREST_EN, 'everest.txt', '2015-04-26');
  assert.equal(en.analysis.language, 'en');
  assert.ok(
    storyEvidence(en.article, en.analysis).terms.some((t) => t.startsWith('e:')),
    'English reports keep their names',
  );
});

test('english-only: French, Spanish and German reports get no entities ("Un", "Les", "Los", "El", "Das"); English ones dense with foreign names keep theirs', () => {
  for (const [text, lang] of [
    [LIBERATION, 'fr'],
    [LE_MONDE, 'fr'],
    [LA_NACION, 'es'],
    [NYT_ES, 'es'],
    [BUNDESTAG, 'de'],
  ]) {
    const { analysis } = analysed(text);
    assert.equal(analysis.language, lang);
    assert.deepEqual(analysis.mentions, [], lang);
    assert.equal(readsAsEnglish(text, lang), false);
  }
  // Short English reports that franc reads as Spanish, Italian, French: their English function words outnumber.
  for (const text of [
    'Romanian Prime Minister Marcel Ciolacu spoke to reporters in Timișoara.',
    'Brazilian President Luiz Inácio Lula da Silva arrived in Brasília on Monday.',
    'Moldovan President Maia Sandu met Romanian leader Klaus Iohannis in Chișinău.',
  ]) {
    const { analysis } = analysed(text);
    assert.notEqual(analysis.language, 'en');
    assert.ok(
      analysis.mentions.some((m) => m.type === 'PERSON' && /\p{Lu}\p{Ll}+ \p{Lu}/u.test(m.text)),
      text,
    );
  }
});

/** A clusterer that has seen some unrelated English news, as a store would have. */
function withBackground(): Clusterer {
  const c = new Clusterer();
  const words = (p: string, n: number) => Array.from({ length: n }, (_, i) => `${p}${i}`);
  for (let i = 0; i < 30; i++)
    c.assign(`bg${String(i).padStart(3, '0')}`, { terms: words(`z${i}_`, 12), language: 'en' });
  return c;
}

function place(c: Clusterer, text: string, input: string, date: string) {
  const { article, analysis } = analysed(text, input, date);
  return c.assign(article.id, storyEvidence(article, analysis), date);
}

test('events: unrelated French pages, and unrelated Spanish pages, stay apart (they shared only function words typed as names)', () => {
  const c = withBackground();
  const quake = place(c, LIBERATION, 'liberation.txt', '2015-04-26');
  const vote = place(c, LE_MONDE, 'lemonde.txt', '2015-05-05');
  assert.notEqual(vote.storyId, quake.storyId, `joined with score ${vote.score}`);
  const oped = place(c, LA_NACION, 'lanacion.txt', '2017-02-07');
  const front = place(c, NYT_ES, 'nyt.txt', '2017-02-07');
  assert.notEqual(front.storyId, oped.storyId, `joined with score ${front.score}`);
});

test('events: reports in two languages never join one story, nor do their stories merge, however alike their terms', () => {
  const c = withBackground();
  const terms = ['everest', 'nepal', 'chamonix', 'avalanche', 'kathmandu', 'e:nepal', 'e:everest'];
  const en = c.assign('en1', { terms, language: 'en' }, '2015-04-26');
  const fr = c.assign('fr1', { terms, language: 'fr' }, '2015-04-26');
  assert.equal(fr.created, true);
  assert.equal(c.story(fr.storyId)!.language, 'fr');
  // A report too short to tell its language may join either.
  assert.equal(c.assign('und1', { terms, language: 'und' }, '2015-04-26').created, false);
  for (const k of [2, 3]) {
    const r = c.assign(`en${k}`, { terms, language: 'en' }, '2015-04-27');
    assert.equal(r.storyId, en.storyId);
    assert.equal(r.merged, null);
  }
  assert.equal(
    c.join(fr.storyId, { terms, language: 'en' }, '2015-04-27'),
    null,
    'a near-copy in another language is no copy',
  );
});

const day = (n: number) => new Date(Date.UTC(2016, 1, 1 + n)).toISOString().slice(0, 10);
const PRIMARY = ['primary', 'caucuses', 'delegates', 'sanders', 'clinton', 'votes', 'e:sanders', 'e:clinton'];

test('events: a story keeps growing while reports come every few days, but never past 14 days of reports', () => {
  const c = withBackground();
  const first = c.assign('p00', { terms: PRIMARY, language: 'en' }, day(0));
  for (const n of [3, 6, 9, 12, 14])
    assert.equal(c.assign(`p${n}`, { terms: PRIMARY, language: 'en' }, day(n)).storyId, first.storyId, `day ${n}`);
  const late = c.assign('p15', { terms: PRIMARY, language: 'en' }, day(15));
  assert.equal(late.created, true, 'day 15 is another event, however alike');
  assert.deepEqual(c.story(first.storyId)!.days, [0, 3, 6, 9, 12, 14].map(day));
});

test('events: a report more than 4 days from every report of a story opens another; one between its reports joins', () => {
  const c = withBackground();
  const first = c.assign('q0', { terms: PRIMARY, language: 'en' }, day(0));
  assert.equal(c.assign('q4', { terms: PRIMARY, language: 'en' }, day(4)).storyId, first.storyId);
  const gap = c.assign('q9', { terms: PRIMARY, language: 'en' }, day(9));
  assert.equal(gap.created, true, 'five days after the latest report: a new event');
  assert.equal(
    c.assign('q2', { terms: PRIMARY, language: 'en' }, day(2)).storyId,
    first.storyId,
    'a late-arriving report of day 2',
  );
  assert.equal(c.assign('qu', { terms: PRIMARY, language: 'en' }).created, false, 'an undated report still joins');
});

test('events: two stories merge only if their reports together stay one event in time', () => {
  const c = withBackground();
  const words = (p: string, n: number) => Array.from({ length: n }, (_, i) => `${p}${i}`);
  const [alpha, beta] = [words('alpha', 12), words('beta', 12)];
  const a = c.assign('a0', { terms: alpha }, day(0)).storyId;
  assert.equal(c.assign('a3', { terms: alpha }, day(3)).storyId, a);
  const b = c.assign('b11', { terms: beta }, day(11)).storyId;
  assert.equal(c.assign('b15', { terms: beta }, day(15)).storyId, b);
  // Reports that read like both, on a day both reach: without the rule the fourth merges them (days 0 to 15).
  for (const k of [1, 2, 3, 4]) {
    const r = c.assign(`m${k}`, { terms: [...alpha, ...beta] }, day(7));
    assert.equal(r.storyId, a);
    assert.equal(r.merged, null, `bridging report ${k} merged ${JSON.stringify(r.merged)}`);
  }
  assert.ok(c.story(b), 'both stories remain');
});

test('events: a reloaded story keeps its report days and language; one stored without days has its latest', () => {
  const stored = {
    id: 's-1',
    size: 2,
    centroid: new Map(PRIMARY.map((t) => [t, 1])),
    last: day(13),
    days: [day(1), day(13)],
    language: 'en',
  };
  const df: [string, number][] = PRIMARY.map((t) => [t, 2]);
  const c = new Clusterer({ stories: [stored], df, n: 40 });
  assert.equal(
    c.assign('r16', { terms: PRIMARY, language: 'en' }, day(16)).created,
    true,
    'fifteen days after its first report',
  );
  assert.equal(c.assign('rfr', { terms: PRIMARY, language: 'fr' }, day(13)).created, true, 'in French');
  const legacy = new Clusterer({ stories: [{ ...stored, days: undefined }], df, n: 40 });
  assert.equal(legacy.assign('r16', { terms: PRIMARY, language: 'en' }, day(16)).storyId, 's-1');
});

test("events: the store keeps a story's language and report days", async () => {
  const dir = tempDir();
  const line = (text: string, date: string, outlet: string) =>
    JSON.stringify({ title: text.split('\n')[0], text, date, outlet });
  writeFiles(dir, {
    'in.jsonl': [line(LIBERATION, '2015-04-26', 'Libération'), line(EVEREST_EN, '2015-04-27', 'Reuters')].join('\n'),
  });
  const store = await SqliteStore.open(join(dir, 't.db'));
  try {
    await ingest(store, [join(dir, 'in.jsonl')]);
    const stories = (await store.loadClusterState())!.stories.map((s) => [s.language, s.days]);
    assert.deepEqual(stories.sort(), [
      ['en', ['2015-04-27']],
      ['fr', ['2015-04-26']],
    ]);
  } finally {
    await store.close();
  }
});

test('eval stream: a PolNeAR folder becomes a dated stream; stories, spans and outlets are counted', () => {
  const dir = tempDir();
  mkdirSync(join(dir, 'train', 'text'), { recursive: true });
  const rows = [
    ['train', 'nyt_2016-02-01_a', 'nyt', '2016-02-01', 'Sanders and Clinton split Iowa delegates after caucuses'],
    [
      'train',
      'politico_2016-02-02_b',
      'politico',
      '2016-02-02',
      'Clinton edges Sanders in Iowa caucuses as delegates are counted',
    ],
    ['train', 'nyt_2016-02-20_c', 'nyt', '2016-02-20', 'Clinton beats Sanders in Nevada caucuses as delegates shift'],
    ['dev', 'nyt_2016-02-21_d', 'nyt', '2016-02-21', 'Not read: another split'],
  ];
  const body = (t: string) =>
    `${t}.\n\nDES MOINES (AP) — ${t}, party officials said, with the Iowa count of caucuses and delegates for Hillary Clinton and Bernie Sanders still contested by both campaigns on Tuesday.`;
  writeFiles(dir, {
    'metadata.tsv': [
      'compartment\tfilename\tlevel\tannotators\tpublisher\tpublication_date\tauthor\ttitle',
      ...rows.map((r) => [r[0], r[1], 'None', 'x', r[2], r[3], 'AP', r[4]].join('\t')),
    ].join('\n'),
  });
  for (const r of rows.slice(0, 3)) writeFiles(join(dir, 'train', 'text'), { [`${r[1]}.txt`]: body(r[4]) });
  const s = evalStream(dir, 'train');
  assert.equal(s.articles, 3);
  assert.equal(s.spanning_over_14_days, 0);
  assert.equal(s.multi_article_stories, 1, JSON.stringify(s.longest));
  assert.equal(s.with_2_outlets, 1);
  assert.equal(s.max_span_days, 1);
  assert.equal(s.longest[0].from, '2016-02-01');
});
