// The article's "Improvement": in-place operations save GPU memory. Measured with torch.cuda's
// caching-allocator statistics:
//   1. F.relu vs F.relu_ on a 10000x10000 float32 CUDA tensor: memory allocated and peak, each as
//      a delta over the memory before the call (the article's own run: ~381 MiB vs 0).
//   2. The custom activations written out of place (autograd records every intermediate) and in
//      place inside a custom autograd.Function that saves only what its backward needs, each
//      trained for a few steps; the peak memory of the run is printed as a table.
// Without CUDA it says so, checks on the CPU that every in-place variant computes the same output
// and gradients as its out-of-place twin (the part that needs no GPU), and exits 0.
//
//   node dist/examples/inplace-memory.js [--steps 20] [--batch 8192 (cpu: 512)] [--device cuda|cpu]
import * as torch from '../lib/index.js';
import { nn, optim, autograd, Tensor } from '../lib/index.js';
// The article's BReLU, out of place (clone + index_put, saving x); its index tensors are made on
// the CPU, which index and index_put_ accept for a CUDA tensor.
import { BReLU } from './article_models.js';
const F = nn.functional;

const MiB = 1024 * 1024;
const argv = process.argv.slice(2);
const flag = (name: string, fallback: string): string => {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1]! : fallback;
};
const device = flag('--device', torch.cuda.isAvailable() ? 'cuda' : 'cpu');
const steps = Number(flag('--steps', '20'));
const batch = Number(flag('--batch', device === 'cpu' ? '512' : '8192'));

// --- The activations -------------------------------------------------------------------------

/** SiLU out of place, as in the article: autograd keeps x, sigmoid(x) (and the product's inputs). */
function siluOutOfPlace(x: Tensor): Tensor {
  return x.mul(torch.sigmoid(x));
}

/**
 * SiLU in place: y = x * sigmoid(x) written over x. Saves y (x's own storage: no new memory) and
 * sigmoid(x); backward: g * (s + y * (1 - s)).
 */
class SiLUInplace extends autograd.Function {
  static override forward(ctx: autograd.FunctionCtx, x: Tensor): Tensor {
    const s = torch.sigmoid(x);
    x.mul_(s);
    ctx.markDirty(x);
    ctx.saveForBackward(x, s);
    return x;
  }
  static override backward(ctx: autograd.FunctionCtx, g: Tensor): Tensor {
    const [y, s] = ctx.savedTensors as [Tensor, Tensor];
    // s + y * (1 - s), built in place in one temporary.
    return torch.sub(1, s).mul_(y).add_(s).mul_(g);
  }
}

/**
 * BReLU in place: even rows clamp(min=0), odd rows clamp(max=0) (= -clamp(-x, min=0)), on strided
 * views of x itself. Saves only a bool mask of where the gradient passes (1 byte per element
 * instead of x's 4).
 */
class BReLUInplace extends autograd.Function {
  static override forward(ctx: autograd.FunctionCtx, x: Tensor): Tensor {
    const evenRows = x.index([torch.slice(0, null, 2)]);
    const oddRows = x.index([torch.slice(1, null, 2)]);
    const pass = torch.empty(x.shape, { dtype: 'bool', device: x.device });
    pass.index([torch.slice(0, null, 2)]).copy_(evenRows.ge(0));
    pass.index([torch.slice(1, null, 2)]).copy_(oddRows.lt(0));
    evenRows.clamp_({ min: 0 });
    oddRows.clamp_({ max: 0 });
    ctx.markDirty(x);
    ctx.saveForBackward(pass);
    return x;
  }
  static override backward(ctx: autograd.FunctionCtx, g: Tensor): Tensor {
    const [pass] = ctx.savedTensors as [Tensor];
    return g.mul(pass);
  }
}

/** Soft Exponential (alpha > 0 branch, the one training reaches): (exp(a x) - 1) / a + a. */
function softExpOutOfPlace(x: Tensor, a: Tensor): Tensor {
  return torch.exp(a.mul(x)).sub(1).div(a).add(a);
}

/**
 * Soft Exponential in place over x for a > 0: y = (exp(a x) - 1) / a + a. Saves y (x's storage)
 * and reconstructs exp(a x) = a (y - a) + 1 in backward. dy/dx = exp(a x);
 * dy/da = (x exp(a x) - (exp(a x) - 1) / a) / a + 1, with x = log(exp(a x)) / a.
 */
class SoftExpInplace extends autograd.Function {
  static override forward(ctx: autograd.FunctionCtx, x: Tensor, a: Tensor): Tensor {
    const av = a.item();
    x.mul_(av).exp_().sub_(1).div_(av).add_(av);
    ctx.markDirty(x);
    ctx.saveForBackward(x, a);
    return x;
  }
  static override backward(ctx: autograd.FunctionCtx, g: Tensor): [Tensor, Tensor] {
    const [y, a] = ctx.savedTensors as [Tensor, Tensor];
    const e = y.sub(a).mul_(a).add_(1);                  // exp(a x)
    const x = torch.log(e).div_(a);
    const gradA = x.mul(e).sub_(e.sub(1).div_(a)).div_(a).add_(1).mul_(g).sum();
    return [e.mul_(g), gradA.reshape(a.shape)];
  }
}

class SoftExp extends nn.Module {
  alpha: nn.Parameter;
  constructor(readonly inplace: boolean) {
    super();
    this.alpha = new nn.Parameter(torch.tensor(0.5));
  }
  forward(x: Tensor): Tensor {
    return this.inplace ? SoftExpInplace.apply(x, this.alpha) : softExpOutOfPlace(x, this.alpha);
  }
}

type Act = (x: Tensor) => Tensor;

/** The article's MLP (784-256-128-64-10) with one activation kind. */
class MLP extends nn.Module {
  fc1 = new nn.Linear(784, 256); fc2 = new nn.Linear(256, 128);
  fc3 = new nn.Linear(128, 64); fc4 = new nn.Linear(64, 10);
  s1?: SoftExp; s2?: SoftExp; s3?: SoftExp;
  acts: [Act, Act, Act];
  constructor(act: Act | { softExpInplace: boolean }) {
    super();
    if (typeof act === 'function') {
      this.acts = [act, act, act];
    } else {
      const [s1, s2, s3] = [new SoftExp(act.softExpInplace), new SoftExp(act.softExpInplace), new SoftExp(act.softExpInplace)];
      this.s1 = s1; this.s2 = s2; this.s3 = s3;
      this.acts = [(x) => s1(x), (x) => s2(x), (x) => s3(x)];
    }
  }
  forward(x: Tensor): Tensor {
    const [a1, a2, a3] = this.acts;
    x = a1(this.fc1(x)); x = a2(this.fc2(x)); x = a3(this.fc3(x));
    return F.logSoftmax(this.fc4(x), { dim: 1 });
  }
}

interface Variant { name: string; act: Act | { softExpInplace: boolean }; twin?: string }
const VARIANTS: Variant[] = [
  { name: 'relu (F.relu)', act: (x) => F.relu(x) },
  { name: 'relu_ (F.relu_)', act: (x) => F.relu_(x), twin: 'relu (F.relu)' },
  { name: 'silu out of place', act: siluOutOfPlace },
  { name: 'silu in place (Function)', act: (x) => SiLUInplace.apply(x), twin: 'silu out of place' },
  { name: 'brelu out of place', act: (x) => BReLU.apply(x) },
  { name: 'brelu in place (Function)', act: (x) => BReLUInplace.apply(x), twin: 'brelu out of place' },
  { name: 'soft exp out of place', act: { softExpInplace: false } },
  { name: 'soft exp in place (Function)', act: { softExpInplace: true }, twin: 'soft exp out of place' },
];

function buildModel(v: Variant): MLP {
  torch.manualSeed(0);
  return new MLP(v.act).to(device);
}

function batchData(): [Tensor, Tensor] {
  torch.manualSeed(1);
  return [torch.randn(batch, 784, { device }), torch.randint(0, 10, [batch], { device })];
}

// --- 1. relu vs relu_ --------------------------------------------------------------------------

function reluVsRelu_(): void {
  const x = torch.randn(10000, 10000, { device });
  const rows: [string, number, number][] = [];
  for (const [name, fn] of [['F.relu(x)', (t: Tensor) => F.relu(t)], ['F.relu_(x)', (t: Tensor) => F.relu_(t)]] as const) {
    torch.cuda.synchronize();
    const before = torch.cuda.memoryAllocated();
    torch.cuda.resetPeakMemoryStats();
    const y = fn(x);
    torch.cuda.synchronize();
    rows.push([name, torch.cuda.memoryAllocated() - before, torch.cuda.maxMemoryAllocated() - before]);
    if (y !== x) y.dispose();
  }
  x.dispose();
  torch.cuda.emptyCache();
  console.log(`1. relu vs relu_ on a 10000x10000 float32 tensor (${device})`);
  console.log('   call          allocated delta   peak delta');
  for (const [name, d, p] of rows) console.log(`   ${name.padEnd(12)}${fmt(d).padStart(16)}${fmt(p).padStart(13)}`);
}

function fmt(bytes: number): string {
  return `${(bytes / MiB).toFixed(1)} MiB`;
}

// --- 2. training runs ---------------------------------------------------------------------------

interface RunResult { peak: number; loss: number; grads: Tensor[] }

function train(v: Variant, nSteps: number): RunResult {
  const model = buildModel(v);
  const opt = new optim.Adam(model.parameters(), { lr: 0.003 });
  const crit = new nn.NLLLoss();
  const [x, y] = batchData();
  if (device !== 'cpu') { torch.cuda.synchronize(); torch.cuda.emptyCache(); }
  const before = device !== 'cpu' ? torch.cuda.memoryAllocated() : 0;
  if (device !== 'cpu') torch.cuda.resetPeakMemoryStats();
  let loss = 0;
  let grads: Tensor[] = [];
  for (let i = 0; i < nSteps; i++) {
    // Everything a step creates is freed when it ends (torch.tidy), so the peak is the step's own.
    const r = torch.tidy(() => {
      // The first Linear's output is a fresh tensor, so in-place activations never touch x.
      const l = crit(model(x), y);
      opt.zeroGrad();
      l.backward();
      const g = i === 0 ? model.parameters().map((p) => p.grad!.detach().clone().cpu()) : [];
      torch.tidy(() => opt.step());
      return { loss: l.item() as number, grads: g };
    });
    loss = r.loss;
    if (i === 0) grads = r.grads;
  }
  if (device !== 'cpu') torch.cuda.synchronize();
  const peak = device !== 'cpu' ? torch.cuda.maxMemoryAllocated() - before : 0;
  return { peak, loss, grads };
}

function maxDiff(a: Tensor[], b: Tensor[]): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, a[i]!.sub(b[i]!).abs().max().item() as number);
  return m;
}

function trainingTable(nSteps: number, measure: boolean): void {
  const results = new Map<string, RunResult>();
  if (measure) {
    console.log(`\n2. ${nSteps} Adam steps of the article's MLP, batch ${batch}, per activation (${device}):`);
    console.log('   activation                      peak allocated   vs out of place   grads max |diff|   final loss');
  } else {
    console.log(`\n2. ${nSteps} Adam step(s) of the article's MLP, batch ${batch}, per activation (${device}): `
      + 'in-place gradients against the out-of-place twin');
    console.log('   activation                      grads max |diff|   final loss');
  }
  for (const v of VARIANTS) {
    const r = train(v, nSteps);
    results.set(v.name, r);
    const twin = v.twin === undefined ? undefined : results.get(v.twin);
    const diff = twin === undefined ? '' : maxDiff(r.grads, twin.grads).toExponential(1);
    if (measure) {
      const vs = twin === undefined ? '' : `${(((r.peak - twin.peak) / twin.peak) * 100).toFixed(0)}%`;
      console.log(`   ${v.name.padEnd(30)}${fmt(r.peak).padStart(16)}${vs.padStart(18)}${diff.padStart(19)}${r.loss.toFixed(4).padStart(13)}`);
    } else {
      console.log(`   ${v.name.padEnd(30)}${diff.padStart(18)}${r.loss.toFixed(4).padStart(13)}`);
    }
    if (twin !== undefined && maxDiff(r.grads, twin.grads) > 1e-4) {
      throw new Error(`${v.name}: gradients differ from ${v.twin} by ${maxDiff(r.grads, twin.grads)}`);
    }
  }
}

if (device.startsWith('cuda')) {
  if (!torch.cuda.isAvailable()) {
    console.error(`inplace-memory: --device ${device} asked for, but CUDA is not available`);
    process.exit(1);
  }
  console.log(`inplace-memory: ${torch.cuda.getDeviceName()}, LibTorch ${torch.libtorchVersion}, ${new Date().toISOString()}`);
  reluVsRelu_();
  trainingTable(steps, true);
} else {
  console.log(`inplace-memory: CUDA is not available (LibTorch ${torch.libtorchVersion}): the memory figures need `
    + "torch.cuda's allocator statistics, so only the CPU check of the in-place variants runs.");
  trainingTable(Math.min(steps, 2), false);
}
