import { Command, InvalidArgumentError } from 'commander';
import cliProgress from 'cli-progress';
import type { AnalysisReport, StoryBrief, Storyline, StorySummary } from '../model.js';
import { parseFullDate } from '../util/dates.js';
import { using } from '../util/using.js';
import { addEvalCommands } from './eval.js';
import { addOverrideCommands } from './overrides.js';
import { addServeCommand, parsePort } from './serve.js';
import { setQueueDepthSource } from '../metrics.js';
import { serveMetrics } from '../server/operations.js';
import { addWatchCommand } from './watch.js';
import { fileSources, ingest, reanalyse, type IngestResult } from '../pipeline.js';
import { plural, renderBrief, renderReport, renderStoryline } from '../render/text.js';
import { DB_HELP, openStore } from '../store/open.js';
import { isPostgresUrl, PostgresStore } from '../store/postgres.js';
import { Queue, queueStatus, STALLED_AFTER } from '../queue/queue.js';
import type { Store } from '../store/store.js';

// Thin command handlers: parse options, call the pipeline or the store, print.

type Format = 'text' | 'json' | 'md';
const FORMATS: Format[] = ['text', 'json', 'md'];

function parseFormat(v: string): Format {
  if (!FORMATS.includes(v as Format)) throw new InvalidArgumentError(`expected one of ${FORMATS.join(', ')}`);
  return v as Format;
}
/** A whole number within bounds, for an option. */
const wholeNumber =
  (max: number, min = 1) =>
  (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`);
    return n;
  };
const parsePositive = wholeNumber(50);
/** Stories fetched per query by `stories`. */
const LIST_PAGE = 200;

function parseDay(v: string): string {
  const d = parseFullDate(v);
  if (!d) throw new InvalidArgumentError('expected a date such as 2020-01-05');
  return d;
}

/** `stories --storylines`: every storyline (or --limit of them), newest first, with its events. */
async function listStorylines(store: Store, o: { format: Format; limit?: number; offset: number }): Promise<void> {
  const lines: Storyline[] = [];
  const limit = o.limit ?? Infinity;
  for (let offset = o.offset; lines.length < limit; offset += LIST_PAGE) {
    const page = await store.listStorylines({ limit: Math.min(LIST_PAGE, limit - lines.length), offset });
    for (const r of page.items) lines.push((await store.getStoryline(r.id))!);
    if (page.items.length < LIST_PAGE) break;
  }
  if (o.format === 'json') process.stdout.write(`${JSON.stringify(lines, null, 2)}\n`);
  else if (!lines.length) process.stderr.write(`triangulate: no storylines yet in ${store.name}\n`);
  else process.stdout.write(lines.map((l) => `${renderStoryline(l)}\n`).join(''));
}

function progressBar(enabled: boolean) {
  if (!enabled) return undefined;
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: 'analysing [{bar}] {value}/{total} {file}',
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return (p: { total: number; done: number; current: string }) => {
    if (p.total < 2) return;
    if (!started) {
      bar.start(p.total, 0, { file: '' });
      started = true;
    }
    bar.update(p.done, { file: p.current.split('/').pop() ?? '' });
    if (p.done >= p.total) bar.stop();
  };
}

function report(stories: StoryBrief[], result: IngestResult | null): AnalysisReport {
  return { schema: 'triangulate/report@1', stories, errors: result?.errors ?? [] };
}

function print(r: AnalysisReport, format: Format): void {
  process.stdout.write(format === 'json' ? `${JSON.stringify(r, null, 2)}\n` : renderReport(r, format));
}

/** A line on stderr when another process holds the store, so a wait is not mistaken for a hang. */
const waiting = (db: string) => (holder: string) =>
  process.stderr.write(
    `triangulate: ${db} is being written by another process (${holder}); waiting for it to finish\n`,
  );

function printErrors(result: Pick<IngestResult, 'errors'>): void {
  for (const e of result.errors) process.stderr.write(`triangulate: ${e.input}: ${e.reason}\n`);
}

/** Open a store for one command and always close it. */
const withStore = <T>(path: string, fn: (store: Store) => Promise<T>): Promise<T> => using(openStore(path), fn);

/** The --db of a queue command, refused unless it names a PostgreSQL store. */
function queueUrl(url: string): string {
  if (!isPostgresUrl(url)) throw new Error(`the queue needs a PostgreSQL store (--db postgres://…), not ${url}`);
  return url;
}

/** Open a PostgreSQL store's queue for one command and always close it. */
const withQueue = <T>(url: string, fn: (queue: Queue) => Promise<T>): Promise<T> =>
  using(Queue.open(queueUrl(url)), fn);

/** Exit codes: 0 all inputs analysed, 2 some inputs failed (the rest were analysed), 1 fatal error. */
export async function main(argv: string[]): Promise<number> {
  let code = 0;
  const program = new Command()
    .name('triangulate')
    .description('Turn a pile of news articles into verified, cited story briefs.')
    .showHelpAfterError()
    .exitOverride();

  program
    .command('analyze')
    .description('analyse articles (files, directories, globs) and print their story briefs')
    .argument('<inputs...>', 'text, HTML, JSONL or RSS/Atom files, directories or globs')
    .option('-f, --format <format>', 'text | json | md', parseFormat, 'text')
    .option('--db <path>', `${DB_HELP} to store into (default: in memory, nothing kept)`)
    .option('--summary-sentences <n>', 'sentences in each summary', parsePositive, 6)
    .option(
      '--summary-words <n>',
      'at most n summary words, in whole sentences (the most relevant sentence is always kept)',
      wholeNumber(5000),
    )
    .option('--date <date>', 'publication date for inputs that carry none (never applied silently otherwise)', parseDay)
    .option('--no-progress', 'no progress bar on stderr')
    .action(
      async (
        inputs: string[],
        o: {
          format: Format;
          db?: string;
          summarySentences: number;
          summaryWords?: number;
          progress: boolean;
          date?: string;
        },
      ) => {
        await withStore(o.db ?? ':memory:', async (store) => {
          const result = await ingest(store, inputs, {
            summarySentences: o.summarySentences,
            summaryWords: o.summaryWords,
            date: o.date,
            onProgress: progressBar(o.progress && !!process.stderr.isTTY),
            onWait: waiting(store.name),
          });
          const stories = (await Promise.all(result.storyIds.map((id) => store.getBrief(id)))).filter(
            (b): b is StoryBrief => !!b,
          );
          printErrors(result);
          print(report(stories, result), o.format);
          if (result.errors.length) code = 2;
        });
      },
    );

  program
    .command('ingest')
    .description('add articles to a store incrementally')
    .argument('<inputs...>', 'files, directories or globs')
    .option('--db <path>', DB_HELP, 'triangulate.db')
    .option('--date <date>', 'publication date for inputs that carry none', parseDay)
    .action(async (inputs: string[], o: { db: string; date?: string }) => {
      await withStore(o.db, async (store) => {
        const result = await ingest(store, inputs, {
          date: o.date,
          onProgress: progressBar(!!process.stderr.isTTY),
          onWait: waiting(store.name),
        });
        printErrors(result);
        process.stdout.write(
          `${plural(result.added, 'new article')}, ${result.articleIds.length - result.added - result.failed} already stored, ${plural(result.storyIds.length, 'story', 'stories')} updated, ${plural(result.errors.length, 'input')} failed\n`,
        );
        for (const m of result.merges) process.stdout.write(`story ${m.from} merged into ${m.into}\n`);
        if (result.errors.length) code = 2;
      });
    });

  program
    .command('enqueue')
    .description('queue articles for `triangulate worker` processes to analyse and add (PostgreSQL store)')
    .argument('<inputs...>', 'files, directories or globs')
    .requiredOption('--db <url>', 'postgres://user@host/database')
    .option('--date <date>', 'publication date for inputs that carry none', parseDay)
    .action(async (inputs: string[], o: { db: string; date?: string }) => {
      await withQueue(o.db, async (queue) => {
        const { sources, errors } = fileSources(inputs, o.date ?? null);
        const r = await queue.enqueue(sources);
        const all = { errors: [...errors, ...r.errors] };
        printErrors(all);
        process.stdout.write(
          `${plural(r.queued, 'article')} queued, ${r.known} already stored or queued, ${plural(all.errors.length, 'input')} failed\n`,
        );
        if (all.errors.length) code = 2;
      });
    });

  program
    .command('worker')
    .description(
      'analyse queued articles and add them to their stories, in the order they were queued (PostgreSQL store; run as many as you like, on any machine)',
    )
    .requiredOption('--db <url>', 'postgres://user@host/database')
    .option('--until-empty', 'stop when nothing is queued (default: wait for more until interrupted)')
    .option(
      '--stalled-after <seconds>',
      'analyse an article another worker has held this long, or one queued this long ago and never taken (a worker or the enqueuer may have died)',
      wholeNumber(86_400),
      STALLED_AFTER,
    )
    .option('--metrics-port <port>', 'serve Prometheus /metrics and /healthz on 127.0.0.1 at this port', parsePort)
    .action(async (o: { db: string; untilEmpty?: boolean; stalledAfter: number; metricsPort?: number }) => {
      await withQueue(o.db, async (queue) => {
        setQueueDepthSource(() => queue.depth());
        const metrics = o.metricsPort === undefined ? null : await serveMetrics(o.metricsPort, '127.0.0.1');
        // Interrupted, a worker finishes the article in hand; a job cut short is retried by pg-boss.
        const stop = new AbortController();
        const onSignal = () => stop.abort();
        process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
        try {
          const r = await queue.work({
            untilEmpty: o.untilEmpty,
            stalledAfter: o.stalledAfter,
            signal: stop.signal,
            onError: (e) => printErrors({ errors: [e] }),
          });
          process.stdout.write(
            `${plural(r.analysed, 'article')} analysed, ${r.placed} placed in stories, ${r.errors.length} failed\n`,
          );
          if (r.errors.length) code = 2;
        } finally {
          process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
          metrics?.close();
        }
      });
    });

  program
    .command('queue')
    .description(
      'how far the queue is: articles waiting for a worker, being analysed, analysed and waiting to be placed; briefs still to rebuild (PostgreSQL store)',
    )
    .requiredOption('--db <url>', 'postgres://user@host/database')
    .option('-f, --format <format>', 'text | json', parseFormat, 'text')
    .action(async (o: { db: string; format: Format }) => {
      await using(PostgresStore.open(queueUrl(o.db)), async (store) => {
        const s = await queueStatus(store);
        if (o.format === 'json') process.stdout.write(`${JSON.stringify(s, null, 2)}\n`);
        else {
          process.stdout.write(
            `${plural(s.queued, 'article')} queued: ${s.waiting} waiting for a worker, ${s.analysing} being analysed, ${s.analysed} analysed and waiting to be placed; ${plural(s.staleBriefs, 'story brief')} to rebuild; ${s.failed} failed\n`,
          );
          if (s.failed)
            process.stdout.write(
              `${s.failed > s.failures.length ? `the latest ${s.failures.length} failures` : 'failures'}, latest first (enqueue an input again to retry):\n${s.failures.map((e) => `  ${e.input}: ${e.reason}\n`).join('')}`,
            );
        }
      });
    });

  program
    .command('reanalyse')
    .description('after an upgrade: analyse again the articles an older version analysed, and rebuild their stories')
    .option('--db <path>', DB_HELP, 'triangulate.db')
    .action(async (o: { db: string }) => {
      await withStore(o.db, async (store) => {
        const r = await reanalyse(store, {
          onProgress: progressBar(!!process.stderr.isTTY),
          onWait: waiting(store.name),
        });
        printErrors(r);
        process.stdout.write(
          `${plural(r.articles, 'article')} analysed again, ${plural(r.stories.length, 'story brief')} rebuilt${r.errors.length ? `, ${r.errors.length} failed` : ''}\n`,
        );
        if (r.errors.length) code = 2;
      });
    });

  program
    .command('stories')
    .description('list stored stories, newest first (the filters of GET /api/stories)')
    .option('--db <path>', DB_HELP, 'triangulate.db')
    .option('-f, --format <format>', "text | json (an array of the API's story summaries)", parseFormat, 'text')
    .option(
      '--search <words>',
      'stories whose headline, titles, summary or entity names hold every word (word beginnings match)',
    )
    .option('--entity <name>', 'stories naming this entity (a name or alias)')
    .option('--outlet <name>', 'stories with an article from this outlet')
    .option('--from <date>', 'stories reaching this date or later', parseDay)
    .option('--to <date>', 'stories starting this date or earlier', parseDay)
    .option('--limit <n>', 'at most n stories (default: all)', wholeNumber(1_000_000_000))
    .option('--offset <n>', 'skip the first n', wholeNumber(1_000_000_000, 0), 0)
    .option(
      '--storylines',
      'list storylines instead (events that continue one another), newest first, each with its dated events and why each is linked',
    )
    .action(
      async (o: {
        db: string;
        format: Format;
        storylines?: boolean;
        search?: string;
        entity?: string;
        outlet?: string;
        from?: string;
        to?: string;
        limit?: number;
        offset: number;
      }) => {
        if (o.storylines) {
          if (o.search || o.entity || o.outlet || o.from || o.to)
            throw new Error('--storylines lists every storyline: it takes --limit and --offset, not the story filters');
          return withStore(o.db, (store) => listStorylines(store, o));
        }
        await withStore(o.db, async (store) => {
          const text = o.format !== 'json';
          // Page by page from the story index, each story written as it comes, so a store of any
          // size lists in little memory and one pass (JSON as JSON.stringify(all, null, 2) would print it).
          let seen = 0;
          let written = 0;
          const json = (r: StorySummary) =>
            process.stdout.write(`${written ? ',' : '['}\n  ${JSON.stringify(r, null, 2).replace(/\n/g, '\n  ')}`);
          const limit = o.limit ?? Infinity;
          pages: for await (const page of store.storyPages(
            { text: o.search, entity: o.entity, outlet: o.outlet, from: o.from, to: o.to },
            LIST_PAGE,
          )) {
            for (const r of page) {
              if (seen++ < o.offset) continue;
              if (written >= limit) break pages;
              if (text)
                process.stdout.write(
                  `${r.id}  ${plural(r.articles, 'article')} / ${plural(r.independentSources, 'source')}  ${r.from ?? '?'}..${r.to ?? '?'}  ${r.headline}\n    ${r.topEntities.map((e) => e.name).join(', ')}${r.storyline ? `\n    storyline ${r.storyline}` : ''}\n`,
                );
              else json(r);
              written++;
            }
          }
          if (!text) process.stdout.write(written ? '\n]\n' : '[]\n');
          else if (!seen)
            process.stderr.write(
              `triangulate: no stories${o.search || o.entity || o.outlet || o.from || o.to ? ' match' : ' yet'} in ${store.name}\n`,
            );
        });
      },
    );

  program
    .command('story')
    .description('show one stored story')
    .argument('<id>', 'story id (from `triangulate stories`)')
    .option('--db <path>', DB_HELP, 'triangulate.db')
    .option('-f, --format <format>', 'text | json | md', parseFormat, 'text')
    .action(async (id: string, o: { db: string; format: Format }) => {
      await withStore(o.db, async (store) => {
        const into = await store.resolveStory(id);
        if (into && into !== id) process.stderr.write(`triangulate: story ${id} was merged into ${into}\n`);
        const b = await store.getBrief(into ?? id);
        if (!b) {
          process.stderr.write(`triangulate: no story ${id} in ${store.name}\n`);
          code = 1;
          return;
        }
        process.stdout.write(o.format === 'json' ? `${JSON.stringify(b, null, 2)}\n` : `${renderBrief(b, o.format)}\n`);
      });
    });

  program
    .command('storyline')
    .description('show one storyline: its dated events and why each is linked')
    .argument('<id>', 'storyline id (from `triangulate stories --storylines`, or a story row)')
    .option('--db <path>', DB_HELP, 'triangulate.db')
    .option('-f, --format <format>', 'text | json', parseFormat, 'text')
    .action(async (id: string, o: { db: string; format: Format }) => {
      await withStore(o.db, async (store) => {
        const l = await store.getStoryline(id);
        if (!l) {
          process.stderr.write(`triangulate: no storyline ${id} in ${store.name}\n`);
          code = 1;
          return;
        }
        process.stdout.write(o.format === 'json' ? `${JSON.stringify(l, null, 2)}\n` : `${renderStoryline(l)}\n`);
      });
    });

  program
    .command('failures')
    .description(
      'work that failed and is retried by the next ingest or reanalyse: articles (analysis, write) and story briefs, latest first',
    )
    .option('--db <path>', DB_HELP, 'triangulate.db')
    .option('-f, --format <format>', 'text | json', parseFormat, 'text')
    .action(async (o: { db: string; format: Format }) => {
      await withStore(o.db, async (store) => {
        const all = await store.listFailures();
        if (o.format === 'json') process.stdout.write(`${JSON.stringify(all, null, 2)}\n`);
        else if (!all.length) process.stdout.write(`no failures in ${store.name}\n`);
        else for (const f of all) process.stdout.write(`${f.at}  ${f.stage}  ${f.subject}  ${f.input}: ${f.reason}\n`);
      });
    });

  addEvalCommands(program);
  addOverrideCommands(program, (c) => (code = c));
  addServeCommand(program, (c) => (code = c));
  addWatchCommand(program, (c) => (code = c));

  try {
    await program.parseAsync(argv);
  } catch (e) {
    const err = e as { code?: string; exitCode?: number; message: string };
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help')
      return 0;
    if (err.code?.startsWith('commander.')) return err.exitCode ?? 1;
    process.stderr.write(`triangulate: ${err.message}\n`);
    return 1;
  }
  return code;
}
