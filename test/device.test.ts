// torch.device objects (accepted wherever a device string is), torch.accelerator on this build,
// torch.backends' flags (LibTorch's globals, read back after setting), dtype constants wherever a
// dtype is taken, and x.size(). Expected values from Python PyTorch.
import { afterAll, describe, expect, it } from 'vitest';
import * as torch from '../lib/index.js';
import { nn } from '../lib/index.js';
import { oracleBatch } from './helpers/python.js';
import { runInChild, type ChildResult } from './helpers/child.js';
import { join } from 'node:path';
import { tempDir } from './helpers/tmp.js';

type Err = [string, string] | null;
interface DeviceInfo { str: string; repr: string; type: string; index: number | null }

const py = oracleBatch<{
  devices: { devices: Record<string, DeviceInfo>; errors: Record<string, Err>; eq: Record<string, boolean> };
  accelerator: Record<string, unknown>;
  backends: {
    defaults: Record<string, boolean>; flipped: Record<string, Record<string, boolean>>; messages: Record<string, Err>;
    cudnnAvailable: boolean; cudnnVersion: number | null; mpsAvailable: boolean; mpsBuilt: boolean;
    mkldnnAvailable: boolean; openmpAvailable: boolean; cudaBuilt: boolean;
  };
  dtypes: Record<string, Record<string, string>>;
  sizes: { size: number[]; str: string; size1: number; sizeNeg: number; shape: number[] };
  argumentErrors: Record<string, Err>;
}>({
  devices: ['device', 'devices'],
  accelerator: ['device', 'accelerator'],
  backends: ['device', 'backends'],
  dtypes: ['device', 'dtype_constants'],
  sizes: ['device', 'sizes'],
  argumentErrors: ['device', 'device_argument_errors'],
});

const errorOf = (fn: () => unknown): string | null => {
  try { fn(); return null; } catch (e) { return (e as Error).message; }
};

describe('torch.device', () => {
  const cases: Record<string, () => torch.device> = {
    'cpu': () => torch.device('cpu'),
    'cuda': () => torch.device('cuda'),
    'cuda:1': () => new torch.device('cuda:1'),
    'cuda, 0': () => new torch.device('cuda', 0),
    'cpu, 0': () => torch.device('cpu', 0),
    'meta': () => torch.device('meta'),
    'mps:0': () => torch.device('mps:0'),
    'device(cuda:2)': () => torch.device(torch.device('cuda:2')),
  };
  const errors: Record<string, () => unknown> = {
    'foo': () => torch.device('foo'),
    'cuda:-1': () => torch.device('cuda:-1'),
    'cpu:x': () => torch.device('cpu:x'),
    'cuda, -1': () => torch.device('cuda', -1),
    'cuda:1, 2': () => torch.device('cuda:1', 2),
    '3': () => torch.device(3),
  };

  it('has Python\'s type, index, str and repr', () => {
    const want = py().devices.devices;
    expect(Object.keys(cases)).toEqual(Object.keys(want));
    for (const [name, make] of Object.entries(cases)) {
      const d = make();
      expect({ str: String(d), repr: d.repr(), type: d.type, index: d.index }, name).toEqual(want[name]);
      expect(`${d}`).toBe(want[name]!.str);
      expect(d instanceof torch.device).toBe(true);
    }
  });

  it('refuses what Python refuses, with its messages', () => {
    const want = py().devices.errors;
    expect(Object.keys(errors)).toEqual(Object.keys(want));
    for (const [name, fn] of Object.entries(errors)) expect(errorOf(fn), name).toBe(want[name]![1]);
  });

  it('compares as Python\'s == (and reads strings as devices)', () => {
    const eq = py().devices.eq;
    expect(torch.device('cuda:0').equals(torch.device('cuda', 0))).toBe(eq['cuda:0 == cuda,0']);
    expect(torch.device('cuda').equals(torch.device('cuda:0'))).toBe(eq['cuda == cuda:0']);
    expect(torch.device('cpu').equals(torch.device('cpu'))).toBe(eq['cpu == cpu']);
    expect(torch.device('cuda:0').equals('cuda:0')).toBe(true);
  });

  it('is accepted wherever a device string is', () => {
    const cpu = torch.device('cpu');
    expect(torch.zeros(2, { device: cpu }).device).toBe('cpu');
    expect(torch.ones(2, 3, { device: cpu, dtype: torch.float64 }).dtype).toBe('float64');
    expect(torch.tensor([1, 2], { device: cpu }).device).toBe('cpu');
    const x = torch.ones(2);
    expect(x.to(cpu)).toBe(x);
    expect(x.to({ device: cpu, dtype: torch.float64 }).dtype).toBe('float64');
    expect(x.to(torch.device('meta')).device).toBe('meta');
    expect(torch.zeros(2, { device: torch.device('meta') }).device).toBe('meta');
    expect(new nn.Linear(2, 3, { device: torch.device('meta') }).weight.device).toBe('meta');
    const file = join(tempDir('torch-node-device-'), 't.pt');
    torch.save(torch.ones(2), file);
    expect((torch.load(file, { mapLocation: torch.device('meta') }) as torch.Tensor).device).toBe('meta');
    const m = new nn.Linear(2, 3);
    expect(m.to(cpu)).toBe(m);
    expect(m.to(torch.device('meta')).weight.device).toBe('meta');
    torch.setDefaultDevice(torch.device('meta'));
    try {
      expect(torch.zeros(1).device).toBe('meta');
    } finally {
      torch.setDefaultDevice(null);
    }
    // tensor.device stays a string; torch.device(x.device) gives the object.
    expect(typeof x.device).toBe('string');
    expect(torch.device(x.device).type).toBe('cpu');
  });
});

describe('torch.accelerator (a build without one)', () => {
  it('answers as Python does', () => {
    const want = py().accelerator;
    expect(torch.accelerator.isAvailable()).toBe(want.isAvailable);
    const acc = torch.accelerator.currentAccelerator();
    expect(acc === null ? null : String(acc)).toBe(want.currentAccelerator);
    expect(torch.accelerator.deviceCount()).toBe(want.deviceCount);
    expect(errorOf(() => torch.accelerator.currentDeviceIndex())).toBe((want.currentDeviceIndex as Err)?.[1] ?? null);
    expect(errorOf(() => torch.accelerator.setDeviceIndex(0))).toBe((want.setDeviceIndex0 as Err)?.[1] ?? null);
    expect(errorOf(() => torch.accelerator.setDeviceIndex(-1))).toBe((want.setDeviceIndexNeg as Err)?.[1] ?? null);
    expect(errorOf(() => torch.accelerator.setDeviceIndex('cuda:1'))).toBe((want.setDeviceIndexCuda1 as Err)?.[1] ?? null);
    expect(errorOf(() => torch.accelerator.synchronize())).toBe((want.synchronize as Err)?.[1] ?? null);
    const device = torch.accelerator.isAvailable() ? torch.accelerator.currentAccelerator()!.type : 'cpu';
    expect(device).toBe('cpu');
  });
});

describe('torch.backends', () => {
  // The JS name of each of the oracle's flags.
  const flags: Record<string, [object, string]> = {
    'cudnn.enabled': [torch.backends.cudnn, 'enabled'],
    'cudnn.benchmark': [torch.backends.cudnn, 'benchmark'],
    'cudnn.deterministic': [torch.backends.cudnn, 'deterministic'],
    'cudnn.allow_tf32': [torch.backends.cudnn, 'allowTf32'],
    'cuda.matmul.allow_tf32': [torch.backends.cuda.matmul, 'allowTf32'],
    'mkldnn.enabled': [torch.backends.mkldnn, 'enabled'],
  };
  const read = (): Record<string, boolean> => Object.fromEntries(Object.entries(flags).map(([n, [o, k]]) => [n, (o as Record<string, boolean>)[k]!]));
  const defaults = read();
  afterAll(() => { for (const [n, [o, k]] of Object.entries(flags)) (o as Record<string, boolean>)[k] = defaults[n]!; });

  it('reads LibTorch\'s flags, and reading back after a set gives what Python gives', () => {
    const want = py().backends;
    expect(defaults).toEqual(want.defaults);
    for (const [n, [o, k]] of Object.entries(flags)) {
      (o as Record<string, boolean>)[k] = !defaults[n];
      expect(read(), n).toEqual(want.flipped[n]);
      (o as Record<string, boolean>)[k] = defaults[n]!;
    }
    expect(read()).toEqual(want.defaults);
  });

  it('refuses a non-boolean with PyTorch\'s message', () => {
    const want = py().backends.messages;
    for (const [n, [o, k]] of Object.entries(flags)) {
      expect(errorOf(() => { (o as Record<string, unknown>)[k] = 1; }), n).toBe(want[n]![1]);
    }
    expect(read()).toEqual(defaults);
  });

  it('says what the build has', () => {
    const want = py().backends;
    expect(torch.backends.cudnn.isAvailable()).toBe(want.cudnnAvailable);
    expect(torch.backends.cudnn.version()).toBe(want.cudnnVersion);
    expect(torch.backends.mps.isAvailable()).toBe(want.mpsAvailable);
    expect(torch.backends.mps.isBuilt()).toBe(want.mpsBuilt);
    expect(torch.backends.mkldnn.isAvailable()).toBe(want.mkldnnAvailable);
    expect(torch.backends.openmp.isAvailable()).toBe(want.openmpAvailable);
    expect(torch.backends.cuda.isBuilt()).toBe(want.cudaBuilt);
  });
});

describe('dtype constants', () => {
  it('are usable wherever a dtype is taken', () => {
    const want = py().dtypes;
    const constants = torch as unknown as Record<string, torch.DType>;
    for (const [name, w] of Object.entries(want)) {
      const d = constants[name]!;
      const strip = (s: string): string => s.replace(/^torch\./, '');
      expect(torch.zeros(2, { dtype: d }).dtype, name).toBe(strip(w.zeros!));
      expect(torch.ones(2).to(d).dtype, name).toBe(strip(w.to!));
      expect(torch.tensor([1, 0], { dtype: d }).dtype, name).toBe(strip(w.tensor!));
      expect(torch.ones(2, { dtype: torch.int8 }).sum({ dtype: d }).dtype, name).toBe(strip(w.sum!));
    }
  });
});

describe('x.size()', () => {
  it('is a torch.Size (an array printing as Python\'s), x.shape a number array, size(d) one size', () => {
    const want = py().sizes;
    const x = torch.zeros(2, 3, 4);
    expect([...x.size()]).toEqual(want.size);
    expect(String(x.size())).toBe(want.str);
    expect(`${x.size()}`).toBe(want.str);
    expect(x.size(1)).toBe(want.size1);
    expect(x.size(-1)).toBe(want.sizeNeg);
    expect(x.shape).toEqual(want.shape);
  });
});

// Objects standing for devices are read through their String() by native code while it converts
// an operator's arguments: one that throws, lies, or disposes another argument meanwhile must give
// a JS error or the device it names, never a crash. In a child process, so a regression fails
// here and not the worker.
describe('torch.device arguments that lie or throw (child process)', () => {
  const code = String.raw`const out = {};
const run = (name, f) => { try { out[name] = ['ok', f()]; } catch (e) { out[name] = ['err', e?.constructor?.name ?? typeof e, String(e?.message ?? e).slice(0, 200)]; } };
const x = torch.ones(2);
const cpu = torch.device('cpu');
const devices = {
  proxy: new Proxy(cpu, {}),
  lyingType: new Proxy(cpu, { get: (t, k, r) => (k === 'toString' ? () => 'meta' : Reflect.get(t, k, r)) }),
  throwingToString: { toString() { throw new RangeError('from toString'); } },
  symbolToString: { toString() { return Symbol('d'); } },
  objectToPrimitive: { [Symbol.toPrimitive]() { return {}; } },
  trapEverything: new Proxy({}, { get() { throw new RangeError('trap'); } }),
  revoked: (() => { const p = Proxy.revocable({}, {}); p.revoke(); return p.proxy; })(),
  badIndex: { toString: () => 'cpu:-5' },
  hugeIndex: { toString: () => 'cuda:99999999999999999999' },
  nul: { toString: () => 'cpu\0' },
  disposing: { toString: () => { x2.dispose(); return 'cpu'; } },
};
let x2 = torch.ones(2);
for (const [name, d] of Object.entries(devices)) {
  x2 = torch.ones(2);
  run(name + ' zeros', () => torch.zeros(2, { device: d }).device);
  run(name + ' aten.zeros', () => torch.ops.aten.zeros([2], { device: d }).device);
  run(name + ' to', () => x.to(d).device);
  run(name + ' aten.to.device', () => torch.ops.aten.to.device(x2, d, 'float64').device);
  run(name + ' tensor', () => torch.tensor([1, 2], { device: d }).device);
  run(name + ' Linear', () => new torch.nn.Linear(2, 2, { device: d }).weight.device);
  run(name + ' torch.device', () => String(torch.device(d)));
}
// The out tensor disposed by the device argument's toString, which runs after the out tensor was read.
{
  const o = torch.empty(3);
  run('dispose out', () => torch.ops.aten._resize_output.out(x, [5], { toString() { o.dispose(); return 'cpu'; } }, { out: o }).shape);
}
console.log(JSON.stringify(out));
`;
  let r: ChildResult | undefined;
  const got = (): Record<string, unknown[]> => {
    r ??= runInChild(code);
    expect(r.signal, r.stderr).toBeNull();
    expect(r.status, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as Record<string, unknown[]>;
  };
  const paths = ['zeros', 'aten.zeros', 'aten.to.device', 'tensor', 'Linear'];

  it('a Proxy of a device works as the device; one whose String() lies names the device it says', () => {
    const o = got();
    for (const p of [...paths, 'to', 'torch.device']) expect(o[`proxy ${p}`], p).toEqual(['ok', 'cpu']);
    for (const p of [...paths, 'to']) expect(o[`lyingType ${p}`], p).toEqual(['ok', 'meta']);
    // torch.device() reads type and index, not String().
    expect(o['lyingType torch.device']).toEqual(['ok', 'cpu']);
  });

  it('what String() throws reaches the caller; a revoked Proxy is a TypeError', () => {
    const o = got();
    for (const p of paths) {
      expect(o[`throwingToString ${p}`], p).toEqual(['err', 'RangeError', 'from toString']);
      expect(o[`trapEverything ${p}`], p).toEqual(['err', 'RangeError', 'trap']);
      expect(o[`symbolToString ${p}`], p).toEqual(['err', 'TypeError', 'Cannot convert a Symbol value to a string']);
      expect(o[`objectToPrimitive ${p}`], p).toEqual(['err', 'TypeError', 'Cannot convert object to primitive value']);
    }
    for (const p of [...paths, 'to', 'torch.device']) {
      expect(o[`revoked ${p}`], p).toEqual(['err', 'TypeError', "Cannot perform 'getPrototypeOf' on a proxy that has been revoked"]);
    }
  });

  it('a device string LibTorch cannot parse is PyTorch\'s error', () => {
    const o = got();
    const want = py().argumentErrors;
    for (const p of paths) {
      expect(o[`badIndex ${p}`], p).toEqual(['err', 'Error', want['cpu:-5']![1]]);
      expect(o[`hugeIndex ${p}`], p).toEqual(['err', 'Error', want['cuda:99999999999999999999']![1]]);
    }
  });

  it('a String() that disposes another argument of the call leaves it disposed: an error naming it', () => {
    const o = got();
    expect(o['disposing aten.to.device']).toEqual(['err', 'TypeError', 'self: Tensor has been disposed: it cannot be used after dispose() (or outside the torch.tidy() scope that freed it)']);
    expect(o['dispose out']).toEqual(['err', 'TypeError', 'out: Tensor has been disposed: it cannot be used after dispose() (or outside the torch.tidy() scope that freed it)']);
  });
});
