// Page furniture that survives copy-paste and extraction. Each rule is a whole-line
// pattern: a line is dropped only when all of it is furniture, never part of a sentence.
const LINE_RULES: RegExp[] = [
  /^accessibility links$/i,
  /^skip to (main )?(content|navigation)$/i,
  /^breaking news$/i,
  /^(read|see) (also|more)\s*[:\-–].*$/i,
  /^related( articles| stories| news)?\s*[:\-–].*$/i,
  /^also read\s*[:\-–].*$/i,
  /^(share|share this|share this article|share on \w+|tweet|email|print|comments?)$/i,
  /^(follow us|subscribe|sign up|advertisement|sponsored|click here).{0,40}$/i,
  /^(copyright|©).{0,120}$/i,
  /^all rights reserved.?$/i,
];

export function isBoilerplateLine(line: string): boolean {
  const t = line.trim();
  return t.length > 0 && t.length < 300 && LINE_RULES.some((r) => r.test(t));
}

/**
 * Drop furniture lines and a line that repeats the line just before it (photo captions
 * are often doubled by extraction). Returns the kept text and what was removed.
 */
export function stripBoilerplate(text: string): { text: string; removed: string[] } {
  const removed: string[] = [];
  const kept: string[] = [];
  let previous = '';
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (isBoilerplateLine(t) || (t.length > 0 && t === previous)) {
      removed.push(t);
      continue;
    }
    kept.push(line);
    if (t.length > 0) previous = t;
  }
  return { text: kept.join('\n'), removed };
}
