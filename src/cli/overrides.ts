import type { Command } from 'commander';
import { addOverride, removeOverride } from '../pipeline.js';
import { DB_HELP, openStore } from '../store/open.js';
import type { Store } from '../store/store.js';
import { mergeOverride, OverrideError, splitOverride } from '../story/overrides.js';
import type { EntityOverride } from '../model.js';
import { plural } from '../render/text.js';
import { using } from '../util/using.js';

// `triangulate entities merge|split|overrides|undo`: analyst corrections from the shell,
// the same operations as the API's /api/overrides.

export function addOverrideCommands(program: Command, fail: (code: number) => void): void {
  const entities = program
    .command('entities')
    .description('correct entity resolution: merge names, split a name off, list or undo corrections');
  const run = (db: string, fn: (store: Store) => Promise<void>) =>
    using(openStore(db), async (store) => {
      try {
        await fn(store);
      } catch (e) {
        if (!(e instanceof OverrideError)) throw e;
        process.stderr.write(`triangulate: ${e.message}\n`);
        fail(1);
      }
    });
  const apply = async (store: Store, o: EntityOverride) => {
    const stories = await addOverride(store, o);
    process.stdout.write(
      `${o.id}  ${describe(o)}\n${plural(stories.length, 'story', 'stories')} re-analysed${stories.length ? `: ${stories.join(' ')}` : ''}\n`,
    );
  };

  entities
    .command('merge')
    .description('treat these names as one entity in every story')
    .argument('<names...>', 'two or more names as they appear in articles')
    .option('--db <path>', DB_HELP, 'triangulate.db')
    .option('--note <text>', 'why')
    .action(async (names: string[], o: { db: string; note?: string }) =>
      run(o.db, async (store) => apply(store, mergeOverride(names, o.note))),
    );

  entities
    .command('split')
    .description('never group <name> with the entity that carries --from')
    .argument('<name>', 'the name (or role description) to split off')
    .requiredOption('--from <name>', 'a name of the entity it must leave')
    .option('--db <path>', DB_HELP, 'triangulate.db')
    .option('--note <text>', 'why')
    .action(async (name: string, o: { db: string; from: string; note?: string }) =>
      run(o.db, async (store) => apply(store, splitOverride(name, o.from, o.note))),
    );

  entities
    .command('overrides')
    .description('list corrections, oldest first')
    .option('--db <path>', DB_HELP, 'triangulate.db')
    .action(async (o: { db: string }) =>
      run(o.db, async (store) => {
        for (const x of await store.listOverrides())
          process.stdout.write(`${x.id}  ${describe(x)}${x.note ? `  (${x.note})` : ''}\n`);
      }),
    );

  entities
    .command('undo')
    .description('remove a correction and re-analyse the stories it touched')
    .argument('<id>', 'override id (from `entities overrides`)')
    .option('--db <path>', DB_HELP, 'triangulate.db')
    .action(async (id: string, o: { db: string }) =>
      run(o.db, async (store) => {
        const stories = await removeOverride(store, id);
        if (!stories) {
          process.stderr.write(`triangulate: no override ${id}\n`);
          fail(1);
          return;
        }
        process.stdout.write(`removed ${id}; ${plural(stories.length, 'story', 'stories')} re-analysed\n`);
      }),
    );
}

function describe(o: EntityOverride): string {
  return o.kind === 'merge'
    ? `merge ${o.names.map((n) => JSON.stringify(n)).join(' + ')}`
    : `split ${JSON.stringify(o.name)} from ${JSON.stringify(o.from)}`;
}
