import { setTimeout as sleep } from 'node:timers/promises';
import PgBoss from 'pg-boss';
import type { Article, ArticleAnalysis, EntityOverride, InputError } from '../model.js';
import { analysedOrReported, buildStory, place, recomputeStorylines, type Source } from '../pipeline.js';
import { Clusterer } from '../story/cluster.js';
import { PostgresStore } from '../store/postgres.js';
import { StoreBusyError } from '../store/store.js';
import { articlesIngested, countFailure, timed } from '../metrics.js';

// Scale-out ingest on a PostgreSQL store. `enqueue` reads inputs where they are and queues
// each new article, numbered in arrival order; workers on any machine take analysis jobs from
// a pg-boss queue in the same database (analysis is the costly, parallel part). Stories are
// formed in arrival order, whichever worker finishes first: after each analysis a worker
// tries to become the store's writer and places the queued articles from the head of the
// queue for as long as they are analysed. So N workers build exactly the stories one ingest
// of the same inputs would, and an article analysed twice (a worker died mid-job and pg-boss
// retried it) is placed once. The briefs of the stories that took articles are rebuilt when a
// worker is idle and every few seconds, not after each article (as an ingest rebuilds them
// once, at the end of its batch).

const JOBS = 'triangulate-analyse';
/** Seconds after which a queued article still unanalysed is taken up by an idle worker (see analyseStalled). */
export const STALLED_AFTER = 60;

/** A worker placing articles rebuilds the briefs they changed at least this often (ms), and whenever it is idle. */
const REBUILD_EVERY = 5_000;
/** How long (ms) an analysed article at the head of the queue waits for the worker that placed last before another places it. */
const HANDOVER = 1_000;

/** Another process placed an article since this worker last looked: what it did is rolled back, and it reloads. */
class Overtaken extends Error {}

/**
 * Test-only fault injection: TRIANGULATE_FAULT=after-place:N,after-brief:M makes a worker kill
 * itself (SIGKILL, as `kill -9`) once it has committed its Nth placed article or Mth rebuilt
 * brief, so tests can end a worker at an exact point of its bookkeeping.
 */
const FAULTS = new Map(
  (process.env.TRIANGULATE_FAULT ?? '').split(',').flatMap((f) => {
    const m = /^after-(place|brief):(\d+)$/.exec(f.trim());
    return m ? [[m[1], Number(m[2])] as const] : [];
  }),
);
const faultCounts = new Map<string, number>();

function fault(kind: 'place' | 'brief'): void {
  const at = FAULTS.get(kind);
  const count = (faultCounts.get(kind) ?? 0) + 1;
  faultCounts.set(kind, count);
  if (at !== undefined && count >= at) process.kill(process.pid, 'SIGKILL');
}

interface Row {
  seq: string;
  article_id: string;
  input: string;
  article: string;
  analysis: string | null;
  error: string | null;
}

export interface EnqueueResult {
  queued: number;
  /** Articles already stored or already queued. */
  known: number;
  errors: InputError[];
}

/** How far the queue is (see queueStatus). */
export interface QueueStatus {
  /** Articles in the queue, not yet placed in a story: the three below together. */
  queued: number;
  /** Not yet taken by any worker. */
  waiting: number;
  /** Taken by a worker and not yet analysed (or its worker died: see --stalled-after). */
  analysing: number;
  /** Analysed (or failed), waiting for the articles before them to be placed. */
  analysed: number;
  /** Stories that took articles and whose briefs are still to be rebuilt. */
  staleBriefs: number;
  /** Articles whose analysis failed (they left the queue; enqueue them again to retry). */
  failed: number;
  /** The latest FAILURES_SHOWN of them, latest first. */
  failures: InputError[];
}

const FAILURES_SHOWN = 20;

export interface WorkResult {
  analysed: number;
  placed: number;
  errors: InputError[];
}

export class Queue {
  private constructor(
    private store: PostgresStore,
    private boss: PgBoss,
  ) {}

  /** The clusterer as this worker last left it, and the stored article count it stands for (see placeHead). */
  private clusterer: { c: Clusterer; n: number } | null = null;

  /** Open the queue of the PostgreSQL store at `url` (its tables come with the store's; pg-boss's schema is created if needed). */
  static async open(url: string): Promise<Queue> {
    const store = await PostgresStore.open(url);
    const boss = new PgBoss({ connectionString: url, max: 2 });
    // pg-boss reports trouble in its background upkeep as 'error' events: an EventEmitter with
    // no listener would throw them and end the worker; they are told and the work goes on.
    boss.on('error', (e: Error) => process.stderr.write(`triangulate: queue: ${e.message}\n`));
    try {
      await boss.start();
      await boss.createQueue(JOBS);
    } catch (e) {
      await Promise.allSettled([store.close(), boss.stop({ graceful: false })]);
      throw new Error(`cannot open the queue in ${store.name}: ${(e as Error).message}`);
    }
    return new Queue(store, boss);
  }

  /** Read the sources here and queue their new articles for the workers, in order. */
  async enqueue(sources: Source[]): Promise<EnqueueResult> {
    const errors: InputError[] = [];
    let queued = 0;
    let known = 0;
    for (const source of sources) {
      const r = source.read();
      errors.push(...r.errors);
      for (const article of r.articles) {
        if (await this.store.hasArticle(article.id)) {
          known++;
          continue;
        }
        // Queued again after its analysis failed, it is no failure any more (one round trip either way).
        const ins = await this.store.query<{ seq: string }>(
          "WITH ins AS (INSERT INTO queued (article_id, input, article) VALUES ($1, $2, $3) ON CONFLICT (article_id) DO NOTHING RETURNING seq), cleared AS (DELETE FROM failures WHERE subject = $1 AND stage IN ('article-analysis', 'article-write') AND EXISTS (SELECT 1 FROM ins)) SELECT seq FROM ins",
          [article.id, article.input, JSON.stringify(article)],
        );
        if (!ins.length) {
          known++;
          continue;
        }
        await this.boss.send(JOBS, { seq: ins[0].seq });
        queued++;
      }
    }
    return { queued, known, errors };
  }

  /**
   * Take analysis jobs until stopped (`signal`), or with `untilEmpty` until nothing is queued
   * any more. Failures (an article the analysers reject) are reported with their input.
   */
  async work({
    untilEmpty = false,
    signal,
    onError,
    stalledAfter = STALLED_AFTER,
  }: {
    untilEmpty?: boolean;
    signal?: AbortSignal;
    onError?: (e: InputError) => void;
    stalledAfter?: number;
  } = {}): Promise<WorkResult> {
    const result: WorkResult = { analysed: 0, placed: 0, errors: [] };
    const report = (e: InputError) => (result.errors.push(e), onError?.(e));
    let rebuilt = Date.now();
    while (!signal?.aborted) {
      const [job] = await this.boss.fetch<{ seq: string }>(JOBS);
      if (job) {
        if (await this.analyse(job.data.seq)) result.analysed++;
        await this.boss.complete(JOBS, job.id);
      } else if (await this.analyseStalled(stalledAfter)) result.analysed++;
      result.placed += await this.placeReady(report);
      if (!job || Date.now() - rebuilt >= REBUILD_EVERY) {
        await this.rebuildStale();
        rebuilt = Date.now();
      }
      if (job) continue;
      if (
        untilEmpty &&
        !(await this.store.query('SELECT 1 FROM queued UNION ALL SELECT 1 FROM stale_briefs LIMIT 1')).length
      )
        break;
      await sleep(250);
    }
    return result;
  }

  /**
   * With no job to take, an unanalysed article may be one a worker took and died on (its job
   * stays active until pg-boss expires it, and every article behind it waits to be placed), or
   * one whose job was never sent (the enqueuing process died). Analysed here once it has been
   * in a worker's hands, or in the queue untaken, for `seconds` (analysing twice is harmless:
   * the result is the same, and stored once).
   */
  private async analyseStalled(seconds: number): Promise<boolean> {
    const [stalled] = await this.store.query<Pick<Row, 'seq'>>(
      'SELECT seq FROM queued WHERE analysis IS NULL AND error IS NULL AND coalesce(taken_at, queued_at) < now() - make_interval(secs => $1) ORDER BY seq LIMIT 1',
      [seconds],
    );
    return stalled ? this.analyse(stalled.seq) : false;
  }

  /** Analyse one queued article (unless a retried job finds it done); false if it was. */
  private async analyse(seq: string): Promise<boolean> {
    const [row] = await this.store.query<Row>('SELECT * FROM queued WHERE seq = $1', [seq]);
    if (!row || row.analysis !== null || row.error !== null) return false;
    await this.store.query('UPDATE queued SET taken_at = now() WHERE seq = $1', [seq]);
    const errors: InputError[] = [];
    const analysis = await timed('article-analysis', async () =>
      analysedOrReported(JSON.parse(row.article) as Article, errors),
    );
    await this.store.query(
      'UPDATE queued SET analysis = $2, error = $3, analysed_at = now() WHERE seq = $1 AND analysis IS NULL AND error IS NULL',
      [seq, analysis ? JSON.stringify(analysis) : null, errors[0]?.reason ?? null],
    );
    return true;
  }

  /**
   * As the store's writer, place the analysed articles at the head of the queue, in order;
   * if another process is writing, leave them to it. Looks again after letting the claim go:
   * an article analysed while it was held, by a worker that found the store busy, is placed
   * now rather than left waiting. The worker that placed last goes on placing (its clusterer
   * is the store's state, see placeHead); another takes over when an analysed article has
   * waited HANDOVER ms (that worker is busy, or gone).
   */
  private async placeReady(report: (e: InputError) => void): Promise<number> {
    let placed = 0;
    for (;;) {
      const [head] = await this.store.query<{ ready: boolean; waited: number | null; n: string | null }>(
        `SELECT (analysis IS NOT NULL OR error IS NOT NULL) AS ready, extract(epoch FROM now() - analysed_at) * 1000 AS waited, (SELECT value FROM meta WHERE key = 'cluster_n') AS n FROM queued ORDER BY seq LIMIT 1`,
      );
      if (!head?.ready) break;
      const placer = this.clusterer?.n === Number(head.n ?? 0);
      if (!placer && (head.waited ?? 0) < HANDOVER) break;
      try {
        placed += await this.store.exclusive(() => this.placeHead(report), { waitMs: 0 });
      } catch (e) {
        if (e instanceof StoreBusyError) break;
        throw e;
      }
    }
    return placed;
  }

  private async placeHead(report: (e: InputError) => void): Promise<number> {
    let placed = 0;
    try {
      for (;;) {
        const [row] = await this.store.query<Row>('SELECT * FROM queued ORDER BY seq LIMIT 1');
        if (!row || (row.analysis === null && row.error === null)) break;
        const state = await this.currentClusterer();
        const done = await timed('placing', () => this.store.transaction((tx) => this.placeRow(tx, state, row)));
        if (row.error !== null) (report({ input: row.input, reason: row.error }), countFailure('article-analysis'));
        if (done) ((this.clusterer = { c: state.c, n: state.n + 1 }), placed++, articlesIngested.inc(), fault('place'));
      }
    } catch (e) {
      this.clusterer = null;
      if (!(e instanceof Overtaken)) throw e;
    }
    return placed;
  }

  /**
   * The clusterer this worker left, while it is the store's state (no other process has placed
   * an article since: the stored article count tells); reloading every story and term frequency
   * for each article would make placement slower the fuller the store. Loaded in one snapshot.
   */
  private async currentClusterer(): Promise<{ c: Clusterer; n: number }> {
    const n = Number(
      (await this.store.query<{ value: string }>(`SELECT value FROM meta WHERE key = 'cluster_n'`))[0]?.value ?? 0,
    );
    if (this.clusterer?.n === n) return this.clusterer;
    this.clusterer = null;
    const state = await this.store.transaction((tx) => tx.loadClusterState(), 'repeatable read');
    return { c: new Clusterer(state), n: state?.n ?? 0 };
  }

  /**
   * Place one analysed (or failed) queued article in one transaction: its row leaves `queued`
   * with its article, analysis and story rows stored and its story (not one merged away) marked
   * stale, so a worker killed at any point leaves all of it or none. True if it was placed.
   */
  private async placeRow(tx: PostgresStore, state: { c: Clusterer; n: number }, row: Row): Promise<boolean> {
    // A fence besides the writer claim: a claim taken over while its holder's last transaction
    // was still committing (or released by hand) must not place an article twice or on stale state.
    const [n] = await tx.query<{ value: string }>(`SELECT value FROM meta WHERE key = 'cluster_n' FOR UPDATE`);
    if (Number(n?.value ?? 0) !== state.n) throw new Overtaken();
    if (!(await tx.query('DELETE FROM queued WHERE seq = $1 RETURNING seq', [row.seq])).length) throw new Overtaken();
    if (row.error !== null) {
      const failure = {
        stage: 'article-analysis' as const,
        subject: row.article_id,
        input: row.input,
        reason: row.error,
      };
      await tx.recordFailure({ ...failure, at: new Date().toISOString() }, JSON.parse(row.article) as Article);
      return false;
    }
    // Stored already: an `ingest` into the same store added the same article.
    if (await tx.hasArticle(row.article_id)) return false;
    const { storyId, merged } = await place(
      tx,
      state.c,
      JSON.parse(row.article) as Article,
      JSON.parse(row.analysis!) as ArticleAnalysis,
    );
    if (merged) await tx.query('DELETE FROM stale_briefs WHERE story_id = $1', [merged.from]);
    await tx.query('INSERT INTO stale_briefs (story_id) VALUES ($1) ON CONFLICT DO NOTHING', [storyId]);
    return true;
  }

  /**
   * As the store's writer when it is free, rebuild the briefs of the stories that took articles.
   * Each brief commits with the end of its story's mark: a worker killed mid-way leaves the
   * rest marked, and the next one goes on from there (rather than from the first again).
   */
  private async rebuildStale(): Promise<void> {
    try {
      await this.store.exclusive(
        async () => {
          const ids = (
            await this.store.query<{ story_id: string }>('SELECT story_id FROM stale_briefs ORDER BY story_id')
          ).map((r) => r.story_id);
          const overrides = ids.length ? await this.store.listOverrides() : [];
          for (const id of ids) {
            await this.rebuildOne(id, overrides);
            fault('brief');
          }
          // Storylines are linked over every story once the batch's briefs stand.
          if (ids.length) await recomputeStorylines(this.store, ids);
        },
        { waitMs: 0 },
      );
    } catch (e) {
      if (!(e instanceof StoreBusyError)) throw e;
    }
  }

  private async rebuildOne(id: string, overrides: EntityOverride[]): Promise<void> {
    const clusterN = `SELECT value FROM meta WHERE key = 'cluster_n'`;
    const [before] = await this.store.query<{ value: string }>(clusterN);
    const exists = (await this.store.query('SELECT 1 FROM stories WHERE id = $1', [id])).length > 0;
    // A story merged away meanwhile (by an `ingest`) has no brief to build: its mark just goes.
    const built = exists ? await timed('story-analysis', () => buildStory(this.store, id, { overrides })) : null;
    await this.store.transaction(async (tx) => {
      const [now] = await tx.query<{ value: string }>(`${clusterN} FOR SHARE`);
      if (built) await tx.saveBrief(built.brief, built);
      // An article placed while the brief was built (see placeRow's fence) keeps the mark.
      if (now?.value === before?.value) await tx.query('DELETE FROM stale_briefs WHERE story_id = $1', [id]);
    });
  }

  /** Articles queued and not yet placed (for the queue-depth metric). */
  async depth(): Promise<number> {
    return (await queueStatus(this.store)).queued;
  }

  async close(): Promise<void> {
    await this.boss.stop({ graceful: false, wait: true });
    await this.store.close();
  }
}

/**
 * Counts of a store's queued articles by where they stand, of briefs still to rebuild, and
 * the analyses that failed. Reads the queue's tables only: no pg-boss (whose start would run
 * its upkeep, and create its schema in a database that has none) just to count.
 */
export async function queueStatus(store: PostgresStore): Promise<QueueStatus> {
  const [counts] = await store.query<Record<'waiting' | 'analysing' | 'analysed' | 'stale' | 'failed', string>>(
    `SELECT count(*) FILTER (WHERE analysis IS NULL AND error IS NULL AND taken_at IS NULL) AS waiting,
            count(*) FILTER (WHERE analysis IS NULL AND error IS NULL AND taken_at IS NOT NULL) AS analysing,
            count(*) FILTER (WHERE analysis IS NOT NULL OR error IS NOT NULL) AS analysed,
            (SELECT count(*) FROM stale_briefs) AS stale,
            (SELECT count(*) FROM failures) AS failed
     FROM queued`,
  );
  const [waiting, analysing, analysed, staleBriefs, failed] = (
    ['waiting', 'analysing', 'analysed', 'stale', 'failed'] as const
  ).map((k) => Number(counts[k]));
  const failures = (
    await store.query<InputError>('SELECT input, reason FROM failures ORDER BY at DESC, stage, subject LIMIT $1', [
      FAILURES_SHOWN,
    ])
  ).map((r) => ({ input: r.input, reason: r.reason }));
  return { queued: waiting + analysing + analysed, waiting, analysing, analysed, staleBriefs, failed, failures };
}
