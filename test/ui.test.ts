import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { WEB_ROOT } from '../src/cli/serve.js';
import type { StoryBrief } from '../src/model.js';
import { ingest } from '../src/pipeline.js';
import { buildServer } from '../src/server/app.js';
import { SqliteStore } from '../src/store/sqlite.js';
import { launchChromium, openedList } from './browser.js';
import { allBriefs, EXAMPLE, ROOT, tempDir, writeFiles } from './helpers.js';

// The web UI in a real headless Chromium against a real server and SQLite store.
// Screenshots are saved under test-artifacts/ui/.

const SHOTS = join(ROOT, 'test-artifacts/ui');
let browser: Browser;
let base: string;
let close: () => Promise<void>;
let example: StoryBrief;
let hostileId: string;

const PAYLOAD =
  'Officials said <script>window.__pwned = "script"</script> the talks failed. <img src=x onerror="window.__pwned = \'img\'"> Witnesses in Lahore reported <b onmouseover="window.__pwned=1">bold claims</b> and a javascript:alert(1) link on Tuesday.';

before(async () => {
  // The browser first: without one the file fails at once, and nothing opened before the
  // failure (server, store) is left to keep the test process alive.
  browser = await launchChromium();
  const opened = openedList();
  opened.push(() => browser.close());
  close = opened.close;
  mkdirSync(SHOTS, { recursive: true });
  const dir = tempDir();
  writeFiles(dir, {
    'nokia.txt':
      'Nokia to cut 5,000 jobs in Finland\n\nNokia said on Monday it would cut 5,000 jobs in Finland as demand for network equipment slowed. The Finnish company said the cuts would be completed by 2022, chief executive Pekka Lundmark told reporters in Espoo.',
    'hostile.jsonl': `${JSON.stringify({ title: '<img src=x onerror="window.__pwned=\'title\'">Hostile title', text: PAYLOAD, date: '2021-06-01', outlet: '<script>window.__pwned="outlet"</script>' })}\n`,
  });
  const store = await SqliteStore.open(join(dir, 'ui.db'));
  opened.push(() => store.close());
  const r = await ingest(store, [EXAMPLE, dir]);
  assert.deepEqual(r.errors, []);
  const briefs = await allBriefs(store);
  example = briefs.find((b) => b.articles.length === 5)!;
  hostileId = briefs.find((b) => b.articles.some((a) => a.text!.includes('<script>')))!.id;
  const app = await buildServer({ store, webRoot: WEB_ROOT });
  opened.push(() => app.close());
  base = await app.listen({ port: 0, host: '127.0.0.1' });
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
  await p.waitForFunction(
    () =>
      document.querySelectorAll('.stories li').length === 1 &&
      /Soleimani/.test(document.querySelector('.stories li')!.textContent ?? ''),
  );
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
  assert.match(
    await p.locator('article.source').first().locator('.coverage').innerText(),
    new RegExp(
      `reports ${first.factsReported.length} of ${corroborated} corroborated facts · ${first.uniqueDetails.length} unique`,
    ),
  );
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
  for (const row of await rows.all())
    assert.equal(await row.locator('.cite').count(), 1, 'every value cites its source');
  await p.screenshot({ path: join(SHOTS, 'conflicts.png') });

  await p.locator('#tab-timeline').click();
  const dots = p.locator('#panel-timeline svg circle.event');
  assert.equal(await dots.count(), example.timeline.length);
  assert.ok((await p.locator('#panel-timeline svg circle.event.inferred').count()) > 0, 'inferred dates drawn apart');
  // Undated events placed by a cue show where they sit instead of a date of their own.
  const placed = example.timeline.filter((t) => t.placement);
  assert.ok(placed.length > 0, 'the example has events placed by "after the ..."');
  assert.equal(await p.locator('#panel-timeline .events .placed').count(), placed.length);
  assert.equal(
    await p.locator('#panel-timeline .events .placed').first().innerText(),
    `${placed[0].placement!.relation} ${placed[0].placement!.anchorDate}`,
  );
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
  assert.match(
    await inferred.first().locator('.meta').innerText(),
    /inferred by the learned cue detector, less certain/,
  );
  assert.equal(
    await pompeo
      .locator('.quote')
      .first()
      .evaluate((e) => e.classList.contains('inferred')),
    false,
  );
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
  for (const tab of ['facts', 'timeline', 'quotes', 'entities', 'conflicts', 'summary'])
    await p.locator(`#tab-${tab}`).click();
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
  assert.equal(
    await p.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned),
    undefined,
    'nothing executed',
  );
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
  const [a, s] = await Promise.all([
    p.locator('section.analysis').boundingBox(),
    p.locator('section.sources-pane').boundingBox(),
  ]);
  assert.ok(a && s && s.y >= a.y + a.height - 1, 'sources stacked under the analysis');
  await p.screenshot({ path: join(SHOTS, 'phone.png') });
  assert.deepEqual(problems, []);
  await p.context().close();
});

/** A second server over its own small store, for what the shared one cannot show (a token, many stories). */
async function extraServer(
  files: Record<string, string>,
  token: string | null = null,
): Promise<{ url: string; store: SqliteStore; close: () => Promise<void> }> {
  const dir = tempDir();
  writeFiles(dir, files);
  const store = await SqliteStore.open(join(dir, 'extra.db'));
  assert.deepEqual((await ingest(store, [dir])).errors, []);
  const app = await buildServer({ store, webRoot: WEB_ROOT, token });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url, store, close: async () => (await app.close(), await store.close()) };
}

/** 23 unrelated one-article stories, so the list has two pages, and one story dated by a day and by a time. */
function manyStories(): Record<string, string> {
  const who = [
    'Alice Moreau',
    'Bram Okafor',
    'Chen Jia',
    'Dmitri Volkov',
    'Esme Laine',
    'Farid Haddad',
    'Greta Lund',
    'Hiro Tanaka',
    'Ines Duarte',
    'Jonas Berg',
    'Kofi Mensah',
    'Lena Novak',
    'Mateo Ruiz',
    'Nadia Petrov',
    'Omar Saleh',
    'Priya Nair',
    'Quentin Roux',
    'Rosa Vidal',
    'Sven Holm',
    'Tariq Aziz',
    'Uma Rao',
    'Viktor Kral',
  ];
  const what = [
    'bridge',
    'vaccine',
    'festival',
    'railway',
    'election',
    'drought',
    'satellite',
    'museum',
    'strike',
    'merger',
    'earthquake',
    'marathon',
    'orchestra',
    'harbour',
    'telescope',
    'vineyard',
    'glacier',
    'airport',
    'library',
    'stadium',
    'reactor',
    'monastery',
  ];
  const where = [
    'Lisbon',
    'Accra',
    'Chengdu',
    'Tomsk',
    'Tampere',
    'Beirut',
    'Bergen',
    'Osaka',
    'Porto',
    'Uppsala',
    'Kumasi',
    'Zagreb',
    'Seville',
    'Kazan',
    'Aqaba',
    'Kochi',
    'Lyon',
    'Valencia',
    'Malmo',
    'Multan',
    'Mysore',
    'Brno',
  ];
  const lines = who.map((p, i) => ({
    title: `${p} unveils ${what[i]} plan in ${where[i]}`,
    text: `${p} unveiled a ${what[i]} plan in ${where[i]} on Monday. The ${what[i]} in ${where[i]} will cost ${i + 2} million, ${p} said.`,
    date: `2024-03-${String(i + 1).padStart(2, '0')}`,
    outlet: `Outlet ${i}`,
  }));
  const ferry =
    'The Hebrides ferry Loch Seaforth broke down near Stornoway on Friday, stranding 400 passengers, the operator CalMac said.';
  lines.push({ title: 'Hebrides ferry breaks down', text: ferry, date: '2013-08-02', outlet: 'Herald' });
  lines.push({
    title: 'Hebrides ferry breaks down near Stornoway',
    text: `${ferry} Repairs began at once.`,
    date: '2013-08-02T08:13:00Z',
    outlet: 'Gazette',
  });
  return { 'many.jsonl': `${lines.map((l) => JSON.stringify(l)).join('\n')}\n` };
}

/** Where the highlighted sentence sits: inside the viewport and inside the sources pane's visible box, or why not. */
async function markPlacement(p: Page): Promise<string | null> {
  return p.evaluate(() => {
    const marks = [...document.querySelectorAll('article.source mark.hl')];
    if (!marks.length) return 'no highlighted sentence';
    const r = marks[0].getBoundingClientRect();
    const pane = document.querySelector('.sources-pane')!.getBoundingClientRect();
    const cols = document.querySelector('.columns')!.getBoundingClientRect();
    const top = Math.max(0, pane.top, cols.top);
    const bottom = Math.min(innerHeight, pane.bottom, cols.bottom);
    const left = Math.max(0, cols.left);
    const right = Math.min(innerWidth, cols.right);
    // A sentence taller than the visible box must at least start in it.
    const inY = r.top >= top - 1 && (r.bottom <= bottom + 1 || (r.height > bottom - top && r.top < bottom));
    const inX = r.left >= left - 1 && r.right <= right + 1;
    return inY && inX
      ? null
      : `mark at ${Math.round(r.left)},${Math.round(r.top)}-${Math.round(r.right)},${Math.round(r.bottom)}; visible box ${Math.round(left)},${Math.round(top)}-${Math.round(right)},${Math.round(bottom)}`;
  });
}

const frames = (p: Page) => p.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

for (const [w, h] of [
  [1440, 900],
  [390, 844],
]) {
  test(`${w}×${h}: every summary citation brings its sentence on screen`, async () => {
    const { p, problems } = await page(w, h);
    await p.goto(`${base}/#/story/${example.id}`);
    await p.locator('.summary li').first().waitFor();
    const cites = p.locator('#panel-summary .cite');
    const n = await cites.count();
    assert.ok(n >= 10, `the example's summary has ${n} citations`);
    const misses: string[] = [];
    for (let i = 0; i < n; i++) {
      await cites.nth(i).click();
      await frames(p);
      const why = await markPlacement(p);
      if (why) misses.push(`citation ${i + 1}: ${why}`);
    }
    await p.screenshot({ path: join(SHOTS, `citation-last-${w}.png`) });
    assert.deepEqual(misses, [], `${n - misses.length} of ${n} citations land on screen`);
    assert.deepEqual(problems, []);
    await p.context().close();
  });

  test(`${w}×${h}: a story opens at the top of the page`, async () => {
    const { p, problems } = await page(w, h);
    await p.goto(`${base}/#/story/${example.id}`);
    await p.locator('.summary li').first().waitFor();
    await frames(p);
    await p.waitForTimeout(100);
    assert.equal(await p.evaluate(() => scrollY), 0);
    assert.ok((await p.locator('h1').boundingBox())!.y >= 0);
    await p.screenshot({ path: join(SHOTS, `story-open-${w}.png`) });
    assert.deepEqual(problems, []);
    await p.context().close();
  });
}

/** Visible tap targets smaller than 24×24 CSS px (WCAG 2.5.8), described. */
async function smallTargets(p: Page, selector: string): Promise<string[]> {
  return p.locator(selector).evaluateAll((els) =>
    els
      .map((e) => [e, e.getBoundingClientRect()] as const)
      .filter(([, r]) => r.width > 0 && r.height > 0 && (r.width < 24 || r.height < 24))
      .map(
        ([e, r]) =>
          `${e.tagName.toLowerCase()} "${(e.textContent ?? '').trim().slice(0, 20)}" ${Math.round(r.width)}×${Math.round(r.height)}`,
      ),
  );
}

const overflowX = (p: Page) => p.evaluate(() => document.documentElement.scrollWidth - innerWidth);

test('phone, 390 px: no sideways scroll on the list or any story panel; tap targets 24 px; tabs in one row', async () => {
  const { p, problems } = await page(390, 844);
  await p.goto(`${base}/`);
  await p.locator('.stories li').first().waitFor();
  assert.equal(await overflowX(p), 0, 'the story list fits');
  assert.deepEqual(await smallTargets(p, '#app a[href], #app button'), []);
  await p.screenshot({ path: join(SHOTS, 'phone-list.png'), fullPage: true });
  await p.goto(`${base}/#/story/${example.id}`);
  await p.locator('.summary li').first().waitFor();
  const tops = await p
    .locator('.tabs [role=tab]')
    .evaluateAll((els) => [...new Set(els.map((e) => Math.round(e.getBoundingClientRect().top)))]);
  assert.equal(tops.length, 1, 'the tabs make one row (a strip that scrolls sideways)');
  for (const tab of ['summary', 'facts', 'timeline', 'quotes', 'entities', 'conflicts']) {
    await p.locator(`#tab-${tab}`).click();
    await p.locator(`#panel-${tab}`).waitFor();
    assert.equal(await overflowX(p), 0, `the ${tab} panel fits`);
    assert.equal(
      await p
        .locator(`#tab-${tab}`)
        .evaluate((e) => e.getBoundingClientRect().right <= innerWidth && e.getBoundingClientRect().left >= 0),
      true,
      `the ${tab} tab is scrolled into the strip`,
    );
    if (tab !== 'entities')
      assert.deepEqual(await smallTargets(p, '#app a[href], .tabs button, #app .cite'), [], `tap targets on ${tab}`);
  }
  await p.screenshot({ path: join(SHOTS, 'phone-conflicts.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await p.context().close();
});

test('navigation: back to the same filtered list and cursor; the tab in the address; titles; Esc leaves the search box', async () => {
  const { p, problems } = await page(1440, 900);
  await p.goto(`${base}/`);
  await p.locator('.stories li').first().waitFor();
  assert.match(await p.title(), /^Stories\b/);
  // Esc gives the keys back to the list.
  await p.keyboard.press('/');
  await p.keyboard.press('Escape');
  assert.equal(await p.evaluate(() => document.activeElement?.tagName), 'BODY');
  await p.keyboard.press('j');
  await p.keyboard.press('j');
  await p.waitForFunction(() => document.querySelectorAll('.stories li')[2]?.classList.contains('current'));
  await p.keyboard.press('Enter');
  await p.locator('.story h1').waitFor();
  assert.equal(await p.title(), `${await p.locator('.story h1').innerText()} · triangulate`);
  await p.locator('.back').click();
  await p.locator('.stories li.current').waitFor();
  assert.equal(await p.locator('.stories li').nth(2).getAttribute('class'), 'current', 'the cursor is where it was');

  await p.fill('input[name=q]', 'Soleimani');
  await p.waitForFunction(
    () => location.hash === '#/?q=Soleimani' && document.querySelectorAll('.stories li').length === 1,
  );
  await p.keyboard.press('Escape');
  await p.keyboard.press('Enter');
  await p.waitForURL((u) => u.hash === `#/story/${example.id}`);
  await p.locator('#tab-quotes').click();
  await p.waitForURL((u) => u.hash === `#/story/${example.id}?tab=quotes`);
  await p.keyboard.press('2');
  await p.waitForURL((u) => u.hash === `#/story/${example.id}?tab=facts`);
  await p.reload();
  await p.locator('#tab-facts[aria-selected="true"]').waitFor();
  assert.equal(await p.locator('.back').getAttribute('href'), '#/?q=Soleimani');
  await p.keyboard.press('u');
  await p.waitForURL((u) => u.hash === '#/?q=Soleimani');
  await p.locator('.stories li').first().waitFor();
  assert.equal(await p.inputValue('input[name=q]'), 'Soleimani', 'the filter is kept');
  assert.equal(await p.locator('.stories li').count(), 1);
  assert.deepEqual(problems, []);
  await p.context().close();
});

let extra: Promise<Awaited<ReturnType<typeof extraServer>>> | null = null;
const many = () => (extra ??= extraServer(manyStories()));
after(async () => (await extra)?.close());

test('j and k cross page boundaries: past story 20 comes story 21 on the next page, and back', async () => {
  const { url } = await many();
  const { p, problems } = await page(1440, 900);
  await p.goto(`${url}/`);
  await p.locator('.stories li').first().waitFor();
  const total = Number((await p.locator('.count').innerText()).split(' ')[0]);
  assert.ok(total > 20, `${total} stories`);
  for (let i = 0; i < 19; i++) await p.keyboard.press('j');
  await p.waitForFunction(() => document.querySelectorAll('.stories li')[19]?.classList.contains('current'));
  const twentieth = await p.locator('.stories li.current a').getAttribute('href');
  const first = await p.locator('.stories li a').first().getAttribute('href');
  await p.keyboard.press('j');
  await p.waitForURL((u) => u.hash === '#/?offset=20');
  await p.waitForFunction(
    (f) =>
      document.querySelector('.stories li')?.classList.contains('current') &&
      document.querySelector('.stories li a')?.getAttribute('href') !== f,
    first,
  );
  assert.match(await p.locator('.pager span').innerText(), /^21–/);
  const box = (await p.locator('.stories li.current').boundingBox())!;
  assert.ok(box.y >= 0 && box.y + box.height <= 900, 'the current story is on screen');
  await p.keyboard.press('k');
  await p.waitForURL((u) => u.hash === '#/');
  await p.waitForFunction(() => document.querySelectorAll('.stories li')[19]?.classList.contains('current'));
  assert.equal(await p.locator('.stories li.current a').getAttribute('href'), twentieth);
  assert.deepEqual(problems, []);
  await p.context().close();
});

test('a story span shows calendar days, not a day and a time', async () => {
  const { url, store } = await many();
  const ferry = (await store.listStories({ text: 'Stornoway', limit: 5, offset: 0 })).items[0];
  assert.equal(ferry.articles, 2, 'the two ferry reports make one story');
  // A span as the issue saw it, one end a day and the other a date-time (as a dated feed item can give).
  const brief = (await store.getBrief(ferry.id))!;
  await store.saveBrief({ ...brief, span: { from: '2013-08-02', to: '2013-08-02T08:13' } });
  const { p, problems } = await page(1440, 900);
  await p.goto(`${url}/#/?q=Stornoway`);
  await p.locator('.stories li').first().waitFor();
  assert.match(await p.locator('.stories li .meta').innerText(), /^2013-08-02 · 2 articles/);
  await p.goto(`${url}/#/story/${ferry.id}`);
  assert.match(await p.locator('.story-head .meta').innerText(), /^2013-08-02 · 2 articles/);
  assert.deepEqual(problems, []);
  await p.context().close();
});

test('behind a token: a wrong token says so; exports download with the token under story-<id>.<format>', async () => {
  const { store } = await many();
  const token = 'correct-horse-battery-staple';
  const app = await buildServer({ store, webRoot: WEB_ROOT, token });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const { p, problems } = await page(1440, 900);
  try {
    await p.goto(`${url}/`);
    await p.locator('form.token input').fill('not-the-token');
    await p.locator('form.token button').click();
    await p.locator('form.token [role=alert]').waitFor();
    assert.match(await p.locator('form.token [role=alert]').innerText(), /did not accept that token/);
    await p.locator('form.token input').fill(token);
    await p.locator('form.token button').click();
    await p.locator('.stories li').first().waitFor();
    const href = (await p.locator('.stories li a').first().getAttribute('href'))!;
    const id = href.split('/').pop()!;
    await p.goto(`${url}/${href}`);
    for (const f of ['json', 'csv']) {
      const [download] = await Promise.all([
        p.waitForEvent('download'),
        p.locator('.exports a', { hasText: new RegExp(`^${f}$`, 'i') }).click(),
      ]);
      assert.equal(download.suggestedFilename(), `story-${id}.${f}`);
      const body = readFileSync((await download.path())!, 'utf8');
      if (f === 'json') assert.equal(JSON.parse(body).id, id, 'the brief, not a 401 answer');
      else assert.match(body, /^\w+/);
    }
    // 401s from the page itself (the wrong token) are expected; nothing else.
    assert.deepEqual(
      problems.filter((m) => !/401/.test(m)),
      [],
    );
  } finally {
    await p.context().close();
    await app.close();
  }
});

test('without a token an export is a plain link that names its file', async () => {
  const { p, problems } = await page(1440, 900);
  await p.goto(`${base}/#/story/${example.id}`);
  const link = p.locator('.exports a', { hasText: 'MD' });
  assert.equal(await link.getAttribute('download'), `story-${example.id}.md`);
  const [download] = await Promise.all([p.waitForEvent('download'), link.click()]);
  assert.equal(download.suggestedFilename(), `story-${example.id}.md`);
  assert.match(readFileSync((await download.path())!, 'utf8'), /Pakistan/);
  assert.deepEqual(problems, []);
  await p.context().close();
});

test('a citation previews its whole passage as text in a popover that stays on screen', async () => {
  for (const [w, h] of [
    [1440, 900],
    [390, 844],
  ]) {
    const { p, problems } = await page(w, h);
    await p.goto(`${base}/#/story/${example.id}`);
    await p.locator('.summary li').first().waitFor();
    const cs = example.summary.flatMap((s) => [s.citation, ...s.corroboratedBy]);
    const i = cs.findIndex((c) => c.text.length > 160);
    assert.ok(i >= 0, 'a passage longer than the old 160-character tooltip');
    await p.locator('#panel-summary .cite').nth(i).hover();
    const tip = p.locator('[role=tooltip]');
    await tip.waitFor();
    assert.ok((await tip.innerText()).includes(cs[i].text), 'the whole passage');
    const r = (await tip.boundingBox())!;
    assert.ok(
      r.x >= 0 && r.y >= 0 && r.x + r.width <= w && r.y + r.height <= h,
      `${w}: popover at ${JSON.stringify(r)}`,
    );
    assert.equal(await overflowX(p), 0);
    await p.screenshot({ path: join(SHOTS, `popover-${w}.png`) });
    await p.mouse.move(0, 0);
    await tip.waitFor({ state: 'detached' });
    assert.deepEqual(problems, []);
    await p.context().close();
  }
  const { p, problems } = await page(1440, 900);
  await p.goto(`${base}/#/story/${hostileId}`);
  await p.locator('#panel-summary .cite').first().hover();
  assert.match(
    await p.locator('[role=tooltip]').innerText(),
    /<script>|<img src=x|<b onmouseover/,
    'markup in a passage is shown as text',
  );
  assert.equal(await p.locator('[role=tooltip] script, [role=tooltip] img, [role=tooltip] b').count(), 0);
  assert.equal(await p.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), undefined);
  assert.deepEqual(problems, []);
  await p.context().close();
});

test('a cut list shows more in place: the next page of facts follows on where the button was, with the articles it cites', async () => {
  const files = Object.fromEntries(readdirSync(EXAMPLE).map((f) => [f, readFileSync(join(EXAMPLE, f), 'utf8')]));
  const { url, store, close: done } = await extraServer(files);
  try {
    const brief = (await allBriefs(store))[0];
    // A brief cut as a big story's is: 50 of its 60 facts and 3 of its articles; the last 10 facts cite a fourth.
    const cites = brief.facts.flatMap((f) => f.citations);
    const [kept, later] = [
      cites.find((c) => c.articleId === brief.articles[0].id)!,
      cites.find((c) => c.articleId === brief.articles[4].id)!,
    ];
    const facts = Array.from({ length: 60 }, (_, i) => ({
      id: `f-more-${i}`,
      text: `Fact number ${i + 1}`,
      citations: [i < 50 ? kept : later],
      sources: 1,
      articles: 1,
    }));
    const articles = brief.articles.slice(0, 3);
    const cut = { ...brief, articles, facts: facts.slice(0, 50), totals: { ...brief.totals!, facts: 60 } };
    await store.saveBrief(cut, { state: '{}', parts: { facts, articles } });
    const { p, problems } = await page(1440, 900);
    await p.goto(`${url}/#/story/${brief.id}?tab=facts`);
    await p.locator('.facts li').nth(49).waitFor();
    assert.equal(await p.locator('.facts li').count(), 50);
    assert.match(await p.locator('#tab-facts .n').innerText(), /^60$/, 'the tab counts every fact');
    const more = p.locator('button.more');
    assert.match(await more.innerText(), /50 of 60/);
    await more.scrollIntoViewIfNeeded();
    const at = (await more.boundingBox())!;
    await more.click();
    await p.locator('.facts li').nth(59).waitFor();
    assert.equal(await more.count(), 0, 'nothing more to show');
    const next = (await p.locator('.facts li').nth(50).boundingBox())!;
    assert.match(await p.locator('.facts li').nth(50).innerText(), /^1?\s*Fact number 51/);
    assert.ok(Math.abs(next.y - at.y) < 24, `the 51st fact (y ${next.y}) takes the button's place (y ${at.y})`);
    assert.ok(next.y >= 0 && next.y + next.height <= 900, 'on screen');
    // The article only the new facts cite came with them: its citation highlights in it.
    assert.equal(await p.locator('article.source').count(), 4);
    await p.locator('.facts li').nth(50).locator('.cite').click();
    const mark = p.locator(`article.source[data-article="${later.articleId}"] mark.hl`);
    await mark.first().waitFor();
    assert.ok(await mark.first().isVisible());
    assert.ok((await mark.allInnerTexts()).join('').includes(later.text));
    await p.screenshot({ path: join(SHOTS, 'facts-show-more.png') });
    assert.deepEqual(problems, []);
    await p.context().close();
  } finally {
    await done();
  }
});
