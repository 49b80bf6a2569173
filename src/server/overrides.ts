import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { EntityOverride } from '../model.js';
import { addOverride, removeOverride, type Analysers } from '../pipeline.js';
import type { Store } from '../store/store.js';
import { mergeOverride, OverrideError, splitOverride } from '../story/overrides.js';
import { errors, idParam, overrideBody } from './schemas.js';

// Analyst corrections to entity resolution. Stored by name, re-applied on every
// re-analysis; each change re-analyses the stories it can affect and says which.

const result = {
  type: 'object',
  properties: { override: { $ref: 'Override#' }, stories: { type: 'array', items: { type: 'string' } } },
} as const;

type Options = { store: Store; write: <T>(fn: () => Promise<T>) => Promise<T>; analysers?: Analysers };

export const overrideRoutes: FastifyPluginAsync<Options> = async (app, { store, write, analysers }) => {
  const bad = (reply: FastifyReply, message: string, status = 400) =>
    reply.status(status).send({ statusCode: status, error: status === 404 ? 'Not Found' : 'Bad Request', message });
  const apply = async (reply: FastifyReply, make: () => EntityOverride) => {
    let o: EntityOverride;
    try {
      o = make();
    } catch (e) {
      if (e instanceof OverrideError) return bad(reply, e.message);
      throw e;
    }
    const stories = await write(() => addOverride(store, o, analysers));
    return reply.status(201).send({ override: o, stories });
  };

  app.get(
    '/api/overrides',
    {
      schema: {
        summary: 'every entity override, oldest first',
        tags: ['entities'],
        response: { 200: { type: 'array', items: { $ref: 'Override#' } } },
      },
    },
    async () => store.listOverrides(),
  );

  app.post<{
    Body:
      { kind: 'merge'; names: string[]; note?: string } | { kind: 'split'; name: string; from: string; note?: string };
  }>(
    '/api/overrides',
    {
      schema: {
        summary: 'merge names into one entity, or split a name from an entity',
        tags: ['entities'],
        body: overrideBody,
        response: { 201: result, ...errors },
      },
    },
    async (req, reply) => {
      const b = req.body;
      return apply(reply, () =>
        b.kind === 'merge' ? mergeOverride(b.names, b.note) : splitOverride(b.name, b.from, b.note),
      );
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/api/overrides/:id',
    {
      schema: {
        summary: 'undo an override',
        tags: ['entities'],
        params: idParam,
        response: {
          200: { type: 'object', properties: { stories: { type: 'array', items: { type: 'string' } } } },
          ...errors,
        },
      },
    },
    async (req, reply) => {
      const stories = await write(() => removeOverride(store, req.params.id, analysers));
      if (!stories) return bad(reply, `no override ${req.params.id}`, 404);
      return { stories };
    },
  );

  // Entity-id forms used by the UI: ids are resolved to names within the story.
  const entitiesOf = async (storyId: string) => (await store.getBrief(storyId))?.entities ?? null;

  app.post<{ Params: { id: string }; Body: { entityIds: string[]; note?: string } }>(
    '/api/stories/:id/entities/merge',
    {
      schema: {
        summary: 'merge entities of a story (by entity id) into one; recorded as a merge of their names',
        tags: ['entities'],
        params: idParam,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            entityIds: { type: 'array', minItems: 2, maxItems: 50, items: { type: 'string', maxLength: 64 } },
            note: { type: 'string', maxLength: 500 },
          },
          required: ['entityIds'],
        },
        response: { 201: result, ...errors },
      },
    },
    async (req, reply) => {
      const entities = await entitiesOf(req.params.id);
      if (!entities) return bad(reply, `no story ${req.params.id}`, 404);
      const chosen = req.body.entityIds.map((id) => entities.find((e) => e.id === id));
      const missing = req.body.entityIds.filter((_, i) => !chosen[i]);
      if (missing.length) return bad(reply, `no entity ${missing.join(', ')} in story ${req.params.id}`, 404);
      return apply(reply, () =>
        mergeOverride(
          chosen.map((e) => e!.name),
          req.body.note,
        ),
      );
    },
  );

  app.post<{ Params: { id: string; entityId: string }; Body: { alias: string; note?: string } }>(
    '/api/stories/:id/entities/:entityId/split',
    {
      schema: {
        summary: 'split an alias off an entity of a story',
        tags: ['entities'],
        params: {
          type: 'object',
          properties: { id: idParam.properties.id, entityId: idParam.properties.id },
          required: ['id', 'entityId'],
        },
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            alias: { type: 'string', minLength: 1, maxLength: 200 },
            note: { type: 'string', maxLength: 500 },
          },
          required: ['alias'],
        },
        response: { 201: result, ...errors },
      },
    },
    async (req, reply) => {
      const entities = await entitiesOf(req.params.id);
      if (!entities) return bad(reply, `no story ${req.params.id}`, 404);
      const e = entities.find((x) => x.id === req.params.entityId);
      if (!e) return bad(reply, `no entity ${req.params.entityId} in story ${req.params.id}`, 404);
      if (!e.aliases.includes(req.body.alias))
        return bad(reply, `${JSON.stringify(req.body.alias)} is not an alias of ${e.name}`);
      return apply(reply, () => splitOverride(req.body.alias, e.name, req.body.note));
    },
  );
};
