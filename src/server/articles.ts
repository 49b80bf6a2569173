import type { FastifyPluginAsync } from 'fastify';
import { cleanField } from '../ingest/article.js';
import { decode } from '../ingest/decode.js';
import { IngestError } from '../ingest/errors.js';
import { failInto, finishArticle, formatOfMediaType, readBytes, type ReadResult } from '../ingest/index.js';
import { fieldsFromObject, jsonItems } from '../ingest/jsonl.js';
import type { InputError } from '../model.js';
import { currentAnalysis, ingestSources, type Analysers, type Source } from '../pipeline.js';
import type { Store } from '../store/store.js';
import { parseFullDate } from '../util/dates.js';
import { articleObject, errors, idParam, ingestQuery } from './schemas.js';

const MAX_BATCH = 1000;

/** Media types read as raw article bodies: text, HTML, JSONL and feeds. */
const RAW_TYPES = [
  'text/plain',
  'text/markdown',
  'text/html',
  'application/xhtml+xml',
  'application/x-ndjson',
  'application/jsonl',
  'application/rss+xml',
  'application/atom+xml',
  'application/xml',
  'text/xml',
];

type Options = { store: Store; write: <T>(fn: () => Promise<T>) => Promise<T>; analysers?: Analysers };

export const articleRoutes: FastifyPluginAsync<Options> = async (app, { store, write, analysers }) => {
  app.get<{ Params: { id: string }; Querystring: { tokens: boolean } }>(
    '/api/articles/:id',
    {
      schema: {
        summary: 'one article with its annotations (sentences, mentions, quotes, times, quantities; tokens on request)',
        tags: ['articles'],
        params: idParam,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { tokens: { type: 'boolean', default: false } },
        },
        response: { 200: { type: 'object', additionalProperties: true }, ...errors },
      },
    },
    async (req, reply) => {
      const article = await store.getArticle(req.params.id);
      if (!article)
        return reply.status(404).send({ statusCode: 404, error: 'Not Found', message: `no article ${req.params.id}` });
      // Offsets must agree with the story's brief, which is built from current analyses.
      const { tokens, ...annotations } = await currentAnalysis(store, article);
      return {
        article,
        storyId: await store.storyOf(article.id),
        annotations: req.query.tokens ? { tokens, ...annotations } : annotations,
      };
    },
  );

  // Bodies arrive as bytes and are decoded here exactly as the CLI decodes a file: binary,
  // invalid UTF-8 and a declared charset are handled once, in src/ingest.
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser(RAW_TYPES, { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => {
    let text: string;
    try {
      text = decode('request', body as Buffer);
    } catch (e) {
      return done(Object.assign(new Error((e as Error).message), { statusCode: 400 }), undefined);
    }
    parseJson(req, text, done);
  });

  app.post<{ Querystring: { date?: string; title?: string; url?: string; outlet?: string }; Body: unknown }>(
    '/api/articles',
    {
      schema: {
        summary:
          'ingest articles: a JSON article, an array of them or {"articles": [...]}; or one raw text/plain, text/html, JSONL or RSS/Atom body',
        description: `At most ${MAX_BATCH} articles per request and 20 MB per body. Inputs that fail are listed in errors; the rest are stored. 422 when nothing could be read.`,
        tags: ['articles'],
        querystring: ingestQuery,
        body: {
          anyOf: [
            articleObject,
            { type: 'array', maxItems: MAX_BATCH, items: articleObject },
            {
              type: 'object',
              properties: { articles: { type: 'array', maxItems: MAX_BATCH, items: articleObject } },
              required: ['articles'],
            },
            { type: 'string' },
          ],
        },
        response: { 200: { $ref: 'IngestResult#' }, 422: { $ref: 'IngestResult#' }, ...errors },
      },
    },
    async (req, reply) => {
      const date = req.query.date ? parseFullDate(req.query.date) : null;
      if (req.query.date && !date)
        return reply.status(400).send({
          statusCode: 400,
          error: 'Bad Request',
          message: `querystring/date ${JSON.stringify(req.query.date)} is not a date`,
        });
      const sources = bodySources(req.body, req.headers['content-type'] ?? '', req.query, date);
      const result = await write(() => ingestSources(store, sources, analysers));
      // One log line per failed input or analysis, with the request id, as for a 5xx.
      for (const e of result.errors) req.log.warn({ input: e.input, reason: e.reason }, 'ingest failure');
      const out = {
        added: result.added,
        articleIds: result.articleIds,
        storyIds: result.storyIds,
        errors: result.errors,
        merges: result.merges,
      };
      return reply.status(result.articleIds.length === 0 ? 422 : 200).send(out);
    },
  );
};

/** A request body as sources for the pipeline; every article is named "request" or "request[i]". */
function bodySources(
  body: unknown,
  contentType: string,
  meta: { title?: string; url?: string; outlet?: string },
  date: string | null,
): Source[] {
  if (Buffer.isBuffer(body)) {
    const charset = /charset=["']?([\w-]+)/i.exec(contentType)?.[1] ?? null;
    const format = formatOfMediaType(contentType.split(';')[0].trim().toLowerCase(), body);
    return [{ name: 'request', read: () => withMeta(readBytes('request', body, format, date, charset), meta) }];
  }
  const list = jsonItems(body) ?? [body];
  return list.map((o, i) => {
    const name = list[0] === body ? 'request' : `request[${i}]`;
    return {
      name,
      read: (): ReadResult => {
        const errs: InputError[] = [];
        const fail = failInto(errs, name);
        try {
          const warnings: IngestError[] = [];
          const fields = fieldsFromObject(name, o, warnings);
          warnings.forEach(fail);
          return { articles: finishArticle(fields, date, fail), errors: errs };
        } catch (e) {
          fail(e);
          return { articles: [], errors: errs };
        }
      },
    };
  });
}

/** Query-string metadata fills what a raw body does not say itself. */
function withMeta(r: ReadResult, meta: { title?: string; url?: string; outlet?: string }): ReadResult {
  for (const a of r.articles) {
    a.title ??= cleanField(meta.title);
    a.url ??= cleanField(meta.url);
    a.outlet ??= cleanField(meta.outlet);
  }
  return r;
}
