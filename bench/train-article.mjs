#!/usr/bin/env node
// Training-step benchmark: ms per step of the article's four models, torch-node against Python
// PyTorch and against LibTorch's C++ API (bench/reference/train_article.cpp, the floor), on the same
// device and the same LibTorch (python3's, which the addon links), in one run.
// The loop is the same on all sides (bench/python/article_reference.py, the C++ twin): data
// preloaded on the device, a randperm on the device, batches of 64, float().div_(255), Adam lr
// 0.003, NLLLoss, loss.item() every step, warmup steps excluded, CUDA synchronised at both ends of
// the clock. Target: node/c++ <= 1.1 (node/python is printed beside it). Below the table: V8's
// collections during node's timed steps (count and pause per step), the part of node's step that
// the other sides do not have.
// Each side runs as a child process under the same fixed glibc malloc thresholds,
// MALLOC_MMAP_THRESHOLD_=32 MiB and MALLOC_TRIM_THRESHOLD_=128 MiB (bench/reference/sides.mjs):
// glibc's default thresholds move with the order of a process's first large frees, and where they
// end low the top of the heap is returned to the kernel and faulted in again every step, by a
// different amount each run (Python's step time moved by tenths of a millisecond). Timings on a
// shared machine swing from run to run, so rounds alternate the sides and each keeps its best.
//
//   node bench/train-article.mjs [--device cuda|cpu] [--limit 200] [--rounds 3] [--threads 1]
//                                [--root DIR] [--synthetic] [--json FILE] [--python python3] [--no-python]
//                                [--no-cpp] [--malloc-defaults]
// The device defaults to CUDA when available; on the CPU --threads defaults to 1. Without the
// Fashion-MNIST files (or with --synthetic) every side trains on the same random uint8 images: the
// step time does not depend on the pixel values. The C++ side runs on the CPU only and needs
// `npm run bench:reference`; without it the C++ column is left out.
// Needs `npm run build` (dist/lib and dist/examples).
import { writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { PerformanceObserver, constants as perfConstants } from 'node:perf_hooks';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HOW_TO_BUILD, mallocNote, referenceProgram, runSide, sideEnv } from './reference/sides.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const torch = await import(join(root, 'dist/lib/index.js'));
const { datasets } = await import(join(root, 'dist/lib/vision/index.js'));
const { ARTICLE_MODELS } = await import(join(root, 'dist/examples/article_models.js'));
const { nn, optim } = torch;

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const device = flag('--device', torch.cuda.isAvailable() ? 'cuda' : 'cpu');
const limit = Number(flag('--limit', '200'));
const rounds = Number(flag('--rounds', '3'));
const threads = Number(flag('--threads', device === 'cpu' ? '1' : '0'));
const dataRoot = flag('--root', undefined);
const jsonOut = flag('--json', undefined);
const python = flag('--python', 'python3');
const withPython = !args.includes('--no-python');
const mallocDefaults = args.includes('--malloc-defaults');
const side = flag('--side', '');
let synthetic = args.includes('--synthetic');

if (device.startsWith('cuda') && !torch.cuda.isAvailable()) {
  console.error(`train-article: --device ${device}, but CUDA is not available (LibTorch ${torch.libtorchVersion}); use --device cpu`);
  process.exit(1);
}
if (threads > 0) torch.setNumThreads(threads);
const sync = () => { if (device !== 'cpu') torch.cuda.synchronize(); };

// The parent only settles whether the images are synthetic, so that every side trains on the same.
let images;
let labels;
if (!synthetic) {
  try {
    const train = new datasets.FashionMNIST(dataRoot, { train: true });
    images = train.data;
    labels = train.targets;
  } catch (e) {
    console.log(`train-article: Fashion-MNIST not readable (${e.message.split('\n')[0]}); using synthetic images`);
    synthetic = true;
  }
}
if (synthetic && side === 'node') {
  const g = new torch.Generator().manualSeed(0);
  images = torch.randint(0, 256, [60000, 28, 28], { dtype: 'uint8', generator: g });
  labels = torch.randint(0, 10, [60000], { generator: g });
}
if (side === 'node') {
  images = images.to(device);
  labels = labels.to(device);
}
const n = images?.shape[0] ?? 0;

// V8's collections during the node side's timed steps (PerformanceObserver 'gc' entries, which
// arrive after the synchronous loop): their count per step does not move with the host, and their
// time says how much of node's step is collection, which the other sides do not have.
const gcEntries = [];
if (side === 'node') new PerformanceObserver((list) => { gcEntries.push(...list.getEntries()); }).observe({ entryTypes: ['gc'] });
async function collectionsBetween(t0, t1, steps) {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setTimeout(resolve, 0));
  const inWindow = gcEntries.filter((e) => e.startTime >= t0 && e.startTime < t1);
  const minor = inWindow.filter((e) => e.detail?.kind === perfConstants.NODE_PERFORMANCE_GC_MINOR).length;
  const ms = inWindow.reduce((sum, e) => sum + e.duration, 0);
  return { scavenges_per_step: minor / steps, other_gcs_per_step: (inWindow.length - minor) / steps, gc_ms_per_step: ms / steps };
}

function run(build) {
  torch.manualSeed(0);
  const model = build().to(device);
  const opt = new optim.Adam(model.parameters(), { lr: 0.003 });
  const crit = new nn.NLLLoss();
  const perm = torch.randperm(n, { device });
  const warmup = Math.min(20, Math.floor(limit / 5));
  let t0 = 0;
  let steps = 0;
  let last = 0;
  for (let i = 0, b = 0; i < n && b < limit + warmup; i += 64, b++) {
    if (b === warmup) { sync(); t0 = performance.now(); }
    const idx = perm.narrow(0, i, Math.min(64, n - i));
    const x = images.index([idx]).float().div_(255).view(-1, 784);
    const y = labels.index([idx]);
    const loss = crit(model(x), y);
    opt.zeroGrad();
    loss.backward();
    opt.step();
    last = loss.item();
    if (b >= warmup) steps++;
  }
  sync();
  const t1 = performance.now();
  return { ms: (t1 - t0) / steps, steps, loss: last, t0, t1 };
}

if (side === 'node') {
  // The Node side, as a child of the run below (so that it starts under the same malloc settings):
  // one JSON line per model, as the Python and C++ sides print.
  for (const [name, build] of ARTICLE_MODELS) {
    const r = run(build);
    const gc = await collectionsBetween(r.t0, r.t1, r.steps);
    console.log(JSON.stringify({ model: name, ms_per_step: r.ms, steps: r.steps, loss: r.loss, ...gc }));
  }
  process.exit(0);
}

const env = sideEnv(mallocDefaults);
const nodeMs = {};
const nodeGc = {};  // the collections of each model's best node round
const pythonMs = {};
const cppMs = {};
let pythonTorch = '-';
const best = (table, key, value) => { table[key] = Math.min(table[key] ?? Infinity, value); };
// The last step's loss per side and model: the same seed, data and order make every side train the
// same model, so the losses agree when the three programs compute the same thing.
const losses = {};
const keepLoss = (sideName, row) => { (losses[row.model] ??= {})[sideName] = row.loss; };
const common = ['--device', device, '--limit', String(limit)];
if (threads > 0) common.push('--threads', String(threads));
if (synthetic) common.push('--synthetic');
else if (dataRoot !== undefined) common.push('--root', dataRoot);
let cpp = args.includes('--no-cpp') ? null : referenceProgram('train_article');
if (cpp === null && !args.includes('--no-cpp')) console.log(`train-article: ${HOW_TO_BUILD}`);
if (cpp !== null && device !== 'cpu') {
  console.log(`train-article: the C++ reference runs on the CPU only; no C++ column for --device ${device}`);
  cpp = null;
}
images = undefined;
labels = undefined;
const sides = {
  node: () => {
    const rows = runSide(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), ...common, '--side', 'node'], env);
    for (const row of rows) {
      if (!(row.ms_per_step >= nodeMs[row.model])) nodeGc[row.model] = row;
      best(nodeMs, row.model, row.ms_per_step);
      keepLoss('node', row);
    }
  },
  ...(withPython ? {
    python: () => {
      for (const row of runSide(python, [join(root, 'bench/python/article_reference.py'), ...common], env)) {
        best(pythonMs, row.model, row.ms_per_step);
        keepLoss('python', row);
        pythonTorch = row.torch;
      }
    },
  } : {}),
  ...(cpp === null ? {} : {
    cpp: () => { for (const row of runSide(cpp, common, env)) { best(cppMs, row.model, row.ms_per_step); keepLoss('c++', row); } },
  }),
};
// Alternate the sides, starting each round with the next one.
const order = Object.keys(sides);
const failed = new Set();
for (let round = 0; round < rounds; round++) {
  for (let s = 0; s < order.length; s++) {
    const name = order[(round + s) % order.length];
    if (failed.has(name)) continue;
    try {
      sides[name]();
    } catch (e) {
      if (name === 'node') throw e;
      console.log(`train-article: the ${name === 'cpp' ? 'C++' : 'Python'} reference failed: ${e.message.split('\n').slice(0, 3).join(' ')}`);
      failed.add(name);
    }
  }
}

const deviceName = device.startsWith('cuda') ? torch.cuda.getDeviceName() : `cpu, ${threads} thread(s)`;
const when = new Date().toISOString();
const TARGET = 1.1;
const withCpp = Object.keys(cppMs).length > 0;
console.log(`train-article: ${when} on ${hostname()}: ${deviceName}; ${limit} timed steps per model, best of ${rounds} rounds, batch 64, ` +
  `${synthetic ? 'synthetic images' : 'Fashion-MNIST'}; LibTorch ${torch.libtorchVersion} (node, c++), torch ${pythonTorch} (python)`);
console.log(mallocNote(mallocDefaults));
console.log('model               node ms/step  python ms/step  c++ ms/step  node/python  node/c++  target node/c++');
const fmt = (v, digits, width) => (v === undefined ? '-' : v.toFixed(digits)).padStart(width);
const rows = [];
let ok = true;
for (const name of Object.keys(nodeMs)) {
  const py = pythonMs[name];
  const cc = cppMs[name];
  const ratio = py === undefined ? undefined : nodeMs[name] / py;
  const ratioCpp = cc === undefined ? undefined : nodeMs[name] / cc;
  if (ratioCpp !== undefined && ratioCpp > TARGET) ok = false;
  rows.push({ model: name, nodeMs: nodeMs[name], pythonMs: py ?? null, cppMs: cc ?? null, ratio: ratio ?? null, ratioCpp: ratioCpp ?? null });
  console.log(`${name.padEnd(20)}${fmt(nodeMs[name], 3, 12)}${fmt(py, 3, 16)}${fmt(cc, 3, 13)}${fmt(ratio, 2, 13)}${fmt(ratioCpp, 2, 10)}` +
    `  <= ${TARGET}${ratioCpp !== undefined && ratioCpp > TARGET ? '  MISSED' : ''}`);
}
if (withCpp) console.log(ok ? 'all models within target' : 'some models above target');
console.log("node's collections in its best round: " + Object.entries(nodeGc).map(([m, g]) =>
  `${m} ${g.scavenges_per_step.toFixed(2)} scavenges/step (+${g.other_gcs_per_step.toFixed(3)} other), ` +
  `${g.gc_ms_per_step.toFixed(3)} ms/step (${(100 * g.gc_ms_per_step / g.ms_per_step).toFixed(1)}%)`).join('; '));
for (const row of rows) {
  const g = nodeGc[row.model];
  row.nodeScavengesPerStep = g?.scavenges_per_step ?? null;
  row.nodeGcMsPerStep = g?.gc_ms_per_step ?? null;
}
const disagree = Object.entries(losses).filter(([, bySide]) => {
  const v = Object.values(bySide);
  return Math.max(...v) - Math.min(...v) > 1e-3 * Math.max(1, Math.abs(v[0]));
});
console.log(disagree.length === 0
  ? `last-step loss agrees on every side (${Object.entries(losses).map(([m, bySide]) => `${m} ${Object.values(bySide)[0].toFixed(4)}`).join(', ')})`
  : `last-step loss differs between sides: ${disagree.map(([m, bySide]) => `${m} ${JSON.stringify(bySide)}`).join('; ')}`);
if (jsonOut !== undefined) {
  writeFileSync(jsonOut, JSON.stringify({
    bench: 'train-article', date: when, host: hostname(), device, deviceName, limit, rounds, batch: 64, synthetic,
    malloc: mallocDefaults ? 'glibc defaults' : mallocNote(false), libtorch: torch.libtorchVersion, pythonTorch, rows, lastLoss: losses,
  }, null, 2) + '\n');
}
