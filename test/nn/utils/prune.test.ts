import { describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import * as nn from '../../../lib/nn/index.js';
import type { Tensor } from '../../../lib/torch.js';
import { oracleBatch } from '../../helpers/python.js';
import { expectClose, expectEachClose } from '../helpers.js';

const prune = nn.utils.prune;

type State = Record<string, unknown>;
const py = oracleBatch<{ s: {
  l1: { state: State; keys: string[]; weight: unknown; y: unknown; origGrad: unknown; params: string[]; buffers: string[]; pruned: boolean; afterEdit: unknown };
  random: State; container: { mask: unknown; keys: string[] }; lnScores: unknown; lnFro: unknown; lnInf: unknown;
  global: { a: State; b: State }; globalRandom: { c: unknown; d: unknown };
  custom: { state: State; keys: string[] }; removed: { state: State; keys: string[]; params: string[]; pruned: boolean; grad: boolean };
  seqPruned: boolean; rollback: { keys: string[]; pruned: boolean }; prune: unknown; errors: string[];
} }>({ s: ['nn/utils/prune', 'scenarios'] });

function state(m: nn.Module): State {
  return Object.fromEntries(Object.entries(m.stateDict()).map(([k, v]) => [k, v]));
}

describe('nn.utils.prune equals torch.nn.utils.prune', () => {
  it('l1Unstructured (a fraction, or an integer count): <name>_orig, <name>_mask, the pre-hook, gradients', () => {
    const want = py().s.l1;
    torch.manualSeed(0);
    const fc = new nn.Linear(5, 4);
    prune.l1Unstructured(fc, 'weight', { amount: 0.3 });
    prune.l1Unstructured(fc, { name: 'bias', amount: 2 });
    const x = torch.randn(3, 5);
    const y = fc(x);
    y.sum().backward();
    const self = fc as unknown as Record<string, Tensor>;
    expect(Object.keys(fc.stateDict())).toEqual(want.keys);
    expectEachClose(state(fc), want.state);
    expectEachClose({ weight: fc.weight, y, origGrad: self.weight_orig!.grad }, { weight: want.weight, y: want.y, origGrad: want.origGrad });
    expect(fc.namedParameters().map(([n]) => n)).toEqual(want.params);
    expect(fc.namedBuffers().map(([n]) => n)).toEqual(want.buffers);
    expect(prune.isPruned(fc)).toBe(want.pruned);
    torch.noGrad(() => self.weight_orig!.mul_(2));
    expectClose(fc(x), want.afterEdit);
  });

  it('randomUnstructured draws the same mask as Python for the same seed', () => {
    torch.manualSeed(1);
    const fc = new nn.Linear(6, 5);
    prune.randomUnstructured(fc, 'weight', 0.45);
    expectEachClose(state(fc), py().s.random);
  });

  it('iterative pruning combines methods in a PruningContainer (randomStructured, lnStructured, l1Unstructured)', () => {
    torch.manualSeed(2);
    const conv = new nn.Conv2d(3, 6, 3);
    prune.randomStructured(conv, 'weight', { amount: 0.5, dim: 0 });
    prune.lnStructured(conv, 'weight', { amount: 1, n: 1, dim: 1 });
    const method = prune.L1Unstructured.apply(conv, 'weight', 0.25);
    expect(method).toBeInstanceOf(prune.PruningContainer);
    expect((method as InstanceType<typeof prune.PruningContainer>).length).toBe(3);
    expectClose((conv as unknown as Record<string, Tensor>).weight_mask, py().s.container.mask);
    expect(Object.keys(conv.stateDict())).toEqual(py().s.container.keys);
  });

  it('lnStructured with importance scores, the Frobenius norm and the infinity norm', () => {
    const want = py().s;
    torch.manualSeed(3);
    const conv = new nn.Conv2d(2, 4, 2);
    const scores = torch.randn(4, 2, 2, 2);
    prune.lnStructured(conv, 'weight', 0.5, 2, 0, scores);
    const conv2 = new nn.Conv1d(2, 4, 3);
    prune.lnStructured(conv2, 'weight', { amount: 0.5, n: 'fro', dim: -1 });
    const conv3 = new nn.Conv2d(2, 4, 2);
    prune.lnStructured({ module: conv3, name: 'weight', amount: 2, n: Infinity, dim: 0 });
    const mask = (m: nn.Module): Tensor => (m as unknown as Record<string, Tensor>).weight_mask!;
    expectEachClose({ lnScores: mask(conv), lnFro: mask(conv2), lnInf: mask(conv3) }, { lnScores: want.lnScores, lnFro: want.lnFro, lnInf: want.lnInf });
  });

  it('globalUnstructured ranks the entries of several tensors together (existing masks and importance scores kept)', () => {
    const want = py().s;
    torch.manualSeed(4);
    const a = new nn.Linear(4, 3);
    const b = new nn.Linear(3, 2);
    prune.l1Unstructured(a, 'weight', 0.2);
    prune.globalUnstructured([[a, 'weight'], [b, 'weight'], [b, 'bias']], prune.L1Unstructured, { amount: 0.4 });
    expectEachClose(state(a), want.global.a);
    expectEachClose(state(b), want.global.b);
    const c = new nn.Linear(4, 3);
    const d = new nn.Linear(3, 2);
    const sc = torch.randn(3, 4);
    const key: [nn.Module, string] = [c, 'weight'];
    prune.globalUnstructured([key, [d, 'weight']], prune.RandomUnstructured, { importanceScores: new Map([[key, sc]]), amount: 5 });
    const mask = (m: nn.Module): Tensor => (m as unknown as Record<string, Tensor>).weight_mask!;
    expectEachClose({ c: mask(c), d: mask(d) }, want.globalRandom);
  });

  it('customFromMask, identity, remove (the pruned values become the parameter again) and isPruned', () => {
    const want = py().s;
    torch.manualSeed(5);
    const fc = new nn.Linear(3, 3);
    prune.customFromMask(fc, 'bias', torch.tensor([0, 1, 1]));
    prune.identity(fc, 'weight');
    expect(Object.keys(fc.stateDict())).toEqual(want.custom.keys);
    expectEachClose(state(fc), want.custom.state);
    prune.remove(fc, 'bias');
    prune.remove(fc, 'weight');
    expect(Object.keys(fc.stateDict())).toEqual(want.removed.keys);
    expectEachClose(state(fc), want.removed.state);
    expect(fc.namedParameters().map(([n]) => n)).toEqual(want.removed.params);
    expect(fc.bias).toBeInstanceOf(nn.Parameter);
    expect(fc.bias!.requiresGrad).toBe(want.removed.grad);
    expect(prune.isPruned(fc)).toBe(want.removed.pruned);
    const seq = new nn.Sequential(new nn.Linear(2, 2), new nn.ReLU());
    prune.randomUnstructured(seq.at(0) as nn.Module, 'bias', 1);
    expect(prune.isPruned(seq)).toBe(want.seqPruned);
  });

  it('a method prunes a bare tensor; bad arguments get PyTorch\'s messages and leave the module as it was', () => {
    const want = py().s;
    torch.manualSeed(6);
    const m = new nn.Linear(3, 2);
    const x = torch.randn(4, 3);
    expectClose(new prune.L1Unstructured({ amount: 0.5 }).prune(x), want.prune);
    const [tooBig, negative, overCount, notPruned, structured1d, scoresShape, globalType, noAttr] = want.errors;
    expect(() => prune.l1Unstructured(new nn.Linear(2, 2), 'weight', 1.5)).toThrow(tooBig);
    expect(() => prune.l1Unstructured(new nn.Linear(2, 2), 'weight', -1)).toThrow(negative);
    const lin = new nn.Linear(2, 2);
    expect(() => prune.l1Unstructured(lin, 'weight', 5)).toThrow(overCount);
    expect(Object.keys(lin.stateDict())).toEqual(want.rollback.keys);
    expect(prune.isPruned(lin)).toBe(want.rollback.pruned);
    expect(() => prune.remove(m, 'weight')).toThrow(notPruned);
    expect(() => prune.randomStructured(new nn.Linear(2, 2), 'bias', 0.5, 0)).toThrow(structured1d);
    expect(() => prune.l1Unstructured(new nn.Linear(2, 2), 'weight', 0.5, torch.ones(3))).toThrow(scoresShape);
    expect(() => prune.globalUnstructured([[m, 'weight']], prune.RandomStructured, { amount: 0.5 }))
      .toThrow(globalType!.replace("<class 'torch.nn.utils.prune.RandomStructured'>", 'RandomStructured'));
    expect(() => prune.l1Unstructured(new nn.Linear(2, 2), 'foo', 0.5)).toThrow(noAttr);
  });

  it('remove and isPruned refuse what is not a module (or a name) before printing it in a message', () => {
    // An array Proxy lying about its length: String() of it would walk a billion elements.
    const lying = new Proxy([new nn.Linear(2, 2)], { get: (t, k, r) => (k === 'length' ? 1e9 : Reflect.get(t, k, r)) });
    const started = Date.now();
    expect(() => prune.remove(lying as unknown as nn.Module, 'weight')).toThrow(TypeError);
    expect(() => prune.remove(lying as unknown as nn.Module, 'weight')).toThrow(/remove\(\).*module.*nn\.Module/);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(() => prune.remove(new nn.Linear(2, 2), [torch.ones(2)] as unknown as string)).toThrow(/remove\(\).*name.*a string/);
    expect(() => prune.isPruned({} as nn.Module)).toThrow(/isPruned\(\).*module.*nn\.Module/);
  });
});
