// torch.save from Node, torch.load in python3's PyTorch: every dtype, views sharing a storage,
// the archive's layout, requires_grad, Parameters, nested values, state dicts into models.
import { describe, expect, it } from 'vitest';
import * as torch from '../../lib/index.js';
import { Tensor, nn, serialization } from '../../lib/index.js';
import { oracle } from '../helpers/python.js';
import { DTYPES, tempFiles, values } from './helpers.js';

const file = tempFiles('tn-ser-to-py-');

describe('Node save -> Python load', () => {
  it('every dtype, with shape, strides and values', () => {
    const obj: Record<string, Tensor> = {};
    const expected: Record<string, unknown> = {};
    for (const d of DTYPES) {
      const base = d === 'bool'
        ? torch.tensor([[true, false, true], [false, false, true]])
        : torch.tensor([[1, 2, 3], [4, 5, 250]], { dtype: d === 'complex64' || d === 'complex128' ? 'float64' : 'float64' }).to(d);
      const t = d === 'complex64' || d === 'complex128' ? base.mul(torch.tensor(1).to(d)).add(torch.complex(torch.tensor(0.5), torch.tensor(-2)).to(d)) : base;
      obj[d] = t.t(); // non-contiguous
      expected[d] = { shape: [3, 2], stride: [1, 3], values: values(t.t()) };
    }
    torch.save(obj, file('dtypes.pt'));
    const got = oracle<Record<string, { dtype: string; shape: number[]; stride: number[]; values: unknown }>>('serialization/to_python', 'load_dtypes', file('dtypes.pt'));
    for (const d of DTYPES) {
      expect(got[d]!.dtype).toBe(`torch.${d}`);
      expect(got[d]!.shape).toEqual([3, 2]);
      expect(got[d]!.stride).toEqual([1, 3]);
      expect(got[d]!.values).toEqual((expected[d] as { values: unknown }).values);
    }
  });

  it('views of one storage are stored once and alias in Python', () => {
    const base = torch.arange(12, { dtype: 'float32' });
    const a = base.view([3, 4]);
    const b = a.select(1, 2); // strided view at an offset
    const c = base.narrow(0, 5, 4);
    torch.save({ a, b, c, other: torch.ones(2) }, file('views.pt'));
    const got = oracle<{ records: string[]; same: boolean; offsetB: number; strideB: number[]; after: number[] }>('serialization/to_python', 'load_views', file('views.pt'));
    expect(got.records).toEqual(['data/0', 'data/1']);
    expect(got.same).toBe(true);
    expect(got.offsetB).toBe(2);
    expect(got.strideB).toEqual([4]);
    expect(got.after).toEqual([2, 100, 10]);
  });

  it('the archive layout is PyTorch\'s: records under archive/, 64-byte aligned, version and serialization id', () => {
    torch.save({ x: torch.ones(3) }, file('layout.pt'));
    const got = oracle<{ names: string[]; aligned: boolean; version: string; byteorder: string; mmapped: number[] }>('serialization/to_python', 'archive_layout', file('layout.pt'));
    expect(got.names).toEqual(['archive/data.pkl', 'archive/.format_version', 'archive/.storage_alignment', 'archive/byteorder',
      'archive/data/0', 'archive/version', 'archive/.data/serialization_id']);
    expect(got.aligned).toBe(true);
    expect(got.version).toBe('3');
    expect(got.byteorder).toBe('little');
    expect(got.mmapped).toEqual([1, 1, 1]);
  });

  it('requires_grad, Parameters and nested JS values map to Python types', () => {
    const w = new nn.Parameter(torch.tensor([1.5, 2.5]));
    const frozen = new nn.Parameter(torch.tensor([1.0]), false);
    const g = torch.tensor([3.0]).requiresGrad_();
    const shared = [1, 2];
    const obj = {
      w, frozen, g, n: 3, f: 0.5, negZero: -0, big: 2n ** 70n, negBig: -(2n ** 64n), s: 'héllo ✓', t: true, none: null, undef: undefined,
      list: [1, 'a', [2.5]], tuple: serialization.asTuple([1, 2]), map: new Map<unknown, unknown>([[1, 'one'], ['k', 2]]),
      set: new Set([3]), bytes: Buffer.from([0, 255, 10]), c: new serialization.PythonComplex(1, -2), shared1: shared, shared2: shared,
      od: serialization.asOrderedDict({ z: 1, a: 2 }),
    };
    torch.save(obj, file('nested.pt'));
    const got = oracle<Record<string, unknown>>('serialization/to_python', 'load_nested', file('nested.pt'));
    expect(got).toMatchObject({
      w: 'torch.nn.parameter.Parameter', frozen: 'torch.nn.parameter.Parameter', g: 'torch.Tensor', n: 'builtins.int', f: 'builtins.float',
      negZero: '-0.0', big: String(2n ** 70n), negBig: String(-(2n ** 64n)), s: 'héllo ✓', t: 'builtins.bool', none: 'builtins.NoneType',
      undef: 'None', list: 'builtins.list', tuple: 'builtins.tuple', map: "{1: 'one', 'k': 2}", set: '{3}', bytes: [0, 255, 10],
      c: '(1-2j)', same: true, od: ['z', 'a'], w_rg: true, frozen_rg: false, g_rg: true,
    });
  });

  it('a module stateDict() loads in Python as an OrderedDict with the same key order and gives the same outputs', () => {
    torch.manualSeed(3);
    const model = new nn.Sequential(new nn.Linear(4, 8), new nn.BatchNorm1d(8), new nn.ReLU(), new nn.Linear(8, 2));
    model.eval();
    const x = torch.randn([5, 4]);
    const y = torch.noGrad(() => model.forward(x) as Tensor);
    torch.save({ sd: model.stateDict(), x }, file('sd.pt'));
    const got = oracle<{ type: string; keys: string[]; out: number[][] }>('serialization/to_python', 'load_state_dict', file('sd.pt'));
    expect(got.type).toBe('OrderedDict');
    expect(got.keys).toEqual(Object.keys(model.stateDict()));
    expect(got.out).toEqual(y.tolist());
  });
});
