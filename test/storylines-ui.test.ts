import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { WEB_ROOT } from '../src/cli/serve.js';
import type { Storyline } from '../src/model.js';
import { ingest } from '../src/pipeline.js';
import { buildServer } from '../src/server/app.js';
import { SqliteStore } from '../src/store/sqlite.js';
import { launchChromium, openedList } from './browser.js';
import { ROOT, tempDir, trialFiles } from './helpers.js';

// Storylines in the web UI, in a real headless Chromium: a story links to its storyline, and
// a storyline lists its events by date with why each is linked. Screenshots: test-artifacts/ui/.

const SHOTS = join(ROOT, 'test-artifacts/ui');
let browser: Browser;
let base: string;
let line: Storyline;
let close: () => Promise<void>;

before(async () => {
  browser = await launchChromium();
  const opened = openedList();
  opened.push(() => browser.close());
  close = opened.close;
  mkdirSync(SHOTS, { recursive: true });
  const dir = tempDir();
  trialFiles(dir);
  const store = await SqliteStore.open(join(dir, 'ui.db'));
  opened.push(() => store.close());
  assert.deepEqual((await ingest(store, [dir])).errors, []);
  const [first] = (await store.listStorylines({ limit: 1, offset: 0 })).items;
  line = (await store.getStoryline(first.id))!;
  const app = await buildServer({ store, webRoot: WEB_ROOT });
  opened.push(() => app.close());
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});
after(() => close?.());

async function page(width: number, height: number): Promise<{ p: Page; problems: string[] }> {
  const ctx = await browser.newContext({ viewport: { width, height } });
  const p = await ctx.newPage();
  const problems: string[] = [];
  p.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  p.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  return { p, problems };
}

/** Where an element lies outside the viewport (or is smaller than a 24 px tap target), or null if it is fully on screen. */
async function offScreen(l: Locator, width: number, height: number): Promise<string | null> {
  const b = await l.boundingBox();
  if (!b) return 'not rendered';
  if (b.x < 0 || b.y < 0 || b.x + b.width > width || b.y + b.height > height)
    return `at ${Math.round(b.x)},${Math.round(b.y)} ${Math.round(b.width)}×${Math.round(b.height)}`;
  return b.height < 24 ? `only ${Math.round(b.height)} px high` : null;
}

for (const [w, h] of [
  [1400, 900],
  [390, 844],
]) {
  test(`${w}×${h}: a story links to its storyline, which lists its events by date with why each is linked`, async () => {
    const { p, problems } = await page(w, h);
    const [first, second] = line.events;
    await p.goto(`${base}/#/story/${second.id}`);
    const note = p.locator('.storyline-note');
    await note.waitFor();
    assert.match(await note.innerText(), /^Event 2 of 2 in the storyline /);
    const link = note.locator('a');
    assert.equal(await offScreen(link, w, h), null, 'the storyline link is on screen as the story opens');
    await link.click();
    await p.waitForURL(`**/#/storyline/${line.id}`);
    const events = p.locator('.line-events li');
    await events.first().waitFor();
    assert.equal(await events.count(), 2);
    assert.equal(await p.locator('h1').innerText(), line.title);
    assert.deepEqual(await p.locator('.line-events .when').allInnerTexts(), ['2024-03-04', '2024-03-25']);
    const [top1, top2] = [(await events.nth(0).boundingBox())!.y, (await events.nth(1).boundingBox())!.y];
    assert.ok(top1 < top2, 'the earlier event is above the later one');
    for (let i = 0; i < 2; i++) {
      assert.equal(await offScreen(events.nth(i).locator('.headline'), w, h), null, `event ${i + 1}'s link`);
      assert.match(await events.nth(i).locator('.why').innerText(), /^Linked to “.+” \(.+\): .*Marek Kowalczyk/);
    }
    assert.equal(await p.evaluate(() => document.documentElement.scrollWidth - innerWidth), 0, 'no sideways scroll');
    await p.screenshot({ path: join(SHOTS, `storyline-${w}.png`) });
    await events.nth(0).locator('.headline').click();
    await p.waitForURL(`**/#/story/${first.id}`);
    await p.locator('.storyline-note').waitFor();
    assert.match(await p.locator('.storyline-note').innerText(), /^Event 1 of 2 /);
    assert.deepEqual(problems, []);
    await p.context().close();
  });
}

test('the storylines list: reached from the header, one row per storyline with its span and size', async () => {
  const { p, problems } = await page(1400, 900);
  await p.goto(`${base}/`);
  const nav = p.locator('.sections a', { hasText: 'Storylines' });
  assert.equal(await offScreen(nav, 1400, 900), null);
  await nav.click();
  await p.waitForURL('**/#/storylines');
  const rows = p.locator('.storylines li');
  await rows.first().waitFor();
  assert.equal(await rows.count(), 1);
  assert.match(await rows.innerText(), /2024-03-04 – 2024-03-25 · 2 events · 2 articles/);
  assert.equal(await p.locator('.sections a[aria-current=page]').innerText(), 'Storylines');
  await rows.locator('a').click();
  await p.waitForURL(`**/#/storyline/${line.id}`);
  assert.deepEqual(problems, []);
  await p.context().close();
});
