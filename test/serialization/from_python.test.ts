// torch.save in python3's PyTorch (zip and legacy formats), torch.load in Node: every dtype,
// shared storages, requires_grad, Parameters, Python values, state dicts into models.
import { describe, expect, it } from 'vitest';
import * as torch from '../../lib/index.js';
import { Tensor, nn, serialization } from '../../lib/index.js';
import { python } from '../helpers/python.js';
import { DTYPES, PY_VALUES, tempFiles, values } from './helpers.js';

const file = tempFiles('tn-ser-from-py-');

describe('Python save -> Node load', () => {
  it('every dtype PyTorch saves, non-contiguous, with values', () => {
    const py = python<Record<string, unknown>>(`${PY_VALUES}
out = {}
for name in ${JSON.stringify(DTYPES)}:
    dt = getattr(torch, name)
    if name == 'bool': t = torch.tensor([[True, False, True], [False, False, True]])
    elif name.startswith('complex'): t = (torch.tensor([[1., 2, 3], [4, 5, 250]]) + 0.5j).to(dt)
    else: t = torch.tensor([[1., 2, 3], [4, 5, 250]]).to(dt)
    out[name] = t.t()
torch.save(out, ${JSON.stringify(file('py_dtypes.pt'))})
print(json.dumps({k: {'values': values(v), 'stride': list(v.stride())} for k, v in out.items()}))`);
    const d = torch.load(file('py_dtypes.pt')) as Record<string, Tensor>;
    for (const name of DTYPES) {
      const t = d[name]!;
      expect(t.dtype).toBe(name);
      expect(t.shape).toEqual([3, 2]);
      expect(t.stride()).toEqual((py[name] as { stride: number[] }).stride);
      expect(values(t)).toEqual((py[name] as { values: unknown }).values);
    }
  });

  it('views sharing a storage alias after loading; requires_grad and Parameters are restored', () => {
    python(`
base = torch.arange(12.)
p = torch.nn.Parameter(torch.ones(2))
q = torch.nn.Parameter(torch.ones(1), requires_grad=False)
torch.save({'a': base.view(3, 4), 'b': base[4:8], 'c': base.view(3, 4).t(), 'g': torch.ones(2, requires_grad=True), 'p': p, 'q': q}, ${JSON.stringify(file('py_views.pt'))})
print(json.dumps(0))`);
    const d = torch.load(file('py_views.pt')) as Record<string, Tensor>;
    d.a!.fill_(7);
    expect(d.b!.tolist()).toEqual([7, 7, 7, 7]);
    expect(d.c!.stride()).toEqual([1, 4]);
    expect(d.g!.requiresGrad).toBe(true);
    expect(d.p).toBeInstanceOf(nn.Parameter);
    expect(d.p!.requiresGrad).toBe(true);
    expect(d.q).toBeInstanceOf(nn.Parameter);
    expect(d.q!.requiresGrad).toBe(false);
    expect(d.a!.requiresGrad).toBe(false);
  });

  it('Python values map to JS as documented', () => {
    python(`
import collections
torch.save({'i': 3, 'f': 2.0, 'big': 2**70, 'neg': -(2**63), 's': 'héllo', 'b': True, 'n': None, 't': (1, (2, 3)), 'l': [1, [2]],
  'intkeys': {2: 'b', 1: 'a'}, 'numstr': {'1': 'x', 'a': 'y'}, 'od': collections.OrderedDict([('z', 1), ('a', 2)]),
  'set': {5}, 'bytes': b'\\x00\\xff', 'c': 1+2j, 'dt': torch.float16, 'dev': torch.device('cpu'), 'size': torch.Size([2, 3]),
  'tuplekey': {(1, 2): 'p'}}, ${JSON.stringify(file('py_values.pt'))})
print(json.dumps(0))`);
    const d = torch.load(file('py_values.pt')) as Record<string, unknown>;
    expect(d.i).toBe(3);
    expect(d.f).toBe(2);
    expect(d.big).toBe(2n ** 70n);
    expect(d.neg).toBe(-(2n ** 63n));
    expect(d.s).toBe('héllo');
    expect(d.b).toBe(true);
    expect(d.n).toBe(null);
    expect(d.t).toEqual([1, [2, 3]]);
    expect(serialization.isTuple(d.t)).toBe(true);
    expect(serialization.isTuple(d.l)).toBe(false);
    expect(d.intkeys).toBeInstanceOf(Map);
    expect([...(d.intkeys as Map<unknown, unknown>).keys()]).toEqual([2, 1]);
    expect(d.numstr).toBeInstanceOf(Map);
    expect([...(d.numstr as Map<unknown, unknown>).keys()]).toEqual(['1', 'a']);
    expect(Object.keys(d.od as object)).toEqual(['z', 'a']);
    expect(serialization.isOrderedDict(d.od)).toBe(true);
    expect(d.set).toEqual(new Set([5]));
    expect(Buffer.isBuffer(d.bytes) && [...(d.bytes as Buffer)]).toEqual([0, 255]);
    expect(d.c).toEqual(new serialization.PythonComplex(1, 2));
    expect(d.dt).toBe('float16');
    expect(d.dev).toBe('cpu');
    expect(d.size).toEqual([2, 3]);
    const tk = d.tuplekey as Map<unknown, unknown>;
    expect([...tk.keys()]).toEqual([[1, 2]]);
  });

  it('a Python state_dict goes into model.loadStateDict and gives identical outputs', () => {
    const py = python<{ out: number[][]; x: number[][] }>(`
torch.manual_seed(0)
m = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.BatchNorm1d(8), torch.nn.ReLU(), torch.nn.Linear(8, 2))
m.train(); m(torch.randn(16, 4))  # running stats move
m.eval()
x = torch.randn(5, 4)
with torch.no_grad(): out = m(x)
torch.save(m.state_dict(), ${JSON.stringify(file('py_sd.pt'))})
print(json.dumps({'out': out.tolist(), 'x': x.tolist()}))`);
    const sd = torch.load(file('py_sd.pt')) as Record<string, Tensor>;
    expect(serialization.isOrderedDict(sd)).toBe(true);
    expect(serialization.dictAttributes(sd)).toBeDefined();
    const model = new nn.Sequential(new nn.Linear(4, 8), new nn.BatchNorm1d(8), new nn.ReLU(), new nn.Linear(8, 2));
    model.loadStateDict(sd);
    model.eval();
    const out = torch.noGrad(() => model.forward(torch.tensor(py.x)) as Tensor);
    expect(out.tolist()).toEqual(py.out);
    // Saved again from Node, Python reads the same _metadata back.
    torch.save(sd, file('py_sd_again.pt'));
    const meta = python<string>(`print(json.dumps(repr(torch.load(${JSON.stringify(file('py_sd_again.pt'))})._metadata)))`);
    expect(meta).toContain("('1', {'version': 2})");
  });
});

describe('Python legacy (pre-1.6 format) save -> Node load', () => {
  it('reads tensors of every dtype, shared storages, Parameters and nested values', async () => {
    const legacyDtypes = DTYPES.filter((d) => !d.startsWith('uint') || d === 'uint8');
    const py = python<Record<string, unknown>>(`${PY_VALUES}
import collections
out = collections.OrderedDict()
for name in ${JSON.stringify(legacyDtypes)}:
    dt = getattr(torch, name)
    if name == 'bool': t = torch.tensor([[True, False, True], [False, False, True]])
    elif name.startswith('complex'): t = (torch.tensor([[1., 2, 3], [4, 5, 250]]) + 0.5j).to(dt)
    else: t = torch.tensor([[1., 2, 3], [4, 5, 250]]).to(dt)
    out[name] = t.t()
base = torch.arange(10.)
obj = {'t': out, 'a': base, 'b': base[2:5], 'p': torch.nn.Parameter(torch.ones(2)), 'meta': {'step': 3, 'names': ('x', 'y')}}
torch.save(obj, ${JSON.stringify(file('legacy.pt'))}, _use_new_zipfile_serialization=False)
print(json.dumps({k: values(v) for k, v in out.items()}))`);
    for (const d of [torch.load(file('legacy.pt')), await torch.loadAsync(file('legacy.pt'))] as Record<string, unknown>[]) {
      const t = d.t as Record<string, Tensor>;
      expect(Object.keys(t)).toEqual(legacyDtypes);
      for (const name of legacyDtypes) {
        expect(t[name]!.dtype).toBe(name);
        expect(values(t[name]!)).toEqual(py[name]);
      }
      (d.a as Tensor).fill_(1);
      expect((d.b as Tensor).tolist()).toEqual([1, 1, 1]);
      expect(d.p).toBeInstanceOf(nn.Parameter);
      expect(d.meta).toEqual({ step: 3, names: ['x', 'y'] });
    }
  });
});
