// Exports, the one mechanism every page uses (crates/ui/src/export): after a run, each page's
// buttons download what it shows — results as CSV whose rows are the table's, charts as SVG that
// stands alone and as PNG, pictures as PNG, traces as Chrome Trace Event JSON.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { open } from '../support/browser.mjs';
import { engineReady, runSpeedup } from '../support/engine.mjs';

let s;
before(async () => { s = await open(); });
after(async () => { await s?.close(); });

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Clicks `selector` and returns the downloaded file's name and bytes. */
async function download(selector) {
  const [file] = await Promise.all([s.page.waitForEvent('download'), s.page.click(selector)]);
  return { name: file.suggestedFilename(), body: await readFile(await file.path()) };
}

const parseCsv = (text) => text.trim().split(/\r?\n/).map((line) => line.split(','));

async function assertPng(selector, name) {
  const png = await download(selector);
  assert.equal(png.name, name);
  assert.deepEqual(png.body.subarray(0, 8), PNG_MAGIC, `${name} is a PNG`);
  // Width and height from the IHDR chunk: a picture, not an empty canvas.
  assert.ok(png.body.readUInt32BE(16) > 0 && png.body.readUInt32BE(20) > 0);
}

test('parallel speedup: results CSV, chart SVG and PNG, picture PNG', async () => {
  const { page } = s;
  await page.goto(s.url + '#/x/parallel-speedup?size=256&iterations=64&threads=1&v=1');
  await engineReady(page);
  const row = await runSpeedup(page, 1);

  const csv = await download('[data-testid=export-csv]');
  assert.equal(csv.name, 'parallel-speedup.csv');
  const [header, ...rows] = parseCsv(csv.body.toString('utf8'));
  assert.deepEqual(header.slice(0, 3), ['via', 'threads', 'size']);
  assert.equal(rows.length, 1);
  const at = (key) => rows[0][header.indexOf(key)];
  assert.equal(at('checksum'), row.checksum);
  assert.equal(at('threads'), row.threads);
  assert.ok(Math.abs(Number(at('total_ms')) - Number(row.ms)) < 0.01, `${at('total_ms')} vs ${row.ms}`);

  const svg = (await download('[data-testid=export-svg]'));
  assert.equal(svg.name, 'parallel-speedup.svg');
  const markup = svg.body.toString('utf8');
  assert.match(markup, /^(<\?xml[^>]*>\s*)?<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.match(markup, /<circle[^>]*class="measured"/, 'the measured point is in the file');
  await assertPng('[data-testid=export-png]', 'parallel-speedup.png');
  await assertPng('[data-testid=export-canvas-png]', 'parallel-speedup.png');
});

test('task queues: the log as CSV and the run as a Chrome trace', async () => {
  const { page } = s;
  await page.goto(s.url + '#/x/task-queues');
  await page.waitForSelector('[data-testid=experiment-task-queues]');
  await page.click('[data-testid=run]');
  await page.waitForSelector('[data-testid=spec-ok], [data-testid=spec-bad]');
  const logged = await page.$$eval('[data-testid=log-line]', (ls) => ls.map((l) => l.dataset.text));

  const csv = await download('[data-testid=export-csv]');
  assert.match(csv.name, /^task-queues-.+\.csv$/);
  const [header, ...rows] = parseCsv(csv.body.toString('utf8'));
  assert.equal(header[1], 'log');
  assert.deepEqual(rows.map((r) => r[1].replace(/^"|"$/g, '')), logged);

  const trace = await download('[data-testid=export-trace]');
  assert.match(trace.name, /\.trace\.json$/);
  const events = JSON.parse(trace.body.toString('utf8'));
  const list = Array.isArray(events) ? events : events.traceEvents;
  assert.ok(list.length >= logged.length, `${list.length} trace events for ${logged.length} log lines`);
  for (const e of list) assert.ok('ph' in e && 'ts' in e || e.ph === 'M', `a trace event: ${JSON.stringify(e)}`);
  assert.deepEqual(s.errors, []);
});
