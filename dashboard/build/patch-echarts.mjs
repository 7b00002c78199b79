// ECharts 6.1.0 throws "Cannot read properties of null (reading '0')" from a geo/map chart whose view transform cannot
// be inverted (a zero-sized view, apache/echarts#21706); it re-throws on every frame. The upstream fix (#21707) skips
// copying the missing inverse. This applies the same one-line change to the copy served from wwwroot/lib, and fails
// the build when the bundle no longer holds the line (a new ECharts version: check whether the patch is still needed).
import { readFileSync, writeFileSync } from 'node:fs';

const file = process.argv[2];
const broken = 'Me(t.invTransform||(t.invTransform=[]),i))}';
const fixed = 'i&&Me(t.invTransform||(t.invTransform=[]),i))}';
const text = readFileSync(file, 'utf8');
if (text.includes(fixed)) process.exit(0);
const at = text.indexOf(broken);
if (at < 0 || text.indexOf(broken, at + 1) >= 0) {
  console.error(`${file}: the line of apache/echarts#21706 was not found exactly once; review build/patch-echarts.mjs`);
  process.exit(1);
}
writeFileSync(file, text.slice(0, at) + fixed + text.slice(at + broken.length));
