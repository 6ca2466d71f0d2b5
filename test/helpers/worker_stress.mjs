// A worker_threads script for test/workers.test.ts. Modes:
// - 'stress': operator families looked up for the first time while other workers do the same,
//   custom Functions and hooks that throw during backward (each worker must get its own error
//   object back), ordinary ops in between.
// - 'train': a seeded training run (Linear, Dropout, SGD) that reports its losses.
// - 'spin': ops in a loop until the parent terminates the worker.
import { parentPort, workerData } from 'node:worker_threads';

const torch = await import(workerData.entry);
const { id, mode, iterations } = workerData;

// Unary operators, each worker starting at another offset, so that several workers create the
// same operator families at the same moment.
const UNARY = ['abs', 'neg', 'sin', 'cos', 'tan', 'exp', 'log1p', 'sqrt', 'rsqrt', 'sigmoid', 'tanh', 'relu',
  'floor', 'ceil', 'round', 'trunc', 'frac', 'reciprocal', 'sign', 'erf', 'erfc', 'expm1', 'log2', 'log10',
  'asin', 'acos', 'atan', 'sinh', 'cosh', 'asinh', 'digamma', 'lgamma', 'i0', 'sgn', 'square', 'deg2rad',
  'rad2deg', 'logit', 'nan_to_num', 'angle', 'positive', 'signbit', 'isnan', 'isinf', 'isfinite', 'exp2',
  'erfinv', 'sinc', 'special_entr', 'special_ndtr', 'special_i0e', 'special_i1', 'special_expit', 'fix'];

class Boom extends torch.autograd.Function {
  static forward(ctx, x) { return x.clone(); }
  static backward(ctx, g) { throw new Error(`boom from worker ${id}`); }
}

function stress() {
  let ownErrors = 0;
  let hookErrors = 0;
  const x = torch.randn([8], { requiresGrad: true });
  for (let i = 0; i < iterations; i++) {
    const name = UNARY[(i + id * 13) % UNARY.length];
    torch.ops.aten[name](torch.rand([4]).add(0.1));
    if (i % 2 === 0) {
      try {
        Boom.apply(x).sum().backward();
      } catch (e) {
        // The engine's frames pass the JS error through C++: it must arrive as the same object.
        if (e instanceof Error && e.message === `boom from worker ${id}`) ownErrors++;
        else throw new Error(`worker ${id} got a foreign error: ${e?.message}`);
      }
    } else {
      const y = torch.randn([3], { requiresGrad: true });
      const marker = new RangeError(`hook of worker ${id} at ${i}`);
      y.registerHook(() => { throw marker; });
      try {
        y.mul(2).sum().backward();
      } catch (e) {
        if (e === marker) hookErrors++;
        else throw new Error(`worker ${id} got a foreign hook error: ${e?.message}`);
      }
    }
  }
  return { ownErrors, hookErrors };
}

function train() {
  torch.manualSeed(0);
  const model = new torch.nn.Sequential(new torch.nn.Linear(4, 16), new torch.nn.ReLU(), new torch.nn.Dropout(0.3), new torch.nn.Linear(16, 1));
  const opt = new torch.optim.SGD(model.parameters(), { lr: 0.05 });
  const losses = [];
  for (let step = 0; step < 20; step++) {
    const x = torch.randn([32, 4]);
    const y = x.sum({ dim: 1, keepdim: true });
    opt.zeroGrad();
    const loss = torch.nn.functional.mseLoss(model.forward(x), y);
    loss.backward();
    opt.step();
    losses.push(loss.item());
  }
  return { losses };
}

function spin() {
  parentPort.postMessage({ started: true });
  const a = torch.randn([256, 256]);
  for (;;) a.matmul(a).tanh_().sum();
}

const result = mode === 'stress' ? stress() : mode === 'train' ? train() : spin();
parentPort.postMessage({ id, ...result });
