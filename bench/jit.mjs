// TorchScript in Node vs Python, on the same TorchScript file (the article's SiLU model, built and
// traced here): forward latency (1 intra-op thread), forwardAsync throughput with 4 concurrent
// clients vs 4 Python threads, and the event loop's responsiveness while 4 heavy calls run.
//   npm run build:ts && node bench/jit.mjs [SECONDS=3] [ROUNDS=2]
// Python side: bench/python/jit_reference.py. Rounds alternate Node and Python; each side's best counts.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, loadavg, cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import * as torch from '../dist/lib/index.js';
import { siluSequential } from '../dist/examples/article_models.js';

const here = dirname(fileURLToPath(import.meta.url));
const SECONDS = Number(process.argv[2] ?? 3);
const ROUNDS = Number(process.argv[3] ?? 2);
torch.setNumThreads(1);
torch.setGradEnabled(false);

const dir = mkdtempSync(join(tmpdir(), 'torch-node-bench-jit-'));
const modelPath = join(dir, 'article_silu.pt');
torch.manualSeed(0);
const jsModel = siluSequential().eval();
torch.jit.trace(jsModel, [torch.randn(64, 784)]).save(modelPath);
const model = torch.jit.load(modelPath).eval();
// One operator on one element: what a call costs apart from the model's work.
const overheadPath = join(dir, 'overhead.pt');
torch.jit.trace((x) => x.relu(), [torch.randn(1, 1)]).save(overheadPath);
const overheadModel = torch.jit.load(overheadPath);

function latency(batch, n, m = model, features = 784) {
  const x = torch.randn(batch, features);
  // A second of untimed calls first: a CPU left idle (while the Python side ran) runs slow for a
  // while after it wakes up.
  const until = performance.now() + 1000;
  while (performance.now() < until) m(x);
  let best = Infinity;
  for (let k = 0; k < 5; k++) {
    const t = process.hrtime.bigint();
    for (let i = 0; i < n; i++) m(x);
    best = Math.min(best, Number(process.hrtime.bigint() - t) / n / 1000);
  }
  return best;
}

async function throughput(clients, seconds) {
  const stop = performance.now() + seconds * 1000;
  let count = 0;
  const client = async () => {
    const x = torch.randn(64, 784);
    while (performance.now() < stop) {
      await model.forwardAsync(x);
      count++;
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: clients }, client));
  return count / ((performance.now() - t0) / 1000);
}

// The worst gap between ticks of a 10 ms interval while `clients` heavy calls run back to back.
async function responsiveness(clients, seconds) {
  const heavy = torch.randn(2048, 784);
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
  }, 10);
  const stop = performance.now() + seconds * 1000;
  let calls = 0;
  const client = async () => {
    while (performance.now() < stop) { await model.forwardAsync(heavy); calls++; }
  };
  await Promise.all(Array.from({ length: clients }, client));
  clearInterval(timer);
  return { worstGapMs: worst, heavyCalls: calls };
}

// The same measure with `n` plain JS busy loops in worker threads instead of model calls: what the
// machine itself does to the event loop under that much CPU load (the control).
async function responsivenessSpinning(n, seconds) {
  const workers = Array.from({ length: n }, () => new Worker(`const e = Date.now() + ${seconds * 1000 + 300}; let x = 0; while (Date.now() < e) x++;`, { eval: true }));
  await new Promise((r) => setTimeout(r, 200));
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
  }, 10);
  await new Promise((r) => setTimeout(r, seconds * 1000));
  clearInterval(timer);
  await Promise.all(workers.map((w) => w.terminate()));
  return worst;
}

function runPython() {
  const r = spawnSync('python3', [join(here, 'python', 'jit_reference.py'), modelPath, String(SECONDS), overheadPath], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`python3 jit_reference.py failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

const best = { node: {}, python: {} };
const keep = (side, k, v, higher) => {
  const prev = best[side][k];
  best[side][k] = prev === undefined ? v : higher ? Math.max(prev, v) : Math.min(prev, v);
};
const load = [];
let resp;
let control;
for (let r = 0; r < ROUNDS; r++) {
  load.push(loadavg()[0]);
  const py = runPython();
  keep('python', 'call_overhead_us', py.call_overhead_us, false);
  keep('python', 'latency_b1_us', py.latency_b1_us, false);
  keep('python', 'latency_b64_us', py.latency_b64_us, false);
  keep('python', 'throughput_4_clients', py.throughput_4_clients, true);
  keep('node', 'call_overhead_us', latency(1, 20000, overheadModel, 1), false);
  keep('node', 'latency_b1_us', latency(1, 2000), false);
  keep('node', 'latency_b64_us', latency(64, 300), false);
  torch.jit.setAsyncPool({ threads: 4, intraOpThreads: 1 });
  keep('node', 'throughput_4_clients', await throughput(4, SECONDS), true);
  resp = await responsiveness(4, Math.min(SECONDS, 3));
  control = await responsivenessSpinning(4, Math.min(SECONDS, 3));
  torch.jit.setAsyncPool({ threads: 1 });
}
rmSync(dir, { recursive: true, force: true });

const rows = [
  ['call overhead: one-op module, 1 element (us)', 'call_overhead_us', false],
  ['forward latency, batch 1 (us)', 'latency_b1_us', false],
  ['forward latency, batch 64 (us)', 'latency_b64_us', false],
  ['forwardAsync throughput, 4 clients, batch 64 (calls/s)', 'throughput_4_clients', true],
];
console.log(`# bench/jit.mjs: TorchScript, article SiLU model (traced in Node), ${cpus().length} cores, ` +
  `load average ${load.map((l) => l.toFixed(2)).join(', ')} at the rounds' starts; LibTorch ${torch.libtorchVersion}`);
console.log('| measure | Node | Python | ratio |');
console.log('|---|---|---|---|');
for (const [label, key, higher] of rows) {
  const n = best.node[key];
  const p = best.python[key];
  const ratio = higher ? n / p : n / p;
  console.log(`| ${label} | ${n.toFixed(1)} | ${p.toFixed(1)} | ${ratio.toFixed(2)}x ${higher ? '(Node/Python, >= 1 is better)' : '(Node/Python, <= 1 is better)'} |`);
}
console.log(`\nEvent loop while 4 forwardAsync calls (batch 2048) run back to back on 4 pool threads: ` +
  `worst gap of a 10 ms setInterval ${resp.worstGapMs.toFixed(1)} ms (${resp.heavyCalls} heavy calls); control, 4 JS busy-loop ` +
  `worker threads instead: ${control.toFixed(1)} ms (last round of each).`);
