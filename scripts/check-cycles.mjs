// Fails when src/ has an import cycle (type imports included) that is not between *.entity.ts
// files: bidirectional relations between entities are the ORM's normal shape, any other cycle
// (context <-> services, service <-> entity) is a layering bug. Part of `npm run lint`.
import { parseCircular, parseDependencyTree } from 'dpdm';

const tree = await parseDependencyTree('src/**/*.ts', { tsconfig: 'tsconfig.json', transform: false });
const all = parseCircular(tree);
const cycles = all.filter((cycle) => !cycle.every((file) => file.endsWith('.entity.ts')));
if (cycles.length > 0) {
  console.error(`Import cycles outside the entity graph (${cycles.length}):`);
  for (const cycle of cycles) console.error(`  ${[...cycle, cycle[0]].join(' -> ')}`);
  process.exit(1);
}
console.log(`No import cycles outside the entity graph (${all.length} between entities).`);
