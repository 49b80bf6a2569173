import { readFileSync } from 'node:fs';

/** One CoNLL-2003 sentence: tokens with their gold IOB tags. */
export interface ConllSentence {
  tokens: string[];
  tags: string[];
  docStart: boolean;
}

/** Read a CoNLL-2003 file (token POS chunk tag per line; blank line between sentences). */
export function readConll(path: string): ConllSentence[] {
  const out: ConllSentence[] = [];
  let cur: ConllSentence = { tokens: [], tags: [], docStart: false };
  let pendingDoc = false;
  const flush = () => {
    if (cur.tokens.length) out.push(cur);
    cur = { tokens: [], tags: [], docStart: pendingDoc };
    pendingDoc = false;
  };
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.startsWith('-DOCSTART-')) {
      pendingDoc = true;
      cur.docStart = cur.tokens.length === 0 ? true : cur.docStart;
      continue;
    }
    if (!line.trim()) {
      flush();
      continue;
    }
    const cols = line.split(' ');
    cur.tokens.push(cols[0]);
    cur.tags.push(cols[cols.length - 1]);
  }
  flush();
  return out;
}

/** Entity spans [start, end) with type from IOB1/IOB2 tags. */
export function spansFromTags(tags: string[]): { start: number; end: number; type: string }[] {
  const spans: { start: number; end: number; type: string }[] = [];
  let cur: { start: number; end: number; type: string } | null = null;
  tags.forEach((tag, i) => {
    const [bio, type] = tag === 'O' ? ['O', ''] : tag.split('-');
    if (bio === 'O' || (cur && (type !== cur.type || bio === 'B'))) {
      if (cur) spans.push(cur);
      cur = null;
    }
    if (bio !== 'O') {
      if (!cur) cur = { start: i, end: i + 1, type };
      else cur.end = i + 1;
    }
  });
  if (cur) spans.push(cur);
  return spans;
}
