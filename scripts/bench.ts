import { benchApi } from './bench/api.js';
import { benchCluster } from './bench/cluster.js';
import { benchEntities } from './bench/entities.js';
import { benchFault } from './bench/fault.js';
import { benchFuzz } from './bench/fuzz.js';
import { benchQueue } from './bench/queue.js';
import { benchStory } from './bench/story.js';

// `npm run bench -- <name>`: speed and memory targets, measured on this machine.
// Results are printed as a Markdown table row to paste into docs/BENCHMARKS.md.

const BENCHES: Record<string, (args: string[]) => Promise<void>> = {
  api: benchApi,
  cluster: benchCluster,
  entities: benchEntities,
  fault: benchFault,
  fuzz: benchFuzz,
  queue: benchQueue,
  story: benchStory,
};

const [name, ...args] = process.argv.slice(2);
if (!name || !BENCHES[name]) {
  process.stderr.write(`usage: npm run bench -- <${Object.keys(BENCHES).join('|')}> [options]\n`);
  process.exit(2);
}
await BENCHES[name](args);
