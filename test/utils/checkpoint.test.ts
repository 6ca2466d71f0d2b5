// torch.utils.checkpoint: recomputation gives the gradients of the plain function, bit for bit
// (RNG state preserved for dropout), and the same as PyTorch's checkpoint for the same seed
// (test/oracles/utils/checkpoint.py).
import { describe, it, expect } from 'vitest';
import * as torch from '../../lib/index.js';
import { autograd, nn, Tensor, utils } from '../../lib/index.js';
import { oracleBatch } from '../helpers/python.js';

const { checkpoint, checkpointSequential, CheckpointError } = utils.checkpoint;
const F = nn.functional;

const DEPTH = 8;
const WIDTH = 16;
const SEED = 3;
type Grads = { loss: number; w: number[][][]; b: number[][] };

const py = oracleBatch<{ plain: Grads; ckpt: Grads; sequential: { out: number[][]; grad0: number[][] };
  messages: { metadata: string[]; determinism: string } }>({
  plain: ['utils/checkpoint', 'grads', DEPTH, WIDTH, SEED, 4, false],
  ckpt: ['utils/checkpoint', 'grads', DEPTH, WIDTH, SEED, 4, true],
  sequential: ['utils/checkpoint', 'sequential', 0],
  messages: ['utils/checkpoint', 'messages'],
});

function mlpParams(): { ws: Tensor[]; bs: Tensor[]; x: Tensor } {
  torch.manualSeed(SEED);
  const ws = Array.from({ length: DEPTH }, () => torch.randn(WIDTH, WIDTH).div(Math.sqrt(WIDTH)).requiresGrad_());
  const bs = Array.from({ length: DEPTH }, () => torch.randn(WIDTH).mul(0.1).requiresGrad_());
  return { ws, bs, x: torch.randn(4, WIDTH) };
}

function block(h: Tensor, w: Tensor, b: Tensor): Tensor {
  return F.dropout(torch.tanh(h.matmul(w).add(b)), { p: 0.25, training: true });
}

function runMlp(segments: number, useCheckpoint: boolean, options: object = {}): { loss: number; w: number[][][]; b: number[][]; wRaw: Tensor[] } {
  const { ws, bs, x } = mlpParams();
  // The reentrant variant is a custom Function: its output requires grad only through its inputs.
  if ('useReentrant' in options) x.requiresGrad_();
  torch.manualSeed(SEED + 1);
  let h = x;
  const per = DEPTH / segments;
  for (let s = 0; s < segments; s++) {
    const seg = (input: Tensor): Tensor => {
      let y = input;
      for (let i = s * per; i < (s + 1) * per; i++) y = block(y, ws[i]!, bs[i]!);
      return y;
    };
    h = useCheckpoint ? checkpoint(seg, h, { useReentrant: false, ...options }) : seg(h);
  }
  const loss = h.pow(2).sum();
  loss.backward();
  return { loss: loss.item(), w: ws.map((w) => w.grad!.tolist() as number[][]), b: bs.map((b) => b.grad!.tolist() as number[]), wRaw: ws.map((w) => w.grad!) };
}

describe('checkpoint', () => {
  it('gives bitwise the gradients of the plain MLP with dropout (RNG state preserved)', () => {
    const plain = runMlp(4, false);
    const ckpt = runMlp(4, true);
    expect(ckpt.loss).toBe(plain.loss);
    for (let i = 0; i < DEPTH; i++) expect(torch.equal(ckpt.wRaw[i]!, plain.wRaw[i]!)).toBe(true);
    expect(ckpt.b).toEqual(plain.b);
  });

  it('gives PyTorch\'s loss and gradients for the same seed', () => {
    const want = py();
    expect(want.ckpt.w).toEqual(want.plain.w);
    const got = runMlp(4, true);
    expect(got.loss).toBeCloseTo(want.ckpt.loss, 4);
    got.w.forEach((w, i) => expect(w).toEqual(want.ckpt.w[i]!.map((r) => r.map((v) => expect.closeTo(v, 5)))));
    got.b.forEach((b, i) => expect(b).toEqual(want.ckpt.b[i]!.map((v) => expect.closeTo(v, 5))));
  });

  it('without preserveRngState the dropout masks of the recomputation differ', () => {
    const plain = runMlp(4, false);
    const ckpt = runMlp(4, true, { preserveRngState: false });
    expect(ckpt.loss).toBe(plain.loss);
    expect(ckpt.b).not.toEqual(plain.b);
  });

  it('keeps no intermediate tensor of the checkpointed function for backward', () => {
    const x = torch.randn(3, 4, { requiresGrad: true });
    const f = (t: Tensor): Tensor => t.sin().exp().tanh();
    let outerSaves = 0;
    const count = (t: Tensor): Tensor => { outerSaves++; return t; };
    const plain = autograd.graph.savedTensorsHooks(count, (t) => t, () => f(x));
    const plainSaves = outerSaves;
    outerSaves = 0;
    let recomputations = 0;
    const ckpt = autograd.graph.savedTensorsHooks(count, (t) => t,
      () => checkpoint((t: Tensor) => { recomputations++; return f(t); }, x));
    expect(plainSaves).toBe(3);
    expect(outerSaves).toBe(0);
    expect(recomputations).toBe(1);
    const [g1] = autograd.grad(plain.sum(), [x]);
    const [g2] = autograd.grad(ckpt.sum(), [x]);
    expect(recomputations).toBe(2);
    expect(torch.equal(g1!, g2!)).toBe(true);
  });

  it('recomputes once per backward when the engine runs on a worker thread (as on CUDA)', () => {
    autograd._setForceCrossThread(true);
    try {
      const x = torch.randn(3, 4, { requiresGrad: true });
      let calls = 0;
      const f = (t: Tensor): Tensor => { calls++; return t.sin().exp().tanh().mul(t); };
      const y = checkpoint(f, x);
      y.sum().backward();
      expect(calls).toBe(2);
      const g = x.grad!.clone();
      x.grad = null;
      f(x).sum().backward();
      expect(torch.equal(g, x.grad!)).toBe(true);
    } finally {
      autograd._setForceCrossThread(false);
    }
  });

  it('under noGrad runs the function once, plainly', () => {
    const x = torch.randn(3, { requiresGrad: true });
    const y = torch.noGrad(() => checkpoint((t: Tensor) => t.mul(2), x));
    expect(y.requiresGrad).toBe(false);
  });

  it('reports a recomputation that saves tensors of other shapes as PyTorch', () => {
    const want = py().messages;
    const x = torch.ones(3, { requiresGrad: true });
    let calls = 0;
    const y = checkpoint((t: Tensor) => (++calls === 1 ? t.exp() : t.narrow(0, 0, 2).exp()), x);
    let err: unknown;
    try { y.sum().backward(); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(CheckpointError);
    expect((err as Error).message.split('\n').slice(0, 4)).toEqual(want.metadata);
    expect(() => checkpoint((t: Tensor) => t, x, { determinismCheck: 'strict' as never })).toThrow(want.determinism);
  });

  it('useReentrant: true gives the same gradients', () => {
    const plain = runMlp(4, false);
    const ckpt = runMlp(4, true, { useReentrant: true });
    expect(ckpt.loss).toBe(plain.loss);
    for (let i = 0; i < DEPTH; i++) expect(torch.equal(ckpt.wRaw[i]!, plain.wRaw[i]!)).toBe(true);
  });
});

describe('checkpointSequential', () => {
  it('an nn.Sequential in 2 segments gives PyTorch\'s output and gradients', () => {
    const want = py().sequential;
    torch.manualSeed(0);
    const model = new nn.Sequential(new nn.Linear(6, 8), new nn.Tanh(), new nn.Linear(8, 8), new nn.Tanh(), new nn.Linear(8, 3));
    const x = torch.randn(5, 6);
    const out = checkpointSequential(model, 2, x, { useReentrant: false });
    out.sum().backward();
    expect(out.tolist()).toEqual(want.out.map((r) => r.map((v) => expect.closeTo(v, 5))));
    expect((model[0] as nn.Linear).weight.grad!.tolist()).toEqual(want.grad0.map((r) => r.map((v) => expect.closeTo(v, 5))));
    expect(() => checkpointSequential(model, 0, x)).toThrow(RangeError);
  });
});
