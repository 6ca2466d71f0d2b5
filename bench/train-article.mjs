#!/usr/bin/env node
// Time per training step of the article's four models: Node (torch-node) against the Python
// reference (../shared/bench-reference/article_reference.py) on the same LibTorch and thread
// count, in one run. Both sides use the same loop: a randperm per epoch, batches of 64 indexed
// from the preloaded uint8 images, float().div_(255), Adam lr 0.003, NLLLoss.
//   node bench/train-article.mjs [--limit 300] [--rounds 3] [--threads 1] [--device cpu]
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
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
const limit = Number(flag('--limit', '300'));
// This machine's timings swing widely from run to run: both sides take the best of several
// alternating rounds.
const rounds = Number(flag('--rounds', '3'));
const threads = Number(flag('--threads', '1'));
const device = flag('--device', 'cpu');
const reference = [join(root, 'bench/reference/article_reference.py'), join(root, '../shared/bench-reference/article_reference.py')].find(existsSync);

torch.setNumThreads(threads);
const train = new datasets.FashionMNIST(undefined, { train: true });
const images = train.data.to(device);
const labels = train.targets.to(device);
const n = images.shape[0];

function run(name, build) {
  torch.manualSeed(0);
  const model = build().to(device);
  const opt = new optim.Adam(model.parameters(), { lr: 0.003 });
  const crit = new nn.NLLLoss();
  const perm = torch.randperm(n, { device });
  const warmup = Math.min(20, Math.floor(limit / 5));
  let t0 = 0;
  let steps = 0;
  for (let i = 0, b = 0; i < n && b < limit + warmup; i += 64, b++) {
    if (b === warmup) { if (device !== 'cpu') torch.cuda.synchronize(); t0 = performance.now(); }
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
  if (device !== 'cpu') torch.cuda.synchronize();
  return (performance.now() - t0) / steps;
}

// The Python side: the same steps (warmup excluded by timing two limits and subtracting).
const pyRun = (lim) => execFileSync('python3', [reference, '--epochs', '1', '--limit', String(lim), '--threads', String(threads)], { encoding: 'utf8' })
  .trim().split('\n').map((l) => JSON.parse(l));

const node = {};
const python = {};
const best = (table, key, value) => { table[key] = Math.min(table[key] ?? Infinity, value); };
for (let round = 0; round < rounds; round++) {
  for (const [name, build] of ARTICLE_MODELS) best(node, name, run(name, build));
  const short = pyRun(20);
  const long = pyRun(20 + limit);
  for (const row of long) {
    const s = short.find((r) => r.model === row.model);
    best(python, row.model, ((row.epoch_s[0] - s.epoch_s[0]) * 1000) / limit);
  }
}

console.log(`train-article: ${limit} steps per model, best of ${rounds} rounds, batch 64, ${threads} thread(s), ${device}, LibTorch ${torch.libtorchVersion}`);
console.log('model               node ms/step  python ms/step  ratio node/python');
for (const name of Object.keys(node)) {
  const ratio = node[name] / python[name];
  console.log(`${name.padEnd(20)}${node[name].toFixed(3).padStart(12)}${python[name].toFixed(3).padStart(16)}${ratio.toFixed(2).padStart(19)}`);
}
