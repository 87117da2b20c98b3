// Stamps a finished build (scripts/build.sh runs it after Trunk): the build id — a content hash of
// every file in dist/ — goes into dist/sw.js (BUILD, naming its cache) and onto dist/index.html's
// <html data-build>, and the list of every file but sw.js into dist/sw.js (PRECACHE), so the
// service worker can cache the whole app for offline use and knows when a new build is deployed.
// The same files give the same id, so rebuilding unchanged sources deploys nothing new.
//
//   node scripts/stamp-build.mjs [dist]
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

const dist = process.argv[2] ?? 'dist';

async function files(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue; // Trunk's .trunk-lock is no part of the app
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...await files(path));
    else out.push(relative(dist, path).split(sep).join('/'));
  }
  return out;
}

const all = (await files(dist)).sort();
for (const required of ['index.html', 'sw.js']) {
  if (!all.includes(required)) throw new Error(`stamp-build: ${dist}/${required} is missing`);
}
const swSource = await readFile(join(dist, 'sw.js'), 'utf8');
const indexSource = await readFile(join(dist, 'index.html'), 'utf8');
const BUILD_LINE = "const BUILD = 'dev';";
const PRECACHE_LINE = 'const PRECACHE = [];';
if (!swSource.includes(BUILD_LINE) || !swSource.includes(PRECACHE_LINE)) {
  throw new Error(`stamp-build: ${dist}/sw.js is already stamped or lacks "${BUILD_LINE}" / "${PRECACHE_LINE}"`);
}

const hash = createHash('sha256');
for (const path of all) {
  hash.update(path + '\0');
  hash.update(await readFile(join(dist, path)));
  hash.update('\0');
}
const id = hash.digest('hex').slice(0, 16);

const precache = all.filter((p) => p !== 'sw.js');
await writeFile(join(dist, 'sw.js'), swSource
  .replace(BUILD_LINE, `const BUILD = '${id}';`)
  .replace(PRECACHE_LINE, `const PRECACHE = ${JSON.stringify(precache, null, 2)};`));

const html = indexSource.replace(/<html\b/, `<html data-build="${id}"`);
if (html === indexSource) throw new Error(`stamp-build: no <html> element in ${dist}/index.html`);
await writeFile(join(dist, 'index.html'), html);
console.log(`build ${id}: ${precache.length} files precached by sw.js`);
