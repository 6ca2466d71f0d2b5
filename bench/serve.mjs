// examples/serve.ts under load (examples/serve-load.ts): requests/s and p50/p99 latency with 1 and
// 4 inference pool threads (1 intra-op thread each), 4 concurrent clients, batch 1 and 16.
//   npm run build:ts && node bench/serve.mjs [SECONDS=5]
// The server runs in a child process (its own event loop); the load generator here.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { once } from 'node:events';
import { exportArticleModel } from '../dist/examples/serve.js';
import { runLoad } from '../dist/examples/serve-load.js';

const here = dirname(fileURLToPath(import.meta.url));
const SECONDS = Number(process.argv[2] ?? 5);
const dir = mkdtempSync(join(tmpdir(), 'torch-node-bench-serve-'));
const model = exportArticleModel(dir, 100);

async function withServer(threads, fn) {
  const child = spawn(process.execPath, [join(here, '..', 'dist', 'examples', 'serve.js'), '--model', model, '--port', '0',
    '--threads', String(threads), '--intra-op', '1'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = await once(child.stdout, 'data');
  const { listening } = JSON.parse(String(line).split('\n')[0]);
  try {
    return await fn(`${listening}/predict`);
  } finally {
    child.kill();
    await once(child, 'exit');
  }
}

const rows = [];
for (const batch of [1, 16]) {
  for (const threads of [1, 4]) {
    const load = loadavg()[0];
    const r = await withServer(threads, async (url) => {
      await runLoad({ url, concurrency: 4, seconds: 1, batch }); // warm-up
      return runLoad({ url, concurrency: 4, seconds: SECONDS, batch });
    });
    rows.push({ batch, threads, load, ...r });
  }
}
rmSync(dir, { recursive: true, force: true });
console.log(`# bench/serve.mjs: examples/serve.ts, article SiLU model (TorchScript, traced in Node), 4 clients, ${SECONDS} s per row, ${cpus().length} cores`);
console.log('| batch | pool threads | requests/s | p50 ms | p99 ms | errors | load avg (1 min) |');
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(`| ${r.batch} | ${r.threads} | ${r.requestsPerSecond.toFixed(0)} | ${r.p50Ms.toFixed(2)} | ${r.p99Ms.toFixed(2)} | ${r.errors} | ${r.load.toFixed(2)} |`);
}
