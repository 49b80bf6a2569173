import type { Conflict, Mention } from '../model.js';
import { fold, nameWords } from '../util/text.js';
import { getOrInsert } from '../util/maps.js';
import { cite } from './context.js';
import type { StorySentence } from './sentences.js';

// Name and role conflicts inside one fact. Role titles vary freely between outlets
// ("Secretary", "US Secretary of State"), so only offices from a short list are compared,
// after ranks, honorifics and abbreviations are normalised: two different offices for one
// person, or two different people in one office, are shown side by side.

/** Offices by the phrases that name them (longest first, so "vice president" is not "president"). */
const OFFICES: [RegExp, string][] = [
  [/\b(?:vice president|vice-president|vp)\b/, 'vice president'],
  [/\b(?:deputy prime minister|deputy pm)\b/, 'deputy prime minister'],
  [/\b(?:prime minister|premier|pm)\b/, 'prime minister'],
  [/\b(?:foreign minister|minister (?:of|for) foreign affairs|fm)\b/, 'foreign minister'],
  [/\b(?:interior minister|home minister|minister (?:of|for) (?:the )?interior)\b/, 'interior minister'],
  [/\b(?:defen[cs]e minister|minister (?:of|for) defen[cs]e)\b/, 'defence minister'],
  [/\b(?:finance minister|minister (?:of|for) finance)\b/, 'finance minister'],
  [/\b(?:information minister|minister (?:of|for) information)\b/, 'information minister'],
  [/\b(?:secretary of state)\b/, 'secretary of state'],
  [/\b(?:defen[cs]e secretary|secretary of defen[cs]e)\b/, 'defence secretary'],
  [/\b(?:treasury secretary|secretary of the treasury)\b/, 'treasury secretary'],
  [/\b(?:attorney general)\b/, 'attorney general'],
  [/\b(?:chief justice)\b/, 'chief justice'],
  [/\b(?:army chief|chief of (?:the )?army staff|coas)\b/, 'army chief'],
  [/\b(?:national security (?:adviser|advisor)|nsa)\b/, 'national security adviser'],
  [/\b(?:spokesman|spokeswoman|spokesperson)\b/, 'spokesperson'],
  [/\b(?:ambassador|envoy)\b/, 'ambassador'],
  [/\b(?:president)\b/, 'president'],
  [/\b(?:governor)\b/, 'governor'],
  [/\b(?:mayor)\b/, 'mayor'],
  [/\b(?:speaker)\b/, 'speaker'],
];

/** Words that qualify an office without changing it: ranks, honorifics, "former" is not one (a former PM is no PM). */
const RANKS =
  /\b(?:gen|general|lt|lieutenant|maj|major|col|colonel|brig|brigadier|adm|admiral|capt|captain|mr|mrs|ms|dr|sir|martyr|acting)\b/g;

/** A role title as offices are matched against it: folded, without dots, ranks or honorifics. */
const plainRole = (role: string) => fold(role).replace(/\./g, '').replace(RANKS, ' ').replace(/\s+/g, ' ').trim();

/** The office a plain role names, or null when not one we compare (or one no longer held). */
function officeIn(plain: string): string | null {
  if (/\b(?:former|ex|then|late|outgoing|incoming|designate|elect)\b/.test(plain)) return null;
  for (const [re, office] of OFFICES) if (re.test(plain)) return office;
  return null;
}

/** The office a role title names ("U.S. Secretary of State" -> "secretary of state"), or null when not one we compare. */
export const officeOf = (role: string) => officeIn(plainRole(role));

/** What a plain role says besides its office: the country or body ("pakistani", "us", "white house"), if anything. */
function qualifier(plain: string, office: string): string {
  const [re] = OFFICES.find(([, o]) => o === office)!;
  return plain
    .replace(re, ' ')
    .replace(/\b(?:of|the|for)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Names with a word in common may be one person the entity layer kept apart ("Tayyip Erdogan", "Recep Tayyip Erdogan"). */
function sharesNameWord(a: string, b: string): boolean {
  const mine = new Set(nameWords(a));
  return nameWords(b).some((w) => mine.has(w));
}

interface Holder {
  s: StorySentence;
  m: Mention & { roleSpan: NonNullable<Mention['roleSpan']> };
  entity: string;
  office: string;
  qualifier: string;
}

/**
 * Role and name conflicts among the sentences of each fact (articles of different source
 * groups only): one person given two different offices, or one office (same qualifier,
 * "Pakistani Foreign Minister") given to two different people who share no name word and
 * neither of whom the other report names.
 */
export function officeConflicts(
  facts: { about: string; sentences: StorySentence[] }[],
  mentionEntity: Map<string, string>,
  entityName: (id: string) => string,
): Conflict[] {
  const out: Conflict[] = [];
  for (const { about, sentences } of facts) {
    const holders: Holder[] = [];
    const alike = new Map<string, Holder[]>();
    for (const s of sentences) {
      for (const m of s.doc.analysis.mentions) {
        if (m.type !== 'PERSON' || !m.role || !m.roleSpan || m.start < s.start || m.end > s.end) continue;
        const entity = mentionEntity.get(`${s.doc.article.id}:${m.start}`);
        const plain = plainRole(m.role);
        const office = officeIn(plain);
        if (!entity || !office) continue;
        const h = { s, m: m as Holder['m'], entity, office, qualifier: qualifier(plain, office) };
        // Holders alike in all a conflict reads: two from different source groups stand for the rest.
        const like = getOrInsert(
          alike,
          `${entity}|${office}|${h.qualifier}|${m.role}|${m.text}|${[...s.entities].sort().join(',')}`,
          () => [],
        );
        if (like.length < 2 && !like.some((x) => x.s.doc.group === s.doc.group)) {
          like.push(h);
          holders.push(h);
        }
      }
    }
    const seen = new Set<string>();
    for (let i = 0; i < holders.length; i++) {
      for (let j = i + 1; j < holders.length; j++) {
        const [a, b] = [holders[i], holders[j]];
        if (a.s.doc.group === b.s.doc.group) continue;
        const role = a.entity === b.entity && a.office !== b.office;
        const name =
          a.entity !== b.entity &&
          a.office === b.office &&
          a.qualifier !== '' &&
          a.qualifier === b.qualifier &&
          !a.s.entities.has(b.entity) &&
          !b.s.entities.has(a.entity) &&
          !sharesNameWord(a.m.text, b.m.text);
        if (!role && !name) continue;
        const key = role
          ? `role:${a.entity}:${[a.office, b.office].sort().join('|')}`
          : `name:${a.office}:${[a.entity, b.entity].sort().join('|')}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const span = (h: Holder) => (role ? h.m.roleSpan : { start: h.m.roleSpan.start, end: h.m.end });
        out.push({
          type: role ? 'role' : 'name',
          about,
          values: [a, b].map((h) => ({
            text: `${h.m.role} ${h.m.text}`,
            citation: cite(h.s.doc, span(h)),
            low: null,
            high: null,
          })),
          explanation: role
            ? `${entityName(a.entity)} is called ${a.office} in one report and ${b.office} in another.`
            : `One report names ${entityName(a.entity)} as ${a.m.role}, another names ${entityName(b.entity)}; they cannot both hold the office.`,
        });
      }
    }
  }
  return out;
}
