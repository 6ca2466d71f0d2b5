#!/usr/bin/env node
// Training-step benchmark: ms per step of the article's four models, torch-node against Python
// PyTorch on the same device (CPU or GPU) and the same LibTorch (python3's, which the addon links),
// in one run.
// The loop is the same on both sides (bench/python/article_reference.py): data preloaded on
// the device, a randperm on the device, batches of 64, float().div_(255), Adam lr 0.003, NLLLoss,
// loss.item() every step, warmup steps excluded, CUDA synchronised at both ends of the clock.
// Targets: node/python <= 0.9 on CPU, <= 1.0 on a GPU. Timings on a shared machine swing from run
// to run, so both sides take the best of --rounds alternating rounds.
//
//   node bench/train-article.mjs [--device cuda|cpu] [--limit 200] [--rounds 3] [--threads 1]
//                                [--root DIR] [--synthetic] [--json FILE] [--python python3] [--no-python]
// The device defaults to CUDA when available; on the CPU --threads defaults to 1. Without the Fashion-MNIST files (or with --synthetic) both sides train on the
// same kind of random uint8 images: the step time does not depend on the pixel values.
// Needs `npm run build` (dist/lib and dist/examples).
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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
let synthetic = args.includes('--synthetic');

if (device.startsWith('cuda') && !torch.cuda.isAvailable()) {
  console.error(`train-article: --device ${device}, but CUDA is not available (LibTorch ${torch.libtorchVersion}); use --device cpu`);
  process.exit(1);
}
if (threads > 0) torch.setNumThreads(threads);
const sync = () => { if (device !== 'cpu') torch.cuda.synchronize(); };

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
if (synthetic) {
  const g = new torch.Generator().manualSeed(0);
  images = torch.randint(0, 256, [60000, 28, 28], { dtype: 'uint8', generator: g });
  labels = torch.randint(0, 10, [60000], { generator: g });
}
images = images.to(device);
labels = labels.to(device);
const n = images.shape[0];

function run(build) {
  torch.manualSeed(0);
  const model = build().to(device);
  const opt = new optim.Adam(model.parameters(), { lr: 0.003 });
  const crit = new nn.NLLLoss();
  const perm = torch.randperm(n, { device });
  const warmup = Math.min(20, Math.floor(limit / 5));
  let t0 = 0;
  let steps = 0;
  for (let i = 0, b = 0; i < n && b < limit + warmup; i += 64, b++) {
    if (b === warmup) { sync(); t0 = performance.now(); }
    const idx = perm.narrow(0, i, Math.min(64, n - i));
    const x = images.index([idx]).float().div_(255).view(-1, 784);
    const y = labels.index([idx]);
    const loss = crit(model(x), y);
    opt.zeroGrad();
    loss.backward();
    opt.step();
    loss.item();
    if (b >= warmup) steps++;
  }
  sync();
  return { ms: (performance.now() - t0) / steps, steps };
}

const nodeMs = {};
const pythonMs = {};
let pythonTorch = '-';
const best = (table, key, value) => { table[key] = Math.min(table[key] ?? Infinity, value); };
const pyArgs = [join(root, 'bench/python/article_reference.py'), '--device', device, '--limit', String(limit)];
if (threads > 0) pyArgs.push('--threads', String(threads));
if (synthetic) pyArgs.push('--synthetic');
else if (dataRoot !== undefined) pyArgs.push('--root', dataRoot);
let pythonFailed = !withPython;
for (let round = 0; round < rounds; round++) {
  for (const [name, build] of ARTICLE_MODELS) best(nodeMs, name, run(build).ms);
  if (pythonFailed) continue;
  try {
    const out = execFileSync(python, pyArgs, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    for (const line of out.trim().split('\n')) {
      const row = JSON.parse(line);
      best(pythonMs, row.model, row.ms_per_step);
      pythonTorch = row.torch;
    }
  } catch (e) {
    console.log(`train-article: the Python reference failed: ${e.message.split('\n')[0]}`);
    pythonFailed = true;
  }
}

const deviceName = device.startsWith('cuda') ? torch.cuda.getDeviceName() : `cpu, ${threads} thread(s)`;
const when = new Date().toISOString();
console.log(`train-article: ${when} on ${hostname()}: ${deviceName}; ${limit} timed steps per model, best of ${rounds} rounds, batch 64, ` +
  `${synthetic ? 'synthetic images' : 'Fashion-MNIST'}; LibTorch ${torch.libtorchVersion} (node), torch ${pythonTorch} (python)`);
console.log('model               node ms/step  python ms/step  node/python');
const rows = [];
for (const name of Object.keys(nodeMs)) {
  const py = pythonMs[name];
  const ratio = py === undefined ? undefined : nodeMs[name] / py;
  rows.push({ model: name, nodeMs: nodeMs[name], pythonMs: py ?? null, ratio: ratio ?? null });
  console.log(`${name.padEnd(20)}${nodeMs[name].toFixed(3).padStart(12)}${(py === undefined ? '-' : py.toFixed(3)).padStart(16)}` +
    `${(ratio === undefined ? '-' : ratio.toFixed(2)).padStart(13)}`);
}
if (jsonOut !== undefined) {
  writeFileSync(jsonOut, JSON.stringify({
    bench: 'train-article', date: when, host: hostname(), device, deviceName, limit, rounds, batch: 64, synthetic,
    libtorch: torch.libtorchVersion, pythonTorch, rows,
  }, null, 2) + '\n');
}
