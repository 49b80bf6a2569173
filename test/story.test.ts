import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeStory, storyBasis } from '../src/story/analyze.js';
import { analyzeArticle } from '../src/article/analyze.js';
import { makeArticle } from '../src/ingest/article.js';
import { FEATURES, groupRank, summaryCandidates, summaryFeatures } from '../src/story/summary-features.js';
import { LIMITS } from '../src/story/bounds.js';
import { SentenceGroups } from '../src/story/sentences.js';
import { overlapGraph, pagerank } from '../src/story/textrank.js';
import { summarise } from '../src/story/summary.js';
import summaryModel from '../src/story/data/summary-model.json' with { type: 'json' };
import { ridge } from '../src/util/ridge.js';
import { Clusterer, timeFactor, type Candidate } from '../src/story/cluster.js';
import { eventFeatures, FEATURES as EVENT_FEATURES, storedModel } from '../src/story/same-event.js';
import { storyEvidence, textNumbers } from '../src/story/evidence.js';
import { bandKeys, signature, similarity } from '../src/story/minhash.js';
import { demonymPlaces } from '../src/story/demonyms.js';
import { officeOf } from '../src/story/offices.js';
import { datelineLength } from '../src/ingest/textmeta.js';
import { sameWord, skeleton } from '../src/story/entities.js';
import { quoteKey, quoteSimilarity } from '../src/story/quotes.js';
import { analysed } from './helpers.js';

test('name variants: transliterations match, different names with one skeleton do not', () => {
  assert.equal(skeleton('Qassem'), skeleton('Qasim'));
  assert.ok(sameWord('Muammar', 'Moammar') || skeleton('Muammar') !== skeleton('Moammar'));
  assert.ok(sameWord('Qasem', 'Qassem'));
  assert.ok(!sameWord('Salman', 'Soleimani'));
});

test('quote matching tolerates brackets, spelling and truncation but not different statements', () => {
  const a = quoteKey('The regime’s actions are destabilizing and our resolve will not waver.');
  const b = quoteKey('The regime’s actions are [clearly] destabilising and our resolve will not waver.');
  const c = quoteKey('We have no plans to raise taxes this year.');
  assert.ok(quoteSimilarity(a, b) >= 0.8);
  assert.ok(quoteSimilarity(a, c) < 0.3);
});

test('story: entities merge across spellings, acronyms and surnames; two people sharing a surname stay apart', () => {
  const items = [
    analysed(
      'Finance Minister Rahul Kapoor said on Monday that the Reserve Bank of Valdria would cut rates. The RBV did not comment. Kapoor spoke in the capital.',
      'a.txt',
      '2022-06-07',
    ),
    analysed(
      'Valdrian finance minister Rahul Kappoor announced the plan on Monday. "We will cut rates," Kapoor said. Opposition leader Meena Kapoor criticised it.',
      'b.txt',
      '2022-06-07',
    ),
  ];
  const b = analyzeStory('s-test', items);
  const rahul = b.entities.find((e) => e.name.startsWith('Rahul'))!;
  assert.ok(rahul, 'Rahul Kapoor found');
  assert.ok(rahul.aliases.includes('Rahul Kappoor') || rahul.name === 'Rahul Kappoor', `aliases: ${rahul.aliases}`);
  assert.ok(!rahul.aliases.includes('Meena Kapoor'));
  const bank = b.entities.find((e) => e.name === 'Reserve Bank of Valdria')!;
  assert.deepEqual(bank.aliases, ['RBV']);
  // "Kapoor" alone is ambiguous between two people: never merged as a name into either; each
  // mention goes to the full name its article gave last before it, and the link says so.
  assert.ok(!b.entities.some((e) => e.aliases.includes('Kapoor')), 'lone surname not merged by name');
  const meena = b.entities.find((e) => e.name === 'Meena Kapoor')!;
  assert.ok(!meena.mentions.some((c) => c.text === 'Kapoor'), 'no "Kapoor" named before Meena Kapoor is hers');
  assert.ok(rahul.mentions.some((c) => c.text === 'Kapoor' && c.articleId === items[1].article.id));
  assert.ok(rahul.links.includes('nearest-full-name'));
  for (const e of b.entities)
    for (const c of e.mentions)
      assert.equal(items.find((i) => i.article.id === c.articleId)!.article.text.slice(c.start, c.end), c.text);
});

test('story: a role description goes to the one holder the story names, or else to the one its own article names; two in one article stay unresolved', () => {
  const items = [
    analysed(
      'Foreign Minister Leila Arvand of Valdria arrived in Ostra on Monday. Arvand met officials there.',
      'a.txt',
      '2022-06-07',
    ),
    analysed(
      'Ostran Foreign Minister Tomas Brell said on Tuesday that talks had gone well. The foreign minister said a treaty was close.',
      'b.txt',
      '2022-06-08',
    ),
    analysed(
      'Foreign Minister Leila Arvand and Foreign Minister Tomas Brell signed the treaty on Friday. The foreign minister said it was a good day.',
      'c.txt',
      '2022-06-11',
    ),
  ];
  const b = analyzeStory('s-test', items);
  const brell = b.entities.find((e) => e.name === 'Tomas Brell')!;
  const arvand = b.entities.find((e) => e.name === 'Leila Arvand')!;
  const roleCites = (e: typeof brell) =>
    e.mentions.filter((c) => /foreign minister/i.test(c.text) && !/Brell|Arvand/.test(c.text));
  assert.deepEqual(
    roleCites(brell).map((c) => c.articleId),
    [items[1].article.id],
    'b.txt names only Brell',
  );
  assert.deepEqual(roleCites(arvand), [], 'c.txt names both: left unresolved');
  const said = b.quotes.find((q) => q.text.startsWith('a treaty was close'))!;
  assert.equal(said.speaker?.name, 'Tomas Brell');
  assert.equal(said.speaker?.resolvedBy, 'role');
  const good = b.quotes.find((q) => q.text.startsWith('it was a good day'));
  assert.ok(!good || good.speaker?.entityId === null, 'two foreign ministers in the article: not guessed');
});

test('story: a role description with its qualifier goes to the holder whose title carries it', () => {
  const items = [
    analysed(
      'Pakistani Foreign Minister Leila Arvand met Iranian Foreign Minister Tomas Brell in Tehran on Monday. Later the Pakistani foreign minister said the talks had been useful.',
      'a.txt',
      '2022-06-07',
    ),
  ];
  const b = analyzeStory('s-test', items);
  const q = b.quotes.find((x) => x.text.startsWith('the talks had been useful'))!;
  assert.equal(q.speaker?.name, 'Leila Arvand');
  assert.equal(q.speaker?.resolvedBy, 'role');
});

test('story: "the embassy" is the one organisation of the story the word heads; with two, it stays unresolved', () => {
  const one = analyzeStory('s-test', [
    analysed(
      'The US Embassy in Ostra closed on Monday. “Staff should stay at home until further notice,” the embassy said.',
      'a.txt',
      '2022-06-07',
    ),
  ]);
  const q = one.quotes.find((x) => x.text.startsWith('Staff should stay'))!;
  assert.equal(q.speaker?.name, 'US Embassy');
  assert.equal(q.speaker?.resolvedBy, 'description');
  const two = analyzeStory('s-test', [
    analysed(
      'The US Embassy and the French Embassy in Ostra closed on Monday. “Staff should stay at home until further notice,” the embassy said.',
      'a.txt',
      '2022-06-07',
    ),
  ]);
  assert.equal(two.quotes.find((x) => x.text.startsWith('Staff should stay'))!.speaker?.entityId, null);
});

test('story: a statement that goes on is its author\'s ("The message suggested …", "It emphasised …"); with no quote just before, it stays unresolved', () => {
  const b = analyzeStory('s-test', [
    analysed(
      'Valdrian President Amira Sol sent a message to the summit on Monday. In her message, she said that “the borders will stay open”. The message suggested that trade would resume soon.',
      'a.txt',
      '2022-06-07',
    ),
    analysed(
      'The Ostran Foreign Ministry issued a statement on Monday. “We view the events with deep concern,” said the mildly worded statement. The statement urged all parties to exercise restraint. It emphasised that disputes must be settled through dialogue.',
      'b.txt',
      '2022-06-07',
    ),
    analysed(
      'Heavy rain fell across Ostra on Tuesday and roads were closed. Farmers counted their losses. The message suggested that the harvest would be late.',
      'c.txt',
      '2022-06-08',
    ),
  ]);
  const speakerOf = (start: string) => b.quotes.find((q) => q.text.startsWith(start))?.speaker;
  assert.deepEqual(
    [speakerOf('trade would resume')?.name, speakerOf('trade would resume')?.resolvedBy],
    ['Amira Sol', 'statement'],
  );
  assert.equal(
    speakerOf('disputes must be settled')?.name,
    'Ostran Foreign Ministry',
    'through the statement before it, and the one before that',
  );
  const lone = speakerOf('the harvest would be late');
  assert.ok(!lone || lone.entityId === null, `no quote before it: ${JSON.stringify(lone)}`);
});

test('story: a relayed quote names its relay as an entity, and the relay shown is the one of the speaker shown', () => {
  const items = [
    analysed(
      'The Inter-Services Public Relations issued a statement on Sunday. Gen Tarik Osei, it said, called for “maximum restraint and calm engagement by all sides” in the region.',
      'a.txt',
      '2022-06-07',
    ),
    analysed(
      '“We want maximum restraint and calm engagement by all sides,” Ali Noor was quoted as saying by Radio Kestra on Monday.',
      'b.txt',
      '2022-06-08',
    ),
  ];
  const b = analyzeStory('s-test', items);
  const q = b.quotes.find((x) => x.kind === 'direct' && /maximum restraint/.test(x.text))!;
  assert.equal(q.citations.length, 2, 'one quote carried by both reports');
  const pairs: Record<string, string> = { 'Tarik Osei': 'Inter-Services Public Relations', 'Ali Noor': 'Radio Kestra' };
  const speaker = Object.keys(pairs).find((n) => q.speaker?.name.endsWith(n));
  assert.ok(speaker, `speaker ${q.speaker?.name}`);
  assert.equal(q.via, pairs[speaker!], 'the relay of the attribution shown');
  assert.ok(
    b.conflicts.some((c) => c.type === 'attribution'),
    'the same words given to two people',
  );
});

test('story: "it" goes back to an acronym before the verb of the sentence before, one the tagger left out, not to an organisation named as an object earlier', () => {
  const items = [
    analysed(
      'The Foreign Office spoke on Monday. “Talks will go on,” said the FO in a statement. Urging UN envoy Mara Tesk to act, the minister said talks were needed. The FO statement, in a guarded way, restated the policy. “All disputes must be settled by peaceful means,” it maintained.',
      'a.txt',
      '2022-06-07',
    ),
  ];
  const q = analyzeStory('s-test', items).quotes.find((x) => x.text.startsWith('All disputes'))!;
  assert.equal(q.speaker?.name, 'Foreign Office');
});

test('story: "it" as a speaker is never a person', () => {
  const items = [
    analysed(
      'Gen Arman Vey was killed on Friday near the border. The ministry statement urged restraint. It said “all disputes must be settled by peaceful means” in the region.',
      'a.txt',
      '2022-06-07',
    ),
  ];
  const q = analyzeStory('s-test', items).quotes.find((x) => x.text.startsWith('all disputes'))!;
  assert.ok(q.speaker, 'the quote has its speaker phrase');
  assert.ok(!/Vey/.test(q.speaker!.name), `not the general: ${q.speaker!.name}`);
});

test("story: a speaker phrase naming one of the story's organisations in lower case is that organisation, not the country it also names", () => {
  const items = [
    analysed(
      'The Foreign Office of Valdria said on Monday that talks with Ostra would resume. The Foreign Office did not give a date.',
      'a.txt',
      '2022-06-07',
    ),
    analysed(
      'The Valdria foreign office said that the minister held calls with his counterparts in Ostra and Kestra.',
      'b.txt',
      '2022-06-07',
    ),
  ];
  const b = analyzeStory('s-test', items);
  const q = b.quotes.find((x) => x.text.startsWith('the minister held calls'))!;
  assert.equal(q.speaker?.name, 'Foreign Office');
});

test('story: undated article resolves weekdays against the story; conflicts on counts are reported', () => {
  const items = [
    analysed(
      'Thousands of people rallied in Ventra on Sunday against the new tax, police said.',
      'a.txt',
      '2021-05-03',
    ),
    analysed('Hundreds of protesters rallied in Ventra on Sunday to oppose the tax.', 'b.txt'),
  ];
  const b = analyzeStory('s-test', items);
  const undated = b.articles.find((a) => a.input === 'b.txt')!;
  assert.equal(undated.publishedAt, null);
  assert.deepEqual(undated.referenceDate && [undated.referenceDate.value, undated.referenceDate.inferred], [
    '2021-05-03',
    true,
  ]);
  assert.equal(b.timeline[0].date, '2021-05-02');
  assert.equal(b.timeline[0].citations.length, 2);
  assert.equal(b.conflicts.length, 1);
  assert.deepEqual(
    b.conflicts[0].values.map((v) => v.text),
    ['Thousands of people', 'Hundreds of protesters'],
  );
});

test('timeline: undated events placed by "after the ..." and "Later,"; one event dated differently by two sources is flagged', () => {
  // 2021-03-10 was a Wednesday: "on Monday" is 2021-03-08, "on Tuesday" 2021-03-09.
  const items = [
    analysed(
      'Rebels attacked the border town of Kessa on Monday, killing four guards. Later, the army sealed the road to Kessa.',
      'a.txt',
      '2021-03-10',
    ),
    analysed(
      'The regional governor of Kessa resigned after the attack on the border town. The bridge over the Lune river collapsed on Monday near Kessa.',
      'b.txt',
      '2021-03-10',
    ),
    analysed('The bridge over the Lune river collapsed on Tuesday near Kessa, engineers said.', 'c.txt', '2021-03-10'),
  ];
  const b = analyzeStory('s-time', items);
  const resigned = b.timeline.find((t) => /governor/.test(t.label))!;
  assert.deepEqual(
    resigned.placement && [resigned.placement.relation, resigned.placement.anchorDate, resigned.placement.cue.text],
    ['after', '2021-03-08', 'after the attack on the border town'],
  );
  assert.match(resigned.placement!.anchor, /^Rebels attacked/);
  const sealed = b.timeline.find((t) => /sealed/.test(t.label))!;
  assert.deepEqual(
    sealed.placement && [sealed.placement.relation, sealed.placement.anchorDate, sealed.placement.cue.text],
    ['after', '2021-03-08', 'Later'],
  );
  // Placed events follow their anchor.
  const at = (re: RegExp) => b.timeline.findIndex((t) => re.test(t.label));
  assert.ok(at(/governor/) > at(/^Rebels attacked/));
  const bridge = b.timeline.filter((t) => /bridge/.test(t.label));
  assert.deepEqual(
    bridge.map((t) => [t.date, t.conflictingDates?.map((c) => c.date)]),
    [
      ['2021-03-08', ['2021-03-09']],
      ['2021-03-09', ['2021-03-08']],
    ],
  );
  // Different events on different days are not conflicts.
  assert.equal(b.timeline.find((t) => /^Rebels attacked/.test(t.label))!.conflictingDates, undefined);
});

test('demonyms: candidates by suffix and the irregular list', () => {
  assert.ok(demonymPlaces('Pakistani').includes('pakistan'));
  assert.ok(demonymPlaces('Iranian').includes('iran'));
  assert.ok(demonymPlaces('Syrian').includes('syria'));
  assert.ok(demonymPlaces('Kenyan').includes('kenya'));
  assert.ok(demonymPlaces('Sudanese').includes('sudan'));
  assert.deepEqual(demonymPlaces('Afghan'), ['afghanistan']);
  assert.deepEqual(demonymPlaces('US'), []);
});

test('acronyms implied across articles and short organisation names link; different people sharing a surname do not', () => {
  const a = analysed(
    "The military's media wing, Inter-Services Public Relations, said Gen Qamar Javed Bajwa spoke to Microsoft Corp. executives. Prime Minister Imran Khan was briefed.",
    'a.txt',
    '2020-01-04',
  );
  const b = analysed(
    'The ISPR said on Saturday that Bajwa had met the delegation, and that Microsoft would invest. Cricketer Younis Khan also attended.',
    'b.txt',
    '2020-01-05',
  );
  const story = analyzeStory('s', [a, b]);
  const find = (n: string) => story.entities.find((e) => e.name === n || e.aliases.includes(n));
  assert.equal(find('ISPR'), find('Inter-Services Public Relations'));
  assert.ok(find('ISPR')!.links.includes('acronym'));
  assert.equal(find('Microsoft'), find('Microsoft Corp.') ?? find('Microsoft Corp'));
  assert.equal(find('Bajwa'), find('Qamar Javed Bajwa'));
  assert.notEqual(find('Imran Khan'), find('Younis Khan'), 'two Khans: no surname link without evidence');
});

test('conflicts: polarity, date and attribution, each value citing the exact span; coverage and unique details per source', () => {
  const a = analysed(
    'The ministry said on Monday that the government will close the border crossing at Torkham. Officials said trade would be hit hard. Trader Ali Khan said: "We are ruined by this closure of the border."',
    'a.txt',
    '2021-03-02',
  );
  const b = analysed(
    'The government will not close the border crossing at Torkham, the ministry said on Tuesday. A convoy of 40 trucks was stuck near Landi Kotal all night. Interior Minister Sheikh Rashid said: "We are ruined by this closure of the border."',
    'b.txt',
    '2021-03-02',
  );
  const story = analyzeStory('s', [a, b]);
  const texts = new Map(story.articles.map((x) => [x.id, x.text]));
  for (const c of story.conflicts)
    for (const v of c.values)
      assert.equal(texts.get(v.citation.articleId)!.slice(v.citation.start, v.citation.end), v.citation.text);
  const polarity = story.conflicts.find((c) => c.type === 'polarity')!;
  assert.ok(polarity, 'close vs will not close');
  assert.deepEqual(
    polarity.values.map((v) => v.citation.text),
    ['not', 'close'],
  );
  const date = story.conflicts.find((c) => c.type === 'date')!;
  assert.ok(date, 'Monday vs Tuesday for the same announcement');
  assert.ok(date.values.every((v) => /Monday|Tuesday/.test(v.citation.text)));
  assert.deepEqual(
    new Set(date.values.map((v) => v.text.replace(/.*\((\d{4}-\d\d-\d\d).*/, '$1'))),
    new Set(['2021-03-01', '2021-03-02']),
  );
  const who = story.conflicts.find((c) => c.type === 'attribution')!;
  assert.ok(who, 'the same quote given to two speakers');
  assert.equal(who.values.length, 2);
  assert.ok(who.values.some((v) => /Ali Khan/.test(v.text)) && who.values.some((v) => /Rashid/.test(v.text)));
  // Coverage: each source's unique, checkable details.
  const covB = story.coverage.find((c) => c.articleId === b.article.id)!;
  assert.ok(covB.uniqueDetails.some((u) => /40 trucks/.test(u.text)));
  assert.ok(!covB.uniqueDetails.some((u) => /Torkham/.test(u.text)), 'the shared fact is not unique');
});

test('role and name conflicts: one person in two offices, one office held by two people; title variants agree', () => {
  const a = analysed(
    'Prime Minister Imran Khan told parliament on Monday that Pakistan would stay neutral in the standoff between Iran and the United States. Pakistani Foreign Minister Shah Mahmood Qureshi said Islamabad would not let its territory be used against any neighbour.',
    'a.txt',
    '2021-03-02',
  );
  const b = analysed(
    'Pakistan will remain neutral in the standoff between Iran and the United States, President Imran Khan told lawmakers on Monday. The country will not allow its territory to be used against any neighbour, Pakistani Foreign Minister Khawaja Asif said in Islamabad.',
    'b.txt',
    '2021-03-02',
  );
  const story = analyzeStory('s', [a, b]);
  const texts = new Map(story.articles.map((x) => [x.id, x.text]));
  const role = story.conflicts.find((c) => c.type === 'role')!;
  assert.ok(role, 'prime minister vs president');
  assert.deepEqual(
    role.values.map((v) => v.citation.text),
    ['Prime Minister', 'President'],
  );
  const name = story.conflicts.find((c) => c.type === 'name')!;
  assert.ok(name, 'two foreign ministers');
  assert.deepEqual(
    name.values.map((v) => v.citation.text),
    ['Pakistani Foreign Minister Shah Mahmood Qureshi', 'Pakistani Foreign Minister Khawaja Asif'],
  );
  for (const c of [role, name])
    for (const v of c.values)
      assert.equal(texts.get(v.citation.articleId)!.slice(v.citation.start, v.citation.end), v.citation.text);
  // Titles that say the same office in other words, and a fuller form of one name, are no conflict.
  assert.equal(officeOf('U.S. Secretary of State'), officeOf('Secretary of State'));
  assert.equal(officeOf('COAS Gen'), officeOf('Army Chief Gen'));
  assert.equal(officeOf('FM'), 'foreign minister');
  assert.equal(officeOf('Secretary'), null, 'too vague to compare');
  assert.equal(officeOf('former President'), null, 'a former president holds no office');
  assert.notEqual(officeOf('Vice President'), officeOf('President'));
  const c = analysed(
    'Turkish President Tayyip Erdogan told reporters in Ankara on Thursday that the offensive in northern Syria would resume unless Kurdish forces withdrew.',
    'c.txt',
    '2019-10-17',
  );
  const d = analysed(
    'The offensive in northern Syria will resume unless Kurdish fighters withdraw, Turkish President Recep Tayyip Erdogan told journalists in Ankara on Thursday.',
    'd.txt',
    '2019-10-17',
  );
  const turkey = analyzeStory('t', [c, d]);
  assert.deepEqual(
    turkey.conflicts.filter((x) => x.type === 'name' || x.type === 'role'),
    [],
  );
  assert.deepEqual(
    turkey.entities.filter((e) => e.type === 'PERSON').map((e) => e.name),
    ['Recep Tayyip Erdogan'],
    'a name without its first given name is the fuller name',
  );
});

test('the summary and facts quote an opening sentence without its dateline, and cite exactly what they quote', () => {
  assert.equal(datelineLength('WASHINGTON (Reuters) - The Senate voted.'), 'WASHINGTON (Reuters) - '.length);
  assert.equal(datelineLength('MONSEY, N.Y. (AP) — A man stormed in.'), 'MONSEY, N.Y. (AP) — '.length);
  assert.equal(datelineLength('(CNN)Stabbings inside a home.'), '(CNN)'.length);
  assert.equal(datelineLength('MINNEAPOLIS—Minnesota Gov. Tim Walz spoke.'), 'MINNEAPOLIS—'.length);
  assert.equal(datelineLength('The Senate voted on Tuesday.'), 0);
  const a = analysed(
    'WASHINGTON (Reuters) - The Senate voted on Tuesday to extend the emergency aid programme for farmers hit by the drought by six months. The bill now goes to the House.',
    'a.txt',
    '2021-03-02',
  );
  const b = analysed(
    'The Senate on Tuesday extended the emergency aid programme for drought-hit farmers by six months, sending the bill to the House for a final vote.',
    'b.txt',
    '2021-03-02',
  );
  const story = analyzeStory('s', [a, b]);
  const texts = new Map(story.articles.map((x) => [x.id, x.text]));
  assert.ok(
    story.summary.some(
      (l) => l.citation.articleId === a.article.id && l.text.startsWith('The Senate voted on Tuesday'),
    ),
    'the opening sentence is in the summary',
  );
  for (const line of story.summary) {
    assert.ok(!/WASHINGTON|Reuters/.test(line.text), line.text);
    assert.equal(texts.get(line.citation.articleId)!.slice(line.citation.start, line.citation.end), line.text);
  }
  const opening = story.facts.flatMap((f) => f.citations).find((c) => c.articleId === a.article.id && c.start < 40);
  assert.ok(opening, 'the opening sentence backs a fact');
  assert.ok(opening.text.startsWith('The Senate voted'), opening.text);
  assert.equal(texts.get(opening.articleId)!.slice(opening.start, opening.end), opening.text);
});

test('quantity conflicts compare like units: "more than 900 kilometers" agrees with "900 km", not with "500 kilometres"', () => {
  const one = analysed(
    'The new highway from Peshawar to Karachi will run more than 900 kilometers, the ministry said on Monday.',
    'a.txt',
    '2021-03-02',
  );
  const two = analysed(
    'The new highway from Peshawar to Karachi will run 900 km, the ministry said on Monday.',
    'b.txt',
    '2021-03-02',
  );
  const three = analysed(
    'The new highway from Peshawar to Karachi will run 500 kilometres, the ministry said on Monday.',
    'c.txt',
    '2021-03-02',
  );
  assert.deepEqual(
    analyzeStory('s', [one, two]).conflicts.filter((c) => c.type === 'quantity'),
    [],
  );
  const c = analyzeStory('s', [two, three]).conflicts.find((x) => x.type === 'quantity')!;
  assert.deepEqual(c.values.map((v) => v.text).sort(), ['500 kilometres', '900 km']);
});

test('stories that grow into one another merge: the larger keeps its id, the other resolves to it', () => {
  const c = new Clusterer();
  const words = (p: string, n: number) => Array.from({ length: n }, (_, i) => `${p}${i}`);
  for (let i = 0; i < 30; i++) c.assign(`f${String(i).padStart(3, '0')}`, { terms: words(`z${i}_`, 12) });
  assert.equal(c.assign('a1', { terms: words('alpha', 12) }).created, true);
  assert.equal(c.assign('b1', { terms: words('beta', 12) }).created, true);
  const first = c.assign('m1', { terms: [...words('alpha', 12), ...words('beta', 12)] });
  assert.equal(first.merged, null, 'one bridging report is not enough');
  const second = c.assign('m2', { terms: [...words('alpha', 12), ...words('beta', 12)] });
  assert.deepEqual(second.merged, { from: 's-a1', into: 's-b1' });
  assert.equal(second.storyId, 's-b1');
  assert.equal(c.resolve('s-a1'), 's-b1');
  assert.equal(c.story('s-b1')!.size, 4);
  assert.equal(c.story('s-a1') !== undefined, false);
});

test('time proximity: the same words months apart open a new story; days apart join', () => {
  const c = new Clusterer();
  const words = (p: string, n: number) => Array.from({ length: n }, (_, i) => `${p}${i}`);
  for (let i = 0; i < 30; i++) c.assign(`f${String(i).padStart(3, '0')}`, { terms: words(`z${i}_`, 12) });
  const quake = [...words('quake', 10), 'e:turkey'];
  const first = c.assign('q1', { terms: quake }, '2023-02-06');
  assert.equal(c.assign('q2', { terms: quake }, '2023-02-08').storyId, first.storyId, 'two days later: the same story');
  const later = c.assign('q3', { terms: quake }, '2023-06-20');
  assert.equal(later.created, true, 'four months later: a new event');
  assert.equal(timeFactor('2023-02-08', '2023-02-10'), 1);
  assert.equal(timeFactor('2023-02-08', '2023-05-01'), 0);
  assert.equal(timeFactor(null, '2023-05-01'), 1, 'undated: no penalty');
});

test("stories a time window away take no candidate place: this month's story is found behind years of older ones", () => {
  const c = new Clusterer();
  const shared = ['strike1', 'strike2', 'strike3', 'strike4'];
  // Fifty older strikes, each more than the time window after the last: fifty stories.
  const day = (n: number) => new Date(Date.UTC(2000, 0, 1 + n)).toISOString().slice(0, 10);
  for (let i = 0; i < 50; i++)
    c.assign(
      `old${String(i).padStart(2, '0')}`,
      { terms: [...shared, `u${i}a`, `u${i}b`, `u${i}c`, `u${i}d`] },
      day(61 * i),
    );
  assert.equal(c.openStories, 50);
  const now = c.assign('now1', { terms: [...shared, 'port1', 'port2', 'port3', 'port4'] }, '2020-03-01');
  assert.equal(now.created, true);
  // Every story shares the same four words with the next report: the fifty older ones would fill the candidate list.
  const next = c.assign('now2', { terms: [...shared, 'port1'] }, '2020-03-03');
  assert.equal(next.storyId, now.storyId, `joined ${next.storyId} (score ${next.score})`);
});

/** Every conflict scales the cosine by 0.7, agreement adds nothing, and joining needs 0.18: the geometry these tests are drawn for (the committed model is learned). */
const CONFLICTS = { weights: [Math.log(0.7), Math.log(0.7), Math.log(0.7), 0, 0, 0], threshold: 0.18 };

test('people tell events of one kind apart: strangers open a new story, the same people join', () => {
  const c = new Clusterer(null, CONFLICTS);
  const words = (p: string, n: number, from = 0) => Array.from({ length: n }, (_, i) => `${p}${from + i}`);
  for (let i = 0; i < 30; i++) c.assign(`f${String(i).padStart(3, '0')}`, { terms: words(`z${i}_`, 12) });
  // Later reports share three of the story's ten words: close enough to join on words alone.
  const rehab = words('rehab', 10);
  const first = c.assign('r1', { terms: rehab, people: ['tara', 'reid', 'reid', 'reid'] });
  assert.equal(c.assign('r2', { terms: rehab, people: ['reid', 'reid', 'tara'] }).storyId, first.storyId);
  const lohan = c.assign('r3', {
    terms: [...words('rehab', 3), ...words('malibu', 7)],
    people: ['lindsay', 'lohan', 'lohan', 'lohan'],
  });
  assert.equal(lohan.created, true, 'another star, alike words: another event');
  assert.ok(lohan.score < CONFLICTS.threshold && lohan.score > 0, 'the story was a candidate, scored down');
  assert.equal(
    c.assign('r4', { terms: [...words('rehab', 3, 3), ...words('clinic', 7)] }).storyId,
    first.storyId,
    'an article naming nobody is judged by its words alone',
  );
  assert.equal(
    c.assign('r5', { terms: [...words('rehab', 3, 6), ...words('court', 7)], people: ['reid', 'reid', 'judge'] })
      .storyId,
    first.storyId,
    'the same star: the same story',
  );
  // The champion both reports name does not make a second defence the same fight.
  const bout = words('bout', 10);
  const rahman = c.assign('b1', {
    terms: bout,
    people: ['klitschko', 'klitschko', 'klitschko', 'rahman', 'rahman', 'rahman'],
  });
  assert.equal(
    c.assign('b2', { terms: bout, people: ['klitschko', 'klitschko', 'rahman', 'rahman'] }).storyId,
    rahman.storyId,
  );
  const thompson = [...Array(6).fill('thompson'), ...Array(6).fill('klitschko')];
  assert.equal(
    c.assign('b3', { terms: [...words('bout', 3), ...words('bern', 7)], people: thompson }).created,
    true,
    'a new opponent named throughout',
  );
  const passing = ['klitschko', 'klitschko', 'rahman', 'thompson'];
  assert.equal(
    c.assign('b4', { terms: [...words('bout', 3, 3), ...words('ring', 7)], people: passing }).storyId,
    rahman.storyId,
    'a passing mention of another name is no stranger',
  );
});

test('years and numbers tell events of one kind apart: another year, other numbers open a new story', () => {
  const c = new Clusterer(null, CONFLICTS);
  const words = (p: string, n: number, from = 0) => Array.from({ length: n }, (_, i) => `${p}${from + i}`);
  for (let i = 0; i < 30; i++) c.assign(`f${String(i).padStart(3, '0')}`, { terms: words(`z${i}_`, 12) });
  const vote = words('vote', 10);
  const first = c.assign('e1', { terms: vote, years: ['2008', '2008', '2007'] });
  assert.equal(
    c.assign('e2', { terms: [...words('vote', 3), ...words('poll', 7)], years: ['2008'] }).storyId,
    first.storyId,
    'the same year: the same election',
  );
  const later = c.assign('e3', {
    terms: [...words('vote', 4, 3), ...words('ballot', 6)],
    years: ['2013', '2013', '2012'],
  });
  assert.equal(later.created, true, 'another year, alike words: another election');
  assert.ok(later.score > 0 && later.score < CONFLICTS.threshold, 'the story was a candidate, scored down');
  assert.equal(
    c.assign('e4', { terms: [...words('vote', 5, 5), ...words('count', 5)] }).storyId,
    first.storyId,
    'a report giving no year is judged by its words',
  );
  // One island's two earthquakes: the magnitudes and tolls differ.
  const quake = words('quake', 10);
  const one = c.assign('q1', { terms: quake, numbers: ['5.6', '5.6', '13', '7'] });
  assert.equal(
    c.assign('q2', { terms: [...words('quake', 3), ...words('tremor', 7)], numbers: ['5.6', '40'] }).storyId,
    one.storyId,
    'a shared magnitude: the same quake',
  );
  assert.equal(
    c.assign('q3', { terms: [...words('quake', 4, 3), ...words('shock', 6)], numbers: ['6.1', '6.1', '10', '2,000'] })
      .created,
    true,
    'other numbers throughout: another quake',
  );
});

test('story evidence: years from time expressions (explicit or resolved against the date), numbers other than years', () => {
  const article = makeArticle({
    input: 'quake.txt',
    format: 'text',
    text: 'An earthquake of magnitude 5.6 struck Qeshm island on Sunday, killing 7 people, the worst since 2005.',
    publishedAt: { value: '2008-09-10', source: 'user', confidence: 1 },
  });
  const e = storyEvidence(article, analyzeArticle(article));
  assert.deepEqual([...new Set(e.years)].sort(), ['2005', '2008'], 'Sunday in a report of 2008-09-10, and 2005');
  assert.deepEqual(e.numbers, ['5.6', '7']);
  assert.ok(e.terms.includes('earthquake') && e.terms.includes('e:qeshm'));
  assert.deepEqual(
    textNumbers('In 1999 and 2013 some 2,000 homes (12.5%) and 1,250,000 people were hit.'),
    ['2000', '12.5', '1250000'],
    'a thousands separator stays inside its number',
  );
});

test("story terms: a report's lead (title and first words) counts three times, the rest of its body once", () => {
  const body = Array.from(
    { length: 40 },
    (_, i) => `word${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`,
  ).join(' ');
  const article = makeArticle({ input: 'lead.txt', format: 'text', title: 'Harbor crane collapses', text: `${body}.` });
  const terms = storyEvidence(article, analyzeArticle(article)).terms;
  const count = (t: string) => terms.filter((x) => x === t).length;
  assert.equal(count('harbor'), 3, 'a title word');
  assert.equal(count('wordaa'), 3, 'a word among the first twenty');
  assert.equal(count(terms.find((t) => t.startsWith('word') && count(t) === 1) ?? ''), 1, 'a later word counts once');
  assert.equal(
    terms.filter((t) => t.startsWith('word') && count(t) === 3).length,
    17 * 3,
    'twenty lead words in all, three of them the title',
  );
});

test('an article whose rarest words are all new to the stream still finds the story it shares words with', () => {
  const c = new Clusterer();
  const shared = ['storm', 'coast', 'flood', 'rain'];
  const a = c.assign('0123456789ab0001', { terms: shared });
  c.assign('0123456789ab0002', { terms: ['market', 'shares', 'bank', 'rates'] });
  // Twenty words no earlier article used: each weighs more than any shared word.
  const fresh = Array.from({ length: 20 }, (_, i) => `fresh${i}`);
  let seen: Candidate[] = [];
  c.assign('0123456789ab0003', { terms: [...fresh, ...shared] }, null, (candidates) => {
    seen = candidates;
    return null;
  });
  assert.deepEqual(
    seen.map((k) => k.storyId),
    [a.storyId],
  );
});

test('a chooser places articles where it says and sees what the clusterer scored (how the same-event model is trained)', () => {
  const c = new Clusterer();
  const terms = ['storm', 'coast', 'flood', 'rain'];
  const a = c.assign('0123456789ab0001', { terms });
  let seen: Candidate[] = [];
  const b = c.assign('0123456789ab0002', { terms, years: ['2020'] }, null, (candidates) => {
    seen = candidates;
    return null;
  });
  assert.equal(b.created, true, 'a new story although the words are the same');
  assert.deepEqual(
    seen.map((k) => k.storyId),
    [a.storyId],
  );
  assert.ok(seen[0].cosine > 0.99 && seen[0].features.length === EVENT_FEATURES.length);
  const d = c.assign('0123456789ab0003', { terms }, null, () => a.storyId);
  assert.equal(d.storyId, a.storyId);
  assert.throws(() => c.assign('0123456789ab0004', { terms }, null, () => 's-nothing'), /not open/);
});

test('the committed same-event model lowers affinity for every conflict and raises it for every agreement', () => {
  const model = storedModel();
  assert.equal(model.weights.length, EVENT_FEATURES.length);
  const conflicts = EVENT_FEATURES.map((f, i) => [f, model.weights[i]] as const).filter(([f]) =>
    f.endsWith('strangers'),
  );
  const agreements = EVENT_FEATURES.map((f, i) => [f, model.weights[i]] as const).filter(([f]) => f.endsWith('shared'));
  assert.equal(conflicts.length + agreements.length, EVENT_FEATURES.length);
  assert.ok(
    conflicts.every(([, w]) => w < 0) && agreements.every(([, w]) => w > 0),
    `weights ${model.weights.join(' ')}`,
  );
  assert.ok(model.threshold > 0 && model.threshold < 1);
  const none = { strangers: false, shared: false };
  const marks = (years: [string, number][], numbers: [string, number][] = []) => ({
    years: new Map(years),
    numbers: new Map(numbers),
  });
  assert.deepEqual(
    eventFeatures(none, marks([['2008', 2]]), marks([['2013', 1]], [['7', 1]]), false),
    [0, 1, 0, 0, 0, 0],
    'numbers on one side only are no conflict',
  );
  assert.deepEqual(
    eventFeatures(
      { strangers: true, shared: false },
      marks([
        ['2008', 2],
        ['2013', 1],
      ]),
      marks([['2013', 3]]),
      false,
    ),
    [1, 0, 0, 0, 0, 0],
    'a year the other side knows is no conflict, nor an agreement unless it is the most mentioned on both',
  );
  assert.deepEqual(
    eventFeatures(
      { strangers: false, shared: true },
      marks(
        [['2013', 2]],
        [
          ['26', 3],
          ['47', 1],
        ],
      ),
      marks(
        [['2013', 3]],
        [
          ['26', 3],
          ['11', 2],
        ],
      ),
      false,
    ),
    [0, 0, 0, 1, 1, 1],
    'the same man, year and toll',
  );
  assert.deepEqual(
    eventFeatures(none, marks([['2013', 2]]), marks([['2013', 3]]), true),
    [0, 0, 0, 0, 0, 0],
    'two dated reports are not made alike by the year they share',
  );
  assert.deepEqual(
    eventFeatures(
      none,
      marks(
        [],
        [
          ['26', 3],
          ['11', 1],
        ],
      ),
      marks(
        [],
        [
          ['23', 2],
          ['11', 1],
        ],
      ),
      false,
    ),
    [0, 0, 1, 0, 0, 0],
    '26 pirates against 23: a day of the month both give does not hide it',
  );
  assert.deepEqual(
    eventFeatures(
      none,
      marks(
        [],
        [
          ['26', 3],
          ['11', 1],
        ],
      ),
      marks(
        [],
        [
          ['23', 2],
          ['26', 1],
        ],
      ),
      false,
    ),
    [0, 0, 0, 0, 0, 0],
    "the article's toll is one the story gives too: no conflict",
  );
});

test('the clusterer gives the model what the article shares with each story: its main person, year and number', () => {
  const c = new Clusterer();
  const terms = ['pirates', 'navy', 'gulf', 'vessel'];
  const first = {
    terms,
    people: ['manohar', 'nambiar', 'nambiar'],
    years: ['2011', '2011'],
    numbers: ['26', '26', '47'],
  };
  const a = c.assign('0123456789ab0001', first);
  const other = c.assign('0123456789ab0002', {
    terms: ['quake', 'island', 'toll', 'aftershock'],
    people: ['ali', 'ali'],
    years: ['2005'],
    numbers: ['10'],
  });
  let seen: Candidate[] = [];
  c.assign(
    '0123456789ab0003',
    { terms: [...terms, 'quake'], people: ['nambiar', 'nambiar', 'ali'], years: ['2011'], numbers: ['26', '3'] },
    null,
    (candidates) => {
      seen = candidates;
      return null;
    },
  );
  const features = (id: string) =>
    Object.fromEntries(EVENT_FEATURES.map((f, i) => [f, seen.find((k) => k.storyId === id)!.features[i]]));
  assert.deepEqual(features(a.storyId), {
    'main people strangers': 0,
    'main year strangers': 0,
    'main number strangers': 0,
    'main person shared': 1,
    'main year shared': 1,
    'main number shared': 1,
  });
  assert.deepEqual(features(other.storyId), {
    'main people strangers': 0,
    'main year strangers': 1,
    'main number strangers': 1,
    'main person shared': 0,
    'main year shared': 0,
    'main number shared': 0,
  });
});

test('a long stream forgets one-off words: the frequency table and posting lists stay bounded', () => {
  const c = new Clusterer();
  const topics = ['quake', 'vote', 'match', 'flood', 'strike'];
  for (let i = 0; i < 25_000; i++) {
    const topic = topics[i % topics.length];
    c.assign(`a${i}`, { terms: [`${topic}1`, `${topic}2`, `${topic}3`, `once${i}`] });
    if (i === 2_000) assert.ok(c.vocabulary.frequencies > 2_000, 'recent one-off words are still counted');
  }
  const { frequencies, postings } = c.vocabulary;
  assert.ok(frequencies <= 10_000 + topics.length * 3 + 1, `frequencies of ${frequencies} terms after 25,000 articles`);
  assert.ok(postings <= 10_000 + topics.length * 3 + 1, `posting lists for ${postings} terms after 25,000 articles`);
  // A forgotten word that comes back is counted again from one: it still finds its story.
  const again = c.assign('b1', { terms: ['quake1', 'quake2', 'quake3', 'once3'] });
  assert.equal(again.created, false);
});

test('two first articles whose ids share twelve digits open two stories, each kept whole', () => {
  const c = new Clusterer();
  const words = (p: string) => Array.from({ length: 8 }, (_, i) => `${p}${i}`);
  const a = c.assign('0123456789ab0001', { terms: words('quake') });
  const b = c.assign('0123456789ab0002', { terms: words('ballot') });
  assert.equal(a.storyId, 's-0123456789ab');
  assert.equal(b.storyId, 's-0123456789ab0002', 'the longer id, not the taken one');
  assert.equal(c.openStories, 2);
  assert.deepEqual([...c.story(a.storyId)!.centroid.keys()].sort(), words('quake').sort());
  assert.equal(c.assign('f1', { terms: words('ballot') }).storyId, b.storyId, 'the second story is still found');
  assert.equal(c.assign('f2', { terms: words('quake') }).storyId, a.storyId, 'and so is the first');
});

test('a new story never takes the id of a story closed to make room for newer ones', () => {
  const c = new Clusterer();
  const words = (p: string) => Array.from({ length: 6 }, (_, i) => `${p}x${i}`);
  const a = c.assign('0123456789ab0001', { terms: words('quake') });
  // 20,000 newer stories, each its own words: the first story is the least recent and closes.
  for (let i = 0; i < 20_000; i++) c.assign(`f${i}`, { terms: words(`s${i}`) });
  assert.equal(c.story(a.storyId), undefined, 'the first story is closed');
  const b = c.assign('0123456789ab0002', { terms: words('ballot') });
  assert.equal(b.created, true);
  assert.equal(b.storyId, 's-0123456789ab0002', 'the closed story keeps its id to itself');
  // So does a story merged away in an earlier process: the store hands its merges back.
  const reloaded = new Clusterer({ stories: [], df: [], n: 0, merges: [['s-0123456789ab', 's-00000000000f']] });
  assert.equal(reloaded.resolve('s-0123456789ab'), 's-00000000000f');
  assert.equal(reloaded.assign('0123456789ab0003', { terms: words('flood') }).storyId, 's-0123456789ab0003');
});

test('a forgotten word frees its term id for a new word, and no story still scores the old word under that id', () => {
  const c = new Clusterer();
  const words = (p: string) => Array.from({ length: 8 }, (_, i) => `${p}${i}`);
  c.assign('x', { terms: ['anchor', ...words('zeta')] });
  // Fillers share only the common word: the zeta words stay one-off and are forgotten.
  for (let i = 0; i < 10_001; i++) c.assign(`f${i}`, { terms: ['anchor', ...words('filler')] });
  assert.equal(c.vocabulary.frequencies, 9, 'the zeta words are forgotten');
  assert.equal(c.openStories, 2);
  // New words take the freed ids; they share nothing with the zeta story but a common word.
  const fresh = c.assign('y', { terms: ['anchor', ...words('fresh')] });
  assert.equal(fresh.created, true, `scored ${fresh.score} against a story it shares one common word with`);
  assert.ok(fresh.score < 0.1);
});

test('MinHash: a light rewrite scores near its original, another text near zero; LSH bands catch the copy', () => {
  const a =
    'Pakistan said on Sunday that it will not allow its soil to be used against anyone, amidst raging tensions between Iran and the US after the killing of top Iranian military commander Qasem Soleimani in an American drone strike in Iraq. ' +
    '"We will not allow our soil to be used against anyone," Army spokesman Maj Gen Asif Ghafoor was quoted as saying by the ARY News. ' +
    'Both Pakistan and Afghanistan share a border with Iran, which has vowed to avenge the killing of its top general.';
  const copy = a.replace('raging', 'growing');
  const other =
    'Nokia said on Monday it would cut 5,000 jobs in Finland as demand for network equipment slowed, and the cuts would be completed by 2022.';
  const [sa, sc, so] = [signature(a), signature(copy), signature(other)];
  assert.ok(similarity(sa, sc) >= 0.6, `copy ${similarity(sa, sc)}`);
  assert.ok(similarity(sa, so) <= 0.1, `other ${similarity(sa, so)}`);
  assert.ok(
    bandKeys(sa).some((k) => bandKeys(sc).includes(k)),
    'shares a band',
  );
  assert.deepEqual(signature(a), sa, 'deterministic');
});

test('summary relevance is learned over named features: headline-like, corroborated sentences lead; the trained weights fit the feature list', () => {
  assert.deepEqual(
    summaryModel.features,
    [...FEATURES],
    'retrain with scripts/train-summary.ts after changing the features',
  );
  assert.ok(summaryModel.weights.every((w) => Number.isFinite(w)) && summaryModel.weights.some((w) => w !== 0));
  const titled = (text: string, title: string, input: string) => {
    const article = makeArticle({
      input,
      format: 'text',
      text,
      title,
      publishedAt: { value: '2021-03-02', source: 'user', confidence: 1 },
    });
    return { article, analysis: analyzeArticle(article) };
  };
  const items = [
    titled(
      'The Senate voted on Tuesday to extend emergency drought aid for farmers by six months. Separately, a museum in Lyon reopened its gallery of medieval tapestries after a long restoration.',
      'Senate extends drought aid for farmers',
      'a.txt',
    ),
    titled(
      'Farmers hit by the drought will keep receiving emergency aid for six more months after a Senate vote on Tuesday. The weekend forecast calls for light rain over the northern coast and mild temperatures.',
      'Drought aid for farmers extended',
      'b.txt',
    ),
    titled(
      'Emergency drought aid for farmers was extended by the Senate on Tuesday for six months. A local choir will perform a programme of baroque music at the cathedral next month.',
      'Senate votes to extend farm aid',
      'c.txt',
    ),
  ];
  const { sents, factOf, order } = storyBasis(items);
  const candidates = summaryCandidates(sents);
  const features = summaryFeatures(sents, candidates, factOf);
  const at = (re: RegExp) => features.get(candidates.find((s) => re.test(s.text))!)!;
  const headline = FEATURES.indexOf('mean headline similarity');
  assert.ok(
    at(/^The Senate voted/)[headline] > at(/museum in Lyon/)[headline] + 0.1,
    'the lead echoes the headlines, the aside does not',
  );
  assert.equal(at(/museum in Lyon/)[FEATURES.indexOf('opening sentence')], 0);
  const picked = summarise(sents, factOf, order, { sentences: 2 });
  assert.equal(picked.length, 2);
  for (const line of picked)
    assert.match(line.text, /drought aid|emergency aid/, 'an aside is never picked over the corroborated news');
  assert.throws(() => summarise(sents, factOf, order, { sentences: 2 }, null), /train-summary/);
  assert.equal(
    summarise(
      sents,
      factOf,
      order,
      { sentences: 2 },
      FEATURES.map(() => -1),
    ).length,
    1,
    'however low every relevance, the summary keeps its best sentence',
  );
  // A word limit keeps whole sentences within it; only the single most relevant sentence may exceed it.
  const count = (lines: { text: string }[]) => lines.reduce((n, l) => n + l.text.split(/\s+/).length, 0);
  const capped = summarise(sents, factOf, order, { sentences: 6, words: 35 });
  assert.ok(capped.length >= 2 && count(capped) <= 35, `${count(capped)} words in ${capped.length} sentences`);
  assert.equal(summarise(sents, factOf, order, { words: 5 }).length, 1);
  const filled = summarise(sents, factOf, order, { sentences: 6, words: 20, overflow: true });
  assert.ok(filled.length >= 2 && count(filled) > 20, 'overflow fills the budget and runs past it');
});

test('ridge regression recovers the weights that made the data, and shrinks them as lambda grows', () => {
  const rows = Array.from({ length: 200 }, (_, i) => {
    const x = [Math.sin(i), Math.cos(i * 0.7), 1];
    return { x, y: 2 * x[0] - 3 * x[1] + 0.5 };
  });
  const w = ridge(rows, 3, 1e-9);
  assert.deepEqual(
    w.map((v) => Math.round(v * 1e6) / 1e6),
    [2, -3, 0.5],
  );
  const shrunk = ridge(rows, 3, 1000);
  assert.ok(Math.abs(shrunk[0]) < 2 && Math.abs(shrunk[1]) < 3);
});

test('big stories: equal values give one quantity conflict per pair of values, however many outlets repeat them', () => {
  const many = (n: number, count: string, from: number) =>
    Array.from({ length: n }, (_, i) =>
      analysed(
        `${count} protesters marched to the consulate in Karachi on Sunday, police said. Reporting by ${['Ana', 'Beka', 'Dato', 'Eka', 'Gia', 'Lika'][i]} ${from ? 'Tsereteli' : 'Beridze'}.`,
        `${from + i}.txt`,
        '2020-01-05',
      ),
    );
  const b = analyzeStory('s', [...many(6, 'Thousands of', 0), ...many(5, 'Hundreds of', 100)]);
  const quantity = b.conflicts.filter((c) => c.type === 'quantity');
  assert.equal(quantity.length, 1, quantity.map((c) => c.values.map((v) => v.text).join(' vs ')).join('; '));
  assert.deepEqual(
    quantity[0].values.map((v) => v.text),
    ['Thousands of protesters', 'Hundreds of protesters'],
  );
});

test('big stories: TextRank over groups of identical sentences scores every sentence as TextRank over all of them', () => {
  const text = (k: number) =>
    `The dam on the Kura river burst on Monday night. Rescuers searched the flooded villages for survivors. Reporter ${['Ana', 'Beka', 'Dato', 'Eka'][k]} filed from the town of Mingachevir.`;
  const items = [0, 1, 2, 3].map((k) => analysed(text(k), `${k}.txt`, '2022-06-07'));
  const { sents } = storyBasis(items);
  const groups = new SentenceGroups(sents);
  assert.ok(groups.groups.length < sents.length, 'the copies form groups');
  const grouped = groupRank(groups, sents.length, 0.85, 30);
  const plain = pagerank(overlapGraph(sents.map((s) => s.text)), 0.85, 30);
  sents.forEach((s, i) => assert.ok(Math.abs(grouped[groups.groupOf.get(s)!.index] - plain[i]) < 1e-12, s.text));
});

test("big stories: a brief is cut to its limits, with totals, and carries only its first articles' texts", () => {
  const items = Array.from({ length: LIMITS.articleTexts + 4 }, (_, k) =>
    analysed(
      `Floods closed the main road into Tbilisi on Monday, officials said. The river rose by two metres overnight. Correspondent ${k} reported from district ${k}.`,
      `${k}.txt`,
      '2022-06-07',
    ),
  );
  const b = analyzeStory('s', items);
  assert.equal(b.totals?.articles, items.length);
  assert.equal(b.articles.filter((a) => a.text !== undefined).length, LIMITS.articleTexts);
  const road = b.facts.find((f) => f.text.startsWith('Floods closed'))!;
  assert.equal(road.articles, items.length);
  assert.equal(road.citations.length, LIMITS.citations);
  assert.equal(road.totals?.citations, items.length);
  const texts = new Map(items.map((x) => [x.article.id, x.article.text]));
  for (const c of road.citations) assert.equal(texts.get(c.articleId)!.slice(c.start, c.end), c.text);
  const small = analyzeStory('s', items.slice(0, 3));
  assert.ok(small.facts.every((f) => !f.totals) && small.articles.every((a) => a.text), 'a small brief is whole');
});
