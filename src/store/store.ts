import type { Article, ArticleAnalysis, StoryBrief } from '../model.js';
import type { StoryState } from '../story/cluster.js';

/** Everything the pipeline persists. One interface; SQLite now, PostgreSQL later. */
export interface Store {
  hasArticle(id: string): Promise<boolean>;
  /** Article, its analysis and its story assignment, written atomically. */
  saveArticle(article: Article, analysis: ArticleAnalysis, story: { state: StoryState; score: number }): Promise<void>;
  getArticle(id: string): Promise<Article | null>;
  getAnalysis(id: string): Promise<ArticleAnalysis | null>;
  storyOf(articleId: string): Promise<string | null>;
  storyArticles(storyId: string): Promise<string[]>;
  loadClusterState(): Promise<{ stories: StoryState[]; df: [string, number][]; n: number } | null>;
  saveClusterState(state: { df: [string, number][]; n: number }): Promise<void>;
  saveBrief(brief: StoryBrief): Promise<void>;
  getBrief(storyId: string): Promise<StoryBrief | null>;
  listBriefs(): Promise<StoryBrief[]>;
  close(): Promise<void>;
}
