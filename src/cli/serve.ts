import { fileURLToPath } from 'node:url';
import { InvalidArgumentError, type Command } from 'commander';
import { buildServer } from '../server/app.js';
import { plural } from '../render/text.js';
import { isLoopback } from '../server/auth.js';
import { DB_HELP, openStore } from '../store/open.js';
import type { Store } from '../store/store.js';
import { ANALYSIS_VERSION } from '../article/analyze.js';

/** The built UI: dist/web next to dist/src. */
export const WEB_ROOT = fileURLToPath(new URL('../../web/', import.meta.url));

export function parsePort(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError('expected a port number from 0 to 65535');
  return n;
}

export function addServeCommand(program: Command, fail: (code: number) => void): void {
  program
    .command('serve')
    .description('serve the HTTP API (/api, documented at /openapi.json) and the web UI')
    .option('--db <path>', DB_HELP, 'triangulate.db')
    .option('--port <port>', 'port (0 picks a free one)', parsePort, 8080)
    .option('--host <host>', 'address to listen on; anything but loopback needs a token', '127.0.0.1')
    .option('--token <token>', 'API token required as "Authorization: Bearer <token>" (default: $TRIANGULATE_TOKEN)')
    .action(async (o: { db: string; port: number; host: string; token?: string }) => {
      const token = o.token ?? process.env.TRIANGULATE_TOKEN ?? null;
      if (!isLoopback(o.host) && !token) {
        process.stderr.write(
          `triangulate: refusing to listen on ${o.host} without an API token (--token or TRIANGULATE_TOKEN)\n`,
        );
        fail(1);
        return;
      }
      if (token && token.length < 16) {
        process.stderr.write('triangulate: the API token must be at least 16 characters\n');
        fail(1);
        return;
      }
      const store = await openStore(o.db);
      const app = await buildServer({ store, token, webRoot: WEB_ROOT, hosts: [o.host] });
      const address = await app.listen({ port: o.port, host: o.host });
      process.stdout.write(
        `triangulate: serving ${address} (${await store.countArticles()} articles in ${store.name})\n`,
      );
      // Briefs are served as stored: after an upgrade, say how to bring them up to date.
      const stale = await store.countStaleAnalyses(ANALYSIS_VERSION);
      if (stale)
        process.stderr.write(
          `triangulate: ${plural(stale, 'article')} in ${store.name} ${stale === 1 ? 'was' : 'were'} analysed by an older version; \`triangulate reanalyse --db ${store.name === o.db ? o.db : '<the same --db>'}\` brings their stories up to date\n`,
        );
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await app.close();
      await store.close();
    });
}
