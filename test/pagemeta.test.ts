import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { decode } from '../src/ingest/decode.js';
import { readHtml } from '../src/ingest/html.js';
import { cleanByline, cleanTitle, dateInUrl, outletOfHost } from '../src/ingest/pagemeta.js';
import { ROOT } from './helpers.js';

// Page metadata as publishers write it. `node dist/scripts/score-metadata.js <postlight-parser
// checkout>` scores the same code on 139 recorded pages (docs/BENCHMARKS.md).

const page = (f: string) => readFileSync(join(ROOT, 'test/fixtures/watch', f), 'utf8');

test('recorded pages: headline without the site name, outlet, byline and date', () => {
  const g = readHtml('guardian.html', page('guardian-standing-rock.html'));
  assert.equal(g.title, 'Standing Rock protesters hold out against extraordinary police violence');
  assert.equal(g.byline, 'Julia Carrie Wong');
  assert.deepEqual(g.publishedAt, { value: '2016-11-29', source: 'meta', confidence: 0.9 });
  const r = readHtml('reuters.html', page('reuters-fed-rates.html'));
  assert.equal(r.title, "Fed lifts rates, sees faster pace of hikes in Trump's first year");
  assert.equal(r.outlet, 'Reuters', 'the host, not og:site_name "U.S."');
  assert.equal(r.byline, 'Howard Schneider, Lindsay Dunsmuir');
  assert.equal(r.publishedAt?.value, '2016-12-14');
});

test('site names leave titles, from the host or the site name, on either side', () => {
  const t = (raw: string, site: string | null, url: string) => cleanTitle(raw, [site], url, null);
  assert.equal(t('The connected renter | Ars Technica', null, 'https://arstechnica.com/x'), 'The connected renter');
  assert.equal(t('Sub-nucleosomal DNA | bioRxiv', null, 'https://www.biorxiv.org/y'), 'Sub-nucleosomal DNA');
  assert.equal(
    t("Helter Shelter: NYC's Shelters - Gothamist", 'Gothamist', 'https://x.com'),
    "Helter Shelter: NYC's Shelters",
  );
  assert.equal(t('Yahoo News - Trump wins Iowa', 'Yahoo News', 'https://news.yahoo.com/a'), 'Trump wins Iowa');
  assert.equal(t('Brexit: what next', null, 'https://www.bbc.co.uk/news/1'), 'Brexit: what next', 'no site name: kept');
});

test('bylines are names only', () => {
  assert.equal(cleanByline('Pete Evans · CBC News · Posted: Oct 14, 2022 9:27 AM ET'), 'Pete Evans');
  assert.equal(cleanByline('By Joe DavidsonWashington PostDec 13, 2016 at 3:45 pm'), 'Joe Davidson');
  assert.equal(cleanByline('By Laura E. Adkins\n\t\tDecember 28, 2016'), 'Laura E. Adkins');
  assert.equal(cleanByline('ByTravis Haney'), 'Travis Haney');
  assert.equal(cleanByline('by Julia Horowitz   @juliakhorowitz   November 29, 2016: 3:42 PM ET'), 'Julia Horowitz');
  assert.equal(cleanByline('Howard Blume Staff Writer'), 'Howard Blume');
  assert.equal(cleanByline('Gillman, Steve'), 'Steve Gillman');
  assert.equal(
    cleanByline('Bradon R. McDonald, Michelina C. de la Maza'),
    'Bradon R. McDonald, Michelina C. de la Maza',
  );
  assert.equal(cleanByline('December 28, 2016'), null);
});

test('dates in URLs, numeric, with month names, compact', () => {
  assert.equal(dateInUrl('https://www.theguardian.com/us-news/2016/nov/29/standing-rock'), '2016-11-29');
  assert.equal(dateInUrl('https://example.com/2019/05/20/story'), '2019-05-20');
  assert.equal(dateInUrl('https://example.com/news/story-20190520'), '2019-05-20');
  assert.equal(dateInUrl('https://example.com/read?a=20170309'), '2017-03-09');
  assert.equal(dateInUrl('https://example.com/id/20171345'), null, 'no 13th month');
  assert.equal(outletOfHost('https://www.nytimes.com/2016/09/20/nyregion/x.html'), 'The New York Times');
  assert.equal(outletOfHost('https://www.aktualne.cz/x'), 'aktualne.cz');
});

test('JSON-LD wrapped in CDATA is read; a video object is not the article', () => {
  const html = `<html><head><script type="application/ld+json">//<![CDATA[
{"@context":"https://schema.org","@graph":[{"@type":"VideoObject","datePublished":"2015-01-01"},
{"@type":"NewsArticle","headline":"Ten dead in Qeshm earthquake","datePublished":"2005-11-27T10:00:00Z",
"author":[{"@type":"Person","name":"Ali Akbar Dareini"}],"publisher":{"@type":"Organization","name":"AP"}}]}
//]]></script></head><body><p>${'A strong earthquake struck the island. '.repeat(20)}</p></body></html>`;
  const f = readHtml('page.html', html, 'https://apnews.com/x');
  assert.equal(f.title, 'Ten dead in Qeshm earthquake');
  assert.equal(f.byline, 'Ali Akbar Dareini');
  assert.equal(f.outlet, 'AP');
  assert.deepEqual(f.publishedAt, { value: '2005-11-27', source: 'json-ld', confidence: 0.95 });
});

test('a declared legacy charset loses to bytes that are valid UTF-8', () => {
  const text = '<meta charset="gb2312"><p>Erdoğan met Xi Jinping (习近平) in Beijing.</p>';
  assert.match(decode('page.html', Buffer.from(text, 'utf8'), 'gb2312'), /Erdoğan met Xi Jinping \(习近平\)/);
  const gbk = Buffer.from([0xc4, 0xe3, 0xba, 0xc3]); // 你好 in GB2312: not valid UTF-8
  assert.equal(decode('page.html', gbk, 'gb2312'), '你好');
});
