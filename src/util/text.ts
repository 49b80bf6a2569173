// Small string helpers shared by analysers. Pure functions only.

/** Lower-case, strip diacritics and unify quote/dash variants: the key for comparing words. */
export function fold(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\u2018\u2019\u02bc`´]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2010-\u2015]/g, '-')
    .toLowerCase();
}

/** Collapse whitespace runs to single spaces and trim. */
export function squash(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** British/American spelling and similar surface variants folded to one form. */
export function spellingKey(word: string): string {
  return word
    .replace(/isation/g, 'ization')
    .replace(/ising$/g, 'izing')
    .replace(/ise$/g, 'ize')
    .replace(/ised$/g, 'ized')
    .replace(/our$/g, 'or')
    .replace(/ence$/g, 'ense')
    .replace(/lled$/g, 'led')
    .replace(/lling$/g, 'ling');
}

/** Words of a string folded for comparison ("#Iran" -> "iran"). */
export function words(s: string): string[] {
  return fold(s).match(/[\p{L}\p{N}]+(?:'[\p{L}]+)?/gu) ?? [];
}

/** The words of a name worth comparing: folded, three letters or more ("Tayyip Erdogan" -> tayyip, erdogan). */
export const nameWords = (name: string) =>
  fold(name)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 2);

/** Compare strings by code unit: locale-independent, so output is deterministic. */
export function byString(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export const STOPWORDS = new Set(
  (
    'a about above after again against all also am an and any are as at be because been before being below between both but by ' +
    'can could did do does doing down during each even ever few for from further had has have having he her here hers herself him ' +
    'himself his how i if in into is it its itself just least less like many may me might more most much must my myself no nor not ' +
    'now of off on once only or other our ours ourselves out over own per quite rather same shall she should since so some such than ' +
    'that the their theirs them themselves then there these they this those though through to too under until up upon us very was ' +
    'we were what when where whether which while who whom whose why will with within without would yet you your yours yourself ' +
    "said say says saying told tell according also however since while amid amidst one two three 's s t mr ms mrs dr " +
    'monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow day days week weeks month months year years ' +
    'january february march april may june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec'
  ).split(/\s+/),
);

/** Content words of a string: folded, spelling-normalised, stopwords removed. */
export function contentWords(s: string): string[] {
  return words(s)
    .filter((w) => w.length > 1 && !STOPWORDS.has(w) && !/^\d+$/.test(w))
    .map(spellingKey);
}

/** Words in a text, as runs between whitespace (a leading or trailing space counts one empty word, as split does). */
export const wordCount = (s: string) => s.split(/\s+/).length;
