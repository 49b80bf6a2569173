// Numbers as news writes them in time expressions: counts ("two", "a few", "a couple of",
// "72") and spelled-out years ("nineteen seventy-nine", "two thousand").

const SMALL: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};
const TENS: Record<string, number> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};

const SMALL_RE = Object.keys(SMALL).join('|');
const TENS_RE = Object.keys(TENS).join('|');
/** One to ninety-nine in words. */
const WORDS_RE = `(?:(?:${TENS_RE})(?:[- ](?:${Object.keys(SMALL).slice(0, 9).join('|')}))?|${SMALL_RE})`;

/** A count before a time unit. Vague counts ("a few", "several") have no number. */
export const COUNT_RE = `a few|a couple of|couple of|several|few|a|an|\\d+(?:\\.\\d+)?|${WORDS_RE}|hundred|a hundred`;

function words(w: string): number | null {
  const parts = w.toLowerCase().split(/[- ]/);
  let n = 0;
  for (const p of parts) {
    if (p in TENS) n += TENS[p];
    else if (p in SMALL) n += SMALL[p];
    else return null;
  }
  return n;
}

/** The number a count stands for; null for vague counts. */
export function count(word: string): number | null {
  const w = word.toLowerCase();
  if (/^\d+(?:\.\d+)?$/.test(w)) return Number(w);
  if (w === 'a' || w === 'an') return 1;
  if (w === 'a couple of' || w === 'couple of') return 2;
  if (w === 'hundred' || w === 'a hundred') return 100;
  return words(w);
}

/** "nineteen seventy-nine", "nineteen ninety-four", "two thousand", "two thousand and one". */
export const SPELLED_YEAR_RE = `(?:(?:nineteen|twenty)[- ](?:${WORDS_RE})|two thousand(?:(?: and)? (?:${WORDS_RE}))?)`;

export function spelledYear(text: string): string | null {
  const t = text.toLowerCase().trim();
  const thousand = /^two thousand(?:(?: and)? (.+))?$/.exec(t);
  if (thousand) {
    const rest = thousand[1] ? words(thousand[1]) : 0;
    return rest === null ? null : String(2000 + rest);
  }
  const m = /^(nineteen|twenty)[- ](.+)$/.exec(t);
  if (!m) return null;
  const rest = words(m[2]);
  if (rest === null || rest < 10) return null;
  return String((m[1] === 'nineteen' ? 1900 : 2000) + rest);
}
