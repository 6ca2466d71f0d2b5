// The shape of the generated operator surface: which names exist where (as in Python), identity
// of out= and in-place results, factory options, errors, and operators missing from a LibTorch.
import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../../lib/index.js';
import { Tensor } from '../../lib/index.js';
import { oracleBatch } from '../helpers/python.js';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// [JS name, ATen name] of the generated torch functions and Tensor methods (written by codegen/).
const generatedNames = JSON.parse(readFileSync(new URL('../generated/generated_names.json', import.meta.url), 'utf8')) as {
  functions: [string, string][]; methods: [string, string][];
};
const generatedFunctions = generatedNames.functions;
const generatedMethods = generatedNames.methods;

// Python's results for this file, computed in one python3 run (test/oracles/ops/surface.py).
const MANY_COUNTS = [23, 24, 25, 26, 27, 30, 64];
const oracle = oracleBatch<{
  missingNames: { methods: string[]; functions: string[] };
  randnGeneratorSeed7: number[];
  randintGeneratorSeed3: number[];
  manyPositionalArguments: { zeros: number[][]; view: number[][]; addGot: string; values: number[]; errors: { view: string; select: string; add: string } };
}>({
  missingNames: ['ops/surface', 'missing_names', generatedMethods.map(([, aten]) => aten), generatedFunctions.map(([, aten]) => aten)],
  randnGeneratorSeed7: ['ops/surface', 'randn_generator_seed7'],
  randintGeneratorSeed3: ['ops/surface', 'randint_generator_seed3'],
  manyPositionalArguments: ['ops/surface', 'many_positional_arguments', MANY_COUNTS],
});

describe('names follow Python PyTorch', () => {
  it('has a Tensor method exactly where torch.Tensor has one, and torch functions where torch has them', () => {
    // The ATen names of the generated methods and functions that Python's torch lacks.
    const missing = oracle().missingNames;
    expect(missing).toEqual({ methods: [], functions: [] });
    expect(generatedMethods.length).toBeGreaterThan(400);
    expect(generatedFunctions.length).toBeGreaterThan(500);
    const proto = Tensor.prototype as unknown as Record<string, unknown>;
    for (const [js] of generatedMethods) {
      const d = Object.getOwnPropertyDescriptor(proto, js);
      expect(typeof (d?.value ?? d?.get), js).toBe('function');
    }
    const ns = torch as unknown as Record<string, unknown>;
    for (const [js] of generatedFunctions) expect(typeof ns[js], js).toBe('function');
  });

  it('puts in-place variants on Tensor, and keeps Python-less names off', () => {
    const x = torch.ones(2);
    const proto = Tensor.prototype as unknown as Record<string, unknown>;
    const ns = torch as unknown as Record<string, unknown>;
    // Python properties backed by operators are getters: x.mT, x.real.
    expect(x.view(1, 2).mT.shape).toEqual([2, 1]);
    expect(x.real.tolist()).toEqual([1, 1]);
    expect(typeof proto.add_).toBe('function');
    expect(typeof proto.addcdiv_).toBe('function');
    expect(ns.add_).toBeUndefined();            // torch.add_ does not exist in Python
    expect(typeof ns.relu_).toBe('function');    // torch.relu_ does
    expect(proto.linear).toBeUndefined();        // no Tensor.linear in Python
    expect(typeof ns.linear).toBe('function');   // torch._C._nn.linear, what F.linear calls
    expect(ns._log_softmax).toBeUndefined();     // private names: torch.ops.aten only
    expect(typeof ns.var).toBe('function');      // reserved word, still an export
    expect(x.var().item()).toBe(0);
  });

  it('keeps hand-written members', () => {
    const x = torch.zeros(2, 3);
    expect(x.size()).toEqual([2, 3]);
    expect(x.to('float64').dtype).toBe('float64');
    expect(x.float()).toBe(x);
  });
});

describe('results', () => {
  it('returns the out= tensor itself', () => {
    const a = torch.ones(2, 2);
    const out = torch.empty(2, 2);
    const r = torch.add(a, a, { out, alpha: 3 });
    expect(r).toBe(out);
    expect(out.tolist()).toEqual([[4, 4], [4, 4]]);
    const values = torch.empty(0);
    const indices = torch.empty(0, { dtype: 'int64' });
    const [v, i] = torch.max(torch.tensor([[1, 5], [7, 2]]), 1, { max: values, maxValues: indices });
    expect(v).toBe(values);
    expect(i).toBe(indices);
    expect(values.tolist()).toEqual([5, 7]);
    expect(indices.tolist()).toEqual([1, 0]);
    // Python's out=(values, indices)
    const sv = torch.empty(0);
    const si = torch.empty(0, { dtype: 'int64' });
    const sorted = torch.sort(torch.tensor([3, 1, 2]), { out: [sv, si] });
    expect(sorted[0]).toBe(sv);
    expect(sorted[1]).toBe(si);
    expect(sv.tolist()).toEqual([1, 2, 3]);
    expect(si.tolist()).toEqual([1, 2, 0]);
  });

  it('takes a 0-dim tensor where PyTorch takes a number, unless it requires grad', () => {
    const x = torch.tensor([1, 2, 3]);
    const three = torch.tensor(3, { dtype: 'int64' });
    const fill = torch.full([2], three);
    expect(fill.tolist()).toEqual([3, 3]);
    expect(fill.dtype).toBe('int64');
    expect(x.add(x, { alpha: torch.tensor(2) }).tolist()).toEqual([3, 6, 9]);
    expect(x.pow(torch.tensor(2)).tolist()).toEqual([1, 4, 9]);
    expect(x.unsqueeze(torch.tensor(0, { dtype: 'int64' }) as unknown as number).shape).toEqual([1, 3]);
    const w = torch.tensor(2.0, { requiresGrad: true });
    expect(() => torch.full([2], w)).toThrow(/invalid combination of arguments/);
    expect(() => x.unsqueeze(torch.tensor(0.5) as unknown as number)).toThrow(/invalid combination of arguments/);
  });

  it('returns this from in-place methods, and the argument from in-place functions', () => {
    const x = torch.tensor([-1, 2, -3]);
    expect(x.add_(1)).toBe(x);
    expect(x.clamp_({ min: 0 })).toBe(x);
    expect(x.mul_(2).sub_(1)).toBe(x);
    expect(x.tolist()).toEqual([-1, 5, -1]);
    expect(torch.relu_(x)).toBe(x);
    expect(x.tolist()).toEqual([0, 5, 0]);
    const p = torch.ones(2);
    expect(p.addcdiv_(torch.ones(2), torch.full([2], 4), { value: 2 })).toBe(p);
    expect(p.tolist()).toEqual([1.5, 1.5]);
    expect(x.zero_()).toBe(x);
  });

  it('returns numbers, booleans, dtypes and lists by the schema', () => {
    const x = torch.ones(2, 3);
    expect(x.isFloatingPoint()).toBe(true);
    expect(torch.isNonzero(torch.tensor([1]))).toBe(true);
    expect(torch.resultType(torch.arange(3), 1.5)).toBe('float32');
    expect(torch.resultType(torch.arange(3), 2)).toBe('int64');
    const parts = x.chunk(3, 1);
    expect(parts.length).toBe(3);
    expect(parts[0]!.shape).toEqual([2, 1]);
    const [out, mean, rstd] = torch.ops.aten.native_layer_norm(x, [3], null, null, 1e-5) as [Tensor, Tensor, Tensor];
    expect(out.shape).toEqual([2, 3]);
    expect(mean.shape).toEqual([2, 1]);
    expect(rstd.shape).toEqual([2, 1]);
  });

  it('keeps integer tensors integral with integral numbers, as Python ints do', () => {
    const i = torch.arange(4);
    expect(i.dtype).toBe('int64');
    expect(i.add(1).dtype).toBe('int64');
    expect(i.mul(2).dtype).toBe('int64');
    expect(torch.sub(1, i).dtype).toBe('int64');
    expect(i.add(0.5).dtype).toBe('float32');
    expect(i.div(2).dtype).toBe('float32');
    expect(i.add(true).dtype).toBe('int64');
    expect(torch.full([2], 3).dtype).toBe('int64');
    expect(torch.full([2], 3.5).dtype).toBe('float32');
    expect(torch.full([2], 2n ** 60n).itemBigInt !== undefined).toBe(true);
    expect(torch.full([1], 2n ** 60n).itemBigInt()).toBe(2n ** 60n);
  });
});

describe('factories', () => {
  it('takes requiresGrad and the TensorOptions keys', () => {
    const z = torch.zeros(2, 3, { requiresGrad: true });
    expect(z.requiresGrad).toBe(true);
    expect(z.isLeaf).toBe(true);
    expect(torch.randn([2], { requiresGrad: true, dtype: 'float64' }).dtype).toBe('float64');
    expect(torch.full([2], 1.5, { requiresGrad: true }).requiresGrad).toBe(true);
    expect(torch.ones(2).requiresGrad).toBe(false);
    expect(torch.empty(3, { dtype: 'int32', device: 'cpu' }).dtype).toBe('int32');
    expect(torch.zeros(2, { pin_memory: false } as unknown as { pinMemory: boolean }).shape).toEqual([2]);
  });

  it('draws from a Generator passed by keyword, like Python', () => {
    const expected = oracle().randnGeneratorSeed7;
    const g = new torch.Generator().manualSeed(7);
    const got = torch.randn(4, { generator: g }).tolist() as number[];
    got.forEach((v, k) => expect(v).toBeCloseTo(expected[k]!, 6));
    const expectedInt = oracle().randintGeneratorSeed3;
    expect(torch.randint(0, 10, [5], { generator: new torch.Generator().manualSeed(3) }).tolist()).toEqual(expectedInt);
  });
});

describe('errors', () => {
  it("raises a TypeError listing the signatures, like Python's arg parser", () => {
    const x = torch.ones(2);
    const call = () => (torch.add as unknown as (...a: unknown[]) => unknown)(x, 'a');
    expect(call).toThrow(TypeError);
    expect(call).toThrow('add() received an invalid combination of arguments - got (Tensor, str), but expected one of:');
    expect(call).toThrow(/\n \* \(Tensor self, Tensor other, \*, Scalar alpha=1\)/);
    expect(call).toThrow(/\n \* \(Tensor self, Scalar other, Scalar alpha=1\)/);
  });

  it("takes Python's keyword names, input for self included", () => {
    const x = torch.tensor([[1, 2], [3, 4]]);
    expect((torch.ops.aten.sum({ input: x, dim: [1] }) as Tensor).tolist()).toEqual([3, 7]);
    expect((torch.ops.aten.sum({ self: x }) as Tensor).item()).toBe(10);
    expect(torch.linear(x, torch.eye(2), { bias: torch.ones(2) }).tolist()).toEqual([[2, 3], [4, 5]]);
  });

  it('rejects unknown keywords, wrong element types and bad enum strings', () => {
    const x = torch.ones(2, 2);
    const sum = x.sum as unknown as (...a: unknown[]) => unknown;
    expect(() => sum.call(x, { dimm: 1 })).toThrow(/sum\(\) received an invalid combination of arguments - got \(Tensor, dimm=\.\.\.\)/);
    const view = x.view as unknown as (...a: unknown[]) => unknown;
    expect(() => view.call(x, [1.5, 2])).toThrow(TypeError);
    expect(() => torch.zeros(2, { dtype: 'float33' as 'float32' })).toThrow(/dtype/);
    expect(() => x.view(3, 3)).toThrow("shape '[3, 3]' is invalid for input of size 4");
  });

  it('fails lazily, with a clear error, for an operator the linked LibTorch lacks', () => {
    const missing = torch.ops.aten.an_operator_from_a_newer_libtorch!;
    expect(typeof missing).toBe('function');
    expect(() => missing(torch.ones(1))).toThrow(TypeError);
    expect(() => missing(torch.ones(1))).toThrow('torch-node: the linked LibTorch has no operator aten::an_operator_from_a_newer_libtorch');
    expect(() => torch.ops.aten.add.no_such_overload!(torch.ones(1), 1)).toThrow('has no operator aten::add.no_such_overload');
    // And a present operator still works after the failed lookups.
    expect((torch.ops.aten.add(torch.ones(1), 1) as Tensor).item()).toBe(2);
  });
});

// Python's results for the two blocks below.
let want: ReturnType<typeof oracle>['manyPositionalArguments'];
beforeAll(() => {
  want = oracle().manyPositionalArguments;
});

describe('calls with many positional arguments (more than the 24 the native call keeps inline)', () => {
  const COUNTS = MANY_COUNTS;

  it('torch.zeros(1, ..., 1) and torch.ones with 30 sizes give their shape, as Python', () => {
    expect(torch.zeros(...Array<number>(30).fill(1)).shape).toEqual(Array(30).fill(1));
    COUNTS.forEach((n, i) => expect(torch.zeros(...Array<number>(n).fill(1)).shape, `${n} sizes`).toEqual(want.zeros[i]));
    const ones = torch.ones(...Array<number>(29).fill(1), 2, { dtype: 'int64' });
    expect(ones.dtype).toBe('int64');
    expect(ones.shape).toEqual([...Array(29).fill(1), 2]);
    expect(ones.sum().item()).toBe(2);
  });

  it('x.view(...) with 30 sizes, and permute with 30 dims', () => {
    const x = torch.arange(6, { dtype: 'float32' });
    COUNTS.forEach((n, i) => {
      const v = x.view(...Array<number>(n - 2).fill(1), 2, 3);
      expect(v.shape, `${n} sizes`).toEqual(want.view[i]);
    });
    const v = x.view(...Array<number>(28).fill(1), 2, 3);
    expect(v.sum(-1).flatten().tolist()).toEqual(want.values);
    const p = v.permute(...Array.from({ length: 30 }, (_, i) => 29 - i));
    expect(p.shape).toEqual([3, 2, ...Array(28).fill(1)]);
    expect(p.flatten().tolist()).toEqual([0, 3, 1, 4, 2, 5]);
  });

  it('an operator given 30 positional arguments that no overload takes throws a TypeError', () => {
    const add = torch.add as unknown as (...a: unknown[]) => unknown;
    const call = () => add(...Array(30).fill(1));
    expect(call).toThrow(TypeError);
    expect(call).toThrow(`${want.addGot}, but expected one of:`);
    expect(want.addGot).toBe(`add() received an invalid combination of arguments - got (${Array(30).fill('int').join(', ')})`);
    const zeros = torch.zeros as unknown as (...a: unknown[]) => unknown;
    expect(() => zeros(...Array(29).fill(1), 'a')).toThrow(TypeError);
    expect(() => zeros(...Array(29).fill(1), 'a')).toThrow(/zeros\(\) received an invalid combination of arguments - got \((int, ){29}str\)/);
    const method = torch.ones(2).add as unknown as (...a: unknown[]) => unknown;
    expect(() => method.call(torch.ones(2), ...Array(29).fill(1))).toThrow(TypeError);
    // And the next call is served normally.
    expect(torch.add(torch.ones(2), 1).tolist()).toEqual([2, 2]);
  });
});

describe('errors from the native operator call arrive as JS errors, and nothing stays pending', () => {
  const messageOf = (f: () => unknown): [string, string] => {
    try { f(); return ['none', 'no error']; } catch (e) { return [(e as Error).constructor.name, (e as Error).message]; }
  };

  it('a c10 error, a bad-argument TypeError, then a normal call in a row', () => {
    expect(messageOf(() => torch.ones(2).view(3))).toEqual(['Error', want.errors.view]);
    expect(want.errors.view).toBe("shape '[3]' is invalid for input of size 2");
    const add = torch.add as unknown as (...a: unknown[]) => unknown;
    const [kind, message] = messageOf(() => add(torch.ones(2), 'a'));
    expect(kind).toBe('TypeError');
    expect(message).toMatch(/^add\(\) received an invalid combination of arguments - got \(Tensor, str\)/);
    expect(messageOf(() => torch.ones(2).select(0, 5))).toEqual(['RangeError', want.errors.select]);
    expect(torch.add(torch.tensor([1, 2]), torch.tensor([3, 4]), { alpha: 2 }).tolist()).toEqual([7, 10]);
    expect(torch.zeros(2, 3).shape).toEqual([2, 3]);
  });

  it('1000 failing calls of every kind in a loop, then a good call', () => {
    const add = torch.add as unknown as (...a: unknown[]) => unknown;
    const failing: [string, () => unknown, string | RegExp][] = [
      ['Error', () => torch.ones(2).view(3), want.errors.view],
      ['Error', () => torch.add(torch.ones(2), torch.ones(3)), want.errors.add],
      ['TypeError', () => add(torch.ones(2), 'a'), /^add\(\) received an invalid combination of arguments/],
      ['RangeError', () => torch.ones(2).select(0, 5), want.errors.select],
      ['TypeError', () => add(...Array(30).fill(1)), /^add\(\) received an invalid combination of arguments/],
    ];
    const a = torch.ones(3);
    const counts = new Map<string, number>();
    for (let i = 0; i < 1000; i++) {
      const [kind, f, msg] = failing[i % failing.length]!;
      const [gotKind, gotMessage] = messageOf(f);
      if (gotKind !== kind || (typeof msg === 'string' ? gotMessage !== msg : !msg.test(gotMessage))) {
        throw new Error(`call ${i}: expected ${kind} ${String(msg)}, got ${gotKind} ${gotMessage}`);
      }
      counts.set(kind, (counts.get(kind) ?? 0) + 1);
    }
    expect(Object.fromEntries(counts)).toEqual({ Error: 400, TypeError: 400, RangeError: 200 });
    expect(a.mul(2).add(a).tolist()).toEqual([3, 3, 3]);
    expect(torch.zeros(...Array<number>(30).fill(1)).numel()).toBe(1);
  });

  // Reading an array element runs JS (a getter) that may throw: the native call must stop and
  // rethrow that error (it once went on with an unset value and crashed). Run in a child process
  // so that a crash cannot take the test worker down.
  it('an exception thrown while the native call reads an array comes back as that JS error', () => {
    const addon = fileURLToPath(new URL('../../build/Release/torch_node.node', import.meta.url));
    const script = `
const b = require(${JSON.stringify(addon)});
const sizes = [2, 3];
Object.defineProperty(sizes, 0, { get() { throw new Error('getter boom'); } });
let message = 'no error';
try { b.callOp(b.opFamily('zeros'), undefined, sizes); } catch (e) { message = e.message; }
const ok = b.callOp(b.opFamily('zeros'), undefined, [2, 3]);
console.log(JSON.stringify({ message, shape: b.shape(ok) }));`;
    const out = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(JSON.parse(out.trim())).toEqual({ message: 'getter boom', shape: [2, 3] });
  });

  // Keyword arguments cross as the call's last arguments, [name, value, ...], announced by a count
  // (lib/dispatch.ts); the native side checks what it is given, since JS can hand it anything.
  // In a child process, as above.
  it('a keyword count that is not a count, or that the values do not fill, and names that are not strings: a TypeError; a keyword value\'s getter: its error', () => {
    const addon = fileURLToPath(new URL('../../build/Release/torch_node.node', import.meta.url));
    const script = `
const b = require(${JSON.stringify(addon)});
const add = b.opFamily('add');
const x = b.callOp(b.opFamily('ones'), undefined, [2]);
const throwing = (at) => { const a = [1, 2]; Object.defineProperty(a, at, { get() { throw new Error('getter ' + at); } }); return a; };
const calls = [
  () => b.callOp(add, ['alpha', 2], x, x),
  () => b.callOp(add, 'alpha', x, x, 2),
  () => b.callOp(add, 1.5, x, x, 'alpha', 2),
  () => b.callOp(add, -1, x, x),
  () => b.callOp(add, 2 ** 40, x, x),
  () => b.callOp(add, 50, x, x),
  () => b.callOp(add, 3, x, x, 'alpha', 2),
  () => b.callOp(add, 1, x, x, 2, 2),
  () => b.callOp(add, 1, x, x, { name: 'alpha' }, 2),
  () => b.callOp(add, 1, x, x, '\u00e9', 1),
  () => b.callOp(add, 1, x, x, 'alpha', throwing(0)),
  () => b.callOp(add, 1, x, x, 'alpha', throwing(1)),
];
const messages = calls.map((f) => {
  try { f(); return 'no error'; } catch (e) { return e.constructor.name + ': ' + e.message.split('\\n')[0]; }
});
const ok = b.callOp(add, 1, x, x, 'alpha', 2);
const total = b.callOp(b.opFamily('item'), 0, b.callOp(b.opFamily('sum'), 0, ok));
console.log(JSON.stringify({ messages, total }));`;
    const out = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const { messages, total } = JSON.parse(out.trim()) as { messages: string[]; total: number };
    expect(total).toBe(6);  // ones(2) + 2 * ones(2), summed
    const notCount = 'TypeError: add(): the keyword argument count must be a non-negative integer';
    const notName = "TypeError: add(): a keyword argument's name must be a string";
    expect(messages).toEqual([
      notCount, notCount, notCount, notCount, notCount,
      'TypeError: add() got 50 keyword arguments',
      'TypeError: add(): 3 keyword arguments announced, but 4 values follow',
      notName, notName,
      'TypeError: add() received an invalid combination of arguments - got (Tensor, Tensor, \u00e9=...), but expected one of:',
      // A keyword value's array is read element by element: a getter's error comes back.
      'Error: getter 0', 'Error: getter 1',
    ]);
  });
});
