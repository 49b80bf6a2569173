import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import type { Article, ArticleAnalysis, StoryBrief } from '../model.js';
import type { StoryState } from '../story/cluster.js';
import type { Store } from './store.js';

// The embedded default store: one SQLite file in WAL mode. Every article is committed
// in its own transaction, so a crash mid-batch loses nothing already stored.

interface Tables {
  articles: { id: string; seq: number; input: string; json: string };
  analyses: { article_id: string; version: number; json: string };
  stories: { id: string; size: number; centroid: string };
  story_articles: { article_id: string; story_id: string; score: number };
  briefs: { story_id: string; json: string };
  meta: { key: string; value: string };
}

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS articles (id TEXT PRIMARY KEY, seq INTEGER NOT NULL, input TEXT NOT NULL, json TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS analyses (article_id TEXT PRIMARY KEY REFERENCES articles(id), version INTEGER NOT NULL, json TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS stories (id TEXT PRIMARY KEY, size INTEGER NOT NULL, centroid TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS story_articles (article_id TEXT PRIMARY KEY REFERENCES articles(id), story_id TEXT NOT NULL REFERENCES stories(id), score REAL NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS story_articles_story ON story_articles(story_id)`,
  `CREATE TABLE IF NOT EXISTS briefs (story_id TEXT PRIMARY KEY, json TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
];

export class SqliteStore implements Store {
  private constructor(private db: Kysely<Tables>) {}

  /** Open (and create if needed) a store at `path`; ":memory:" gives a throwaway one. */
  static async open(path: string): Promise<SqliteStore> {
    const raw = new Database(path);
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = NORMAL');
    raw.pragma('foreign_keys = ON');
    const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: raw }) });
    for (const stmt of SCHEMA) await sql.raw(stmt).execute(db);
    return new SqliteStore(db);
  }

  async hasArticle(id: string): Promise<boolean> {
    return !!(await this.db.selectFrom('articles').select('id').where('id', '=', id).executeTakeFirst());
  }

  async saveArticle(article: Article, analysis: ArticleAnalysis, story: { state: StoryState; score: number }): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const seq = Number((await trx.selectFrom('articles').select(sql<number>`coalesce(max(seq), 0)`.as('m')).executeTakeFirst())?.m ?? 0) + 1;
      await trx.insertInto('articles').values({ id: article.id, seq, input: article.input, json: JSON.stringify(article) }).onConflict((oc) => oc.doNothing()).execute();
      await trx
        .insertInto('analyses')
        .values({ article_id: article.id, version: analysis.version, json: JSON.stringify(analysis) })
        .onConflict((oc) => oc.column('article_id').doUpdateSet({ version: analysis.version, json: JSON.stringify(analysis) }))
        .execute();
      const centroid = JSON.stringify([...story.state.centroid]);
      await trx
        .insertInto('stories')
        .values({ id: story.state.id, size: story.state.size, centroid })
        .onConflict((oc) => oc.column('id').doUpdateSet({ size: story.state.size, centroid }))
        .execute();
      await trx.insertInto('story_articles').values({ article_id: article.id, story_id: story.state.id, score: story.score }).onConflict((oc) => oc.doNothing()).execute();
    });
  }

  async getArticle(id: string): Promise<Article | null> {
    const r = await this.db.selectFrom('articles').select('json').where('id', '=', id).executeTakeFirst();
    return r ? (JSON.parse(r.json) as Article) : null;
  }

  async getAnalysis(id: string): Promise<ArticleAnalysis | null> {
    const r = await this.db.selectFrom('analyses').select('json').where('article_id', '=', id).executeTakeFirst();
    return r ? (JSON.parse(r.json) as ArticleAnalysis) : null;
  }

  async storyOf(articleId: string): Promise<string | null> {
    const r = await this.db.selectFrom('story_articles').select('story_id').where('article_id', '=', articleId).executeTakeFirst();
    return r?.story_id ?? null;
  }

  async storyArticles(storyId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('story_articles').innerJoin('articles', 'articles.id', 'story_articles.article_id').select('articles.id').where('story_id', '=', storyId).orderBy('articles.seq').execute();
    return rows.map((r) => r.id);
  }

  async loadClusterState(): Promise<{ stories: StoryState[]; df: [string, number][]; n: number } | null> {
    const meta = await this.db.selectFrom('meta').select('value').where('key', '=', 'cluster').executeTakeFirst();
    const rows = await this.db.selectFrom('stories').selectAll().orderBy('id').execute();
    if (!meta && rows.length === 0) return null;
    const m = meta ? (JSON.parse(meta.value) as { df: [string, number][]; n: number }) : { df: [], n: 0 };
    return { ...m, stories: rows.map((r) => ({ id: r.id, size: r.size, centroid: new Map(JSON.parse(r.centroid) as [string, number][]) })) };
  }

  async saveClusterState(state: { df: [string, number][]; n: number }): Promise<void> {
    const value = JSON.stringify(state);
    await this.db.insertInto('meta').values({ key: 'cluster', value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
  }

  async saveBrief(brief: StoryBrief): Promise<void> {
    const json = JSON.stringify(brief);
    await this.db.insertInto('briefs').values({ story_id: brief.id, json }).onConflict((oc) => oc.column('story_id').doUpdateSet({ json })).execute();
  }

  async getBrief(storyId: string): Promise<StoryBrief | null> {
    const r = await this.db.selectFrom('briefs').select('json').where('story_id', '=', storyId).executeTakeFirst();
    return r ? (JSON.parse(r.json) as StoryBrief) : null;
  }

  async listBriefs(): Promise<StoryBrief[]> {
    const rows = await this.db.selectFrom('briefs').select('json').orderBy('story_id').execute();
    return rows.map((r) => JSON.parse(r.json) as StoryBrief);
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}
