import { Command, InvalidArgumentError } from 'commander';
import { evalCluster } from '../eval/cluster.js';
import { evalCoref } from '../eval/coref.js';
import { evalNer } from '../eval/ner.js';
import { evalStream } from '../eval/stream.js';
import { annotatorAgreement, evalQuotes, quoteMarksOnly, triangulateQuotes } from '../eval/quotes.js';
import { evalSummary } from '../eval/summary.js';
import { chronoTimes, evalTime, triangulateTimes } from '../eval/time.js';

// `triangulate eval <capability> --data <path> [--format text|json]`: one table entry per
// capability; each prints its scores as JSON or as one line per system.

interface Evaluation {
  name: string;
  description: string;
  data: string;
  run: (path: string, opts: Record<string, string>) => Record<string, unknown>;
  /** Extra options: [flags, description, default]. */
  options?: [string, string, string][];
  /** The result is one system's scores (printed as is), not a map of systems. */
  single?: boolean;
  line: (system: string, scores: any) => string;
}

const EVALUATIONS: Evaluation[] = [
  {
    name: 'ner',
    description: 'CoNLL-2003 entity-level exact-match P/R/F1',
    data: 'a CoNLL-2003 file (e.g. ../shared/data/ner/dev.conll)',
    // Issue 3 fixes this JSON shape: {"f1", "precision", "recall", "per_type": {...}}.
    run: (p) => ({ ...evalNer(p) }),
    single: true,
    line: (s, v) =>
      [
        `${s}: P ${v.precision} R ${v.recall} F1 ${v.f1} (${v.correct}/${v.predicted} predicted, ${v.gold} gold)`,
        ...Object.entries(v.per_type as Record<string, any>).map(
          ([t, x]) => `  ${t.padEnd(4)} P ${x.precision} R ${x.recall} F1 ${x.f1}`,
        ),
      ].join('\n'),
  },
  {
    name: 'time',
    description:
      'TempEval-3 style extent, type and value scores on TimeML (.tml) files, with chrono-node alone as baseline',
    data: 'a .tml file or a directory of them (e.g. ../shared/data/time/train)',
    options: [
      [
        '--half <half>',
        'all, even or odd: the documents at even or odd positions in file order (rules are chosen on even, odd is held out)',
        'all',
      ],
    ],
    run: (p, o) => ({
      triangulate: evalTime(p, triangulateTimes, o.half),
      baseline_chrono: evalTime(p, chronoTimes, o.half),
    }),
    line: (s, v) =>
      `${s.padEnd(16)} docs ${v.documents}  strict F1 ${v.strict.f1}  relaxed F1 ${v.relaxed.f1}  type acc ${v.type_accuracy}  value F1 ${v.value.f1} (P ${v.value.precision} R ${v.value.recall})`,
  },
  {
    name: 'quotes',
    description:
      'PolNeAR attribution scores: content (exact, 50% overlap), cue, speaker accuracy; with a quote-marks-only baseline',
    data: 'a PolNeAR split with text/ and attributions/ (e.g. ../shared/data/quotes/dev)',
    // Where articles carry several annotators' files, how far the annotators agree with each other.
    run: (p) => ({
      triangulate: evalQuotes(p, triangulateQuotes),
      baseline_quote_marks: evalQuotes(p, quoteMarksOnly),
      annotator_agreement: annotatorAgreement(p),
    }),
    line: (s, v) =>
      v.pairs !== undefined
        ? `${s.padEnd(20)} articles ${v.articles} (${v.pairs} annotator pairs)  content exact F1 ${v.content_exact.f1}  overlap F1 ${v.content_overlap.f1}; majority of the others on ${v.majority_of_others.articles}: overlap F1 ${v.majority_of_others.content_overlap.f1}`
        : `${s.padEnd(20)} docs ${v.documents}  content exact F1 ${v.content_exact.f1}  overlap F1 ${v.content_overlap.f1} (P ${v.content_overlap.precision} R ${v.content_overlap.recall})  cue F1 ${v.cue.f1}  speaker acc ${v.speaker_accuracy} (${v.speaker_evaluated})  recall: direct ${v.recall_by_kind.direct.recall}, speech ${v.recall_by_kind.speech.recall}, other ${v.recall_by_kind.other.recall}`,
  },
  {
    name: 'cluster',
    description:
      'story clustering on ECB+ as a stream (file order and shuffled): events against sub-topics, storylines against topics; pairwise and BCubed P/R/F1',
    data: 'the ECB+ folder of topic directories (e.g. ../shared/data/coref/ecbplus)',
    options: [['--seed <n>', 'seed of the shuffled order', '1']],
    run: (p, o) => evalCluster(p, Number(o.seed)),
    line: (s, v) =>
      [
        `${s.padEnd(18)} ${clusterLine('events', v.events)}`,
        `${''.padEnd(18)} ${clusterLine('storylines', v.storylines)}  (${v.storylines.storylines} storylines of ${v.storylines.linked_events} events; unlinked events ${v.storylines.unlinked_bcubed_f1})`,
      ].join('\n'),
  },
  {
    name: 'stream',
    description:
      'stories on a news stream with no gold stories: how many, how many span more than 14 days of reports, the longest span, how many have 2+ outlets',
    data: 'a JSONL stream ({title, text, outlet, date}) or the PolNeAR folder with metadata.tsv (e.g. ../shared/data/quotes)',
    options: [['--split <split>', 'PolNeAR folder only: train, dev or all', 'all']],
    run: (p, o) => ({ ...evalStream(p, o.split) }),
    single: true,
    line: (s, v) =>
      [
        `${s}: articles ${v.articles} (skipped ${v.skipped})  stories ${v.stories}  multi-article ${v.multi_article_stories}  spanning > 14 days ${v.spanning_over_14_days}  max span ${v.max_span_days} days  with 2+ outlets ${v.with_2_outlets}  largest ${v.largest_story}`,
        ...v.longest.map(
          (r: any) =>
            `  ${r.story}: ${r.articles} articles, ${r.days} days (${r.from} to ${r.to}), ${r.outlets} outlets: ${r.titles.slice(0, 3).join(' | ')}`,
        ),
        storylineLines(v.storylines),
      ].join('\n'),
  },
  {
    name: 'coref',
    description:
      'ECB+ cross-document entity coreference on the validated sentences: MUC, B3, CEAF-e and CoNLL F1, with gold and with our own mentions',
    data: 'the ECB+ folder of topic directories (e.g. ../shared/data/coref/ecbplus); ECBplus_coreference_sentences.csv is read from it or its parent',
    options: [['--split <topics>', 'dev (2 5 12 18 21 23 34 35), train, or topic numbers such as "1,3,4"', 'dev']],
    run: (p, o) => {
      const r = evalCoref(p, o.split);
      return {
        triangulate_gold_mentions: r.gold_mentions,
        triangulate_predicted_mentions: r.predicted_mentions,
        baseline_lemma_gold_mentions: r.baselines.lemma_gold_mentions,
        gold_mentions_gold_subtopics: r.baselines.gold_mentions_gold_subtopics,
        ...{ split: r.split, documents: r.documents, stories: r.stories },
      };
    },
    line: (s, v) =>
      typeof v === 'object'
        ? `${s.padEnd(32)} mentions ${v.mentions.key}/${v.mentions.response}  MUC ${v.muc.f1}  B3 ${v.b3.f1}  CEAF-e ${v.ceafe.f1}  CoNLL F1 ${v.conll_f1}`
        : `${s}: ${v}`,
  },
  {
    name: 'summary',
    description:
      'NeuS/AllSides multi-document summaries: ROUGE-1/2/L F1 for triangulate and lead-3, LexRank, TextRank, centroid baselines',
    data: 'the split prefix or its .source file (e.g. ../shared/data/summary/val.source)',
    run: (p) => evalSummary(p),
    line: (s, v) =>
      `${s.padEnd(12)} clusters ${v.clusters}  ROUGE-1 ${v.rouge1}  ROUGE-2 ${v.rouge2}  ROUGE-L ${v.rougeL}`,
  },
];

const clusterLine = (level: string, v: any) =>
  `${level.padEnd(10)} clusters ${v.clusters} (gold ${v.gold_clusters})  pairwise F1 ${v.pairwise.f1} (P ${v.pairwise.precision} R ${v.pairwise.recall})  BCubed F1 ${v.bcubed.f1} (P ${v.bcubed.precision} R ${v.bcubed.recall})`;

const storylineLines = (v: any) =>
  [
    `storylines ${v.storylines} (${v.events_in_storylines} events; sizes ${JSON.stringify(v.sizes)}; largest ${v.largest})  span max ${v.max_span_days} days, median ${v.median_span_days}  links ${JSON.stringify(v.rules)}`,
    ...v.examples.flatMap((l: any) => [
      `  ${l.id} ${l.title} (${l.from} to ${l.to})`,
      ...l.events.map((e: string) => `    ${e}`),
    ]),
  ].join('\n');

function parseEvalFormat(v: string): 'text' | 'json' {
  if (v !== 'text' && v !== 'json') throw new InvalidArgumentError('expected one of text, json');
  return v;
}

export function addEvalCommands(program: Command): void {
  const cmd = program.command('eval').description('score a capability on a public dataset');
  for (const e of EVALUATIONS) {
    const sub = cmd
      .command(e.name)
      .description(e.description)
      .requiredOption('--data <path>', e.data)
      .option('-f, --format <format>', 'text | json', parseEvalFormat, 'text');
    for (const [flags, description, dflt] of e.options ?? []) sub.option(flags, description, dflt);
    sub.action(async (o: { data: string; format: 'text' | 'json' } & Record<string, string>) => {
      const r = e.run(o.data, o);
      const systems = e.single ? { triangulate: r } : r;
      process.stdout.write(
        o.format === 'json'
          ? `${JSON.stringify(r, null, 2)}\n`
          : Object.entries(systems)
              .map(([s, v]) => `${e.line(s, v)}\n`)
              .join(''),
      );
    });
  }
}
