import { readFile } from './src/ingest/index.ts';
import { analyzeArticle } from './src/article/analyze.ts';
for (const f of process.argv.slice(2)) {
  const r = readFile(f);
  for (const a of r.articles) {
    const an = analyzeArticle(a);
    console.log('==', a.input, a.publishedAt?.value);
    console.log(an.mentions.map(m => `${m.text}/${m.type}${m.role ? '['+m.role+']' : ''}:${m.rule}`).join(' | '));
    console.log('ROLES', an.roleMentions.map(r=>r.text).join(' | '));
    for (const q of an.quotes) console.log('Q', q.kind, JSON.stringify(q.text.slice(0,60)), '<=', q.speaker?.text, '|cue', q.cue?.text, '|via', q.via?.text);
    for (const t of an.times) console.log('T', t.text, t.value, t.rule, t.anchorOffsetDays ?? '');
    for (const t of an.quantities) console.log('N', t.text, t.low, t.high, t.unit);
  }
}
