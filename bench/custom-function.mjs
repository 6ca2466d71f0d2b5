#!/usr/bin/env node
// Custom autograd Functions: forward+backward per iteration of the article's BReLU on a 64x256
// float tensor and of a two-output Function, torch-node against Python's torch.autograd.Function
// (bench/python/custom_function_reference.py) on the same LibTorch and one thread, in one run. Also the
// per-backward cost of the cross-thread hand-off (the worker-thread path that CUDA needs, forced on
// CPU with autograd._setForceCrossThread) against backward on the JS thread, per backward call and
// per JS node (chain8: Identity applied 8 times), and how many of its waits slept.
//   node bench/custom-function.mjs [--iters 1000] [--rounds 5] [--threads 1]
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const torch = await import(join(root, 'dist/lib/index.js'));
const { autograd } = torch;

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const iters = Number(flag('--iters', '1000'));
const rounds = Number(flag('--rounds', '5'));
const threads = Number(flag('--threads', '1'));
torch.setNumThreads(threads);

// The article's BReLU (examples/article_models.ts).
const { BReLU } = await import(join(root, 'dist/examples/article_models.js'));

class TwoOutputs extends autograd.Function {
  static forward(ctx, x) {
    const e = x.exp();
    ctx.saveForBackward(e);
    return [x.mul(2), e];
  }
  static backward(ctx, g0, g1) {
    const [e] = ctx.savedTensors;
    return g0.mul(2).add(g1.mul(e));
  }
}

class Identity extends autograd.Function {
  static forward(ctx, x) { return x.mul(1); }
  static backward(ctx, g) { return g; }
}

// Waits of the cross-thread hand-off that slept in the kernel instead of catching the answer
// while polling, per iteration (native/engine_bridge.cpp), for the forced runs.
const sleepsPerIter = {};
function timeit(step, n) {
  for (let i = 0; i < Math.max(50, n / 10); i++) step();
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) step();
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e3 / n);
  }
  return best;
}

torch.manualSeed(0);
const x = torch.randn(64, 256, { requiresGrad: true });
const g = torch.ones(64, 256);
const s = torch.randn(4, { requiresGrad: true });
const gs = torch.ones(4);
const steps = {
  brelu: () => { BReLU.apply(x).backward(g); x.grad = null; },
  two_outputs: () => { const [y0, y1] = TwoOutputs.apply(x); autograd.backward([y0, y1], [g, g]); x.grad = null; },
  identity: () => { Identity.apply(s).backward(gs); s.grad = null; },
  chain8: () => { let h = s; for (let i = 0; i < 8; i++) h = Identity.apply(h); h.backward(gs); s.grad = null; },
  builtin: () => { s.mul(1).backward(gs); s.grad = null; },
};
const counts = { brelu: iters, two_outputs: iters, identity: iters * 5, chain8: iters * 2, builtin: iters * 5 };

// Python frees each temporary when its last reference goes; the JS equivalent is deterministic
// release (torch.tidy per iteration). Without it, temporaries wait for the garbage collector and
// every iteration allocates fresh memory: reported too ("GC only").
function runNode(force, tidy) {
  autograd._setForceCrossThread(force);
  const out = {};
  for (const [name, step] of Object.entries(steps)) {
    const sleeps0 = autograd._engineBridgeStats().sleeps;
    out[name] = timeit(tidy ? () => torch.tidy(step) : step, counts[name]);
    if (force) {
      const total = Math.max(50, counts[name] / 10) + rounds * counts[name];
      sleepsPerIter[name] = Math.min(sleepsPerIter[name] ?? Infinity, (autograd._engineBridgeStats().sleeps - sleeps0) / total);
    }
  }
  autograd._setForceCrossThread(false);
  return out;
}

// Alternate modes and runs (and Python) and keep the best of each, so that machine load and heap
// growth favour none of them.
const direct = {};
const forced = {};
const gcOnly = {};
const python = {};
const keepBest = (best, r) => { for (const k of Object.keys(r)) best[k] = Math.min(best[k] ?? Infinity, r[k]); };
for (let pass = 0; pass < 2; pass++) {
  keepBest(forced, runNode(true, true));
  keepBest(direct, runNode(false, true));
  keepBest(gcOnly, runNode(false, false));
  keepBest(python, JSON.parse(execFileSync('python3', [join(root, 'bench/python/custom_function_reference.py'),
    '--iters', String(iters), '--rounds', String(rounds), '--threads', String(threads)], { encoding: 'utf8' }).trim().split('\n').pop()));
}

const f = (v) => v.toFixed(1).padStart(8);
console.log(`custom autograd.Function, forward+backward per iteration (us), ${threads} thread(s), LibTorch ${torch.libtorchVersion}`);
console.log('                 node(tidy)   python   node/python   node(GC only)  GC only/python');
for (const name of ['brelu', 'two_outputs', 'identity', 'chain8']) {
  console.log(`${name.padEnd(14)} ${f(direct[name])}  ${f(python[name])}   ${(direct[name] / python[name]).toFixed(2).padStart(6)}x    ${f(gcOnly[name])}   ${(gcOnly[name] / python[name]).toFixed(2).padStart(6)}x`);
}
console.log('\ncross-thread hand-off (worker thread + JS-thread pump) per iteration (us), tidy:');
console.log('                   direct    forced  hand-off  sleeps/iter');
for (const name of ['brelu', 'two_outputs', 'identity', 'chain8', 'builtin']) {
  console.log(`${name.padEnd(14)} ${f(direct[name])}  ${f(forced[name])}  ${f(forced[name] - direct[name])}  ${sleepsPerIter[name].toFixed(3).padStart(8)}`);
}
// Each JS node of a backward is one round trip (engine thread -> JS thread -> engine thread); the
// backward itself is another (JS thread -> worker -> JS thread): chain8 has 7 JS nodes more than
// identity.
const perNode = ((forced.chain8 - direct.chain8) - (forced.identity - direct.identity)) / 7;
console.log(`per JS backward node (chain8 vs identity): ${perNode.toFixed(1)} us; per backward call (builtin): ${(forced.builtin - direct.builtin).toFixed(1)} us`);
console.log(JSON.stringify({ direct, forced, gcOnly, python, sleepsPerIter }));
