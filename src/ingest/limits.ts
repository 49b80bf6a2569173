/** Bounds on untrusted input. A file over MAX_INPUT_BYTES is refused before it is read. */
export const MAX_INPUT_BYTES = 20 * 1024 * 1024;
/** One article's text is capped: longer bodies are almost always dumps, not news. */
export const MAX_ARTICLE_CHARS = 500_000;
/** Shortest body we accept as an article. */
export const MIN_ARTICLE_CHARS = 20;
/** Raw text is refused above this before any normalisation runs (room for the whitespace and furniture it removes). */
export const MAX_RAW_ARTICLE_CHARS = 2 * MAX_ARTICLE_CHARS;
