// torch.save / torch.load against python3's PyTorch, both directions: every dtype, views sharing a
// storage, requires_grad, Parameters, nested values, state dicts into models.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as torch from '../../lib/index.js';
import { Tensor, nn, serialization } from '../../lib/index.js';
import { python } from '../helpers/python.js';

const dir = mkdtempSync(join(tmpdir(), 'tn-ser-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string) => join(dir, name);

const DTYPES = ['float32', 'float64', 'float16', 'bfloat16', 'int8', 'int16', 'int32', 'int64', 'uint8', 'bool',
  'complex64', 'complex128', 'uint16', 'uint32', 'uint64'] as const;

/** Values as float64 lists (complex as [re, im] pairs), comparable with Python's. */
function values(t: Tensor): unknown {
  if (t.dtype === 'complex64' || t.dtype === 'complex128') return torch.viewAsReal(t).to('float64').tolist();
  return t.to('float64').tolist();
}

const PY_VALUES = `
def values(t):
    if t.is_complex(): return torch.view_as_real(t).double().tolist()
    return t.double().tolist()
`;

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
    const got = python<Record<string, { dtype: string; shape: number[]; stride: number[]; values: unknown }>>(`${PY_VALUES}
d = torch.load(${JSON.stringify(file('dtypes.pt'))})
print(json.dumps({k: {'dtype': str(v.dtype), 'shape': list(v.shape), 'stride': list(v.stride()), 'values': values(v)} for k, v in d.items()}))`);
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
    const got = python<{ records: string[]; same: boolean; offsetB: number; strideB: number[]; after: number[] }>(`
import zipfile
names = [n.split('/', 1)[1] for n in zipfile.ZipFile(${JSON.stringify(file('views.pt'))}).namelist()]
d = torch.load(${JSON.stringify(file('views.pt'))})
same = d['a'].untyped_storage().data_ptr() == d['b'].untyped_storage().data_ptr() == d['c'].untyped_storage().data_ptr()
d['a'][1, 2] = 100.0
print(json.dumps({'records': sorted(n for n in names if n.startswith('data/')), 'same': same, 'offsetB': d['b'].storage_offset(), 'strideB': list(d['b'].stride()), 'after': d['b'].tolist()}))`);
    expect(got.records).toEqual(['data/0', 'data/1']);
    expect(got.same).toBe(true);
    expect(got.offsetB).toBe(2);
    expect(got.strideB).toEqual([4]);
    expect(got.after).toEqual([2, 100, 10]);
  });

  it('the archive layout is PyTorch\'s: records under archive/, 64-byte aligned, version and serialization id', () => {
    torch.save({ x: torch.ones(3) }, file('layout.pt'));
    const got = python<{ names: string[]; aligned: boolean; version: string; byteorder: string; mmapped: number[] }>(`
import zipfile
z = zipfile.ZipFile(${JSON.stringify(file('layout.pt'))})
infos = z.infolist()
def data_offset(i):
    with open(${JSON.stringify(file('layout.pt'))}, 'rb') as f:
        f.seek(i.header_offset + 26)
        n, m = int.from_bytes(f.read(2), 'little'), int.from_bytes(f.read(2), 'little')
    return i.header_offset + 30 + n + m
print(json.dumps({'names': [i.filename for i in infos], 'aligned': all(data_offset(i) % 64 == 0 for i in infos),
  'version': z.read('archive/version').decode().strip(), 'byteorder': z.read('archive/byteorder').decode(),
  'mmapped': torch.load(${JSON.stringify(file('layout.pt'))}, mmap=True)['x'].tolist()}))`);
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
    const got = python<Record<string, unknown>>(`
d = torch.load(${JSON.stringify(file('nested.pt'))})
def ty(v): return type(v).__module__ + '.' + type(v).__name__
out = {k: ty(v) for k, v in d.items()}
out['w_rg'] = d['w'].requires_grad; out['frozen_rg'] = d['frozen'].requires_grad; out['g_rg'] = d['g'].requires_grad
out['big'] = str(d['big']); out['negBig'] = str(d['negBig']); out['s'] = d['s']; out['negZero'] = repr(d['negZero'])
out['map'] = repr(d['map']); out['set'] = repr(d['set']); out['bytes'] = list(d['bytes']); out['c'] = repr(d['c'])
out['same'] = d['shared1'] is d['shared2']; out['od'] = list(d['od'].keys()); out['undef'] = repr(d['undef'])
print(json.dumps(out))`);
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
    const got = python<{ type: string; keys: string[]; out: number[][] }>(`
d = torch.load(${JSON.stringify(file('sd.pt'))})
m = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.BatchNorm1d(8), torch.nn.ReLU(), torch.nn.Linear(8, 2))
m.load_state_dict(d['sd'])
m.eval()
with torch.no_grad(): out = m(d['x'])
print(json.dumps({'type': type(d['sd']).__name__, 'keys': list(d['sd'].keys()), 'out': out.tolist()}))`);
    expect(got.type).toBe('OrderedDict');
    expect(got.keys).toEqual(Object.keys(model.stateDict()));
    expect(got.out).toEqual(y.tolist());
  });
});

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

describe('Node save -> Node load', () => {
  it('round-trips values, sharing and cycles through a Buffer', () => {
    const base = torch.arange(6, { dtype: 'int64' });
    const list: unknown[] = [1, 2];
    list.push(list);
    const obj = { a: base, v: base.narrow(0, 2, 3), m: new Map([[7, 'x']]), list, big: 2n ** 60n, x: 1.25, u: new Uint8Array([1, 2]) };
    const buf = torch.save(obj);
    expect(Buffer.isBuffer(buf)).toBe(true);
    const d = torch.load(buf) as typeof obj;
    expect(d.a.tolist()).toEqual([0, 1, 2, 3, 4, 5]);
    d.a.fill_(9);
    expect(d.v.tolist()).toEqual([9, 9, 9]);
    expect(d.m.get(7)).toBe('x');
    expect((d.list as unknown[])[2]).toBe(d.list);
    expect(d.big).toBe(2n ** 60n);
    expect(d.x).toBe(1.25);
    expect([...d.u]).toEqual([1, 2]);
  });

  it('mmap: tensors over the mapped file, copy-on-write', () => {
    const w = torch.arange(1000, { dtype: 'float32' });
    torch.save({ h: torch.tensor([1, 2], { dtype: 'float16' }), w, v: w.narrow(0, 10, 5) }, file('mm.pt'));
    const d = torch.load(file('mm.pt'), { mmap: true }) as { h: Tensor; w: Tensor; v: Tensor };
    expect(d.h.tolist()).toEqual([1, 2]);
    expect(d.w.sum().item()).toBe(499500);
    expect(d.v.tolist()).toEqual([10, 11, 12, 13, 14]);
    d.w.fill_(1);
    expect(d.v.tolist()).toEqual([1, 1, 1, 1, 1]);
    const again = torch.load(file('mm.pt')) as { w: Tensor };
    expect(again.w.sum().item()).toBe(499500);
  });

  it('mapLocation and bad arguments', () => {
    torch.save({ w: torch.ones(2) }, file('ml.pt'));
    const seen: string[] = [];
    torch.load(file('ml.pt'), { mapLocation: (loc) => { seen.push(loc); return 'cpu'; } });
    expect(seen).toEqual(['cpu']);
    expect(() => torch.load(file('ml.pt'), { map_location: 'cpu' } as never)).toThrow(/mapLocation/);
    expect(() => torch.load(42 as never)).toThrow(TypeError);
    expect(() => torch.save({ f: () => 1 }, file('bad.pt'))).toThrow(/cannot save a function \(at obj\.f\)/);
    expect(() => torch.save({ d: new Date() }, file('bad.pt'))).toThrow(/cannot save a Date/);
    const selfSet = new Set<unknown>();
    selfSet.add(selfSet);
    expect(() => torch.save({ selfSet })).toThrow(/a Set cannot contain itself \(at obj\.selfSet item 0\)/);
    expect(() => torch.load(file('does-not-exist.pt'))).toThrow(/ENOENT|No such file/);
    const base = torch.zeros(4);
    expect(() => torch.save([base, base.view('int32')])).toThrow(/view the same data as different types/);
  });
});
