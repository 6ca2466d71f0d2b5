// Per-op overhead on 1-element tensors (and indexing a 4x4 one): Node (this binding) vs Python
// PyTorch on the same LibTorch, in one run, 1 thread each. The Python side is
// bench/python/op_overhead.py.
// Usage: node bench/op-overhead.mjs [N]
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as torch from '../dist/lib/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const N = Number(process.argv[2] ?? 200000);
torch.setNumThreads(1);

// Best of 3 consecutive timings of N calls: a CPU left idle (while the Python side ran) runs slow
// for a while after it wakes, and one timing per row would measure the wake-up.
function bench(fn) {
  // Garbage the previous row left behind (Python's refcounting leaves none) is collected first,
  // untimed: the autograd row's promoted temporaries slowed the next rows.
  torch.memory({ collect: true });
  for (let i = 0; i < 1000; i++) fn();
  let best = Infinity;
  for (let k = 0; k < 3; k++) {
    const t = process.hrtime.bigint();
    for (let i = 0; i < N; i++) fn();
    best = Math.min(best, Number(process.hrtime.bigint() - t) / N / 1000);
  }
  return best;
}

function runNode() {
  const a = torch.ones(1);
  const b = torch.ones(1);
  const x = torch.ones(1, { requiresGrad: true });
  const m = torch.ones(4, 4);
  const idx = torch.tensor([0n, 2n]);
  const v = torch.ones(4, 2);
  // Half a second of untimed work first: see bench() on the machine waking up.
  const until = Date.now() + 500;
  while (Date.now() < until) for (let i = 0; i < 1000; i++) a.mul(b);
  return {
    'a+b': bench(() => a.add(b)),
    'torch.add(a,b)': bench(() => torch.add(a, b)),
    'a.mul(b).sigmoid()': bench(() => a.mul(b).sigmoid()),
    'torch.zeros(1)': bench(() => torch.zeros(1)),
    '(x*x).sum() fwd only, grad on': bench(() => x.mul(x).sum()),
    'm[:, 1:3]': bench(() => m.index([':', '1:3'])),
    'm[0]': bench(() => m.index([0])),
    'm[idx]': bench(() => m.index([idx])),
    'm[:, 1:3] = v': bench(() => m.indexPut_([':', '1:3'], v)),
    'm[idx] = 1': bench(() => m.indexPut_([idx], 1)),
  };
}

function runPython() {
  const script = join(here, 'python', 'op_overhead.py');
  const r = spawnSync('python3', [script], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`python3 ${script} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

// Alternate the two a few times and keep each side's best: the machine may be shared.
const rounds = Number(process.env.ROUNDS ?? 3);
let py = null;
let node = null;
const best = (prev, cur) => (prev === null ? cur : Object.fromEntries(Object.keys(cur).map((k) => [k, Math.min(prev[k], cur[k])])));
for (let r = 0; r < rounds; r++) {
  py = best(py, runPython());
  node = best(node, runNode());
}

const labels = { 'a+b': 'a.add(b)  [py: a + b]' };
console.log(`per-op microseconds, 1 thread, best of ${rounds} rounds (N=${N}; Node: best of 3 timings per row and round)`);
console.log(`${'op'.padEnd(34)} ${'node'.padStart(8)} ${'python'.padStart(8)} ${'ratio'.padStart(7)}  target`);
let ok = true;
for (const key of Object.keys(py)) {
  const n = node[key];
  const p = py[key];
  const ratio = n / p;
  const target = key === 'a+b' ? 0.9 : 1.2;
  if (ratio > target) ok = false;
  console.log(`${(labels[key] ?? key).padEnd(34)} ${n.toFixed(3).padStart(8)} ${p.toFixed(3).padStart(8)} ${ratio.toFixed(2).padStart(7)}  <= ${target}${ratio > target ? '  MISSED' : ''}`);
}
console.log(ok ? 'all rows within target' : 'some rows above target');
