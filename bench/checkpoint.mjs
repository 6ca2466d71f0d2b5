#!/usr/bin/env node
// Activation checkpointing: peak memory and step time of one forward+backward of a deep MLP
// (Linear-free: h = dropout(tanh(h @ W + b)), depth layers of width x width, batch rows), plain
// against torch.utils.checkpoint over `segments` segments (non-reentrant), and the gradients of
// both compared bit for bit. Each variant runs in its own process, so that its peak RSS
// (getrusage maxrss) is its own: the figure is the peak growth over the RSS after setup.
//
//   node bench/checkpoint.mjs [--depth 32] [--width 512] [--batch 512] [--segments 4] [--threads 1]
// Needs `npm run build` (dist/lib).
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const depth = Number(flag('--depth', '32'));
const width = Number(flag('--width', '512'));
const batch = Number(flag('--batch', '512'));
const segments = Number(flag('--segments', '4'));
const threads = Number(flag('--threads', '1'));
const child = flag('--child', null);

if (child !== null) {
  const torch = await import(join(root, 'dist/lib/index.js'));
  torch.setNumThreads(threads);
  const F = torch.nn.functional;
  torch.manualSeed(0);
  const ws = Array.from({ length: depth }, () => torch.randn(width, width).div(Math.sqrt(width)).requiresGrad_());
  const bs = Array.from({ length: depth }, () => torch.zeros(width).requiresGrad_());
  const x = torch.randn(batch, width);
  const block = (h, i) => F.dropout(torch.tanh(h.matmul(ws[i]).add(bs[i])), { p: 0.1, training: true });
  const per = depth / segments;
  const step = () => {
    torch.manualSeed(1);
    let h = x;
    for (let s = 0; s < segments; s++) {
      // tidy() frees each segment's temporaries as Python's reference counting does, so that RSS
      // shows what the autograd graph keeps rather than what the collector has not reached yet
      const seg = (input) => torch.tidy(() => { let y = input; for (let i = s * per; i < (s + 1) * per; i++) y = block(y, i); return y; });
      h = child === 'checkpoint' ? torch.utils.checkpoint.checkpoint(seg, h, { useReentrant: false }) : seg(h);
    }
    const loss = h.pow(2).mean();
    loss.backward();
    return loss.item();
  };
  global.gc?.();
  const rss0 = process.resourceUsage().maxRSS;
  const t0 = process.hrtime.bigint();
  const loss = step();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const peak = process.resourceUsage().maxRSS;
  // a digest of the gradients' bits (every 97th word; equal digests and losses: equal runs)
  let digest = 0n;
  for (const w of ws) {
    const data = w.grad.contiguous().dataSync();
    const words = new Int32Array(data.buffer, data.byteOffset, data.byteLength / 4);
    for (let i = 0; i < words.length; i += 97) digest = (digest * 31n + BigInt(words[i])) & 0xffffffffffffn;
  }
  console.log(JSON.stringify({ loss, ms, peakGrowthMiB: (peak - rss0) / 1024, digest: digest.toString() }));
} else {
  const run = (variant) => JSON.parse(execFileSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), ...args, '--child', variant],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().split('\n').pop());
  const plain = run('plain');
  const ckpt = run('checkpoint');
  const activationMiB = (depth * batch * width * 4) / 2 ** 20;
  console.log(`deep MLP: depth ${depth}, width ${width}, batch ${batch} (one activation: ${(activationMiB / depth).toFixed(1)} MiB), ${segments} segments, ${threads} thread(s)`);
  console.log(`plain       peak RSS growth ${plain.peakGrowthMiB.toFixed(1).padStart(7)} MiB  step ${plain.ms.toFixed(0).padStart(6)} ms  loss ${plain.loss}`);
  console.log(`checkpoint  peak RSS growth ${ckpt.peakGrowthMiB.toFixed(1).padStart(7)} MiB  step ${ckpt.ms.toFixed(0).padStart(6)} ms  loss ${ckpt.loss}`);
  console.log(`saving ${(plain.peakGrowthMiB - ckpt.peakGrowthMiB).toFixed(1)} MiB (${((1 - ckpt.peakGrowthMiB / plain.peakGrowthMiB) * 100).toFixed(0)}%), ` +
    `time x${(ckpt.ms / plain.ms).toFixed(2)}, gradients bitwise equal: ${plain.digest === ckpt.digest && plain.loss === ckpt.loss}`);
}
