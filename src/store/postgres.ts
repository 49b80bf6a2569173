import { CompiledQuery, Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { NAME_BREAK } from '../story/listing.js';
import { SqlStore, type Tables } from './sql-store.js';

// The store at scale: one PostgreSQL database that several machines' ingests (one writer at
// a time, see exclusive) and servers share. Queries are sql-store.ts's; search runs over
// tsvector columns PostgreSQL derives from the story index itself.

/** Text keys are COLLATE "C": ordered by code point, as SQLite orders them. */
const KEY = 'TEXT COLLATE "C"';

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS articles (id ${KEY} PRIMARY KEY, seq INTEGER NOT NULL, input TEXT NOT NULL, json TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS analyses (article_id ${KEY} PRIMARY KEY REFERENCES articles(id), version INTEGER NOT NULL, json TEXT NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS analyses_version ON analyses(version)`,
  `CREATE TABLE IF NOT EXISTS stories (id ${KEY} PRIMARY KEY, size INTEGER NOT NULL, centroid TEXT NOT NULL, last_date ${KEY}, actors TEXT, marks TEXT)`,
  `CREATE TABLE IF NOT EXISTS story_articles (article_id ${KEY} PRIMARY KEY REFERENCES articles(id), story_id ${KEY} NOT NULL REFERENCES stories(id), score DOUBLE PRECISION NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS story_articles_story ON story_articles(story_id)`,
  `CREATE TABLE IF NOT EXISTS briefs (story_id ${KEY} PRIMARY KEY, json TEXT NOT NULL)`,
  // Each story's analysis state (story/incremental.ts), so adding articles folds in only those.
  `CREATE TABLE IF NOT EXISTS story_states (story_id ${KEY} PRIMARY KEY, json TEXT NOT NULL)`,
  // Each list of a brief whole (briefParts), which the API pages through.
  `CREATE TABLE IF NOT EXISTS brief_parts (story_id ${KEY} NOT NULL, part ${KEY} NOT NULL, json TEXT NOT NULL, PRIMARY KEY (story_id, part))`,
  `CREATE TABLE IF NOT EXISTS meta (key ${KEY} PRIMARY KEY, value TEXT NOT NULL)`,
  // Search: the folded text as words, and entity names with a sentinel word between them so
  // no phrase spans two names (as the SQLite store's FTS5 index has them).
  `CREATE TABLE IF NOT EXISTS story_index (story_id ${KEY} PRIMARY KEY, date_from ${KEY}, date_to ${KEY}, outlets TEXT NOT NULL, names TEXT NOT NULL, search TEXT NOT NULL, json TEXT NOT NULL,
     search_words tsvector GENERATED ALWAYS AS (to_tsvector('simple', search)) STORED,
     name_words tsvector GENERATED ALWAYS AS (to_tsvector('simple', replace(names, E'\\n', ' ${NAME_BREAK} '))) STORED)`,
  `CREATE INDEX IF NOT EXISTS story_index_date ON story_index(date_to DESC NULLS LAST, story_id)`,
  `CREATE INDEX IF NOT EXISTS story_index_search ON story_index USING GIN (search_words)`,
  `CREATE INDEX IF NOT EXISTS story_index_names ON story_index USING GIN (name_words)`,
  `CREATE TABLE IF NOT EXISTS overrides (id ${KEY} PRIMARY KEY, seq INTEGER NOT NULL, json TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS cluster_df (term ${KEY} PRIMARY KEY, df INTEGER NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS story_merges (from_id ${KEY} PRIMARY KEY, into_id ${KEY} NOT NULL, seq INTEGER NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS signatures (article_id ${KEY} PRIMARY KEY REFERENCES articles(id), sig BYTEA NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS lsh (band ${KEY} NOT NULL, article_id ${KEY} NOT NULL, PRIMARY KEY (band, article_id))`,
  `CREATE TABLE IF NOT EXISTS writer (id INTEGER PRIMARY KEY CHECK (id = 1), token TEXT NOT NULL, pid INTEGER NOT NULL, host TEXT NOT NULL, since TEXT NOT NULL)`,
  // Storylines over stories, recomputed whole after stories change (see story/storylines.ts).
  `CREATE TABLE IF NOT EXISTS storylines (id ${KEY} PRIMARY KEY, date_from ${KEY}, date_to ${KEY}, summary TEXT NOT NULL, json TEXT NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS storylines_date ON storylines(date_to DESC NULLS LAST, id)`,
  `CREATE TABLE IF NOT EXISTS story_storyline (story_id ${KEY} PRIMARY KEY, storyline_id ${KEY} NOT NULL)`,
  // What storyline linking reads of each story, so a recompute need not read every brief.
  `CREATE TABLE IF NOT EXISTS story_digests (story_id ${KEY} PRIMARY KEY, json TEXT NOT NULL)`,
  // The scale-out queue's (src/queue/queue.ts): articles queued in arrival order, with their
  // analysis once a worker has made it (taken_at: when a worker began, analysed_at: when it
  // finished), the stories that took articles since their brief was built, and failures.
  `CREATE TABLE IF NOT EXISTS queued (seq BIGSERIAL PRIMARY KEY, article_id ${KEY} NOT NULL UNIQUE, input TEXT NOT NULL, article TEXT NOT NULL, analysis TEXT, error TEXT,
     queued_at TIMESTAMPTZ NOT NULL DEFAULT now(), taken_at TIMESTAMPTZ, analysed_at TIMESTAMPTZ)`,
  `CREATE TABLE IF NOT EXISTS stale_briefs (story_id ${KEY} PRIMARY KEY)`,
  // Work that failed (an article's analysis, in a worker on any machine or an ingest; a story's
  // brief), for `triangulate failures` and `queue`, and the next run's retry (see Store.recordFailure).
  `CREATE TABLE IF NOT EXISTS failures (stage ${KEY} NOT NULL, subject ${KEY} NOT NULL, input TEXT NOT NULL, reason TEXT NOT NULL, at ${KEY} NOT NULL, article TEXT, PRIMARY KEY (stage, subject))`,
  `CREATE TABLE IF NOT EXISTS watch_feeds (url ${KEY} PRIMARY KEY, json TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS watch_items (feed ${KEY} NOT NULL, item ${KEY} NOT NULL, at ${KEY} NOT NULL, PRIMARY KEY (feed, item))`,
  // The queue kept its failures apart before: they move to failures.
  `DO $$ BEGIN IF to_regclass('queue_failures') IS NOT NULL THEN
     INSERT INTO failures (stage, subject, input, reason, at)
       SELECT 'article-analysis', article_id, input, reason, to_char(failed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') FROM queue_failures ON CONFLICT DO NOTHING;
     DROP TABLE queue_failures;
   END IF; END $$`,
];

/** Whether a --db value names a PostgreSQL database rather than a SQLite file. */
export const isPostgresUrl = (db: string) => /^postgres(?:ql)?:\/\//i.test(db);

/** A database URL as messages show it: without its password. */
function shown(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'the PostgreSQL database';
  }
}

/** A word of a search query as tsquery parts: "al-qaeda" is the phrase al <-> qaeda, as both indexes split it. */
const parts = (w: string) => w.split(/[^\p{L}\p{N}]+/u).filter(Boolean);

export class PostgresStore extends SqlStore {
  private constructor(db: Kysely<Tables>, name: string) {
    super(db, name);
  }

  /** Connect to the database at `url` (postgres://…) and create the tables if needed. */
  static async open(url: string): Promise<PostgresStore> {
    const pool = new pg.Pool({ connectionString: url, max: 4 });
    // An idle connection the server ends (a restart, pg_terminate_backend) is dropped by the
    // pool and replaced on the next query; unheard, its 'error' event would end the process.
    pool.on('error', () => {});
    const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
    try {
      // Two processes opening a new database at once would race to create the same tables.
      await db.transaction().execute(async (trx) => {
        await sql`SELECT pg_advisory_xact_lock(hashtext('triangulate schema'))`.execute(trx);
        for (const stmt of SCHEMA) await sql.raw(stmt).execute(trx);
      });
    } catch (e) {
      await db.destroy();
      throw new Error(`cannot open ${shown(url)}: ${(e as Error).message}`);
    }
    return new PostgresStore(db, shown(url));
  }

  /**
   * Run one SQL statement on the store's connections: the scale-out queue keeps its tables in
   * this database (SCHEMA) and needs no pool of its own.
   */
  async query<R>(text: string, params: unknown[] = []): Promise<R[]> {
    return (await this.db.executeQuery<R>(CompiledQuery.raw(text, params))).rows;
  }

  /**
   * Run `fn` in one transaction on a store whose every statement (saveArticle's and saveBrief's
   * included) is part of it: the queue commits an article's placing and its bookkeeping at once.
   */
  async transaction<T>(fn: (tx: PostgresStore) => Promise<T>, isolation?: 'repeatable read'): Promise<T> {
    const trx = isolation ? this.db.transaction().setIsolationLevel(isolation) : this.db.transaction();
    return trx.execute((db) => fn(new PostgresStore(db, this.name)));
  }

  protected releaseHint(): string {
    return `psql ${this.name} -c "DELETE FROM writer"`;
  }

  // The search columns are derived by PostgreSQL from story_index: nothing to keep apart.
  protected async dropFromSearch(): Promise<void> {}

  protected async indexForSearch(): Promise<void> {}

  protected searchMatch(text: string[], entity: string[]) {
    // Each word matches word prefixes; a word the parser splits ("al-qaeda") is a phrase.
    const prefix = (ps: string[]) => ps.map((p, i) => (i === ps.length - 1 ? `${p}:*` : p)).join(' <-> ');
    const words = text.map(parts).filter((ps) => ps.length);
    const name = entity.flatMap(parts);
    const conditions = [
      ...(words.length
        ? [sql<boolean>`search_words @@ to_tsquery('simple', ${words.map((ps) => `(${prefix(ps)})`).join(' & ')})`]
        : []),
      ...(name.length ? [sql<boolean>`name_words @@ to_tsquery('simple', ${prefix(name)})`] : []),
    ];
    return conditions.length ? sql<boolean>`(${sql.join(conditions, sql` AND `)})` : null;
  }

  protected contains(column: 'outlets' | 'names', needle: string) {
    return sql<boolean>`strpos(${sql.ref(column)}, ${needle}) > 0`;
  }
}
