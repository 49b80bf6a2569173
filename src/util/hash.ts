import { createHash } from 'node:crypto';

/** Short, stable hex id of a string (sha256 prefix). */
export function shortHash(s: string, length = 16): string {
  return createHash('sha256').update(s, 'utf8').digest('hex').slice(0, length);
}
