// Prints the gzipped size of every JS chunk of the build and fails when the first page (the fund's
// page at `/`: the entry, its route chunk and the charts, with everything they import statically)
// loads more than the budget.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const BUDGET_KB = Number(process.env.FIRST_PAGE_BUDGET_KB ?? 250);
const FIRST_PAGE = ['index.html', 'src/features/public/FundPage.tsx', 'src/features/public/StatisticsCharts.tsx'];
const dist = path.resolve(import.meta.dirname, '..', 'dist');
const manifest = JSON.parse(fs.readFileSync(path.join(dist, '.vite', 'manifest.json'), 'utf8'));

const gz = (file) => zlib.gzipSync(fs.readFileSync(path.join(dist, file)), { level: 9 }).length;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} kB`;

const files = new Set();
function collect(key) {
  const chunk = manifest[key];
  if (!chunk) throw new Error(`bundle-size: ${key} is not in the build manifest`);
  if (files.has(chunk.file)) return;
  files.add(chunk.file);
  for (const imp of chunk.imports ?? []) collect(imp);
}
for (const key of FIRST_PAGE) collect(key);

const rows = Object.values(manifest)
  .filter((c) => c.file.endsWith('.js'))
  .map((c) => ({
    file: c.file,
    name: c.src ?? c.name ?? '',
    raw: fs.statSync(path.join(dist, c.file)).size,
    gz: gz(c.file),
  }))
  .sort((a, b) => b.gz - a.gz);
const seen = new Set();
console.log('\nPortal bundle (JS, gzipped):');
for (const r of rows) {
  if (seen.has(r.file)) continue;
  seen.add(r.file);
  const mark = files.has(r.file) ? '*' : ' ';
  console.log(`  ${mark} ${kb(r.gz).padStart(9)}  ${kb(r.raw).padStart(9)} raw  ${r.file}  ${r.name}`);
}
const firstPage = [...files].filter((f) => f.endsWith('.js')).reduce((sum, f) => sum + gz(f), 0);
console.log(`\nFirst page (* above): ${kb(firstPage)} gzipped JS; budget ${BUDGET_KB} kB.`);
if (firstPage > BUDGET_KB * 1024) {
  console.error(`bundle-size: the first page loads ${kb(firstPage)} of gzipped JS, over the ${BUDGET_KB} kB budget.`);
  process.exit(1);
}
