import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql, type ExpressionBuilder, type Kysely, type RawBuilder } from 'kysely';
import type {
  Article,
  ArticleAnalysis,
  EntityOverride,
  FeedState,
  Failure,
  Page,
  StoryBrief,
  StoryFilter,
  Storyline,
  StorylineSummary,
  StoryQuery,
  StorySummary,
} from '../model.js';
import type { ClusterState, StoryState } from '../story/cluster.js';
import type { EventDigest } from '../story/storylines.js';
import { entityNameLines, queryWords, searchText, storyOutlets, storySummary } from '../story/listing.js';
import { fold } from '../util/text.js';
import { bandKeys, similarity } from '../story/minhash.js';
import { StoreBusyError, type Store } from './store.js';

// What the SQLite and PostgreSQL stores share: every query but full-text search, written
// once with Kysely. Every article is committed in its own transaction, so a crash mid-batch
// loses nothing already stored. Text keys compare by code point in both (PostgreSQL's
// columns are COLLATE "C"), so listings and the clusterer's reloaded state come back in the
// same order, and the same input gives the same bytes on either store.

export interface Tables {
  articles: { id: string; seq: number; input: string; json: string };
  analyses: { article_id: string; version: number; json: string };
  stories: {
    id: string;
    size: number;
    centroid: string;
    last_date: string | null;
    actors: string | null;
    marks: string | null;
  };
  story_articles: { article_id: string; story_id: string; score: number };
  briefs: { story_id: string; json: string };
  story_states: { story_id: string; json: string };
  brief_parts: { story_id: string; part: string; json: string };
  meta: { key: string; value: string };
  story_index: {
    story_id: string;
    date_from: string | null;
    date_to: string | null;
    outlets: string;
    names: string;
    search: string;
    json: string;
  };
  overrides: { id: string; seq: number; json: string };
  cluster_df: { term: string; df: number };
  story_merges: { from_id: string; into_id: string; seq: number };
  lsh: { band: string; article_id: string };
  signatures: { article_id: string; sig: Buffer };
  writer: { id: number; token: string; pid: number; host: string; since: string };
  failures: { stage: string; subject: string; input: string; reason: string; at: string; article: string | null };
  storylines: { id: string; date_from: string | null; date_to: string | null; summary: string; json: string };
  story_storyline: { story_id: string; storyline_id: string };
  story_digests: { story_id: string; json: string };
  watch_feeds: { url: string; json: string };
  watch_items: { feed: string; item: string; at: string };
}

/** The next insertion number of a table with a `seq` column (read inside the writing transaction). */
async function nextSeq(db: Kysely<Tables>, table: 'articles' | 'overrides' | 'story_merges'): Promise<number> {
  return (
    Number(
      (
        await db
          .selectFrom(table)
          .select(sql<number>`coalesce(max(seq), 0)`.as('m'))
          .executeTakeFirst()
      )?.m ?? 0,
    ) + 1
  );
}

/** Analyses another analyser version wrote; as two ranges, so the version index serves it (it would not serve "!="). */
const otherVersion = (version: number) => (eb: ExpressionBuilder<Tables, 'analyses'>) =>
  eb.or([eb('analyses.version', '<', version), eb('analyses.version', '>', version)]);

/** How long a writer waits for another process's claim, and how often it looks. */
const WRITER_WAIT_MS = 60_000;
const WRITER_POLL_MS = 100;

/** Whether a process of this host is running (EPERM: it is, as another user). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export abstract class SqlStore implements Store {
  /** `name` says which store this is in messages (a file path, a database URL without its password). */
  protected constructor(
    protected db: Kysely<Tables>,
    readonly name: string,
  ) {}

  /** How to release a writer claim left by a process on another host. */
  protected abstract releaseHint(): string;
  /** Take a story out of the full-text index (where the dialect keeps one apart from story_index). */
  protected abstract dropFromSearch(db: Kysely<Tables>, storyId: string): Promise<void>;
  /** Put a story's search text and entity names (one per line) into the full-text index. */
  protected abstract indexForSearch(db: Kysely<Tables>, storyId: string, search: string, names: string): Promise<void>;
  /** A story_index condition: every word of `text` starts a word of its search text, and `entity`'s words start a phrase of one name; null when both are empty. */
  protected abstract searchMatch(text: string[], entity: string[]): RawBuilder<boolean> | null;
  /** A story_index condition: `column` contains `needle`. */
  protected abstract contains(column: 'outlets' | 'names', needle: string): RawBuilder<boolean>;

  /**
   * Run `fn` as the store's only writer across processes. Each ingest loads the clusterer's
   * state, updates it article by article and writes it back: two at once (a cron job and the
   * server, say) would each overwrite the other's story centroids. The claim is a row, not a
   * transaction, so each article still commits on its own. A claim left by a process that has
   * died (same host, pid gone) is taken over; a live one is waited for up to `waitMs`.
   */
  async exclusive<T>(
    fn: () => Promise<T>,
    { waitMs = WRITER_WAIT_MS, onWait }: { waitMs?: number; onWait?: (holder: string) => void } = {},
  ): Promise<T> {
    const token = randomUUID();
    const host = hostname();
    const deadline = Date.now() + waitMs;
    for (;;) {
      const r =
        await sql`INSERT INTO writer (id, token, pid, host, since) VALUES (1, ${token}, ${process.pid}, ${host}, ${new Date().toISOString()}) ON CONFLICT (id) DO NOTHING`.execute(
          this.db,
        );
      if (Number(r.numAffectedRows) === 1) break;
      const held = await this.db.selectFrom('writer').selectAll().executeTakeFirst();
      if (!held) continue;
      if (held.host === host && !alive(held.pid)) {
        await this.db.deleteFrom('writer').where('token', '=', held.token).execute();
        continue;
      }
      // Another host's process cannot be checked from here: if it is gone, its claim is removed by hand.
      const gone = held.host === host ? '' : ` (if it is no longer running: ${this.releaseHint()})`;
      const holder = `pid ${held.pid} on ${held.host}, since ${held.since}`;
      if (Date.now() >= deadline)
        throw new StoreBusyError(
          `${this.name} is being written by another triangulate process (${holder}); try again when it has finished${gone}`,
        );
      if (onWait) (onWait(holder), (onWait = undefined));
      await sleep(WRITER_POLL_MS);
    }
    try {
      return await fn();
    } finally {
      await this.db.deleteFrom('writer').where('token', '=', token).execute();
    }
  }

  /** Run `fn` in a transaction, or in the one this store's statements already belong to (PostgresStore.transaction). */
  protected atomically<T>(fn: (trx: Kysely<Tables>) => Promise<T>): Promise<T> {
    return this.db.isTransaction ? fn(this.db) : this.db.transaction().execute(fn);
  }

  async hasArticle(id: string): Promise<boolean> {
    return !!(await this.db.selectFrom('articles').select('id').where('id', '=', id).executeTakeFirst());
  }

  async saveArticle(
    article: Article,
    analysis: ArticleAnalysis,
    story: {
      state: StoryState;
      score: number;
      terms: string[];
      merged?: { from: string; into: string } | null;
      signature?: Uint32Array;
    },
  ): Promise<void> {
    await this.atomically(async (trx) => {
      if (story.merged) {
        const { from, into } = story.merged;
        const seq = await nextSeq(trx, 'story_merges');
        await trx.updateTable('story_articles').set({ story_id: into }).where('story_id', '=', from).execute();
        await trx.deleteFrom('briefs').where('story_id', '=', from).execute();
        await trx.deleteFrom('story_states').where('story_id', '=', from).execute();
        await trx.deleteFrom('brief_parts').where('story_id', '=', from).execute();
        await this.dropFromSearch(trx, from);
        await trx.deleteFrom('story_index').where('story_id', '=', from).execute();
        await trx.deleteFrom('stories').where('id', '=', from).execute();
        await trx
          .insertInto('story_merges')
          .values({ from_id: from, into_id: into, seq })
          .onConflict((oc) => oc.doNothing())
          .execute();
      }
      const terms = [...new Set(story.terms)];
      for (let i = 0; i < terms.length; i += 500) {
        const rows = terms.slice(i, i + 500).map((term) => ({ term, df: 1 }));
        await trx
          .insertInto('cluster_df')
          .values(rows)
          .onConflict((oc) => oc.column('term').doUpdateSet({ df: sql`cluster_df.df + 1` }))
          .execute();
      }
      await trx
        .insertInto('meta')
        .values({ key: 'cluster_n', value: '1' })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: sql`cast(cast(meta.value as integer) + 1 as text)` }))
        .execute();
      const seq = await nextSeq(trx, 'articles');
      await trx
        .insertInto('articles')
        .values({ id: article.id, seq, input: article.input, json: JSON.stringify(article) })
        .onConflict((oc) => oc.doNothing())
        .execute();
      await trx
        .insertInto('analyses')
        .values({ article_id: article.id, version: analysis.version, json: JSON.stringify(analysis) })
        .onConflict((oc) =>
          oc.column('article_id').doUpdateSet({ version: analysis.version, json: JSON.stringify(analysis) }),
        )
        .execute();
      const centroid = JSON.stringify([...story.state.centroid]);
      const actors = story.state.actors ? JSON.stringify([...story.state.actors]) : null;
      const { years, numbers, language, days } = story.state;
      const marks = JSON.stringify({
        years: [...(years ?? [])],
        numbers: [...(numbers ?? [])],
        ...(language ? { language } : {}),
        ...(days?.length ? { days } : {}),
      });
      await trx
        .insertInto('stories')
        .values({
          id: story.state.id,
          size: story.state.size,
          centroid,
          last_date: story.state.last ?? null,
          actors,
          marks,
        })
        .onConflict((oc) =>
          oc
            .column('id')
            .doUpdateSet({ size: story.state.size, centroid, last_date: story.state.last ?? null, actors, marks }),
        )
        .execute();
      await trx
        .insertInto('story_articles')
        .values({ article_id: article.id, story_id: story.state.id, score: story.score })
        .onConflict((oc) => oc.doNothing())
        .execute();
      if (story.signature) {
        const sig = story.signature;
        await trx
          .insertInto('signatures')
          .values({ article_id: article.id, sig: Buffer.from(sig.buffer, sig.byteOffset, sig.byteLength) })
          .onConflict((oc) => oc.doNothing())
          .execute();
        await trx
          .insertInto('lsh')
          .values(bandKeys(sig).map((band) => ({ band, article_id: article.id })))
          .onConflict((oc) => oc.doNothing())
          .execute();
      }
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

  async saveAnalysis(articleId: string, analysis: ArticleAnalysis): Promise<void> {
    await this.db
      .updateTable('analyses')
      .set({ version: analysis.version, json: JSON.stringify(analysis) })
      .where('article_id', '=', articleId)
      .execute();
  }

  async staleAnalyses(version: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('analyses')
      .innerJoin('articles', 'articles.id', 'analyses.article_id')
      .select('analyses.article_id')
      .where(otherVersion(version))
      .orderBy('articles.seq')
      .execute();
    return rows.map((r) => r.article_id);
  }

  async countStaleAnalyses(version: number): Promise<number> {
    const r = await this.db
      .selectFrom('analyses')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where(otherVersion(version))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async storyOf(articleId: string): Promise<string | null> {
    const r = await this.db
      .selectFrom('story_articles')
      .select('story_id')
      .where('article_id', '=', articleId)
      .executeTakeFirst();
    return r?.story_id ?? null;
  }

  async nearDuplicates(signature: Uint32Array): Promise<{ articleId: string; similarity: number }[]> {
    const ids = await this.db
      .selectFrom('lsh')
      .select('article_id')
      .distinct()
      .where('band', 'in', bandKeys(signature))
      .execute();
    if (!ids.length) return [];
    const rows = await this.db
      .selectFrom('signatures')
      .selectAll()
      .where(
        'article_id',
        'in',
        ids.map((r) => r.article_id),
      )
      .execute();
    return rows
      .map((r) => ({
        articleId: r.article_id,
        similarity: similarity(signature, new Uint32Array(new Uint8Array(r.sig).buffer)),
      }))
      .sort((a, b) => b.similarity - a.similarity || (a.articleId < b.articleId ? -1 : 1));
  }

  async resolveStory(id: string): Promise<string | null> {
    let cur = id;
    for (let hops = 0; hops < 100; hops++) {
      const m = await this.db
        .selectFrom('story_merges')
        .select('into_id')
        .where('from_id', '=', cur)
        .executeTakeFirst();
      if (!m) break;
      cur = m.into_id;
    }
    const exists = await this.db.selectFrom('stories').select('id').where('id', '=', cur).executeTakeFirst();
    return exists ? cur : null;
  }

  async storyArticles(storyId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('story_articles')
      .innerJoin('articles', 'articles.id', 'story_articles.article_id')
      .select('articles.id')
      .where('story_id', '=', storyId)
      .orderBy('articles.seq')
      .execute();
    return rows.map((r) => r.id);
  }

  async loadClusterState(): Promise<ClusterState | null> {
    const n = Number(
      (await this.db.selectFrom('meta').select('value').where('key', '=', 'cluster_n').executeTakeFirst())?.value ?? 0,
    );
    const rows = await this.db.selectFrom('stories').selectAll().orderBy('id').execute();
    if (!n && rows.length === 0) return null;
    const df = (await this.db.selectFrom('cluster_df').selectAll().orderBy('term').execute()).map(
      (r) => [r.term, r.df] as [string, number],
    );
    const merges = (
      await this.db.selectFrom('story_merges').select(['from_id', 'into_id']).orderBy('seq').execute()
    ).map((r) => [r.from_id, r.into_id] as [string, string]);
    return {
      n,
      df,
      merges,
      stories: rows.map((r) => ({
        id: r.id,
        size: r.size,
        last: r.last_date,
        centroid: new Map(JSON.parse(r.centroid) as [string, number][]),
        // Stories stored before people were counted have none: they never conflict.
        actors: r.actors ? new Map(JSON.parse(r.actors) as [string, number][]) : undefined,
        // Likewise years and numbers: stories stored before them have none.
        ...marksOf(r.marks),
      })),
    };
  }

  async saveBrief(brief: StoryBrief, extra?: { state: string; parts: Record<string, unknown[]> }): Promise<void> {
    const json = JSON.stringify(brief);
    const row = {
      story_id: brief.id,
      date_from: brief.span.from,
      date_to: brief.span.to,
      outlets: `\n${storyOutlets(brief).map(fold).join('\n')}\n`,
      names: entityNameLines(brief),
      search: searchText(brief),
      json: JSON.stringify(storySummary(brief)),
    };
    await this.atomically(async (trx) => {
      await trx
        .insertInto('briefs')
        .values({ story_id: brief.id, json })
        .onConflict((oc) => oc.column('story_id').doUpdateSet({ json }))
        .execute();
      await trx
        .insertInto('story_index')
        .values(row)
        .onConflict((oc) => oc.column('story_id').doUpdateSet(row))
        .execute();
      await this.indexForSearch(trx, brief.id, row.search, row.names);
      if (extra) await this.saveExtra(trx, brief.id, extra);
    });
  }

  private async saveExtra(
    trx: Kysely<Tables>,
    id: string,
    { state, parts }: { state: string; parts: Record<string, unknown[]> },
  ): Promise<void> {
    await trx
      .insertInto('story_states')
      .values({ story_id: id, json: state })
      .onConflict((oc) => oc.column('story_id').doUpdateSet({ json: state }))
      .execute();
    await trx.deleteFrom('brief_parts').where('story_id', '=', id).execute();
    const rows = Object.entries(parts).map(([part, items]) => ({ story_id: id, part, json: JSON.stringify(items) }));
    if (rows.length) await trx.insertInto('brief_parts').values(rows).execute();
  }

  async getBriefPart(storyId: string, part: string): Promise<string | null> {
    const r = await this.db
      .selectFrom('brief_parts')
      .select('json')
      .where('story_id', '=', storyId)
      .where('part', '=', part)
      .executeTakeFirst();
    return r?.json ?? null;
  }

  async getStoryState(storyId: string): Promise<string | null> {
    const r = await this.db
      .selectFrom('story_states')
      .select('json')
      .where('story_id', '=', storyId)
      .executeTakeFirst();
    return r?.json ?? null;
  }

  async getBriefJson(storyId: string): Promise<string | null> {
    const r = await this.db.selectFrom('briefs').select('json').where('story_id', '=', storyId).executeTakeFirst();
    return r?.json ?? null;
  }

  /** story_index rows the query's filters keep (its limit and offset aside). */
  private matching(q: StoryFilter) {
    let query = this.db.selectFrom('story_index');
    // Words match word prefixes ("soleim" finds Soleimani); an entity matches as a phrase.
    const match = this.searchMatch(queryWords(q.text ?? ''), queryWords(q.entity ?? ''));
    if (match) query = query.where(match);
    if (q.outlet?.trim()) query = query.where(this.contains('outlets', fold(q.outlet.trim())));
    if (q.from) query = query.where('date_to', '>=', q.from);
    if (q.to) query = query.where('date_from', '<=', q.to);
    return query;
  }

  async listStories(q: StoryQuery): Promise<Page<StorySummary>> {
    const query = this.matching(q);
    const total = Number((await query.select(sql<number>`count(*)`.as('n')).executeTakeFirst())?.n ?? 0);
    // Page by the small columns first (undated stories last), then fetch just that page's rows.
    const ids = (
      await query
        .select('story_id')
        .orderBy(sql`date_to desc nulls last`)
        .orderBy('story_id')
        .limit(q.limit)
        .offset(q.offset)
        .execute()
    ).map((r) => r.story_id);
    return { items: await this.summaries(ids), total, limit: q.limit, offset: q.offset };
  }

  async *storyPages(q: StoryFilter, size: number): AsyncGenerator<StorySummary[]> {
    // Keyset pages in listStories' order (newest first, undated last, then by id): each query
    // starts after the last row seen, so neither a count nor an offset is paid per page.
    for (let last: { story_id: string; date_to: string | null } | null = null; ;) {
      let query = this.matching(q);
      if (last) {
        const { story_id: id, date_to: d } = last;
        query = query.where((eb) =>
          d === null
            ? eb.and([eb('date_to', 'is', null), eb('story_id', '>', id)])
            : eb.or([
                eb('date_to', '<', d),
                eb.and([eb('date_to', '=', d), eb('story_id', '>', id)]),
                eb('date_to', 'is', null),
              ]),
        );
      }
      const rows = await query
        .select(['story_id', 'date_to'])
        .orderBy(sql`date_to desc nulls last`)
        .orderBy('story_id')
        .limit(size)
        .execute();
      if (rows.length) yield await this.summaries(rows.map((r) => r.story_id));
      if (rows.length < size) return;
      last = rows[rows.length - 1];
    }
  }

  /** The stored summaries of these stories, in this order, each with its storyline (null: none). */
  private async summaries(ids: string[]): Promise<StorySummary[]> {
    const rows = ids.length
      ? await this.db
          .selectFrom('story_index')
          .leftJoin('story_storyline', 'story_storyline.story_id', 'story_index.story_id')
          .select(['story_index.story_id', 'story_index.json', 'story_storyline.storyline_id'])
          .where('story_index.story_id', 'in', ids)
          .execute()
      : [];
    const byId = new Map(rows.map((r) => [r.story_id, r]));
    return ids.map((id) => {
      const r = byId.get(id)!;
      return { ...(JSON.parse(r.json) as StorySummary), storyline: r.storyline_id ?? null };
    });
  }

  async loadDigests(): Promise<EventDigest[]> {
    const rows = await this.db.selectFrom('story_digests').select('json').orderBy('story_id').execute();
    return rows.map((r) => JSON.parse(r.json) as EventDigest);
  }

  async saveDigests(digests: EventDigest[]): Promise<void> {
    await this.atomically(async (trx) => {
      for (const d of digests) {
        const json = JSON.stringify(d);
        await trx
          .insertInto('story_digests')
          .values({ story_id: d.id, json })
          .onConflict((oc) => oc.column('story_id').doUpdateSet({ json }))
          .execute();
      }
      // A story merged into another is gone from stories: its digest goes too.
      await trx
        .deleteFrom('story_digests')
        .where('story_id', 'not in', (eb) => eb.selectFrom('stories').select('id'))
        .execute();
    });
  }

  async saveStorylines(lines: Storyline[]): Promise<void> {
    await this.atomically(async (trx) => {
      await trx.deleteFrom('story_storyline').execute();
      await trx.deleteFrom('storylines').execute();
      for (const l of lines) {
        const summary: StorylineSummary = {
          id: l.id,
          title: l.title,
          from: l.from,
          to: l.to,
          events: l.events.length,
          articles: l.events.reduce((n, e) => n + e.articles, 0),
        };
        const row = { id: l.id, date_from: l.from, date_to: l.to, summary: JSON.stringify(summary) };
        await trx
          .insertInto('storylines')
          .values({ ...row, json: JSON.stringify(l) })
          .execute();
        const events = l.events.map((e) => ({ story_id: e.id, storyline_id: l.id }));
        for (let i = 0; i < events.length; i += 500)
          await trx
            .insertInto('story_storyline')
            .values(events.slice(i, i + 500))
            .execute();
      }
    });
  }

  async listStorylines(q: { limit: number; offset: number }): Promise<Page<StorylineSummary>> {
    const total = Number(
      (
        await this.db
          .selectFrom('storylines')
          .select(sql<number>`count(*)`.as('n'))
          .executeTakeFirst()
      )?.n ?? 0,
    );
    const rows = await this.db
      .selectFrom('storylines')
      .select('summary')
      .orderBy(sql`date_to desc nulls last`)
      .orderBy('id')
      .limit(q.limit)
      .offset(q.offset)
      .execute();
    return { items: rows.map((r) => JSON.parse(r.summary) as StorylineSummary), total, ...q };
  }

  async getStoryline(id: string): Promise<Storyline | null> {
    const r = await this.db.selectFrom('storylines').select('json').where('id', '=', id).executeTakeFirst();
    return r ? (JSON.parse(r.json) as Storyline) : null;
  }

  async storylineOf(storyId: string): Promise<string | null> {
    const r = await this.db
      .selectFrom('story_storyline')
      .select('storyline_id')
      .where('story_id', '=', storyId)
      .executeTakeFirst();
    return r?.storyline_id ?? null;
  }

  async storiesWithNames(names: string[]): Promise<string[]> {
    const ids = new Set<string>();
    for (const n of names) {
      const rows = await this.db
        .selectFrom('story_index')
        .select('story_id')
        .where(this.contains('names', `\n${fold(n.trim())}\n`))
        .execute();
      rows.forEach((r) => ids.add(r.story_id));
    }
    return [...ids].sort();
  }

  async saveOverride(o: EntityOverride): Promise<void> {
    await this.atomically(async (trx) => {
      const seq = await nextSeq(trx, 'overrides');
      await trx
        .insertInto('overrides')
        .values({ id: o.id, seq, json: JSON.stringify(o) })
        .onConflict((oc) => oc.doNothing())
        .execute();
    });
  }

  async listOverrides(): Promise<EntityOverride[]> {
    const rows = await this.db.selectFrom('overrides').select('json').orderBy('seq').execute();
    return rows.map((r) => JSON.parse(r.json) as EntityOverride);
  }

  async deleteOverride(id: string): Promise<EntityOverride | null> {
    const r = await this.db.deleteFrom('overrides').where('id', '=', id).returning('json').executeTakeFirst();
    return r ? (JSON.parse(r.json) as EntityOverride) : null;
  }

  async recordFailure(f: Failure, article?: Article): Promise<void> {
    const row = { ...f, article: article ? JSON.stringify(article) : null };
    const failures = this.db.insertInto('failures').values(row);
    await failures.onConflict((oc) => oc.columns(['stage', 'subject']).doUpdateSet(row)).execute();
  }

  async clearFailures(subject: string, stages: Failure['stage'][]): Promise<void> {
    await this.db.deleteFrom('failures').where('subject', '=', subject).where('stage', 'in', stages).execute();
  }

  async listFailures(): Promise<Failure[]> {
    const rows = await this.db
      .selectFrom('failures')
      .select(['stage', 'subject', 'input', 'reason', 'at'])
      .orderBy('at', 'desc')
      .orderBy('stage')
      .orderBy('subject')
      .execute();
    return rows.map((r) => ({ ...r, stage: r.stage as Failure['stage'] }));
  }

  async failedArticles(): Promise<Article[]> {
    const failed = this.db.selectFrom('failures').select('article').where('article', 'is not', null);
    const rows = await failed.orderBy('at').orderBy('subject').execute();
    return rows.map((r) => JSON.parse(r.article!) as Article);
  }

  async feedState(url: string): Promise<FeedState | null> {
    const r = await this.db.selectFrom('watch_feeds').select('json').where('url', '=', url).executeTakeFirst();
    return r ? (JSON.parse(r.json) as FeedState) : null;
  }

  async saveFeedState(s: FeedState): Promise<void> {
    const row = { url: s.url, json: JSON.stringify(s) };
    await this.db
      .insertInto('watch_feeds')
      .values(row)
      .onConflict((oc) => oc.column('url').doUpdateSet({ json: row.json }))
      .execute();
  }

  async unseenItems(feed: string, items: string[]): Promise<string[]> {
    const seen = new Set<string>();
    for (let i = 0; i < items.length; i += 500) {
      const part = items.slice(i, i + 500);
      const q = this.db.selectFrom('watch_items').select('item').where('feed', '=', feed);
      for (const r of await q.where('item', 'in', part).execute()) seen.add(r.item);
    }
    return items.filter((k) => !seen.has(k));
  }

  async markItemsSeen(feed: string, items: string[], at: string): Promise<void> {
    for (let i = 0; i < items.length; i += 500) {
      const rows = items.slice(i, i + 500).map((item) => ({ feed, item, at }));
      await this.db
        .insertInto('watch_items')
        .values(rows)
        .onConflict((oc) => oc.columns(['feed', 'item']).doNothing())
        .execute();
    }
  }

  async countArticles(): Promise<number> {
    return Number(
      (
        await this.db
          .selectFrom('articles')
          .select(sql<number>`count(*)`.as('n'))
          .executeTakeFirst()
      )?.n ?? 0,
    );
  }

  async getBrief(storyId: string): Promise<StoryBrief | null> {
    const r = await this.db.selectFrom('briefs').select('json').where('story_id', '=', storyId).executeTakeFirst();
    return r ? (JSON.parse(r.json) as StoryBrief) : null;
  }

  async *briefPages(size: number): AsyncGenerator<StoryBrief[]> {
    // Keyset pages: each query starts after the last id seen, so a page costs the same however deep.
    for (let after = ''; ;) {
      const rows = await this.db
        .selectFrom('briefs')
        .select(['story_id', 'json'])
        .where('story_id', '>', after)
        .orderBy('story_id')
        .limit(size)
        .execute();
      if (rows.length) yield rows.map((r) => JSON.parse(r.json) as StoryBrief);
      if (rows.length < size) return;
      after = rows[rows.length - 1].story_id;
    }
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}

/** A story's stored years, numbers, language and report days (see StoryState). */
function marksOf(json: string | null): {
  years?: Map<string, number>;
  numbers?: Map<string, number>;
  language?: string;
  days?: string[];
} {
  if (!json) return {};
  const m = JSON.parse(json) as {
    years: [string, number][];
    numbers: [string, number][];
    language?: string;
    days?: string[];
  };
  return {
    years: new Map(m.years),
    numbers: new Map(m.numbers),
    ...(m.language ? { language: m.language } : {}),
    ...(m.days ? { days: m.days } : {}),
  };
}
