// Per-op overhead on 1-element tensors (and indexing a 4x4 one): Node (this binding) against Python
// PyTorch (bench/python/op_overhead.py) and LibTorch's C++ API (bench/reference/op_overhead.cpp,
// the floor), on the same LibTorch, in one run, 1 thread each. Target: every row <= 0.8x Python.
// Each side runs as a child process under the same fixed glibc malloc thresholds,
// MALLOC_MMAP_THRESHOLD_=32 MiB and MALLOC_TRIM_THRESHOLD_=128 MiB (bench/reference/sides.mjs):
// glibc's default thresholds move with the order of a process's first large frees, so two runs of
// the same side need not allocate alike. Rounds alternate the three sides; each keeps its best per row.
// Usage: node bench/op-overhead.mjs [N] [--rounds 3] [--malloc-defaults] [--no-cpp]
//   N calls per timing (N / 10 for the backward row); ROUNDS in the environment also sets the rounds.
// The C++ side needs `npm run bench:reference`; without it the C++ column is left out.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HOW_TO_BUILD, mallocNote, referenceProgram, runSide, sideEnv } from './reference/sides.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const positional = args.filter((a, i) => !a.startsWith('--') && !['--rounds', '--side'].includes(args[i - 1]));
const N = Number(positional[0] ?? 200000);
if (!Number.isInteger(N) || N <= 0) throw new RangeError(`op-overhead: N must be a positive integer, got ${positional[0]}`);

// Best of 3 consecutive timings of n calls: a CPU left idle (while another side ran) runs slow
// for a while after it wakes, and one timing per row would measure the wake-up.
function bench(torch, fn, n = N) {
  // Garbage the previous row left behind (Python's refcounting and C++ leave none) is collected
  // first, untimed: the autograd row's promoted temporaries slowed the next rows.
  torch.memory({ collect: true });
  for (let i = 0; i < 1000; i++) fn();
  let best = Infinity;
  for (let k = 0; k < 3; k++) {
    const t = process.hrtime.bigint();
    for (let i = 0; i < n; i++) fn();
    best = Math.min(best, Number(process.hrtime.bigint() - t) / n / 1000);
  }
  return best;
}

async function runNode() {
  const torch = await import('../dist/lib/index.js');
  torch.setNumThreads(1);
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
    'a+b': bench(torch, () => a.add(b)),
    'torch.add(a,b)': bench(torch, () => torch.add(a, b)),
    'a.add(b, alpha=2)': bench(torch, () => a.add(b, { alpha: 2 })),
    'a.mul(b).sigmoid()': bench(torch, () => a.mul(b).sigmoid()),
    'torch.zeros(1)': bench(torch, () => torch.zeros(1)),
    '(x*x).sum() fwd only, grad on': bench(torch, () => x.mul(x).sum()),
    // x.grad accumulates across calls, as on the other sides.
    '(x*x).sum().backward()': bench(torch, () => x.mul(x).sum().backward(), Math.max(1, Math.floor(N / 10))),
    'm[:, 1:3]': bench(torch, () => m.index([':', '1:3'])),
    'm[0]': bench(torch, () => m.index([0])),
    'm[idx]': bench(torch, () => m.index([idx])),
    'm[:, 1:3] = v': bench(torch, () => m.indexPut_([':', '1:3'], v)),
    'm[idx] = 1': bench(torch, () => m.indexPut_([idx], 1)),
  };
}

if (flag('--side', '') === 'node') {
  // The Node side, as a child of the run below (so that it starts under the same malloc settings).
  console.log(JSON.stringify(await runNode()));
  process.exit(0);
}

const rounds = Number(flag('--rounds', process.env.ROUNDS ?? 3));
const mallocDefaults = args.includes('--malloc-defaults');
const env = sideEnv(mallocDefaults);
const cpp = args.includes('--no-cpp') ? null : referenceProgram('op_overhead');
if (cpp === null && !args.includes('--no-cpp')) console.log(`op-overhead: ${HOW_TO_BUILD}`);

const sides = {
  node: () => runSide(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--side', 'node', String(N)], env)[0],
  python: () => runSide('python3', [join(here, 'python', 'op_overhead.py'), String(N)], env)[0],
  ...(cpp === null ? {} : { cpp: () => runSide(cpp, [String(N)], env)[0] }),
};
const best = {};
const keep = (side, row) => {
  best[side] ??= {};
  for (const [k, v] of Object.entries(row)) best[side][k] = Math.min(best[side][k] ?? Infinity, v);
};
// Alternate the sides, starting each round with the next one: the machine may be shared.
const order = Object.keys(sides);
for (let r = 0; r < rounds; r++) {
  for (let s = 0; s < order.length; s++) {
    const side = order[(r + s) % order.length];
    keep(side, sides[side]());
  }
}

// The Node spelling where it differs from Python's and C++'s.
const labels = {
  'a+b': 'a.add(b)  [py: a + b]',
  'a.add(b, alpha=2)': 'a.add(b, { alpha: 2 })',
  'm[:, 1:3]': "m.index([':', '1:3'])  [py: m[:, 1:3]]",
  'm[0]': 'm.index([0])  [py: m[0]]',
  'm[idx]': 'm.index([idx])  [py: m[idx]]',
  'm[:, 1:3] = v': "m.indexPut_([':', '1:3'], v)",
  'm[idx] = 1': 'm.indexPut_([idx], 1)',
};
const TARGET = 0.8;
const withCpp = best.cpp !== undefined;
console.log(`per-op microseconds, 1 thread, best of ${rounds} rounds (N=${N}; each side: best of 3 timings per row and round)`);
console.log(mallocNote(mallocDefaults));
console.log(`${'op'.padEnd(40)} ${'node'.padStart(8)} ${'python'.padStart(8)}${withCpp ? ` ${'c++'.padStart(8)}` : ''} ${'node/py'.padStart(8)}${withCpp ? ` ${'node/c++'.padStart(9)}` : ''}  target node/py`);
let ok = true;
for (const key of Object.keys(best.python)) {
  const n = best.node[key];
  const p = best.python[key];
  const ratio = n / p;
  if (ratio > TARGET) ok = false;
  const c = withCpp ? ` ${best.cpp[key].toFixed(3).padStart(8)}` : '';
  const rc = withCpp ? ` ${(n / best.cpp[key]).toFixed(2).padStart(9)}` : '';
  console.log(`${(labels[key] ?? key).padEnd(40)} ${n.toFixed(3).padStart(8)} ${p.toFixed(3).padStart(8)}${c} ${ratio.toFixed(2).padStart(8)}${rc}  <= ${TARGET}${ratio > TARGET ? '  MISSED' : ''}`);
}
console.log(ok ? 'all rows within target' : 'some rows above target');
