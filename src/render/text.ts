import type { AnalysisReport, Citation, StoryBrief, Storyline, StorylineLink } from '../model.js';

// Human-readable briefs for the terminal (plain text) and for documents (Markdown).
// Article text is printed as text; in Markdown, characters with meaning are escaped.

type Style = 'text' | 'md';

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1).trimEnd()}…` : s);
const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();
const mdEscape = (s: string) => s.replace(/([\\`*_{}[\]<>()#+!|~])/g, '\\$1');
/** "1 article", "2 articles" ("1 story", "2 stories" with the plural given). */
export const plural = (k: number, word: string, words = `${word}s`) => `${k} ${k === 1 ? word : words}`;

function citer(b: StoryBrief) {
  const idx = new Map(b.articles.map((a, i) => [a.id, i + 1]));
  // An article a big story's brief does not list is named by its id.
  return (c: Citation) => `[${idx.get(c.articleId) ?? c.articleId}:${c.start}-${c.end}]`;
}

function sourceLine(a: StoryBrief['articles'][number], i: number): string {
  const date = a.publishedAt ? `${a.publishedAt.value} (${a.publishedAt.source})` : 'unknown';
  const ref = a.referenceDate?.inferred
    ? `; dates resolved against ${a.referenceDate.value}, inferred from ${a.referenceDate.reason}`
    : '';
  return `[${i + 1}] ${a.input} — outlet: ${a.outlet ?? 'unknown'} — title: ${a.title ?? 'unknown'} — published: ${date}${ref}`;
}

export function renderBrief(b: StoryBrief, style: Style): string {
  const c = citer(b);
  const esc = style === 'md' ? mdEscape : (s: string) => s;
  const out: string[] = [];
  // A heading, and "none found" under it when its section stays empty.
  const h = (t: string, empty = false) => {
    out.push('', style === 'md' ? `### ${t}` : t.toUpperCase());
    if (empty) li('none found');
  };
  function li(t: string) {
    out.push(style === 'md' ? `- ${t}` : `  • ${t}`);
  }
  out.push(style === 'md' ? `## ${esc(b.headline)}` : `STORY ${b.id} — ${b.headline}`);
  out.push(
    `${style === 'md' ? `\`${b.id}\` · ` : ''}${plural(b.totals?.articles ?? b.articles.length, 'article')}, ${plural(b.independentSources, 'independent source')}, ${b.span.from ?? '?'} – ${b.span.to ?? '?'}`,
  );
  // A story whose latest analysis failed is shown as it last was, and says so.
  if (b.stale)
    out.push(`${style === 'md' ? '**Stale:**' : 'STALE:'} ${esc(b.staleReason ?? 'its latest analysis failed')}`);
  h('Sources');
  b.articles.forEach((a, i) => li(esc(sourceLine(a, i))));
  h('Summary', !b.summary.length);
  for (const s of b.summary) {
    const more = s.corroboratedBy.length ? ` (also ${s.corroboratedBy.map(c).join(' ')})` : '';
    li(`${esc(oneLine(s.text))} ${c(s.citation)}${more}`);
  }
  h('Timeline', !b.timeline.length);
  for (const t of b.timeline) {
    // A placed event shows where it sits ("after 2020-01-03: <anchor>"), not a date of its own.
    const when = t.placement
      ? `${t.placement.relation} ${t.placement.anchorDate} (${esc(clip(oneLine(t.placement.anchor), 60))})`
      : `${t.date}${t.inferred ? ' (inferred)' : ''}`;
    const other = t.conflictingDates?.length
      ? ` — sources disagree: also dated ${t.conflictingDates.map((d) => `${d.date} ${d.citations.map(c).join(' ')}`).join('; ')}`
      : '';
    li(`${when} — ${esc(clip(oneLine(t.label), 160))} ${t.citations.map(c).join(' ')}${other}`);
  }
  const entities = b.entities.filter((e) => e.type !== 'MISC' || e.articleCount > 1).slice(0, 25);
  h('Entities', !entities.length);
  for (const e of entities) {
    const aka = e.aliases.length ? ` (also: ${e.aliases.join(', ')})` : '';
    const roles = e.roles.length ? ` — roles: ${e.roles.join(', ')}` : '';
    li(
      esc(
        `${e.type} ${e.name}${aka}${roles} — ${plural(e.mentions.length, 'mention')} in ${plural(e.articleCount, 'article')}`,
      ) + ` ${c(e.mentions[0])}`,
    );
  }
  const quotes = b.quotes.filter((q) => q.speaker).slice(0, 20);
  h('Quotes', !quotes.length);
  for (const q of quotes) {
    const who = q.speaker!.entityId ? q.speaker!.name : `${q.speaker!.name} (unresolved)`;
    const via = q.via ? ` via ${q.via}` : '';
    const vars = q.variants.filter((v) => v.text !== q.text).length;
    li(
      `${q.kind === 'direct' ? '“' : `(${q.kind}) `}${esc(clip(oneLine(q.text), 200))}${q.kind === 'direct' ? '”' : ''} — ${esc(who + via)}; ${plural(q.sources, 'source')} ${q.citations.map(c).join(' ')}${vars ? `; ${plural(vars, 'variant')}` : ''}`,
    );
  }
  h('Corroborated facts', !b.facts.length);
  for (const f of b.facts.slice(0, 15))
    li(`${plural(f.sources, 'source')}: ${esc(clip(oneLine(f.text), 200))} ${f.citations.map(c).join(' ')}`);
  h('Conflicts', !b.conflicts.length);
  for (const k of b.conflicts)
    li(`${k.type}, ${k.about}: ${k.values.map((v) => `“${esc(v.text)}” ${c(v.citation)}`).join(' vs ')}`);
  const corroborated = b.facts.filter((f) => f.sources >= 2).length;
  h('Coverage by source', !b.coverage.length);
  b.coverage.forEach((k) => {
    const i = b.articles.findIndex((a) => a.id === k.articleId) + 1;
    const unique = k.uniqueDetails.length
      ? `; only here: ${k.uniqueDetails.map((u) => `${esc(clip(oneLine(u.text), 90))} ${c(u)}`).join('; ')}`
      : '';
    li(`[${i}] reports ${k.factsReported.length} of ${corroborated} corroborated facts${unique}`);
  });
  if (b.syndication.length) {
    h('Syndicated copies (counted once)');
    const idx = new Map(b.articles.map((a, i) => [a.id, i + 1]));
    for (const g of b.syndication)
      li(
        `${g.articleIds.map((id) => `[${idx.get(id) ?? id}]`).join(' ')} share ${plural(g.sharedSentences, 'sentence')} of wire copy`,
      );
  }
  return out.join('\n');
}

export function renderReport(r: AnalysisReport, style: Style): string {
  const parts = r.stories.map((b) => renderBrief(b, style));
  if (r.errors.length) {
    parts.push(
      [
        style === 'md' ? '### Inputs that failed' : 'INPUTS THAT FAILED',
        ...r.errors.map((e) => `${style === 'md' ? '-' : '  •'} ${e.input}: ${e.reason}`),
      ].join('\n'),
    );
  }
  if (!r.stories.length) parts.unshift('No stories: no article could be read.');
  return parts.join('\n\n' + (style === 'md' ? '---\n\n' : '')) + '\n';
}

/** Why an event is in its storyline, in words: the rule, the shared names and words, the gap. */
export function linkReason(l: StorylineLink): string {
  const words = l.terms.length ? `; words: ${l.terms.join(', ')}` : '';
  const gap = l.gapDays === null ? '' : l.gapDays === 0 ? ', overlapping' : `, ${plural(l.gapDays, 'day')} apart`;
  return `linked to ${l.to} by ${l.rule}: ${l.entities.join(', ')}${words} (score ${l.score}${gap})`;
}

/** A storyline as text: a head line, then its dated events, each with why it is linked. */
export function renderStoryline(l: Storyline): string {
  const articles = l.events.reduce((n, e) => n + e.articles, 0);
  const head = `${l.id}  ${plural(l.events.length, 'event')} / ${plural(articles, 'article')}  ${l.from ?? '?'}..${l.to ?? '?'}  ${oneLine(l.title)}`;
  const events = l.events.map(
    (e) =>
      `    ${e.from ?? '?'}..${e.to ?? '?'}  ${e.id}  ${clip(oneLine(e.headline), 100)} (${plural(e.articles, 'article')})${e.link ? `\n      ${linkReason(e.link)}` : ''}`,
  );
  return [head, ...events].join('\n');
}
