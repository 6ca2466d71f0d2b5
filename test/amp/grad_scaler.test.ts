import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as torch from '../../lib/torch.js';
import type { Tensor } from '../../lib/torch.js';
import * as optim from '../../lib/optim/index.js';
import * as cuda from '../../lib/cuda.js';
import { oracleBatch } from '../helpers/python.js';

interface Step { c: number; poison: [number, number, 'inf' | '-inf' | 'nan'] | null; unscale: boolean; new_scale: number | null }
interface Row { scale: number; tracker: number; stepped: boolean; p0: number[]; p1: number[][] }
type Msg = [string, string];

// The oracle's STEPS (test/oracles/amp/grad_scaler.py).
const STEPS: Step[] = [
  { c: 1.0, poison: null, unscale: false, new_scale: null },
  { c: 2.0, poison: [0, 1, 'inf'], unscale: false, new_scale: null },
  { c: 0.5, poison: null, unscale: true, new_scale: null },
  { c: 1.5, poison: null, unscale: false, new_scale: null },
  { c: -1.0, poison: [1, 0, 'nan'], unscale: true, new_scale: null },
  { c: 3.0, poison: null, unscale: false, new_scale: null },
  { c: 1.0, poison: [0, 2, '-inf'], unscale: false, new_scale: null },
  { c: 0.25, poison: null, unscale: false, new_scale: 512.0 },
  { c: 1.0, poison: null, unscale: false, new_scale: null },
  { c: 2.0, poison: null, unscale: false, new_scale: null },
];
const VALUE = { inf: Infinity, '-inf': -Infinity, nan: NaN };

const py = oracleBatch<{
  sequence: { rows: Row[]; state_dict: Record<string, number>; scaled_nested: [number[], number, number[][]] };
  errors: Record<string, Msg> & { cuda: { enabled: boolean; warnings: string[]; state_dict: object; scale: number } };
  load: { steps: [number, number[]][]; state_dict: Record<string, number> };
}>({
  sequence: ['amp/grad_scaler', 'sequence'],
  errors: ['amp/grad_scaler', 'errors'],
  load: ['amp/grad_scaler', 'load_state'],
});
beforeAll(() => { py(); });
afterEach(() => { vi.restoreAllMocks(); });

describe('torch.amp.GradScaler on CPU', () => {
  it("skips the steps whose gradients hold inf or NaN, and grows and backs off its scale as Python's", () => {
    const p0 = torch.tensor([1.0, -2.0, 3.0], { requiresGrad: true });
    const p1 = torch.tensor([[0.5, 0.25], [-1.0, 2.0]], { requiresGrad: true });
    const opt = new optim.SGD([p0, p1], { lr: 0.1, momentum: 0.9 });
    const scaler = new torch.amp.GradScaler('cpu', { initScale: 1024, growthFactor: 2, backoffFactor: 0.25, growthInterval: 2 });
    const rows: Row[] = [];
    for (const s of STEPS) {
      opt.zeroGrad();
      const loss = p0.pow(2).sum().add(p1.mul(p0.narrow(0, 0, 2)).sum()).mul(s.c);
      scaler.scale(loss).backward();
      if (s.poison !== null) {
        const [which, idx, v] = s.poison;
        torch.noGrad(() => [p0, p1][which]!.grad!.view(-1).narrow(0, idx, 1).fill_(VALUE[v]));
      }
      if (s.unscale) scaler.unscale_(opt);
      const before = p0.detach().clone();
      scaler.step(opt);
      const stepped = !torch.equal(before, p0.detach());
      scaler.update(s.new_scale);
      rows.push({ scale: scaler.getScale(), tracker: scaler.getGrowthTracker(), stepped, p0: p0.tolist() as number[], p1: p1.tolist() as number[][] });
    }
    const want = py().sequence;
    expect(rows.map((r) => r.stepped)).toEqual(want.rows.map((r) => r.stepped));
    expect(rows.map((r) => [r.scale, r.tracker])).toEqual(want.rows.map((r) => [r.scale, r.tracker]));
    expect(rows).toEqual(want.rows);
    expect(scaler.stateDict()).toEqual(want.state_dict);
  });

  it('scales tensors inside arrays and objects', () => {
    const scaler = new torch.amp.GradScaler({ device: 'cpu', initScale: 8 });
    const out = scaler.scale([torch.tensor([1.0, 2.0]), [torch.tensor(3.0), [torch.tensor([[4.0]])]]] as const);
    expect([out[0].tolist(), out[1][0].item(), out[1][1][0].tolist()]).toEqual(py().sequence.scaled_nested);
    const obj = scaler.scale({ a: torch.tensor(1.0), b: [torch.tensor(2.0)] });
    expect([obj.a.item(), obj.b[0]!.item()]).toEqual([8, 16]);
    expect(() => scaler.scale([1] as never)).toThrow('outputs must be a Tensor or an iterable of Tensors');
  });

  it("loads Python's state dict and continues as Python", () => {
    const p = torch.tensor([1.0, 2.0], { requiresGrad: true });
    const opt = new optim.SGD([p], { lr: 0.1 });
    const scaler = new torch.amp.GradScaler('cpu');
    scaler.loadStateDict({ scale: 32.0, growth_factor: 4.0, backoff_factor: 0.5, growth_interval: 1, _growth_tracker: 0 });
    const steps: [number, number[]][] = [];
    for (const poison of [false, true]) {
      opt.zeroGrad();
      scaler.scale(p.pow(2).sum()).backward();
      if (poison) torch.noGrad(() => p.grad!.narrow(0, 0, 1).fill_(Infinity));
      scaler.step(opt);
      scaler.update();
      steps.push([scaler.getScale(), p.tolist() as number[]]);
    }
    expect(steps).toEqual(py().load.steps);
    expect(scaler.stateDict()).toEqual(py().load.state_dict);
    expect([scaler.getGrowthFactor(), scaler.getBackoffFactor(), scaler.getGrowthInterval()]).toEqual([4, 0.5, 1]);
    scaler.setGrowthFactor(3); scaler.setBackoffFactor(0.125); scaler.setGrowthInterval(7);
    expect([scaler.getGrowthFactor(), scaler.getBackoffFactor(), scaler.getGrowthInterval()]).toEqual([3, 0.125, 7]);
  });

  it("throws Python's errors", () => {
    const e = py().errors;
    const setup = (): [Tensor, optim.SGD, torch.amp.GradScaler] => {
      const p = torch.tensor([1.0, 2.0], { requiresGrad: true });
      const opt = new optim.SGD([p], { lr: 0.1 });
      const scaler = new torch.amp.GradScaler('cpu');
      scaler.scale(p.sum()).backward();
      return [p, opt, scaler];
    };
    let [, opt, scaler] = setup();
    scaler.unscale_(opt);
    expect(() => scaler.unscale_(opt)).toThrow(e.unscale_twice[1]);
    scaler.step(opt);
    expect(() => scaler.step(opt)).toThrow(e.step_twice[1]);
    expect(() => scaler.unscale_(opt)).toThrow(e.unscale_after_step[1]);
    scaler.update();
    expect(() => scaler.update()).toThrow(e.update_without_checks[1]);
    const fresh = new torch.amp.GradScaler('cpu');
    expect(() => fresh.step(opt)).toThrow(e.step_before_scale[1]);
    expect(() => fresh.update()).toThrow(e.update_before_scale[1]);
    expect(() => fresh.unscale_(opt)).toThrow(e.unscale_before_scale[1]);
    const noGrads = new optim.SGD([torch.tensor([1.0], { requiresGrad: true })], { lr: 0.1 });
    [, opt, scaler] = setup();
    expect(() => scaler.step(noGrads)).toThrow(e.no_inf_checks[1]);
    expect(() => new torch.amp.GradScaler('cpu', { growthFactor: 1.0 })).toThrow(e.growth_factor[1]);
    expect(() => new torch.amp.GradScaler('cpu', { backoffFactor: 1.0 })).toThrow(e.backoff_factor[1]);
    expect(() => scaler.loadStateDict({})).toThrow(e.empty_state[1]);
    const h = torch.tensor([1.0], { dtype: 'float16', requiresGrad: true });
    const opt16 = new optim.SGD([h], { lr: 0.1 });
    h.grad = torch.tensor([1.0], { dtype: 'float16' });
    expect(() => scaler.unscale_(opt16)).toThrow(e.fp16[1]);
    expect(() => scaler.update(torch.tensor([1.0, 2.0]))).toThrow(e.new_scale_shape[1]);
    expect(() => scaler.step(opt, () => undefined)).toThrow(e.closure[1]);
    expect(() => new torch.amp.GradScaler('cpu', { initScale: 'big' } as never)).toThrow(TypeError);
    expect(() => new torch.amp.GradScaler({ device: 'cpu', scale: 2 } as never)).toThrow(/unknown option 'scale'/);
  });

  it("warns and disables itself for CUDA without a GPU, as Python's default device 'cuda'", () => {
    if (cuda.isAvailable()) return;
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const scaler = new torch.amp.GradScaler();
    const want = py().errors.cuda;
    expect(warn.mock.calls.map((c) => c[0])).toEqual(want.warnings);
    expect([scaler.isEnabled(), scaler.stateDict(), scaler.getScale()]).toEqual([want.enabled, want.state_dict, want.scale]);
    // Disabled: scale returns its input, step steps, update does nothing.
    const p = torch.tensor([1.0], { requiresGrad: true });
    const loss = p.mul(3).sum();
    expect(scaler.scale(loss)).toBe(loss);
    loss.backward();
    scaler.step(new optim.SGD([p], { lr: 1 }));
    scaler.update();
    expect(p.item()).toBe(-2);
  });
});
