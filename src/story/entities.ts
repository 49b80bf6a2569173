import { getOrInsert } from '../util/maps.js';
import type { Citation, EntityOverride, EntityType, Mention, StoryEntity } from '../model.js';
import { shortHash } from '../util/hash.js';
import { byString, fold, wordCount } from '../util/text.js';
import { UnionFind } from '../util/unionfind.js';
import { cite, sortCitations, type Doc } from './context.js';
import { demonymPlaces } from './demonyms.js';

// Cross-article entity resolution. Mentions are grouped by name, then names are linked
// by rules, each recorded in `links` so the output can say why: transliteration
// (same consonant skeleton), partial name (first + last name agree), surname (a lone
// surname that only one person in the story carries), acronym (initials of exactly one
// organisation) and role ("the army chief" when only one entity holds that role in the
// story, or in the article that says it).

/** Consonant skeleton of a word: Qasim, Qasem and Qassem all give "qsm". */
export function skeleton(word: string): string {
  const w = fold(word).replace(/[^\p{L}]/gu, '');
  if (!w) return '';
  const body = w
    .slice(1)
    .replace(/[aeiouy]/g, '')
    .replace(/(.)\1+/g, '$1');
  return (w[0].replace(/[aeiouy]/, 'a') + body).replace(/^(.)\1+/, '$1');
}

/** Edit distance, for telling spelling variants (Qasim/Qassem) from different names with one skeleton (Salman/Soleimani). */
export function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}

/** Two name words are variants of one name: same consonant skeleton and close spelling. */
export function sameWord(a: string, b: string): boolean {
  const fa = fold(a);
  const fb = fold(b);
  return (
    fa === fb ||
    (skeleton(a) === skeleton(b) &&
      levenshtein(fa, fb) <= Math.max(2, Math.floor(0.25 * Math.max(fa.length, fb.length))))
  );
}

/** A name's words: hyphens and runs of spaces separate, and never leave an empty word. */
const wordsOf = (name: string) => name.split(/[\s\-\u2010-\u2015]+/).filter(Boolean);
const nameKey = (name: string) => wordsOf(fold(name)).map(skeleton).join(' ');
const CONNECT = new Set(['of', 'the', 'and', 'for', 'on', 'in']);

function initials(name: string): string {
  return name
    .split(/[\s-]+/)
    .filter((w) => w && !CONNECT.has(w.toLowerCase()))
    .map((w) => w[0].toUpperCase())
    .join('');
}

export interface EntityResult {
  entities: StoryEntity[];
  /** Entity id of each mention, keyed `${articleId}:${start}`. */
  mentionEntity: Map<string, string>;
}

interface NameInfo {
  name: string;
  mentions: { doc: Doc; m: Mention }[];
}

/** The key mentions are grouped by: folded text without an honorific ("Mr Pompeo" = "Pompeo"), "U.S." as "us". Overrides match names by it. */
export function nameGroupKey(text: string): string {
  return fold(text)
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/^(?:mr|mrs|ms|dr|sir)\.? (?=\S)/, '')
    .replace(/^((?:[a-z]\.)+[a-z]?)$/, (x) => x.replace(/\./g, ''));
}

/** Whether the words of `name` end with all the words of `tail` (same words, allowing variant spellings). */
function endsWith(name: string[], tail: string[]): boolean {
  return tail.every((w, x) => sameWord(w, name[name.length - tail.length + x]));
}

export function resolveEntities(
  docs: Doc[],
  order: Map<string, number>,
  overrides: EntityOverride[] = [],
): EntityResult {
  // 1. Group mentions by exact folded name.
  const names = new Map<string, NameInfo>();
  for (const doc of docs) {
    for (const m of doc.analysis.mentions) {
      const k = nameGroupKey(m.text);
      const info = getOrInsert(names, k, () => ({ name: m.text, mentions: [] as NameInfo['mentions'] }));
      // Display the ordinary spelling, not a dateline's capitals ("ISLAMABAD").
      if (info.name.length > 3 && info.name === info.name.toUpperCase() && m.text !== m.text.toUpperCase())
        info.name = m.text;
      info.mentions.push({ doc, m });
    }
  }
  const list = [...names.values()].sort((a, b) => byString(fold(a.name), fold(b.name)));
  // A name's type is its own mentions' vote, taken before any rule moves mentions between names
  // (nearest-full-name can leave a lone surname with none).
  const types = new Map(list.map((n) => [n, vote(n.mentions.map((x) => x.m))]));
  const typeOf = (n: NameInfo): EntityType => types.get(n)!;
  const uf = new UnionFind(list.length);
  const why = new Map<number, Set<string>>();
  const keys = list.map((n) => nameGroupKey(n.name));
  const split = splitPairs(overrides);
  // Analyst splits are cannot-link constraints: a link that would put two split names
  // in one entity is refused, whichever rule (or merge) proposes it.
  const members = new Map<number, number[]>();
  const groupOf = (i: number) => members.get(uf.find(i)) ?? [i];
  const forbidden = (i: number, j: number) =>
    split.size > 0 && groupOf(i).some((a) => groupOf(j).some((b) => split.has(`${keys[a]}\u0000${keys[b]}`)));
  const link = (i: number, j: number, reason: string) => {
    if (uf.find(i) !== uf.find(j)) {
      if (forbidden(i, j)) return;
      const joined = [...groupOf(i), ...groupOf(j)];
      uf.union(i, j);
      members.set(uf.find(i), joined);
    }
    for (const k of [i, j]) getOrInsert(why, k, () => new Set()).add(reason);
  };
  const tokensOf = list.map((n) => wordsOf(n.name));
  // 2. Transliteration variants: same skeleton for the whole multi-word name.
  const byKey = new Map<string, number>();
  list.forEach((n, i) => {
    if (tokensOf[i].length < 2) return;
    const k = `${typeOf(n)}|${nameKey(n.name)}`;
    const other = byKey.get(k);
    const [a, b] = [tokensOf[other ?? i], tokensOf[i]];
    if (other !== undefined && a.length === b.length && a.every((w, x) => sameWord(w, b[x]))) {
      link(other, i, 'transliteration');
    } else if (other === undefined) byKey.set(k, i);
  });
  // 3. Partial person names: same first and last name ("Qamar Bajwa" / "Qamar Javed Bajwa").
  const persons = list.map((n, i) => i).filter((i) => typeOf(list[i]) === 'PERSON' && tokensOf[i].length >= 2);
  for (const i of persons) {
    for (const j of persons) {
      if (i >= j) continue;
      const [a, b] = [tokensOf[i], tokensOf[j]];
      if (sameWord(a[0], b[0]) && sameWord(a[a.length - 1], b[b.length - 1])) link(i, j, 'partial-name');
      // A name without its first given name: "Tayyip Erdogan" / "Recep Tayyip Erdogan".
      else if (a.length !== b.length && endsWith(a.length > b.length ? a : b, a.length > b.length ? b : a))
        link(i, j, 'partial-name');
    }
  }
  // 4. Lone surnames: link to the one full name that ends with them (see loneSurnames).
  const ambiguous = loneSurnames(list, tokensOf, typeOf, uf.find.bind(uf), link);
  for (const i of ambiguous.keys()) getOrInsert(why, i, () => new Set()).add('ambiguous-surname');
  // 4b. Short organisation names: "Colts" for the one "Indianapolis Colts", "Microsoft" for "Microsoft Corp.".
  list.forEach((n, i) => {
    if (tokensOf[i].length !== 1 || typeOf(n) !== 'ORG' || /^\p{Lu}{2,6}$/u.test(n.name)) return;
    const roots = new Set(
      list
        .map((o, j) => j)
        .filter(
          (j) =>
            tokensOf[j].length >= 2 &&
            typeOf(list[j]) === 'ORG' &&
            (sameWord(tokensOf[j][0], n.name) || sameWord(tokensOf[j][tokensOf[j].length - 1], n.name)),
        )
        .map((j) => uf.find(j)),
    );
    if (roots.size === 1) link([...roots][0], i, 'short-name');
  });
  // 5. Acronyms: initials of exactly one multi-word organisation or place (FO, US, UAE).
  const expanded = new Set<number>();
  list.forEach((n, i) => {
    if (!/^\p{Lu}{2,6}$/u.test(n.name)) return;
    const long = list
      .map((o, j) => j)
      .filter(
        (j) =>
          tokensOf[j].length >= 2 &&
          (typeOf(list[j]) === 'ORG' || typeOf(list[j]) === 'PLACE') &&
          initials(list[j].name) === n.name,
      );
    long.forEach((j) => expanded.add(j));
    const roots = new Set(long.map((j) => uf.find(j)));
    if (roots.size === 1) link([...roots][0], i, 'acronym');
  });
  // 5b. Demonyms: "Pakistani" joins the one place entity it names ("Pakistan").
  const placeRoots = new Map<string, Set<number>>();
  list.forEach((n, i) => {
    if (typeOf(n) === 'PLACE') getOrInsert(placeRoots, fold(n.name), () => new Set()).add(i);
  });
  list.forEach((n, i) => {
    if (typeOf(n) !== 'MISC' || tokensOf[i].length !== 1) return;
    const roots = new Set(
      demonymPlaces(n.name)
        .flatMap((p) => [...(placeRoots.get(p) ?? [])])
        .map((j) => uf.find(j)),
    );
    if (roots.size === 1) link([...roots][0], i, 'demonym');
  });
  // 6. Analyst merges: every name listed becomes one entity.
  for (const o of overrides) {
    if (o.kind !== 'merge') continue;
    const wanted = new Set(o.names.map(nameGroupKey));
    const hit = keys.map((k, i) => (wanted.has(k) ? i : -1)).filter((i) => i >= 0);
    for (const i of hit.slice(1)) link(hit[0], i, 'analyst-merge');
  }

  // 4c. An ambiguous lone surname's mentions go, one by one, to the full name its article gave last.
  for (const [i, rivals] of ambiguous) {
    if (!split.size || !rivals.some((j) => split.has(`${keys[i]}\u0000${keys[j]}`)))
      nearestFullName(list, i, rivals, (j) => getOrInsert(why, j, () => new Set()).add('nearest-full-name'));
  }

  // Build entities from groups.
  const mentionEntity = new Map<string, string>();
  const entities: StoryEntity[] = [];
  const roleIndex = new Map<string, Set<string>>();
  const byId = new Map<string, StoryEntity>();
  for (const g of uf.groups()) {
    const infos = g.map((i) => list[i]);
    const all = infos.flatMap((n) => n.mentions);
    if (!all.length) continue; // a lone surname whose every mention went to a full name
    // The written-out name says what an acronym is ("US" is the United States, whatever the
    // tagger thought), and a place says what its demonym is.
    const reasons = new Set(g.flatMap((i) => [...(why.get(i) ?? [])]));
    const typedBy = reasons.has('acronym')
      ? g.filter((i) => expanded.has(i))
      : reasons.has('demonym')
        ? g.filter((i) => typeOf(list[i]) === 'PLACE')
        : [];
    // Only a person is "Mr", "Ms" or "Dr": an honorific link says so, whatever the tagger typed the full name.
    const typed = typedBy.flatMap((i) => list[i].mentions);
    const type = reasons.has('honorific') ? 'PERSON' : vote((typed.length ? typed : all).map((x) => x.m));
    const name = canonicalName(reasons.has('demonym') && typedBy.length ? typedBy.map((i) => list[i]) : infos, type);
    const id = `e-${shortHash(`${type}|${fold(name)}`, 10)}`;
    const roles = [...new Set(all.map((x) => x.m.role).filter((r): r is string => !!r))].sort(byString);
    const citations: Citation[] = all.map(({ doc, m }) => cite(doc, m));
    all.forEach(({ doc, m }) => mentionEntity.set(`${doc.article.id}:${m.start}`, id));
    const e: StoryEntity = {
      id,
      name,
      type,
      aliases: [...new Set(infos.map((n) => n.name))].filter((a) => a !== name).sort(byString),
      roles,
      mentions: sortCitations(citations, order),
      links: [...new Set(g.flatMap((i) => [...(why.get(i) ?? [])]))].sort(byString),
      articleCount: new Set(all.map((x) => x.doc.article.id)).size,
    };
    entities.push(e);
    byId.set(id, e);
    for (const r of roles) {
      const key = roleKey(r);
      if (key) getOrInsert(roleIndex, key, () => new Set()).add(id);
    }
  }
  // 7. Role descriptions ("the army chief") link when exactly one entity holds the role: in
  // the story, or else among those the article itself names (a report on Pakistan's foreign
  // minister calls him "the foreign minister" though the story also names Iran's).
  for (const doc of docs) {
    const named = (id: string) => byId.get(id)!.mentions.some((c) => c.articleId === doc.article.id);
    for (const rm of doc.analysis.roleMentions) {
      const holders = [...roleIndex]
        .filter(([k]) => k.endsWith(roleKey(rm.role)) || roleKey(rm.role).endsWith(k))
        .flatMap(([, ids]) => [...ids]);
      let unique = [...new Set(holders)];
      if (unique.length > 1) {
        // "the Pakistani foreign minister": the holder whose title carries the same qualifier.
        const qualifier = qualifiers(rm.role);
        const same = qualifier.length
          ? unique.filter((id) => byId.get(id)!.roles.some((r) => qualifier.every((q) => qualifiers(r).includes(q))))
          : [];
        unique = same.length === 1 ? same : unique.filter(named);
      }
      if (unique.length !== 1) continue;
      const e = byId.get(unique[0])!;
      const rk = nameGroupKey(rm.text);
      if (split.size && [e.name, ...e.aliases].some((a) => split.has(`${rk}\u0000${nameGroupKey(a)}`))) continue;
      e.mentions.push(cite(doc, rm));
      if (!e.links.includes('role')) e.links.push('role');
      mentionEntity.set(`${doc.article.id}:${rm.start}`, e.id);
    }
  }
  for (const e of entities) {
    sortCitations(e.mentions, order);
    e.links.sort(byString);
    e.articleCount = new Set(e.mentions.map((c) => c.articleId)).size;
  }
  entities.sort((a, b) => b.mentions.length - a.mentions.length || byString(a.name, b.name));
  return { entities, mentionEntity };
}

/** Honorifics only people carry; a name written after one is a person's. */
const HONORIFIC = /^(?:mr|mrs|ms|miss|mx|dr|sir|dame)\.?$/i;
const honorific = (n: NameInfo) => n.mentions.some(({ m }) => !!m.role && HONORIFIC.test(m.role.trim()));

/**
 * Rule `surname`: a lone name joins the one full name (two words or more, not a place) that
 * ends with it, if that is a person's. Rule `honorific`: so does one written after "Mr", "Ms",
 * "Dr" whatever the full name was typed ("Mr Obama", "Barack Obama" read as an organisation).
 * Two full names with that surname ("Hori Parata", "Kaurinui Robert Parata": father and son)
 * make it ambiguous: returned with the rivals, never linked to either here.
 */
function loneSurnames(
  list: NameInfo[],
  tokensOf: string[][],
  typeOf: (n: NameInfo) => EntityType,
  find: (i: number) => number,
  link: (i: number, j: number, reason: string) => void,
): Map<number, number[]> {
  const ambiguous = new Map<number, number[]>();
  list.forEach((n, i) => {
    const titled = honorific(n);
    if (tokensOf[i].length !== 1 || (!titled && (typeOf(n) === 'PLACE' || typeOf(n) === 'ORG'))) return;
    const rivals = list
      .map((_, j) => j)
      .filter(
        (j) =>
          tokensOf[j].length >= 2 &&
          typeOf(list[j]) !== 'PLACE' &&
          sameWord(tokensOf[j][tokensOf[j].length - 1], n.name),
      );
    const roots = new Set(rivals.map(find));
    const persons = rivals.filter((j) => titled || typeOf(list[j]) === 'PERSON');
    if (roots.size > 1) ambiguous.set(i, rivals);
    else if (persons.length) link(find(persons[0]), i, titled ? 'honorific' : 'surname');
  });
  return ambiguous;
}

/**
 * Rule `nearest-full-name`: each mention of an ambiguous lone surname goes to the rival full
 * name its own article mentioned last before it (news names a person in full, then by surname);
 * with none before it, it stays with the lone name. `moved` is told each rival that took one.
 */
function nearestFullName(list: NameInfo[], lone: number, rivals: number[], moved: (j: number) => void): void {
  const stay: NameInfo['mentions'] = [];
  for (const x of list[lone].mentions) {
    let best: { j: number; start: number } | null = null;
    for (const j of rivals)
      for (const y of list[j].mentions)
        if (y.doc === x.doc && y.m.start < x.m.start && (!best || y.m.start > best.start))
          best = { j, start: y.m.start };
    if (!best) stay.push(x);
    else {
      list[best.j].mentions.push(x);
      moved(best.j);
    }
  }
  list[lone].mentions = stay;
}

/** Both orders of every analyst split, as "a\0b" keys. */
function splitPairs(overrides: EntityOverride[]): Set<string> {
  const out = new Set<string>();
  for (const o of overrides) {
    if (o.kind !== 'split') continue;
    const [a, b] = [nameGroupKey(o.name), nameGroupKey(o.from)];
    out.add(`${a}\u0000${b}`).add(`${b}\u0000${a}`);
  }
  return out;
}

/** Words of a role that say whose it is, not what it is: "Pakistani", "US". */
const QUALIFIER = /^(pakistani?|american|afghan|iranian|united|states|us)$/;

/** Role phrase reduced to its core words: "Pakistani Foreign Minister" -> "foreign minister". */
function roleKey(role: string): string {
  return fold(role)
    .replace(/\b(gen|general|maj|major|lt|mr|dr|the|us|u\.s\.)\b\.?/g, ' ')
    .split(/\s+/)
    .filter((w) => w && !QUALIFIER.test(w))
    .join(' ')
    .trim();
}

/** The qualifier words of a role ("Pakistani Foreign Minister" -> ["pakistani"]), "Pakistan" and "Pakistani" alike. */
function qualifiers(role: string): string[] {
  return fold(role)
    .split(/\s+/)
    .filter((w) => QUALIFIER.test(w))
    .map((w) => w.replace(/^pakistani$/, 'pakistan'));
}

function vote(ms: Mention[]): EntityType {
  const score = new Map<EntityType, number>();
  for (const m of ms) {
    const w = m.rule === 'unknown' ? 0.1 : m.rule === 'title' || m.rule === 'gazetteer' ? 2 : 1;
    score.set(m.type, (score.get(m.type) ?? 0) + w);
  }
  return [...score].sort((a, b) => b[1] - a[1] || byString(a[0], b[0]))[0][0];
}

/** The fullest frequent form: most words first (for people), then most mentions, then alphabetical. */
function canonicalName(infos: NameInfo[], type: EntityType): string {
  return [...infos].sort((a, b) => {
    const wa = wordCount(a.name);
    const wb = wordCount(b.name);
    const shout = (n: string) => (n.length > 3 && n === n.toUpperCase() ? 1 : 0); // "ISLAMABAD" from a dateline
    if (shout(a.name) !== shout(b.name)) return shout(a.name) - shout(b.name);
    const single = (n: string) => (wordCount(n) >= 2 ? 0 : 1);
    if (type === 'PERSON' && single(a.name) !== single(b.name)) return single(a.name) - single(b.name);
    if (type === 'PERSON' || type === 'ORG' || type === 'PLACE') {
      const acr = (n: string) => (/^\p{Lu}{2,6}$/u.test(n) ? 1 : 0);
      if (acr(a.name) !== acr(b.name)) return acr(a.name) - acr(b.name);
    }
    return b.mentions.length - a.mentions.length || wb - wa || byString(a.name, b.name);
  })[0].name;
}
