import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as torch from '../../lib/torch.js';
import type { Tensor } from '../../lib/torch.js';
import * as nn from '../../lib/nn/index.js';
import * as optim from '../../lib/optim/index.js';
import * as autograd from '../../lib/autograd/index.js';
import * as cuda from '../../lib/cuda.js';
import { oracleBatch } from '../helpers/python.js';
import { ClassifierSiLU } from '../../examples/article_models.js';

const F = nn.functional;
const STEPS = 50;

interface Training { losses: number[]; dtypes: string[]; fc1_grad_dtype: string; fc4_bias: number[] }
interface OpDtypes { inside: Record<string, string>; outside: Record<string, string>; mm_values: number[][]; conv_values: number[] }
interface Scopes {
  defaults: [string, string, boolean, boolean, boolean];
  nested: Record<'outer' | 'off' | 'back_on' | 'after', [boolean, string]> & { half: [boolean, string, string]; back_off: [boolean, string] };
  warnings: { f32_enabled: boolean; cuda_enabled: boolean; messages: string[] };
  errors: { meta: string; foo: string };
}

const py = oracleBatch<{
  training: Training; ops: OpDtypes; scopes: Scopes; cache: Record<'True' | 'False', number[][][]>;
  backward: boolean[]; custom: { fwd: [boolean, string]; plain_fwd: boolean; out: string; bwd: boolean; plain_bwd: [boolean, string] };
}>({
  training: ['amp/autocast', 'training', STEPS],
  ops: ['amp/autocast', 'op_dtypes'],
  scopes: ['amp/autocast', 'scopes'],
  cache: ['amp/autocast', 'cache'],
  backward: ['amp/autocast', 'backward_state'],
  custom: ['amp/autocast', 'custom_fwd_bwd'],
});
beforeAll(() => { py(); });
afterEach(() => { vi.restoreAllMocks(); });

const pyDtype = (d: string): string => d.replace('torch.', '');

function withOneThread<T>(fn: () => T): T {
  const threads = torch.getNumThreads();
  torch.setNumThreads(1);
  try { return fn(); } finally { torch.setNumThreads(threads); }
}

describe('the article under CPU autocast', () => {
  it(`trains the SiLU classifier ${STEPS} Adam steps with Python's losses`, () => {
    const want = py().training;
    const got = withOneThread(() => {
      torch.manualSeed(0);
      const model = new ClassifierSiLU();
      const criterion = new nn.NLLLoss();
      const optimizer = new optim.Adam(model.parameters(), { lr: 0.003 });
      const losses: number[] = [];
      let dtypes: string[] = [];
      for (let i = 0; i < STEPS; i++) {
        const images = torch.rand(32, 1, 28, 28);
        const labels = torch.randint(0, 10, [32]);
        const [out, loss] = torch.autocast({ deviceType: 'cpu', dtype: torch.bfloat16 }, () => {
          const o = model(images.view(32, -1));
          return [o, criterion(o, labels)] as const;
        });
        dtypes = [out.dtype, loss.dtype];
        optimizer.zeroGrad();
        loss.backward();
        optimizer.step();
        losses.push(loss.item());
      }
      return { losses, dtypes, gradDtype: model.fc1.weight.grad!.dtype, bias: model.fc4.bias!.tolist() as number[] };
    });
    expect(got.dtypes).toEqual(want.dtypes.map(pyDtype));
    expect(got.gradDtype).toBe(pyDtype(want.fc1_grad_dtype));
    expect(got.losses).toEqual(want.losses);
    expect(got.bias).toEqual(want.fc4_bias);
  });
});

function inputs(): Record<string, Tensor> {
  torch.manualSeed(0);
  return {
    a: torch.randn(4, 4), b: torch.randn(4, 4), h: torch.randn(4, 4).bfloat16(),
    x3: torch.randn(2, 4, 4), y3: torch.randn(2, 4, 4),
    w: torch.randn(3, 4), bias: torch.randn(3),
    img: torch.randn(1, 2, 5, 5), k2: torch.randn(3, 2, 3, 3), seq: torch.randn(1, 2, 7), k1: torch.randn(3, 2, 3),
    p: torch.rand(4, 4), t: torch.randint(0, 4, [4]), d: torch.randn([4, 4], { dtype: 'float64' }),
  };
}

describe('op dtypes under CPU autocast', () => {
  const i = inputs();
  const { a, b, h } = i as Record<'a' | 'b' | 'h', Tensor>;
  // The same cases as the oracle's, by name: the lower-precision list, the float32 list, the promote list, and ops in none.
  const cases: Record<string, () => Tensor> = {
    mm: () => torch.mm(a, b),
    matmul: () => torch.matmul(a, b),
    bmm: () => torch.bmm(i.x3!, i.y3!),
    addmm: () => torch.addmm(a, a, b),
    baddbmm: () => torch.baddbmm(i.x3!, i.x3!, i.y3!),
    linear: () => F.linear(a, i.w!, i.bias!),
    conv1d: () => F.conv1d(i.seq!, i.k1!),
    conv2d: () => F.conv2d(i.img!, i.k2!),
    mm_float64: () => torch.mm(i.d!, i.d!),
    mse_loss: () => F.mseLoss(h, h),
    l1_loss: () => F.l1Loss(h, h),
    nll_loss: () => F.nllLoss(h, i.t!),
    cross_entropy: () => F.crossEntropy(h, i.t!),
    bce_with_logits: () => F.binaryCrossEntropyWithLogits(h, i.p!.bfloat16()),
    prod: () => torch.prod(h),
    cdist: () => torch.cdist(h, h),
    kl_div: () => F.klDiv(h, h, { reduction: 'batchmean' }),
    inverse: () => torch.inverse(h.float().add(torch.eye(4).mul(4)).bfloat16()),
    cat: () => torch.cat([h, a]),
    stack: () => torch.stack([h, a]),
    add: () => torch.add(h, a),
    relu_bf16: () => torch.relu(h),
    exp_f32: () => torch.exp(a),
    softmax_bf16: () => torch.softmax(h, 0),
    sum_bf16: () => torch.sum(h),
  };
  const dtypeOf = (f: () => Tensor): string => {
    try { return f().dtype; } catch { return 'error'; }
  };

  it("gives each op Python's result dtype inside and outside a scope", () => {
    const inside = torch.autocast({ deviceType: 'cpu' }, () => Object.fromEntries(Object.entries(cases).map(([k, f]) => [k, dtypeOf(f)])));
    const outside = Object.fromEntries(Object.entries(cases).map(([k, f]) => [k, dtypeOf(f)]));
    expect(Object.keys(py().ops.inside).sort()).toEqual(Object.keys(cases).sort());
    expect(inside).toEqual(py().ops.inside);
    expect(outside).toEqual(py().ops.outside);
    expect(inside.mm).toBe('bfloat16');
    expect(inside.mse_loss).toBe('float32');
  });

  it("computes the bfloat16 matmul and convolution as Python's", () => {
    const [mm, conv] = torch.autocast('cpu', () => [torch.mm(a, b).float().tolist(), F.conv2d(i.img!, i.k2!).float().flatten().tolist()]);
    expect(mm).toEqual(py().ops.mm_values);
    expect(conv).toEqual(py().ops.conv_values);
  });
});

describe('autocast scopes', () => {
  it("has Python's defaults", () => {
    const [cpu, cuda, cache, cpuOn, cudaOn] = py().scopes.defaults;
    expect([torch.getAutocastDtype('cpu'), torch.getAutocastDtype('cuda'), torch.isAutocastCacheEnabled(),
      torch.isAutocastEnabled('cpu'), torch.isAutocastEnabled()]).toEqual([pyDtype(cpu), pyDtype(cuda), cache, cpuOn, cudaOn]);
  });

  it('nests, with enabled: false and a float16 scope inside, restoring each state on exit', () => {
    const a = torch.randn(2, 2);
    const mmDtype = (): string => torch.mm(a, a).dtype;
    const got: Record<string, unknown[]> = {};
    torch.autocast({ deviceType: 'cpu' }, () => {
      got.outer = [torch.isAutocastEnabled('cpu'), mmDtype()];
      {
        using _off = torch.autocast({ deviceType: 'cpu', enabled: false });
        got.off = [torch.isAutocastEnabled('cpu'), mmDtype()];
        torch.autocast({ deviceType: 'cpu', dtype: 'float16' }, () => {
          got.half = [torch.isAutocastEnabled('cpu'), torch.getAutocastDtype('cpu'), mmDtype()];
        });
        got.back_off = [torch.isAutocastEnabled('cpu'), torch.getAutocastDtype('cpu')];
      }
      got.back_on = [torch.isAutocastEnabled('cpu'), mmDtype()];
    });
    got.after = [torch.isAutocastEnabled('cpu'), mmDtype()];
    const want = Object.fromEntries(Object.entries(py().scopes.nested).map(([k, v]) => [k, (v as unknown[]).map((x) => typeof x === 'string' ? pyDtype(x) : x)]));
    expect(got).toEqual(want);
  });

  it('restores the state when the callback throws, and after an async callback settles', async () => {
    expect(() => torch.autocast('cpu', () => { throw new Error('boom'); })).toThrow('boom');
    expect(torch.isAutocastEnabled('cpu')).toBe(false);
    const pending = torch.autocast('cpu', async () => {
      await new Promise((r) => setTimeout(r, 5));
      return torch.isAutocastEnabled('cpu');
    });
    // The scope is thread-local state: until the promise settles, it applies to the whole thread.
    expect(torch.isAutocastEnabled('cpu')).toBe(true);
    await expect(pending).resolves.toBe(true);
    expect(torch.isAutocastEnabled('cpu')).toBe(false);
    await expect(torch.autocast('cpu', async () => { throw new Error('later'); })).rejects.toThrow('later');
    expect(torch.isAutocastEnabled('cpu')).toBe(false);
  });

  it("warns and disables as Python for an unsupported dtype and for CUDA without a GPU; throws Python's errors", () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const w = py().scopes.warnings;
    const f32 = torch.autocast({ deviceType: 'cpu', dtype: 'float32' }, () => torch.isAutocastEnabled('cpu'));
    expect(f32).toBe(w.f32_enabled);
    const cudaOn = torch.autocast({ deviceType: 'cuda' }, () => torch.isAutocastEnabled('cuda'));
    if (!cuda.isAvailable()) {
      expect(cudaOn).toBe(w.cuda_enabled);
      expect(warn.mock.calls.map((c) => c[0])).toEqual(w.messages);
    } else {
      expect(cudaOn).toBe(true);
      expect(warn.mock.calls.map((c) => c[0])).toEqual(w.messages.slice(0, 1));
    }
    expect(() => torch.autocast('meta')).toThrow(py().scopes.errors.meta);
    expect(() => torch.autocast('foo')).toThrow(py().scopes.errors.foo);
    expect(() => torch.autocast({ deviceType: 'cpu', enabeld: true } as never)).toThrow(TypeError);
    expect(() => torch.autocast({ deviceType: 3 } as never)).toThrow(/deviceType must be a string/);
    expect(torch.isAutocastEnabled('cpu')).toBe(false);
  });

  it("caches leaf weights' casts until the outermost scope exits, unless cacheEnabled is false", () => {
    torch.manualSeed(0);
    const w = torch.randn([4, 4], { requiresGrad: true });
    const x = torch.randn(4, 4);
    for (const cacheEnabled of [true, false]) {
      torch.noGrad(() => w.copy_(torch.arange(16).view(4, 4).div(7)));
      const ys: Tensor[] = [];
      torch.autocast({ deviceType: 'cpu', cacheEnabled }, () => {
        ys.push(torch.mm(w, x));
        torch.noGrad(() => w.add_(1));
        torch.autocast('cpu', () => ys.push(torch.mm(w, x)));
        ys.push(torch.mm(w, x));
      });
      torch.autocast({ deviceType: 'cpu', cacheEnabled }, () => ys.push(torch.mm(w, x)));
      expect(ys.map((y) => y.float().tolist())).toEqual(py().cache[cacheEnabled ? 'True' : 'False']);
    }
    expect(torch.isAutocastCacheEnabled()).toBe(true);
  });

  it('runs backward under the autocast state of its caller, as Python', () => {
    const seen: boolean[] = [];
    class Probe extends autograd.Function {
      static forward(_ctx: autograd.FunctionCtx, x: Tensor): Tensor { return x.mul(2); }
      static backward(_ctx: autograd.FunctionCtx, g: Tensor): Tensor { seen.push(torch.isAutocastEnabled('cpu')); return g.mul(2); }
    }
    const x = torch.randn([3], { requiresGrad: true });
    const y = torch.autocast('cpu', () => (Probe.apply(x) as Tensor).sum());
    y.backward();
    torch.autocast('cpu', () => (Probe.apply(x) as Tensor).sum().backward());
    expect(seen).toEqual(py().backward);
  });

  it('exposes the state functions Python has', () => {
    torch.setAutocastEnabled('cpu', true);
    try {
      expect(torch.isAutocastEnabled('cpu')).toBe(true);
      expect(torch.mm(torch.ones(2, 2), torch.ones(2, 2)).dtype).toBe('bfloat16');
    } finally {
      torch.setAutocastEnabled('cpu', false);
    }
    torch.setAutocastDtype('cpu', 'float16');
    expect(torch.getAutocastDtype('cpu')).toBe('float16');
    torch.setAutocastDtype('cpu', 'bfloat16');
    expect(torch.autocastIncrementNesting()).toBe(1);
    expect(torch.autocastDecrementNesting()).toBe(0);
    expect(torch.amp.isAutocastAvailable('cpu')).toBe(true);
    expect(() => torch.setAutocastEnabled('cpu', 1 as never)).toThrow(TypeError);
  });
});

describe('torch.amp.customFwd / customBwd', () => {
  it("cast inputs and record forward's state for backward, as Python", () => {
    const seen: Record<string, unknown> = {};
    class MyMm extends autograd.Function {
      static forward = torch.amp.customFwd({ deviceType: 'cpu', castInputs: 'float32' }, (ctx: autograd.FunctionCtx, a: Tensor, b: Tensor) => {
        seen.fwd = [torch.isAutocastEnabled('cpu'), a.dtype];
        ctx.saveForBackward(a, b);
        return a.mm(b);
      });
      static backward = torch.amp.customBwd({ deviceType: 'cpu' }, (ctx: autograd.FunctionCtx, g: Tensor) => {
        seen.bwd = torch.isAutocastEnabled('cpu');
        const [a, b] = ctx.savedTensors as [Tensor, Tensor];
        return [g.mm(b.t()), a.t().mm(g)];
      });
    }
    class Plain extends autograd.Function {
      static forward = torch.amp.customFwd({ deviceType: 'cpu' }, (_ctx: autograd.FunctionCtx, a: Tensor) => {
        seen.plain_fwd = torch.isAutocastEnabled('cpu');
        return a.mul(2);
      });
      static backward = torch.amp.customBwd({ deviceType: 'cpu' }, (_ctx: autograd.FunctionCtx, g: Tensor) => {
        seen.plain_bwd = [torch.isAutocastEnabled('cpu'), torch.getAutocastDtype('cpu')];
        return g.mul(2);
      });
    }
    const a = torch.randn([3, 3], { requiresGrad: true });
    const b = torch.randn(3, 3).bfloat16().requiresGrad_();
    const [y, z] = torch.autocast('cpu', () => [MyMm.apply(a, b) as Tensor, Plain.apply(a) as Tensor]);
    seen.out = y.dtype;
    y.float().sum().backward();
    z.sum().backward();
    const want = py().custom;
    expect(seen).toEqual({ fwd: [want.fwd[0], pyDtype(want.fwd[1])], plain_fwd: want.plain_fwd, out: pyDtype(want.out), bwd: want.bwd,
      plain_bwd: [want.plain_bwd[0], pyDtype(want.plain_bwd[1])] });
  });
});
