import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { Readable } from 'node:stream';
import { CSV_HEAD, csvRows, exportRecords, toCsv, toJsonl } from '../render/export.js';
import { renderBrief } from '../render/text.js';
import type { Store } from '../store/store.js';
import { PARTS, type Part } from '../story/bounds.js';
import { errors, idParam, pageQuery, storyQuery } from './schemas.js';

// Read-only story views. The brief is stored as JSON and served as stored; its parts
// (entities, quotes...) page through the whole lists stored with it (a brief's own are cut).

/** A page of a whole list: `limit` items from `offset`, and how many there are. */
function page(items: unknown[], limit: number, offset: number) {
  return { items: items.slice(offset, offset + limit), total: items.length, limit, offset };
}

export const storyRoutes: FastifyPluginAsync<{ store: Store }> = async (app, { store }) => {
  // A story merged into another answers with a permanent redirect to the one it joined.
  // The location is built from the routed parts, not the raw URL (which may spell /api as /%61pi).
  const notFound = async (reply: FastifyReply, id: string, rest = '') => {
    const into = await store.resolveStory(id);
    if (into && into !== id) return reply.redirect(`/api/stories/${into}${rest}`, 301);
    return reply.status(404).send({ statusCode: 404, error: 'Not Found', message: `no story ${id}` });
  };
  const brief = (id: string) => store.getBrief(id);

  app.get<{
    Querystring: {
      q?: string;
      entity?: string;
      outlet?: string;
      from?: string;
      to?: string;
      limit: number;
      offset: number;
    };
  }>(
    '/api/stories',
    {
      schema: {
        summary: 'list and search stories (newest first, paginated)',
        tags: ['stories'],
        querystring: storyQuery,
        response: {
          200: {
            type: 'object',
            properties: {
              items: { type: 'array', items: { $ref: 'StorySummary#' } },
              total: { type: 'integer' },
              limit: { type: 'integer' },
              offset: { type: 'integer' },
            },
          },
          ...errors,
        },
      },
    },
    async (req) => {
      const { q, entity, outlet, from, to, limit, offset } = req.query;
      return store.listStories({ text: q, entity, outlet, from, to, limit, offset });
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/stories/:id',
    {
      schema: {
        summary: 'one story: its whole brief',
        tags: ['stories'],
        params: idParam,
        response: { 200: { $ref: 'StoryBrief#' }, ...errors },
      },
    },
    async (req, reply) => {
      const json = await store.getBriefJson(req.params.id);
      if (!json) return notFound(reply, req.params.id);
      // Already JSON: sent as stored, no parse and re-serialise.
      return reply.type('application/json; charset=utf-8').send(json);
    },
  );

  app.get<{ Querystring: { limit: number; offset: number } }>(
    '/api/storylines',
    {
      schema: {
        summary: 'list storylines: events that continue one another (newest first, paginated)',
        tags: ['storylines'],
        querystring: pageQuery,
        response: {
          200: {
            type: 'object',
            properties: {
              items: { type: 'array', items: { $ref: 'StorylineSummary#' } },
              total: { type: 'integer' },
              limit: { type: 'integer' },
              offset: { type: 'integer' },
            },
          },
          ...errors,
        },
      },
    },
    async (req) => store.listStorylines(req.query),
  );

  const noStoryline = (reply: FastifyReply, message: string) =>
    reply.status(404).send({ statusCode: 404, error: 'Not Found', message });

  app.get<{ Params: { id: string } }>(
    '/api/storylines/:id',
    {
      schema: {
        summary: 'one storyline: its dated events, each with why it is linked',
        tags: ['storylines'],
        params: idParam,
        response: { 200: { $ref: 'Storyline#' }, ...errors },
      },
    },
    async (req, reply) =>
      (await store.getStoryline(req.params.id)) ?? noStoryline(reply, `no storyline ${req.params.id}`),
  );

  app.get<{ Params: { id: string } }>(
    '/api/stories/:id/storyline',
    {
      schema: {
        summary: 'the storyline a story (an event) belongs to: {storyline: null} if it belongs to none',
        tags: ['storylines'],
        params: idParam,
        response: {
          200: { type: 'object', properties: { storyline: { anyOf: [{ $ref: 'Storyline#' }, { type: 'null' }] } } },
          ...errors,
        },
      },
    },
    async (req, reply) => {
      if (!(await store.getBriefJson(req.params.id))) return notFound(reply, req.params.id, '/storyline');
      const id = await store.storylineOf(req.params.id);
      return { storyline: id ? await store.getStoryline(id) : null };
    },
  );

  app.get<{ Params: { id: string; part: Part }; Querystring: { limit: number; offset: number } }>(
    '/api/stories/:id/:part',
    {
      schema: {
        summary: "one part of a story's brief, whole, a page at a time",
        tags: ['stories'],
        params: {
          type: 'object',
          properties: { id: idParam.properties.id, part: { type: 'string', enum: [...PARTS] } },
          required: ['id', 'part'],
        },
        querystring: pageQuery,
        response: {
          200: {
            type: 'object',
            properties: {
              items: { type: 'array', items: { type: 'object', additionalProperties: true } },
              total: { type: 'integer' },
              limit: { type: 'integer' },
              offset: { type: 'integer' },
            },
          },
          ...errors,
        },
      },
    },
    async (req, reply) => {
      const { id, part } = req.params;
      const { limit, offset } = req.query;
      const whole = await store.getBriefPart(id, part);
      if (whole) return page(JSON.parse(whole) as unknown[], limit, offset);
      // A brief stored before its parts were: its own (possibly cut) list.
      const b = await brief(id);
      if (!b) return notFound(reply, id, `/${part}`);
      return page(b[part], limit, offset);
    },
  );

  app.get<{ Params: { id: string }; Querystring: { format: 'json' | 'jsonl' | 'csv' | 'md' } }>(
    '/api/stories/:id/export',
    {
      schema: {
        summary: 'download a story as JSON, JSONL (one record per line), CSV or Markdown',
        tags: ['exports'],
        params: idParam,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { format: { type: 'string', enum: ['json', 'jsonl', 'csv', 'md'], default: 'json' } },
        },
      },
    },
    async (req, reply) => {
      const b = await brief(req.params.id);
      if (!b) return notFound(reply, req.params.id, `/export?format=${req.query.format}`);
      const f = req.query.format;
      reply.header('content-disposition', `attachment; filename="story-${b.id}.${f}"`);
      if (f === 'json') return reply.type('application/json; charset=utf-8').send(`${JSON.stringify(b, null, 2)}\n`);
      if (f === 'jsonl') return reply.type('application/x-ndjson; charset=utf-8').send(toJsonl(exportRecords(b)));
      if (f === 'csv') return reply.type('text/csv; charset=utf-8').send(toCsv(exportRecords(b)));
      return reply.type('text/markdown; charset=utf-8').send(`${renderBrief(b, 'md')}\n`);
    },
  );

  app.get<{ Querystring: { format: 'jsonl' | 'csv' } }>(
    '/api/export',
    {
      schema: {
        summary: 'every story: JSONL (one brief per line) or CSV (one record per row)',
        tags: ['exports'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { format: { type: 'string', enum: ['jsonl', 'csv'], default: 'jsonl' } },
        },
      },
    },
    async (req, reply) => {
      const csv = req.query.format === 'csv';
      // Written a page of stories at a time: a store of any size exports in little memory.
      async function* parts() {
        if (csv) yield CSV_HEAD;
        for await (const page of store.briefPages(100))
          yield csv ? csvRows(page.flatMap(exportRecords)) : toJsonl(page);
      }
      reply.header('content-disposition', `attachment; filename="stories.${req.query.format}"`);
      return reply
        .type(csv ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8')
        .send(Readable.from(parts()));
    },
  );
};
