import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { WEB_ROOT } from '../src/cli/serve.js';
import type { StoryBrief } from '../src/model.js';
import { ingest } from '../src/pipeline.js';
import { buildServer } from '../src/server/app.js';
import { SqliteStore } from '../src/store/sqlite.js';
import { launchChromium } from './browser.js';
import { allBriefs, EXAMPLE, ROOT, tempDir, writeFiles } from './helpers.js';

// The web UI in a real headless Chromium against a real server and SQLite store.
// Screenshots are saved under test-artifacts/ui/.

const SHOTS = join(ROOT, 'test-artifacts/ui');
let browser: Browser;
let base: string;
let close: () => Promise<void>;
let example: StoryBrief;
let hostileId: string;

const PAYLOAD = 'Officials said <script>window.__pwned = "script"</script> the talks failed. <img src=x onerror="window.__pwned = \'img\'"> Witnesses in Lahore reported <b onmouseover="window.__pwned=1">bold claims</b> and a javascript:alert(1) link on Tuesday.';

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  const dir = tempDir();
  writeFiles(dir, {
    'nokia.txt': 'Nokia to cut 5,000 jobs in Finland\n\nNokia said on Monday it would cut 5,000 jobs in Finland as demand for network equipment slowed. The Finnish company said the cuts would be completed by 2022, chief executive Pekka Lundmark told reporters in Espoo.',
    'hostile.jsonl': `${JSON.stringify({ title: '<img src=x onerror="window.__pwned=\'title\'">Hostile title', text: PAYLOAD, date: '2021-06-01', outlet: '<script>window.__pwned="outlet"</script>' })}\n`,
  });
  const store = await SqliteStore.open(join(dir, 'ui.db'));
  const r = await ingest(store, [EXAMPLE, dir]);
  assert.deepEqual(r.errors, []);
  const briefs = await allBriefs(store);
  example = briefs.find((b) => b.articles.length === 5)!;
  hostileId = briefs.find((b) => b.articles.some((a) => a.text!.includes('<script>')))!.id;
  const app = await buildServer({ store, webRoot: WEB_ROOT });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
  close = async () => {
    await browser.close();
    await app.close();
    await store.close();
  };
});
after(() => close?.());

async function page(width = 1400, height = 900): Promise<{ p: Page; problems: string[] }> {
  const ctx = await browser.newContext({ viewport: { width, height } });
  const p = await ctx.newPage();
  const problems: string[] = [];
  p.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  p.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  p.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  return { p, problems };
}

test('story list: every story, filtered as you type, with an empty state', async () => {
  const { p, problems } = await page();
  await p.goto(`${base}/`);
  await p.locator('.stories li').first().waitFor();
  assert.equal(await p.locator('.stories li').count(), 3);
  await p.fill('input[name=q]', 'nokia');
  await p.waitForFunction(() => document.querySelectorAll('.stories li').length === 1);
  assert.match(await p.locator('.stories li').innerText(), /Nokia to cut 5,000 jobs/);
  assert.match(p.url(), /#\/\?q=nokia$/, 'the filter is in the address, so it can be shared');
  await p.screenshot({ path: join(SHOTS, 'list-filtered.png') });
  await p.fill('input[name=q]', '');
  await p.fill('input[name=entity]', 'Bajwa');
  await p.waitForFunction(() => document.querySelectorAll('.stories li').length === 1 && /Soleimani/.test(document.querySelector('.stories li')!.textContent ?? ''));
  await p.fill('input[name=entity]', 'nobody-at-all');
  await p.locator('.status.empty').waitFor();
  assert.match(await p.locator('.status.empty').innerText(), /No stories match/);
  assert.deepEqual(problems, []);
  await p.context().close();
});

test('story page: clicking a summary citation highlights the source sentence in its article', async () => {
  const { p, problems } = await page();
  await p.goto(`${base}/`);
  await p.locator('.stories a', { hasText: 'Pakistan Stresses Neutrality' }).click();
  await p.locator('.summary li').first().waitFor();
  assert.equal(await p.locator('h1').innerText(), example.headline);
  assert.equal(await p.locator('.summary li').count(), example.summary.length);
  const lead = example.summary[0];
  await p.locator('.summary li').first().locator('.cite').first().click();
  const mark = p.locator(`article.source[data-article="${lead.citation.articleId}"] mark.hl`);
  await mark.first().waitFor();
  assert.equal((await mark.allInnerTexts()).join(''), lead.citation.text, 'the cited sentence, exactly');
  assert.ok(await mark.first().isVisible(), 'scrolled into view');
  assert.equal(await p.locator('article.source mark.hl').count(), await mark.count(), 'only in the cited article');
  await p.screenshot({ path: join(SHOTS, 'story-citation.png') });
  // Escape clears the highlight.
  await p.locator('h1').click();
  await p.keyboard.press('Escape');
  await p.waitForFunction(() => document.querySelectorAll('article.source mark.hl').length === 0);
  // Shared and unique passages are marked in every source.
  assert.ok((await p.locator('article.source .shared').count()) > 0);
  assert.ok((await p.locator('article.source .unique').count()) > 0);
  assert.equal(await p.locator('article.source').count(), 5);
  // Coverage per source: facts reported, and details only that source gives (underlined).
  const corroborated = example.facts.filter((f) => f.sources >= 2).length;
  const first = example.coverage[0];
  assert.match(await p.locator('article.source').first().locator('.coverage').innerText(), new RegExp(`reports ${first.factsReported.length} of ${corroborated} corroborated facts · ${first.uniqueDetails.length} unique`));
  assert.ok((await p.locator('article.source .detail').count()) > 0);
  assert.deepEqual(problems, []);
  await p.context().close();
});

test('conflicts panel shows each disagreeing value with its source; timeline, quotes and entities panels render', async () => {
  const { p, problems } = await page();
  await p.goto(`${base}/#/story/${example.id}`);
  await p.locator('#tab-conflicts').click();
  const panel = p.locator('#panel-conflicts');
  await panel.locator('.conflict').first().waitFor();
  const text = await panel.innerText();
  assert.match(text, /Thousands of people/);
  assert.match(text, /Hundreds of protesters/);
  const rows = panel.locator('.conflict').first().locator('tbody tr');
  assert.ok((await rows.count()) >= 2);
  for (const row of await rows.all()) assert.equal(await row.locator('.cite').count(), 1, 'every value cites its source');
  await p.screenshot({ path: join(SHOTS, 'conflicts.png') });

  await p.locator('#tab-timeline').click();
  const dots = p.locator('#panel-timeline svg circle.event');
  assert.equal(await dots.count(), example.timeline.length);
  assert.ok((await p.locator('#panel-timeline svg circle.event.inferred').count()) > 0, 'inferred dates drawn apart');
  // Undated events placed by a cue show where they sit instead of a date of their own.
  const placed = example.timeline.filter((t) => t.placement);
  assert.ok(placed.length > 0, 'the example has events placed by "after the ..."');
  assert.equal(await p.locator('#panel-timeline .events .placed').count(), placed.length);
  assert.equal(await p.locator('#panel-timeline .events .placed').first().innerText(), `${placed[0].placement!.relation} ${placed[0].placement!.anchorDate}`);
  // Earlier dates sit further left on the axis.
  const xs = await dots.evaluateAll((els) => els.map((e) => Number(e.getAttribute('cx'))));
  for (let i = 1; i < xs.length; i++) assert.ok(xs[i] >= xs[i - 1]);
  await p.screenshot({ path: join(SHOTS, 'timeline.png') });

  await p.locator('#tab-quotes').click();
  const pompeo = p.locator('.speaker', { has: p.locator('h3', { hasText: 'Mike Pompeo' }) });
  assert.match(await pompeo.innerText(), /Chief of \[Army\] Staff General Bajwa/);
  assert.match(await pompeo.innerText(), /2 independent sources/);
  // Attributions only the learned cue detector found say they are less certain, after the quotes read by rule.
  const inferred = p.locator('.quote.inferred');
  assert.ok((await inferred.count()) > 0);
  assert.match(await inferred.first().locator('.meta').innerText(), /inferred by the learned cue detector, less certain/);
  assert.equal(await pompeo.locator('.quote').first().evaluate((e) => e.classList.contains('inferred')), false);
  // A speaker no entity answers to says so ("Analysts believe that …").
  const unresolved = p.locator('.speaker.unresolved h3', { hasText: /^Analysts \(unresolved\)/ });
  assert.equal(await unresolved.count(), 1);

  await p.locator('#tab-entities').click();
  const bajwa = p.locator('.entity', { has: p.locator('.name', { hasText: /^Qamar Javed Bajwa$/ }) });
  assert.match(await bajwa.locator('.aliases').innerText(), /Qamar Bajwa/);
  assert.deepEqual(problems, []);
  await p.context().close();
});

test('keyboard: j/k and Enter open stories, number keys switch panels, u goes back', async () => {
  const { p, problems } = await page();
  await p.goto(`${base}/`);
  await p.locator('.stories li').first().waitFor();
  await p.keyboard.press('j');
  await p.waitForFunction(() => document.querySelectorAll('.stories li')[1]?.classList.contains('current'));
  const second = await p.locator('.stories li').nth(1).locator('a').getAttribute('href');
  await p.keyboard.press('Enter');
  await p.waitForURL((u) => u.hash === second);
  await p.locator('#tab-summary').waitFor();
  await p.keyboard.press('6');
  await p.locator('#tab-conflicts[aria-selected="true"]').waitFor();
  await p.locator('#tab-conflicts').focus();
  await p.keyboard.press('ArrowLeft');
  await p.locator('#tab-entities[aria-selected="true"]').waitFor();
  await p.keyboard.press('u');
  await p.locator('.stories li').first().waitFor();
  await p.keyboard.press('/');
  assert.equal(await p.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name), 'q');
  assert.deepEqual(problems, []);
  await p.context().close();
});

test('article text is untrusted: script and event-handler payloads are shown as text and never run', async () => {
  const { p, problems } = await page();
  await p.goto(`${base}/#/story/${hostileId}`);
  await p.locator('article.source').first().waitFor();
  for (const tab of ['facts', 'timeline', 'quotes', 'entities', 'conflicts', 'summary']) await p.locator(`#tab-${tab}`).click();
  // Hover and click a citation, so the highlighted (re-rendered) text is exercised too.
  await p.locator('#panel-summary .cite').first().hover();
  await p.locator('#panel-summary .cite').first().click();
  await p.locator('article.source mark.hl').first().waitFor();
  const body = await p.locator('article.source .body').innerText();
  assert.match(body, /<script>window\.__pwned = "script"<\/script>/, 'the payload is visible as text');
  assert.match(body, /<img src=x onerror=/);
  assert.match(await p.locator('article.source header').innerText(), /<img src=x onerror=.*Hostile title/);
  await p.goto(`${base}/`);
  await p.locator('.stories li').first().waitFor();
  await p.waitForTimeout(200);
  assert.equal(await p.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), undefined, 'nothing executed');
  assert.equal(await p.locator('#app script, #app img, #app b').count(), 0, 'no element was created from article text');
  assert.deepEqual(problems, []);
  await p.context().close();
});

test('readable on a phone: one column, no sideways page scroll', async () => {
  const { p, problems } = await page(390, 844);
  await p.goto(`${base}/#/story/${example.id}`);
  await p.locator('.summary li').first().waitFor();
  const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `page is ${overflow}px wider than the screen`);
  const [a, s] = await Promise.all([p.locator('section.analysis').boundingBox(), p.locator('section.sources-pane').boundingBox()]);
  assert.ok(a && s && s.y >= a.y + a.height - 1, 'sources stacked under the analysis');
  await p.screenshot({ path: join(SHOTS, 'phone.png') });
  assert.deepEqual(problems, []);
  await p.context().close();
});
