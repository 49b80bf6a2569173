#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build` (run by `npm ci` via "prepare").
import { main } from '../dist/src/cli/main.js';
// A closed pipe (`triangulate ... | head`) is a normal way to stop reading, not an error.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
main(process.argv).then((code) => {
  process.exitCode = code;
});
