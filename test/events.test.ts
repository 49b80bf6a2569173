import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contentWordsIn, identifyLanguage } from '../src/article/language.js';
import { Clusterer } from '../src/story/cluster.js';
import { storyEvidence } from '../src/story/evidence.js';
import { analysed } from './helpers.js';

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
  assert.equal(identifyLanguage("http : / / query . nytimes . com / gst / fullpage . html ? res=9402E6D71239F937A15756C0A9639C8B63 PHILADELPHIA 76ERS Fired Jim O'Brien , coach . Named Maurice Cheeks coach ."), 'und');
});

test('language: the analysis records it, and the story evidence of a report in another language has no English-trained names', () => {
  const fr = analysed(LIBERATION, 'liberation.txt', '2015-04-26');
  assert.equal(fr.analysis.language, 'fr');
  const e = storyEvidence(fr.article, fr.analysis);
  assert.equal(e.language, 'fr');
  assert.deepEqual(e.people, []);
  assert.deepEqual(e.terms.filter((t) => t.startsWith('e:')), [], 'no entity terms');
  for (const w of ['un', 'une', 'des', 'les', 'le', 'la', 'de', 'du', 'qui', 'est', 'samedi', 'everest']) assert.equal(e.terms.includes(w), w === 'everest', w);
  assert.ok(e.terms.includes('alpiniste') && e.terms.includes('seisme') && e.terms.includes('avalanche'));
  const es = storyEvidence(...(Object.values(analysed(NYT_ES, 'nyt.txt')) as [never, never]));
  for (const w of ['el', 'los', 'las', 'un', 'una', 'de', 'del', 'en', 'que', 'martes']) assert.equal(es.terms.includes(w), false, w);
  assert.deepEqual(contentWordsIn(BUNDESTAG, 'de').filter((w) => ['das', 'die', 'der', 'hat', 'am', 'zu', 'und', 'donnerstag'].includes(w)), []);
  assert.deepEqual(contentWordsIn("l'Assemblée et l'armée d'Italie", 'fr'), ['assemblee', 'armee', 'italie']);
  const en = analysed(EVEREST_EN, 'everest.txt', '2015-04-26');
  assert.equal(en.analysis.language, 'en');
  assert.ok(storyEvidence(en.article, en.analysis).terms.some((t) => t.startsWith('e:')), 'English reports keep their names');
});

/** A clusterer that has seen some unrelated English news, as a store would have. */
function withBackground(): Clusterer {
  const c = new Clusterer();
  const words = (p: string, n: number) => Array.from({ length: n }, (_, i) => `${p}${i}`);
  for (let i = 0; i < 30; i++) c.assign(`bg${String(i).padStart(3, '0')}`, { terms: words(`z${i}_`, 12), language: 'en' });
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
  assert.equal(c.join(fr.storyId, { terms, language: 'en' }, '2015-04-27'), null, 'a near-copy in another language is no copy');
});
