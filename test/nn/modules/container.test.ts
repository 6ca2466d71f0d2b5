import { describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import * as nn from '../../../lib/nn/index.js';
import { siluSequential } from '../../../examples/article_models.js';
import { oracleBatch } from '../../helpers/python.js';
import { expectClose } from '../helpers.js';

const articleSequential = (): nn.Sequential => siluSequential() as nn.Sequential;

describe('containers', () => {
  it('Sequential, ModuleList and ModuleDict index, iterate and mutate', () => {
    const seq = new nn.Sequential(new nn.Linear(2, 3), new nn.ReLU());
    expect(seq.length).toBe(2);
    expect(seq[0]).toBeInstanceOf(nn.Linear);
    expect(seq.at(-1)).toBeInstanceOf(nn.ReLU);
    seq.append(new nn.Linear(3, 1));
    expect(seq(torch.zeros(4, 2)).shape).toEqual([4, 1]);
    expect([...seq].length).toBe(3);
    const named = articleSequential();
    expect(named[0]).toBe(named.at(0));
    expect((named as unknown as { fc1: nn.Linear }).fc1).toBe(named.at(0));
    const list = new nn.ModuleList([new nn.ReLU()]);
    list.append(new nn.Tanh()).insert(0, new nn.Identity());
    expect([...list].map((m) => m.constructor.name)).toEqual(['Identity', 'ReLU', 'Tanh']);
    expect(list.pop(1)).toBeInstanceOf(nn.ReLU);
    expect(list.namedChildren().map(([n]) => n)).toEqual(['0', '1']);
    const dict = new nn.ModuleDict({ a: new nn.Linear(1, 1) });
    dict.set('b', new nn.Linear(1, 2));
    expect(dict.keys()).toEqual(['a', 'b']);
    expect(Object.keys(dict.stateDict())).toEqual(['a.weight', 'a.bias', 'b.weight', 'b.bias']);
    dict.delete('a');
    expect([...dict]).toEqual(['b']);
  });
});

const py = oracleBatch<{
  list: Record<string, unknown>; dict: Record<string, unknown>; container: Record<string, string>; dp: Record<string, unknown>; seq: Record<string, unknown>;
}>({
  seq: ['nn/modules/container', 'sequence_ops'],
  list: ['nn/modules/container', 'parameter_list'],
  dict: ['nn/modules/container', 'parameter_dict'],
  container: ['nn/modules/container', 'container'],
  dp: ['nn/modules/container', 'data_parallel'],
});

describe('ParameterList equals PyTorch', () => {
  it('repr, state dict keys, append/extend/set/slice, gradients and errors', () => {
    const p = py().list;
    torch.manualSeed(0);
    const pl = new nn.ParameterList([new nn.Parameter(torch.randn(2, 3)), torch.randn(3), new nn.Parameter(torch.randn([3], { dtype: 'float64' }))]);
    expect(String(pl)).toBe(p.repr);
    expect(Object.keys(pl.stateDict())).toEqual(p.keys);
    expect(pl.length).toBe(p.len);
    expect(pl[1]).toBeInstanceOf(nn.Parameter);
    expect(pl.at(-1)).toBe(pl[2]);
    pl.append('x');
    pl.extend([torch.ones(2, 2)]);
    expect(String(pl)).toBe(p.reprMixed);
    expect(Object.keys(pl.stateDict())).toEqual(p.keysMixed);
    expect(String(pl.slice(1, 3))).toBe(p.sliceRepr);
    expect(String(new nn.ParameterList())).toBe(p.empty);
    pl.set(3, torch.zeros(1));
    // Registration order is Python's (a non-parameter entry made a parameter goes last); a state
    // dict is a JS object, whose integer-like keys list in ascending order.
    expect(pl.namedParameters().map(([n]) => n)).toEqual(p.keysSet);
    expect(Object.keys(pl.stateDict())).toEqual([...(p.keysSet as string[])].sort());
    expect(String(new nn.Sequential(new nn.Linear(2, 2), new nn.ParameterList([new nn.Parameter(torch.zeros(2))])))).toBe(p.inSequential);
    const [a, b] = [pl[0] as nn.Parameter, pl[1] as nn.Parameter];
    a.sum().add(b.sum().mul(2)).backward();
    expectClose(a.grad, (p.grads as unknown[])[0]);
    expectClose(b.grad, (p.grads as unknown[])[1]);
    expect(() => pl.extend(torch.zeros(2) as never)).toThrow(p.extendError as string);
    expect(() => (pl as unknown as () => unknown)()).toThrow(p.callError as string);
    expect(() => pl.at(9)).toThrow(p.indexError as string);
    expect([...new nn.ParameterList({ values: [torch.zeros(1)] })].length).toBe(1);
  });
});

describe('ParameterDict equals PyTorch', () => {
  it('key order, repr, state dict keys, dict methods and errors', () => {
    const p = py().dict;
    torch.manualSeed(1);
    const pd = new nn.ParameterDict({ b: new nn.Parameter(torch.randn(2)), a: torch.randn(3, 1) });
    expect(String(pd)).toBe(p.repr);
    expect(Object.keys(pd.stateDict())).toEqual(p.keys);
    const od = new nn.ParameterDict(new Map([['z', torch.zeros([1], { dtype: 'float64' })], ['y', torch.zeros([2], { dtype: 'float16' })]]));
    expect(String(od)).toBe(p.orderedRepr);
    pd.set('c', 5);
    expect(String(pd)).toBe(p.reprMixed);
    expect(Object.keys(pd.stateDict())).toEqual(p.keysMixed);
    const pairs = new nn.ParameterDict([['q', torch.ones(2)], ['p', torch.ones(1)]]);
    expect(pairs.keys()).toEqual(p.pairsKeys);
    expect(pd.or(pairs).keys()).toEqual(p.orKeys);
    expect(pd.pop('c')).toBe(p.pop);
    expect(pairs.popitem()[0]).toBe(p.popitem);
    expectClose(pd.setdefault('d', torch.zeros(2)), p.setdefault);
    expect([...pd]).toEqual(p.afterKeys);
    expect(pd.fromkeys(['u', 'v']).keys()).toEqual(p.fromkeys);
    expect(pd.copy().keys()).toEqual(p.copyKeys);
    expect(pd.copy().get('a')).toBe(pd.get('a'));
    expect(pd.get('missing')).toBeUndefined();
    expect(pd.has('a') && pd.size === 3).toBe(true);
    expect(() => pd.set(3 as never, torch.zeros(1))).toThrow(p.keyError as string);
    expect(() => new nn.ParameterDict([['a', torch.zeros(1), 3]] as never)).toThrow(p.pairError as string);
    expect(() => new nn.ParameterDict({ keys: torch.zeros(1) })).toThrow((p.attrError as string).slice(1, -1)); // str() of Python's KeyError quotes it
    expect(() => (pd as unknown as (x: number) => unknown)(1)).toThrow(p.callError as string);
    pd.clear();
    expect(pd.size).toBe(p.cleared);
  });
});

describe('Container and DataParallel equal PyTorch', () => {
  it('Container warns (FutureWarning) and registers its modules', async () => {
    const p = py().container;
    const warned = new Promise<Error>((resolve) => process.once('warning', resolve));
    torch.manualSeed(2);
    const c = new nn.Container({ fc: new nn.Linear(2, 3), act: new nn.ReLU() });
    const w = await warned;
    expect([w.message, w.name]).toEqual([p.warning, p.category]);
    expect(String(c)).toBe(p.repr);
    expect(Object.keys(c.stateDict())).toEqual(p.keys);
  });

  it('DataParallel calls its module on this CPU-only build; state dict keys are prefixed module.', () => {
    const p = py().dp;
    torch.manualSeed(3);
    const dp = new nn.DataParallel(new nn.Sequential(new nn.Linear(4, 3), new nn.BatchNorm1d(3)));
    const x = torch.randn(5, 4);
    expectClose(dp(x), p.y);
    expect(String(dp)).toBe(p.repr);
    expect(Object.keys(dp.stateDict())).toEqual(p.keys);
    expect(dp.deviceIds).toEqual(p.deviceIds);
    expect(() => nn.parallel.dataParallel(dp.module, x)).toThrow(p.functional as string);
    // A checkpoint of a DataParallel model (keys module.*) loads into one.
    const dict = p.dict as Record<string, unknown>;
    const fresh = new nn.DataParallel({ module: new nn.Sequential(new nn.Linear(4, 3), new nn.BatchNorm1d(3)), deviceIds: [0] });
    fresh.loadStateDict(Object.fromEntries(Object.entries(dict).map(([k, v]) => [k, k.endsWith('num_batches_tracked') ? torch.tensor(BigInt(v as number)) : torch.tensor(v as number[])])));
    expectClose((fresh.module.at(0) as nn.Linear).weight, dict['module.0.weight']);
    expect(() => new nn.DataParallel(3 as never)).toThrow('DataParallel(): module must be an nn.Module (got number 3)');
  });

  it('ModuleList takes its modules by keyword too', () => {
    expect(new nn.ModuleList({ modules: [new nn.ReLU()] }).length).toBe(1);
    expect(() => new nn.ModuleList({ mods: [] } as never)).toThrow("ModuleList(): unknown option 'mods'");
  });
});

describe('ParameterList and ParameterDict deep copies', () => {
  it('copy their entries, not share them', () => {
    const pl = new nn.ParameterList([torch.ones(2), 'x']);
    const plc = pl.deepCopy();
    expect(plc.length).toBe(2);
    expect(plc[0]).not.toBe(pl[0]);
    expect(String(plc)).toBe(String(pl));
    const pd = new nn.ParameterDict({ a: torch.ones(1) });
    const pdc = pd.deepCopy();
    pdc.set('b', torch.zeros(1));
    expect([pd.keys(), pdc.keys()]).toEqual([['a'], ['a', 'b']]);
    expect(pdc.get('a')).not.toBe(pd.get('a'));
  });
});

describe('ParameterList and ParameterDict types', () => {
  it('read entries as Parameters by default', () => {
    torch.manualSeed(5);
    const ws = new nn.ParameterList(Array.from({ length: 2 }, () => new nn.Parameter(torch.randn(3, 3))));
    let x = torch.randn(2, 3);
    for (const w of ws) x = x.matmul(w);
    x = x.matmul(ws[0]!).matmul(ws.at(-1));
    const d = new nn.ParameterDict({ w: new nn.Parameter(torch.eye(3)) });
    expect(x.matmul(d.get('w')!).shape).toEqual([2, 3]);
    expect(d.values().map((p) => p.shape)).toEqual([[3, 3]]);
  });
});

describe('Sequential and ModuleList editing equals PyTorch', () => {
  it('set, delete (renumbering), pop, add and mul', () => {
    const p = py().seq;
    torch.manualSeed(6);
    const named = new nn.Sequential(new Map<string, nn.Module>([['fc', new nn.Linear(2, 3)], ['act', new nn.ReLU()], ['out', new nn.Linear(3, 1)]]));
    named.set(1, new nn.Tanh());
    expect(String(named)).toBe(p.set);
    named.delete(0);
    expect(String(named)).toBe(p.del);
    expect(Object.keys(named.stateDict())).toEqual(p.delKeys);
    expect(named[0]).toBeInstanceOf(nn.Tanh);
    const popped = named.pop(-1);
    expect([String(popped), String(named)]).toEqual(p.pop);
    const a = new nn.Sequential(new nn.Linear(1, 2), new nn.ReLU());
    const b = new nn.Sequential(new nn.Linear(2, 2));
    expect(String(a.add(b))).toBe(p.add);
    expect(String(a.mul(2))).toBe(p.mul);
    expect(Object.keys(a.mul(2).stateDict())).toEqual(p.mulKeys);
    expect(a.mul(2).at(2)).toBe(a.at(0));
    const lst = new nn.ModuleList([new nn.ReLU(), new nn.Tanh(), new nn.Sigmoid()]);
    lst.delete(0);
    expect(String(lst)).toBe(p.listDel);
    expect(String(lst.add([new nn.Identity()]))).toBe(p.listAdd);
    expect(() => a.add(3 as never)).toThrow('add operator supports only objects of Sequential class');
    // PyTorch names the class as Python prints it (<class '...Sequential'>); here it is Sequential.
    expect(() => a.mul(0)).toThrow('Non-positive multiplication factor 0 for Sequential');
    expect(p.mulError).toBe("Non-positive multiplication factor 0 for <class 'torch.nn.modules.container.Sequential'>");
    expect((p.addError as string).startsWith('add operator supports only objects of Sequential class')).toBe(true);
  });
});
