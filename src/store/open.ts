import { isPostgresUrl, PostgresStore } from './postgres.js';
import { SqliteStore } from './sqlite.js';
import type { Store } from './store.js';

/** The store a --db value names: a postgres:// URL is a PostgreSQL database, anything else a SQLite file. */
export function openStore(db: string): Promise<Store> {
  return isPostgresUrl(db) ? PostgresStore.open(db) : SqliteStore.open(db);
}

/** What every command's --db option says. */
export const DB_HELP = 'SQLite file, or postgres://user@host/database';
