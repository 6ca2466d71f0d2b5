#!/usr/bin/env node
// Per-sample gradients of a small MLP (32-128-10, batch 64, cross-entropy): torch.func's
// vmap(grad(loss)) against a loop of one backward per sample, and against Python's torch.func on
// the same model, LibTorch and thread count (bench/python/func.py), in one run.
//   node bench/func.mjs [--iters 200] [--rounds 5] [--threads 1] [--batch 64]
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const torch = await import(join(root, 'dist/lib/index.js'));
const { nn } = torch;
const { vmap, grad, functionalCall } = torch.func;

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
// 200 calls per round: shorter rounds time V8's warm-up (tier-up) of the transform layer, not
// the steady state a training loop runs in (bench/results/2026-12-06-func.md).
const iters = Number(flag('--iters', '200'));
const rounds = Number(flag('--rounds', '5'));
const threads = Number(flag('--threads', '1'));
const batch = Number(flag('--batch', '64'));
torch.setNumThreads(threads);

function timeit(step, n) {
  for (let i = 0; i < Math.max(3, n / 5); i++) torch.tidy(step);
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) torch.tidy(step);
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e6 / n);
  }
  return best;
}

torch.manualSeed(0);
const model = new nn.Sequential(new nn.Linear(32, 128), new nn.ReLU(), new nn.Linear(128, 10));
const x = torch.randn(batch, 32);
const t = torch.randint(0, 10, [batch]);
const params = Object.fromEntries(model.namedParameters().map(([k, v]) => [k, v.detach()]));
const loss = (p, xi, ti) => nn.functional.crossEntropy(functionalCall(model, p, [xi.unsqueeze(0)]), ti.unsqueeze(0));
const perSample = vmap(grad(loss), { inDims: [null, 0, 0] });

const loop = () => {
  const out = [];
  for (let i = 0; i < batch; i++) {
    model.zeroGrad();
    nn.functional.crossEntropy(model.forward(x.narrow(0, i, 1)), t.narrow(0, i, 1)).backward();
    out.push(model.parameters().map((q) => q.grad.clone()));
  }
  return out;
};

// The two agree before anything is timed.
const g = perSample(params, x, t);
const l = loop();
for (const [j, [k]] of model.namedParameters().entries()) {
  const diff = g[k].select(0, 5).sub(l[5][j]).abs().max().item();
  if (diff > 1e-5) throw new Error(`vmap and loop disagree on ${k}: ${diff}`);
}

const js = { vmap: timeit(() => perSample(params, x, t), iters), loop: timeit(loop, Math.max(1, Math.floor(iters / 4))) };
const pyOut = execFileSync('python3', [join(root, 'bench/python/func.py'), '--iters', String(iters), '--rounds', String(rounds),
  '--threads', String(threads), '--batch', String(batch)], { encoding: 'utf8' });
const py = JSON.parse(pyOut.trim().split('\n').pop());

const f = (v) => v.toFixed(3);
console.log(`per-sample gradients, MLP 32-128-10, batch ${batch}, ${threads} thread(s), ms per batch (best of ${rounds})`);
console.log('                    torch-node   python   ratio');
console.log(`vmap(grad(loss))    ${f(js.vmap).padStart(10)} ${f(py.vmap).padStart(8)}   ${(js.vmap / py.vmap).toFixed(2)}x`);
console.log(`loop of backward    ${f(js.loop).padStart(10)} ${f(py.loop).padStart(8)}   ${(js.loop / py.loop).toFixed(2)}x`);
console.log(`vmap speedup over the loop: torch-node ${(js.loop / js.vmap).toFixed(1)}x, python ${(py.loop / py.vmap).toFixed(1)}x`);
