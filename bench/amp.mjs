#!/usr/bin/env node
// Autocast step time: the article's SiLU classifier (examples/article_models) trained with forward
// and loss under CPU autocast (bfloat16), torch-node against Python PyTorch on the same LibTorch in
// one run, and the same loop in float32 on both sides for reference. The loop is the same on both
// sides (bench/python/amp.py): 2048 synthetic images preloaded as float, batches of 64, Adam lr
// 0.003, NLLLoss, loss.item() per step, 20 warmup steps excluded; the best of --rounds rounds.
//
//   node bench/amp.mjs [--steps 200] [--rounds 3] [--threads 1] [--python python3] [--no-python]
// Needs `npm run build` (dist/lib and dist/examples).
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const torch = await import(join(root, 'dist/lib/index.js'));
const { ClassifierSiLU } = await import(join(root, 'dist/examples/article_models.js'));
const { nn, optim } = torch;

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const steps = Number(flag('--steps', '200'));
const rounds = Number(flag('--rounds', '3'));
const threads = Number(flag('--threads', '1'));
const python = flag('--python', 'python3');
const withPython = !args.includes('--no-python');
if (threads > 0) torch.setNumThreads(threads);

function run(useAutocast) {
  torch.manualSeed(0);
  const model = new ClassifierSiLU();
  const opt = new optim.Adam(model.parameters(), { lr: 0.003 });
  const crit = new nn.NLLLoss();
  const g = new torch.Generator().manualSeed(0);
  const images = torch.randint(0, 256, [64 * 32, 784], { dtype: 'uint8', generator: g }).float().div_(255);
  const labels = torch.randint(0, 10, [64 * 32], { generator: g });
  const warmup = 20;
  let t0 = 0;
  for (let i = 0; i < steps + warmup; i++) {
    if (i === warmup) t0 = performance.now();
    const b = (i % 32) * 64;
    torch.tidy(() => {
      const x = images.narrow(0, b, 64);
      const y = labels.narrow(0, b, 64);
      const loss = torch.autocast({ deviceType: 'cpu', dtype: 'bfloat16', enabled: useAutocast }, () => crit(model(x), y));
      opt.zeroGrad();
      loss.backward();
      opt.step();
      loss.item();
    });
  }
  return (performance.now() - t0) / steps;
}

const node = { autocast: Infinity, float32: Infinity };
let py = null;
for (let r = 0; r < rounds; r++) {
  node.autocast = Math.min(node.autocast, run(true));
  node.float32 = Math.min(node.float32, run(false));
}
if (withPython) {
  const out = execFileSync(python, [join(root, 'bench/python/amp.py'), '--steps', String(steps), '--rounds', String(rounds),
    '--threads', String(threads)], { encoding: 'utf8' });
  py = JSON.parse(out.trim().split('\n').pop());
}
const fmt = (v) => v.toFixed(3);
console.log(`autocast step time, article SiLU classifier, batch 64, CPU, ${threads} thread(s), LibTorch ${torch.libtorchVersion}`);
console.log('mode      node ms/step  python ms/step  node/python');
for (const mode of ['autocast', 'float32']) {
  const ratio = py ? (node[mode] / py[mode]).toFixed(3) : '-';
  console.log(`${mode.padEnd(9)} ${fmt(node[mode]).padStart(12)}  ${(py ? fmt(py[mode]) : '-').padStart(14)}  ${ratio.padStart(11)}`);
}
