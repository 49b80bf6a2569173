import { setTimeout as sleep } from 'node:timers/promises';
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { InputError } from '../model.js';
import { ingestSources, type Source } from '../pipeline.js';
import { Queue } from '../queue/queue.js';
import { plural } from '../render/text.js';
import { DB_HELP, openStore } from '../store/open.js';
import { isPostgresUrl } from '../store/postgres.js';
import { using } from '../util/using.js';
import { feedUrls } from '../watch/feeds.js';
import { Watcher, type PollReport } from '../watch/poll.js';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3600_000 };

/** "90s", "10m", "1h" or a number of seconds, as milliseconds (0 only where `zero` allows it). */
export const parseDuration =
  (zero = false) =>
  (v: string): number => {
    const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(v.trim());
    const ms = m ? Math.round(Number(m[1]) * UNITS[m[2] ?? 's']) : NaN;
    if (!(ms > 0 || (zero && ms === 0))) throw new InvalidArgumentError('expected a duration such as 30s, 10m or 1h');
    return ms;
  };

const timed = (flags: string, what: string, ms: number, shown: string, zero = false) =>
  new Option(flags, what).argParser(parseDuration(zero)).default(ms, shown);

function parseBytes(v: string): number {
  const m = /^(\d+)(k|kb|m|mb)?$/i.exec(v.trim());
  if (!m) throw new InvalidArgumentError('expected a size such as 500k or 5m');
  return Number(m[1]) * ({ k: 1024, kb: 1024, m: 1 << 20, mb: 1 << 20 }[m[2]?.toLowerCase() ?? ''] ?? 1);
}

interface WatchFlags {
  db: string;
  every: number;
  once?: boolean;
  allowPrivate?: boolean;
  timeout: number;
  maxBytes: number;
  hostGap: number;
}

const printErrors = (errors: InputError[]) => {
  for (const e of errors) process.stderr.write(`triangulate: ${e.input}: ${e.reason}\n`);
};

function printPoll(r: PollReport): void {
  printErrors(r.errors);
  const what = r.status === 304 ? 'unchanged' : `${plural(r.items, 'new item')}`;
  process.stdout.write(`${r.feed}: ${r.status ? `HTTP ${r.status}, ` : ''}${what}; next poll ${r.nextAt}\n`);
}

export function addWatchCommand(program: Command, fail: (code: number) => void): void {
  program
    .command('watch')
    .description('follow RSS/Atom feeds: poll them, fetch pages of summary-only items, and add new articles')
    .argument('<feeds...>', 'feed URLs, or files listing them (one per line, or an OPML export)')
    .option('--db <path>', `${DB_HELP}; with postgres://… new articles are queued for workers`, 'triangulate.db')
    .addOption(timed('--every <duration>', 'poll interval of each feed (30s, 10m, 1h)', 600_000, '10m'))
    .option('--once', 'poll each due feed once and exit (for cron)')
    .option('--allow-private', 'fetch links and redirects to private, loopback and link-local addresses too')
    .addOption(timed('--timeout <duration>', 'longest wait for one response', 20_000, '20s'))
    .addOption(
      new Option('--max-bytes <size>', 'largest response read (500k, 5m)').argParser(parseBytes).default(5 << 20, '5m'),
    )
    .addOption(timed('--host-gap <duration>', 'least time between two requests to one host', 2000, '2s', true))
    .action(async (args: string[], o: WatchFlags) => {
      const { feeds, errors } = feedUrls(args);
      printErrors(errors);
      if (!feeds.length) return fail(1);
      const code = await watch(feeds, o);
      if (errors.length || code) fail(code || 2);
    });
}

/** Poll until interrupted (or once); 2 if any poll reported an error. */
async function watch(feeds: string[], o: WatchFlags): Promise<number> {
  const queue = isPostgresUrl(o.db) ? await Queue.open(o.db) : null;
  try {
    return await using(openStore(o.db), async (store) => {
      const deliver = async (sources: Source[]) => (queue ? queue.enqueue(sources) : ingestSources(store, sources));
      // Feeds the operator listed are fetched wherever they are; what they link to is checked.
      const trustedOrigins = new Set(feeds.map((f) => new URL(f).origin));
      const policy = { allowPrivate: !!o.allowPrivate, trustedOrigins, timeoutMs: o.timeout, maxBytes: o.maxBytes };
      const watcher = new Watcher(store, { policy, everyMs: o.every, hostGapMs: o.hostGap, deliver });
      return await loop(watcher, feeds, !!o.once);
    });
  } finally {
    await queue?.close();
  }
}

async function loop(watcher: Watcher, feeds: string[], once: boolean): Promise<number> {
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
  let code = 0;
  try {
    while (!stop.signal.aborted) {
      for (const r of await watcher.pollDue(feeds)) {
        printPoll(r);
        if (r.errors.length) code = 2;
      }
      if (once) break;
      const wait = Math.max(1000, (await watcher.nextDue(feeds)) - Date.now());
      await sleep(wait, undefined, { signal: stop.signal }).catch(() => undefined);
    }
  } finally {
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
  }
  return code;
}
