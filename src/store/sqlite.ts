import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import type { StoryBrief } from '../model.js';
import { NAME_BREAK } from '../story/listing.js';
import { SqlStore, type Tables } from './sql-store.js';

// The embedded default store: one SQLite file in WAL mode (queries in sql-store.ts), with
// an FTS5 index for search.

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS articles (id TEXT PRIMARY KEY, seq INTEGER NOT NULL, input TEXT NOT NULL, json TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS analyses (article_id TEXT PRIMARY KEY REFERENCES articles(id), version INTEGER NOT NULL, json TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS stories (id TEXT PRIMARY KEY, size INTEGER NOT NULL, centroid TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS story_articles (article_id TEXT PRIMARY KEY REFERENCES articles(id), story_id TEXT NOT NULL REFERENCES stories(id), score REAL NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS story_articles_story ON story_articles(story_id)`,
  `CREATE TABLE IF NOT EXISTS briefs (story_id TEXT PRIMARY KEY, json TEXT NOT NULL)`,
  // Each story's analysis state (story/incremental.ts), so adding articles folds in only those.
  `CREATE TABLE IF NOT EXISTS story_states (story_id TEXT PRIMARY KEY, json TEXT NOT NULL)`,
  // Each list of a brief whole (briefParts), which the API pages through.
  `CREATE TABLE IF NOT EXISTS brief_parts (story_id TEXT NOT NULL, part TEXT NOT NULL, json TEXT NOT NULL, PRIMARY KEY (story_id, part))`,
  `CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
  // Derived from briefs (see story/listing.ts) so the list and its filters never parse a brief.
  `CREATE TABLE IF NOT EXISTS story_index (story_id TEXT PRIMARY KEY, date_from TEXT, date_to TEXT, outlets TEXT NOT NULL, names TEXT NOT NULL, search TEXT NOT NULL, json TEXT NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS story_index_date ON story_index(date_to DESC, story_id)`,
  // Full-text index over the same folded text, so search does not scan every story.
  `CREATE VIRTUAL TABLE IF NOT EXISTS story_fts USING fts5(story_id UNINDEXED, search, names, tokenize = 'unicode61 remove_diacritics 2')`,
  `CREATE TABLE IF NOT EXISTS overrides (id TEXT PRIMARY KEY, seq INTEGER NOT NULL, json TEXT NOT NULL)`,
  // Clustering document frequencies, counted in each article's own transaction.
  `CREATE TABLE IF NOT EXISTS cluster_df (term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID`,
  // A story merged into another keeps pointing at it, so old links resolve.
  `CREATE TABLE IF NOT EXISTS story_merges (from_id TEXT PRIMARY KEY, into_id TEXT NOT NULL, seq INTEGER NOT NULL)`,
  // MinHash signatures and their LSH bands, for near-duplicate lookup at ingest.
  `CREATE TABLE IF NOT EXISTS signatures (article_id TEXT PRIMARY KEY REFERENCES articles(id), sig BLOB NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS lsh (band TEXT NOT NULL, article_id TEXT NOT NULL, PRIMARY KEY (band, article_id)) WITHOUT ROWID`,
  // Analyses an older analyser wrote are found without reading every analysis (see staleAnalyses).
  `CREATE INDEX IF NOT EXISTS analyses_version ON analyses(version)`,
  // The one process writing stories now (see exclusive): at most one row.
  // Work that failed, for `triangulate failures` and the next run's retry (see Store.recordFailure).
  `CREATE TABLE IF NOT EXISTS failures (stage TEXT NOT NULL, subject TEXT NOT NULL, input TEXT NOT NULL, reason TEXT NOT NULL, at TEXT NOT NULL, article TEXT, PRIMARY KEY (stage, subject))`,
  `CREATE TABLE IF NOT EXISTS writer (id INTEGER PRIMARY KEY CHECK (id = 1), token TEXT NOT NULL, pid INTEGER NOT NULL, host TEXT NOT NULL, since TEXT NOT NULL)`,
  // Storylines over stories, recomputed whole after stories change (see story/storylines.ts).
  `CREATE TABLE IF NOT EXISTS storylines (id TEXT PRIMARY KEY, date_from TEXT, date_to TEXT, summary TEXT NOT NULL, json TEXT NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS storylines_date ON storylines(date_to DESC, id)`,
  `CREATE TABLE IF NOT EXISTS story_storyline (story_id TEXT PRIMARY KEY, storyline_id TEXT NOT NULL)`,
  // What storyline linking reads of each story, so a recompute need not read every brief.
  `CREATE TABLE IF NOT EXISTS story_digests (story_id TEXT PRIMARY KEY, json TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS watch_feeds (url TEXT PRIMARY KEY, json TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS watch_items (feed TEXT NOT NULL, item TEXT NOT NULL, at TEXT NOT NULL, PRIMARY KEY (feed, item)) WITHOUT ROWID`,
];

/** Entity names for the full-text index, a sentinel token between names so no phrase spans two. */
const ftsNames = (lines: string) => lines.split('\n').filter(Boolean).join(` ${NAME_BREAK} `);

export class SqliteStore extends SqlStore {
  private constructor(db: Kysely<Tables>, path: string) {
    super(db, path);
  }

  /** Open (and create if needed) a store at `path`; ":memory:" gives a throwaway one. */
  static async open(path: string): Promise<SqliteStore> {
    const raw = new Database(path);
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = NORMAL');
    raw.pragma('foreign_keys = ON');
    const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: raw }) });
    for (const stmt of SCHEMA) await sql.raw(stmt).execute(db);
    // Columns added after the first release.
    const cols = raw.prepare('pragma table_info(stories)').all() as { name: string }[];
    if (!cols.some((c) => c.name === 'last_date')) raw.exec('ALTER TABLE stories ADD COLUMN last_date TEXT');
    if (!cols.some((c) => c.name === 'actors')) raw.exec('ALTER TABLE stories ADD COLUMN actors TEXT');
    if (!cols.some((c) => c.name === 'marks')) raw.exec('ALTER TABLE stories ADD COLUMN marks TEXT');
    const store = new SqliteStore(db, path);
    await store.backfillIndex();
    await store.migrateClusterMeta();
    return store;
  }

  /** Stores from before cluster_df kept the frequencies as one JSON value in meta. */
  private async migrateClusterMeta(): Promise<void> {
    const old = await this.db.selectFrom('meta').select('value').where('key', '=', 'cluster').executeTakeFirst();
    if (!old) return;
    const { df, n } = JSON.parse(old.value) as { df: [string, number][]; n: number };
    await this.db.transaction().execute(async (trx) => {
      for (let i = 0; i < df.length; i += 500) {
        const rows = df.slice(i, i + 500).map(([term, v]) => ({ term, df: v }));
        await trx
          .insertInto('cluster_df')
          .values(rows)
          .onConflict((oc) => oc.column('term').doUpdateSet({ df: sql`df + excluded.df` }))
          .execute();
      }
      await trx
        .insertInto('meta')
        .values({ key: 'cluster_n', value: String(n) })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: sql`cast(cast(value as integer) + ${n} as text)` }))
        .execute();
      await trx.deleteFrom('meta').where('key', '=', 'cluster').execute();
    });
  }

  /** Stores written before the story index existed get it filled on first open. */
  private async backfillIndex(): Promise<void> {
    const missing = await this.db
      .selectFrom('briefs')
      .select('json')
      .where('story_id', 'not in', this.db.selectFrom('story_index').select('story_id'))
      .execute();
    for (const r of missing) await this.saveBrief(JSON.parse(r.json) as StoryBrief);
    const rows = await this.db
      .selectFrom('story_index')
      .select(['story_id', 'search', 'names'])
      .where(sql<boolean>`rowid NOT IN (SELECT rowid FROM story_fts)`)
      .execute();
    for (const r of rows) await this.indexForSearch(this.db, r.story_id, r.search, r.names);
  }

  protected releaseHint(): string {
    return `sqlite3 ${this.name} "DELETE FROM writer"`;
  }

  // story_fts rows share the rowid of their story_index row: matches join by rowid, and a
  // row is found by rowid (story_id is not indexed in the FTS table).
  protected async dropFromSearch(db: Kysely<Tables>, storyId: string): Promise<void> {
    await sql`DELETE FROM story_fts WHERE rowid = (SELECT rowid FROM story_index WHERE story_id = ${storyId})`.execute(
      db,
    );
  }

  protected async indexForSearch(db: Kysely<Tables>, storyId: string, search: string, names: string): Promise<void> {
    await this.dropFromSearch(db, storyId);
    await sql`INSERT INTO story_fts (rowid, story_id, search, names) VALUES ((SELECT rowid FROM story_index WHERE story_id = ${storyId}), ${storyId}, ${search}, ${ftsNames(names)})`.execute(
      db,
    );
  }

  protected searchMatch(text: string[], entity: string[]) {
    const phrase = (w: string) => `"${w.replace(/"/g, '""')}"*`;
    const match = [
      ...text.map((w) => `search : ${phrase(w)}`),
      ...(entity.length ? [`names : ${phrase(entity.join(' '))}`] : []),
    ].join(' AND ');
    return match ? sql<boolean>`rowid IN (SELECT rowid FROM story_fts WHERE story_fts MATCH ${match})` : null;
  }

  protected contains(column: 'outlets' | 'names', needle: string) {
    return sql<boolean>`instr(${sql.ref(column)}, ${needle}) > 0`;
  }
}
