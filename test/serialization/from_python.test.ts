// torch.save in python3's PyTorch (zip and legacy formats), torch.load in Node: every dtype,
// shared storages, requires_grad, Parameters, Python values, state dicts into models.
import { describe, expect, it } from 'vitest';
import * as torch from '../../lib/index.js';
import { Tensor, nn, serialization } from '../../lib/index.js';
import { oracle, oracleBatch } from '../helpers/python.js';
import { DTYPES, tempFiles, values } from './helpers.js';

const file = tempFiles('tn-ser-from-py-');
const legacyDtypes = DTYPES.filter((d) => !d.startsWith('uint') || d === 'uint8');

// The files Python saves for this file's tests, written in one python3 run on first use
// (test/oracles/serialization/from_python.py), with what Python computed from them.
const saved = oracleBatch<{
  dtypes: Record<string, unknown>; views: null; values: null; stateDict: { out: number[][]; x: number[][] }; legacy: Record<string, unknown>;
}>({
  dtypes: ['serialization/from_python', 'save_dtypes', DTYPES, file('py_dtypes.pt')],
  views: ['serialization/from_python', 'save_views', file('py_views.pt')],
  values: ['serialization/from_python', 'save_values', file('py_values.pt')],
  stateDict: ['serialization/from_python', 'save_state_dict', file('py_sd.pt')],
  legacy: ['serialization/from_python', 'save_legacy', legacyDtypes, file('legacy.pt')],
});

describe('Python save -> Node load', () => {
  it('every dtype PyTorch saves, non-contiguous, with values', () => {
    const py = saved().dtypes;
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
    saved(); // Python wrote py_views.pt
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
    saved(); // Python wrote py_values.pt
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
    const py = saved().stateDict;
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
    const meta = oracle<string>('serialization/from_python', 'state_dict_metadata', file('py_sd_again.pt'));
    expect(meta).toContain("('1', {'version': 2})");
  });
});

describe('Python legacy (pre-1.6 format) save -> Node load', () => {
  it('reads tensors of every dtype, shared storages, Parameters and nested values', async () => {
    const py = saved().legacy;
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
