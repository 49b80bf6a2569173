import type { EntityOverride } from '../model.js';
import { shortHash } from '../util/hash.js';
import { squash } from '../util/text.js';
import { nameGroupKey } from './entities.js';

// Analyst overrides are stored by name, not by entity id: entity ids are derived from
// canonical names and may change when a story grows, names do not.

const MAX_NAME = 200;

export class OverrideError extends Error {}

function cleanName(n: unknown, what: string): string {
  if (typeof n !== 'string' || !squash(n)) throw new OverrideError(`${what} must be a non-empty name`);
  const s = squash(n);
  if (s.length > MAX_NAME) throw new OverrideError(`${what} is longer than ${MAX_NAME} characters`);
  return s;
}

const note = (n: unknown) => (typeof n === 'string' && squash(n) ? squash(n).slice(0, 500) : null);

export function mergeOverride(names: unknown[], why?: unknown): EntityOverride {
  const clean = names.map((n, i) => cleanName(n, `name ${i + 1}`));
  const unique = [...new Map(clean.map((n) => [nameGroupKey(n), n])).values()];
  if (unique.length < 2) throw new OverrideError('a merge needs at least two different names');
  if (unique.length > 50) throw new OverrideError('a merge takes at most 50 names');
  const keys = unique.map(nameGroupKey).sort();
  return { id: `m-${shortHash(keys.join('\n'), 12)}`, kind: 'merge', names: unique, note: note(why) };
}

export function splitOverride(name: unknown, from: unknown, why?: unknown): EntityOverride {
  const a = cleanName(name, 'name');
  const b = cleanName(from, 'from');
  if (nameGroupKey(a) === nameGroupKey(b)) throw new OverrideError('cannot split a name from itself');
  return {
    id: `s-${shortHash([nameGroupKey(a), nameGroupKey(b)].sort().join('\n'), 12)}`,
    kind: 'split',
    name: a,
    from: b,
    note: note(why),
  };
}

export function overrideNames(o: EntityOverride): string[] {
  return o.kind === 'merge' ? o.names : [o.name, o.from];
}
