// JSON Schemas for the HTTP API: they validate requests (fastify + ajv) and document
// the API (@fastify/swagger turns them into /openapi.json). Briefs and annotations are
// described in docs/SCHEMA.md and passed through whole.

const str = { type: 'string' } as const;
const nstr = { type: ['string', 'null'] } as const;
const int = { type: 'integer' } as const;
// ajv-formats' `date` checks the calendar too (no 2020-13-45, no 0000-00-00).
const day = { type: 'string', format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;

export const shared = [
  {
    $id: 'Error',
    type: 'object',
    properties: {
      statusCode: int,
      error: str,
      message: str,
      requestId: { ...str, description: 'on a 5xx: the id of its log line (also the x-request-id header)' },
    },
    required: ['statusCode', 'error', 'message'],
  },
  {
    $id: 'InputError',
    type: 'object',
    properties: { input: str, reason: str },
    required: ['input', 'reason'],
  },
  {
    $id: 'StorySummary',
    type: 'object',
    properties: {
      id: str,
      headline: str,
      articles: int,
      independentSources: int,
      from: nstr,
      to: nstr,
      outlets: { type: 'array', items: str },
      topEntities: { type: 'array', items: { type: 'object', properties: { id: str, name: str, type: str } } },
      storyline: { ...nstr, description: 'the storyline this story (an event) belongs to, if any' },
    },
  },
  {
    $id: 'StorylineSummary',
    type: 'object',
    properties: { id: str, title: str, from: nstr, to: nstr, events: int, articles: int },
  },
  {
    $id: 'Storyline',
    type: 'object',
    description:
      'Events (stories) that continue one another, by date; each event names the event it is closest to and why (rule, shared names and words, days apart).',
    additionalProperties: true,
  },
  {
    $id: 'StoryBrief',
    type: 'object',
    description:
      'A story brief: articles, summary, entities, quotes, timeline, facts, conflicts, syndication; every line cited (docs/SCHEMA.md).',
    additionalProperties: true,
  },
  {
    $id: 'Override',
    type: 'object',
    description:
      'merge: the listed names are one entity. split: `name` is never grouped with the entity carrying `from`.',
    properties: {
      id: str,
      kind: { type: 'string', enum: ['merge', 'split'] },
      names: { type: 'array', items: str },
      name: str,
      from: str,
      note: nstr,
    },
  },
  {
    $id: 'IngestResult',
    type: 'object',
    properties: {
      added: int,
      articleIds: { type: 'array', items: str },
      storyIds: { type: 'array', items: str },
      errors: { type: 'array', items: { $ref: 'InputError#' } },
      merges: {
        type: 'array',
        items: { type: 'object', properties: { from: str, into: str } },
        description: 'stories that grew into one another; the old id redirects',
      },
    },
  },
];

export const errors = {
  400: { $ref: 'Error#' },
  401: { $ref: 'Error#' },
  404: { $ref: 'Error#' },
} as const;

export const idParam = {
  type: 'object',
  properties: { id: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' } },
  required: ['id'],
} as const;

// Control characters (NUL breaks PostgreSQL) are never part of a search.
const noControls = '^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f]*$';

/** A page of one part of a story (GET /api/stories/:id/:part). */
export const pageQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
    offset: { type: 'integer', minimum: 0, maximum: 1000000, default: 0 },
  },
} as const;

export const storyQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    q: {
      type: 'string',
      maxLength: 200,
      pattern: noControls,
      description: 'words that must all appear (headline, titles, summary, entity names)',
    },
    entity: { type: 'string', maxLength: 200, pattern: noControls, description: 'entity name or alias (substring)' },
    outlet: { type: 'string', maxLength: 200, pattern: noControls },
    from: { ...day, description: 'stories reaching this date or later' },
    to: { ...day, description: 'stories starting this date or earlier' },
    limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
    offset: { type: 'integer', minimum: 0, maximum: 1000000, default: 0 },
  },
} as const;

export const ingestQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    date: { ...day, description: 'publication date for articles that carry none' },
    title: { type: 'string', maxLength: 500, description: 'title of a text/plain or text/html body' },
    url: { type: 'string', maxLength: 2000 },
    outlet: { type: 'string', maxLength: 200 },
  },
} as const;

// Field types are not enforced here: a field of the wrong type is reported for its item in
// `errors` and left out, and the rest of the item and of the batch are stored.
const field = (description: string) => ({
  description: `${description}; any other type is reported in errors and ignored`,
});

export const articleObject = {
  description:
    'One article: `text` (or `body`/`content`) or `html`, with optional title, url, outlet, date/publishedAt, byline. An item that is not an object is reported in errors.',
  properties: {
    text: field('string'),
    html: field('string'),
    title: field('string'),
    url: field('string'),
    outlet: field('string, or an object with a string "name"'),
    date: field('string (a date)'),
    publishedAt: field('string (a date)'),
    byline: field('string, or an object with a string "name"'),
  },
  additionalProperties: true,
  // A batch wrapper is not an article.
  not: { type: 'object', required: ['articles'] },
} as const;

export const overrideBody = {
  oneOf: [
    {
      type: 'object',
      additionalProperties: false,
      properties: {
        kind: { const: 'merge' },
        names: { type: 'array', minItems: 2, maxItems: 50, items: { type: 'string', minLength: 1, maxLength: 200 } },
        note: { type: 'string', maxLength: 500 },
      },
      required: ['kind', 'names'],
    },
    {
      type: 'object',
      additionalProperties: false,
      properties: {
        kind: { const: 'split' },
        name: { type: 'string', minLength: 1, maxLength: 200 },
        from: { type: 'string', minLength: 1, maxLength: 200 },
        note: { type: 'string', maxLength: 500 },
      },
      required: ['kind', 'name', 'from'],
    },
  ],
} as const;
