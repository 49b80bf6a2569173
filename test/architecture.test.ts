import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { ROOT } from './helpers.js';

// docs/ARCHITECTURE.md promises one line per module: keep that promise checkable.

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'data' ? [] : sources(path);
    return name.endsWith('.ts') ? [relative(ROOT, path)] : [];
  });
}

test('every source file under src/ is listed in docs/ARCHITECTURE.md', () => {
  const doc = readFileSync(join(ROOT, 'docs/ARCHITECTURE.md'), 'utf8');
  const missing = sources(join(ROOT, 'src')).filter((file) => !doc.includes(`\`${file}\``));
  assert.deepEqual(missing, [], `not in docs/ARCHITECTURE.md: ${missing.join(', ')}`);
});

test('docs stay short enough to read: ARCHITECTURE ≤ 8 KB, BENCHMARKS ≤ 25 KB', () => {
  assert.ok(statSync(join(ROOT, 'docs/ARCHITECTURE.md')).size <= 8 * 1024);
  assert.ok(statSync(join(ROOT, 'docs/BENCHMARKS.md')).size <= 25 * 1024);
});
