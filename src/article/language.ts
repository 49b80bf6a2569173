import { francAll } from 'franc-min';
import { contentWords, fold, STOPWORDS, words } from '../util/text.js';

// Which language an article is written in, before anything English-trained reads it: the
// entity tagger, trained on English news, types French "Un" as an organisation and Spanish
// "Estados Unidos" as a person, and such names must not decide which story an article joins.
// franc-min (character trigrams) picks among the languages news comes in; a text too short to
// tell is 'und' (undetermined).

/** The languages told apart, franc's ISO 639-3 codes -> ISO 639-1 (what an analysis records). */
const LANGUAGES: Record<string, string> = {
  eng: 'en',
  fra: 'fr',
  spa: 'es',
  deu: 'de',
  ita: 'it',
  por: 'pt',
  nld: 'nl',
  pol: 'pl',
  ron: 'ro',
  tur: 'tr',
  swe: 'sv',
  ces: 'cs',
  hun: 'hu',
  ind: 'id',
  vie: 'vi',
  rus: 'ru',
  ukr: 'uk',
  bul: 'bg',
  arb: 'ar',
  urd: 'ur',
  pes: 'fa',
  hin: 'hi',
  cmn: 'zh',
  jpn: 'ja',
  kor: 'ko',
  ell: 'el',
  tha: 'th',
};
const ONLY = Object.keys(LANGUAGES);

/** Letters a text needs before its trigrams say its language (a headline alone can mislead). */
export const MIN_LETTERS = 60;
/** Characters read: a report's first paragraphs say its language as well as its whole text. */
const SAMPLE = 1000;
/**
 * A runner-up this close to the best leaves the language undetermined: a URL and a few names
 * read as Portuguese by a hair over English. franc scores 1 - (distance - best) / (length ×
 * 300), so (1 - score) × length is the gap in trigram-rank distance over 300, whatever the
 * length (franc reads at most FRANC_LENGTH characters). On ECB+ and PolNeAR (English) every
 * gap but that one's (0.5) is 3 or more; one Spanish sentence's is 13.
 */
const MIN_GAP = 2;
const FRANC_LENGTH = 2048;

export const UNDETERMINED = 'und';

/** The ISO 639-1 code of the language `text` is written in, or 'und' when it is too short to tell. */
export function identifyLanguage(text: string): string {
  // Addresses are no language's words.
  const sample = text.slice(0, SAMPLE).replace(/\b(?:https?:\/\/|www\.)\S*/gu, ' ');
  const letters = sample.match(/\p{L}/gu)?.length ?? 0;
  if (letters < MIN_LETTERS) return UNDETERMINED;
  const [best, next] = francAll(sample, { only: ONLY, minLength: 1 });
  if (!best || best[0] === UNDETERMINED || (next && (1 - next[1]) * Math.min(sample.length, FRANC_LENGTH) < MIN_GAP))
    return UNDETERMINED;
  return LANGUAGES[best[0]] ?? UNDETERMINED;
}

/** Two articles (or an article and a story) can report one event only in one language; 'und' or unknown fits any. */
export function sameLanguage(a: string | null | undefined, b: string | null | undefined): boolean {
  return !a || !b || a === UNDETERMINED || b === UNDETERMINED || a === b;
}

/**
 * Function words, reporting verbs, weekdays and months of the languages whose news most
 * often reaches an English-speaking reader's pile: like the English list in util/text.ts,
 * words every report uses whatever it is about. Compared folded (see fold: no accents).
 */
const FUNCTION_WORDS: Record<string, string> = {
  fr:
    'le la les l un une des du de d au aux ce cet cette ces et ou mais donc or ni car que qu qui quoi dont où ne pas plus ' +
    'se s sa son ses leur leurs lui elle elles il ils on nous vous je j me m te t y en à a dans par pour sur sous avec sans ' +
    'entre vers chez après avant depuis pendant contre selon est sont été être était étaient sera seront ont avait avaient ' +
    'aura fait faire a ai as avons avez été comme aussi très tout tous toute toutes même autre autres lors alors ainsi ' +
    'encore déjà dit déclaré selon indiqué a-t-il ' +
    'lundi mardi mercredi jeudi vendredi samedi dimanche janvier février mars avril mai juin juillet août septembre octobre ' +
    'novembre décembre hier aujourd demain jour jours an ans année années semaine mois',
  es:
    'el la lo los las un una unos unas de del al a en y e o u ni que qué quien quienes cual cuales cuyo se su sus le les ' +
    'me te nos os mi tu él ella ellos ellas usted este esta estos estas ese esa esos esas aquel con sin por para sobre ' +
    'entre hasta desde durante contra según tras ante bajo es son fue fueron ser era eran será sido ha han había habían ' +
    'haber hay está están estaba como más menos muy también ya no sí pero sino aunque porque cuando donde todo todos toda ' +
    'todas otro otra otros otras mismo dijo afirmó señaló aseguró ' +
    'lunes martes miércoles jueves viernes sábado domingo enero febrero marzo abril mayo junio julio agosto septiembre ' +
    'setiembre octubre noviembre diciembre ayer hoy mañana día días año años semana mes meses',
  de:
    'der die das den dem des ein eine einer einen einem eines und oder aber doch sondern denn dass daß als wie wenn ob weil ' +
    'nicht kein keine keinen auch noch schon nur sehr so zu zum zur im in am an auf aus bei mit nach von vor über unter um ' +
    'durch für gegen ohne seit bis zwischen ist sind war waren wird werden wurde wurden worden sein hat haben hatte hatten ' +
    'er sie es wir ihr ich man sich sein seine seiner ihre ihren ihrem dies diese dieser dieses jede jeder alle mehr ' +
    'sagte sagt erklärte teilte mit laut ' +
    'montag dienstag mittwoch donnerstag freitag samstag sonntag januar februar märz april mai juni juli august september ' +
    'oktober november dezember gestern heute morgen tag tage jahr jahre jahren woche monat monate',
  it:
    'il lo la i gli le un uno una di del dello della dei degli delle da dal dalla dai a al allo alla ai agli alle in nel ' +
    'nella nei negli nelle su sul sulla con per tra fra e ed o ma che chi cui non si ci ne è sono era erano sarà stato ' +
    'stata stati ha hanno aveva avevano come anche più molto tutto tutti questo questa questi quello quella suo sua suoi ' +
    'loro lui lei ha detto dichiarato ' +
    'lunedì martedì mercoledì giovedì venerdì sabato domenica gennaio febbraio marzo aprile maggio giugno luglio agosto ' +
    'settembre ottobre novembre dicembre ieri oggi domani giorno giorni anno anni settimana mese mesi',
  pt:
    'o a os as um uma uns umas de do da dos das em no na nos nas ao aos à às por pelo pela pelos pelas para com sem sobre ' +
    'entre até desde contra segundo e ou mas que quem qual cujo se seu sua seus suas ele ela eles elas não é são foi foram ' +
    'ser era eram será sido tem têm tinha há está estão como mais menos muito também já este esta estes estas esse essa ' +
    'isso todo todos toda todas outro outra disse afirmou ' +
    'segunda terça quarta quinta sexta sábado domingo feira janeiro fevereiro março abril maio junho julho agosto setembro ' +
    'outubro novembro dezembro ontem hoje amanhã dia dias ano anos semana mês meses',
  nl:
    'de het een en of maar dat die dit deze van in op aan met voor door bij uit over naar tot om onder tegen zonder na ' +
    'als dan ook nog niet geen wel is zijn was waren wordt worden werd werden heeft hebben had hadden zal zou er hij zij ' +
    'ze wij we ik je u men zich hun haar zijn meer al alle zei aldus ' +
    'maandag dinsdag woensdag donderdag vrijdag zaterdag zondag januari februari maart april mei juni juli augustus ' +
    'september oktober november december gisteren vandaag morgen dag dagen jaar jaren week maand maanden',
};

/** Languages that elide an article or pronoun into the next word ("l'armée", "dell'Italia"): the word is what follows. */
const ELIDING = new Set(['fr', 'it', UNDETERMINED]);
const ELISION = /^(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|dell|all|nell|dall|sull|un|quest|quell)'/u;

const STOP: Record<string, Set<string>> = Object.fromEntries(
  Object.entries(FUNCTION_WORDS).map(([l, s]) => [l, new Set(words(s))]),
);
/** Every language's function words: a text whose language is undetermined is spared all of them. */
const ALL_STOP = new Set(Object.values(STOP).flatMap((s) => [...s]));

/**
 * Content words of a text in `language` (ISO 639-1, 'und', or undefined for an analysis made
 * before languages were identified, read as English): folded, the language's function words
 * and the English ones removed (news in any language quotes English), digits alone removed.
 * English words are also spelling-normalised, as util/text.ts contentWords does.
 */
export function contentWordsIn(text: string, language: string | undefined): string[] {
  if (language === undefined || language === 'en') return contentWords(text);
  const stop = language === UNDETERMINED ? ALL_STOP : STOP[language];
  const elided = ELIDING.has(language) ? words(text).map((w) => w.replace(ELISION, '')) : words(text);
  return elided.filter((w) => w.length > 1 && !STOPWORDS.has(w) && !stop?.has(w) && !/^\d+$/.test(w));
}

/** Share of a text's lower-case words that must be English function words for it to read as English. */
const ENGLISH_SHARE = 0.2;

/**
 * Rule `english-only`: whether English-trained analysers may read a text identified as
 * `language`. English and 'und' may. Otherwise only if at least ENGLISH_SHARE of its lower-case
 * words (names aside) are English function words the language does not share ("to", "on",
 * "the"): a short English report dense with foreign names can read to franc as Spanish.
 */
export function readsAsEnglish(text: string, language: string): boolean {
  if (language === 'en' || language === UNDETERMINED) return true;
  const own = STOP[language];
  const lower = (text.slice(0, SAMPLE).match(/(?<![\p{L}\p{M}])\p{Ll}[\p{L}\p{M}]*/gu) ?? []).map(fold);
  const english = lower.filter((w) => STOPWORDS.has(w) && !own?.has(w)).length;
  return lower.length > 0 && english >= ENGLISH_SHARE * lower.length;
}
