import { fold } from '../util/text.js';

// Demonym -> place names it can refer to ("Pakistani" -> "pakistan"). Regular forms by
// suffix; the irregular ones listed. Candidates only: the story decides, by linking a
// demonym to a place only when exactly one place entity in it matches.

const IRREGULAR: Record<string, string[]> = {
  afghan: ['afghanistan'],
  american: ['united states', 'us', 'usa', 'america', 'united states of america'],
  british: ['britain', 'united kingdom', 'uk', 'great britain'],
  english: ['england'],
  french: ['france'],
  dutch: ['netherlands', 'holland'],
  swiss: ['switzerland'],
  chinese: ['china'],
  japanese: ['japan'],
  lebanese: ['lebanon'],
  saudi: ['saudi arabia'],
  emirati: ['united arab emirates', 'uae'],
  turkish: ['turkey', 'turkiye'],
  spanish: ['spain'],
  greek: ['greece'],
  filipino: ['philippines'],
  thai: ['thailand'],
  welsh: ['wales'],
  scottish: ['scotland'],
  irish: ['ireland'],
  danish: ['denmark'],
  swedish: ['sweden'],
  finnish: ['finland'],
  polish: ['poland'],
  norwegian: ['norway'],
  german: ['germany'],
  portuguese: ['portugal'],
  kurdish: ['kurdistan'],
  palestinian: ['palestine'],
  argentine: ['argentina'],
  argentinian: ['argentina'],
  peruvian: ['peru'],
  israeli: ['israel'],
  iraqi: ['iraq'],
  belgian: ['belgium'],
  ukrainian: ['ukraine'],
  egyptian: ['egypt'],
  mexican: ['mexico'],
  brazilian: ['brazil'],
  venezuelan: ['venezuela'],
  chilean: ['chile'],
  haitian: ['haiti'],
  congolese: ['congo'],
  kashmiri: ['kashmir'],
  muscovite: ['moscow'],
  londoner: ['london'],
  texan: ['texas'],
  californian: ['california'],
};

/** Folded place names a demonym may stand for; empty when it does not look like one. */
export function demonymPlaces(word: string): string[] {
  const w = fold(word).trim();
  if (!/^[a-z]{4,}$/.test(w)) return [];
  if (IRREGULAR[w]) return IRREGULAR[w];
  const out: string[] = [];
  if (w.endsWith('i')) out.push(w.slice(0, -1)); // Pakistani, Kuwaiti, Yemeni
  if (w.endsWith('ian')) out.push(w.slice(0, -3) + 'ia', w.slice(0, -3), w.slice(0, -3) + 'y'); // Syrian, Iranian, Italian
  if (w.endsWith('an')) out.push(w.slice(0, -2) + 'a', w.slice(0, -1) + 'a', w.slice(0, -2)); // Kenyan, Cuban...
  if (w.endsWith('ese')) out.push(w.slice(0, -3)); // Sudanese, Vietnamese
  if (w.endsWith('ish')) out.push(w.slice(0, -3)); // rare but regular
  return out;
}
