import type { FastifyPluginAsync } from 'fastify';
import type { Store } from '../store/store.js';
import { errors } from './schemas.js';

// Read-only: the work that failed (as `triangulate failures` lists it), retried by the next ingest or reanalyse.

const str = { type: 'string' };
const failure = {
  type: 'object',
  description: 'An article (analysis, write) or story brief (analysis, write) that failed; subject is its id.',
  properties: {
    stage: { type: 'string', enum: ['article-analysis', 'article-write', 'story-analysis', 'brief-write'] },
    subject: str,
    input: str,
    reason: str,
    at: str,
  },
};

export const failureRoutes: FastifyPluginAsync<{ store: Store }> = async (app, { store }) => {
  const schema = {
    summary: 'work that failed, latest first',
    tags: ['failures'],
    response: { 200: { type: 'array', items: failure }, ...errors },
  };
  app.get('/api/failures', { schema }, async () => store.listFailures());
};
