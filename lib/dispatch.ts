// The bridge from JS calls to the native boxed operator call: families looked up once by name,
// trailing options objects split off as keyword arguments. Tensors cross as themselves (they are
// native objects); results come back as Tensor objects, the input itself for in-place and out=
// results.
import { native } from './binding.js';
import { Tensor } from './tensor.js';
import { Generator } from './generator.js';
import { isPlainObject } from './validate.js';

/** An operator family (all overloads of one ATen name). */
export interface OpFamily {
  readonly name: string; id: number;
  /** @internal factory (takes the default device, see setDefaultDeviceHook); computed on first use. */
  factory?: boolean;
}

// The addon's exports object has dictionary-mode properties (60+ added one by one): read the
// hot function once instead of per call (measured ~5% of a small op).
const nativeCallOp = native.callOp;

const families = new Map<string, OpFamily>();

/** The family of an operator name (`'add'`, `'aten::add'`); looked up natively on first call. */
export function opFamily(name: string): OpFamily {
  let f = families.get(name);
  if (f === undefined) {
    f = { name, id: -2, factory: undefined };
    families.set(name, f);
  }
  return f;
}

function resolve(f: OpFamily): number {
  if (f.id === -2) f.id = native.opFamily(f.name);
  if (f.id < 0) {
    const qualified = f.name.includes('::') ? f.name : `aten::${f.name}`;
    throw new TypeError(`torch-node: the linked LibTorch has no operator ${qualified}`);
  }
  return f.id;
}

// Arrays go to the native call as they are: it reads each element once (a getter runs once, and
// matching and conversion see the same values), stops at the first hole and refuses lists over
// 2^24 elements before walking them (native/op_call.cpp, readArg). No operator takes a list of
// Generators, so only a Generator argument itself is unwrapped.
function unwrapArg(v: unknown): unknown {
  return v instanceof Generator ? v.handle : v;
}

// Keyword arguments cross to the native call as its last arguments, [name0, value0, name1,
// value1, ...] after the positional ones (callNativeWithKeywords): an object read back through
// its keys took V8's generic key collection and a UTF-8 copy of every name on each call, and an
// array read element by element took V8's generic element lookup. Values left undefined are not given;
// `requiresGrad` is taken out (factories take it like PyTorch's, but it is no schema argument).
function keywordPairs(o: Record<string, unknown>): { pairs: unknown[]; requiresGrad: boolean } {
  const pairs: unknown[] = [];
  let requiresGrad = false;
  for (const key of Object.keys(o)) {
    const v = o[key];
    if (v === undefined) continue;
    if (key === 'requiresGrad') requiresGrad = v === true;
    else pairs.push(key, unwrapArg(v));
  }
  return { pairs, requiresGrad };
}

// Where a keyword's name sits in such an array (-1 when not given).
function keywordIndex(pairs: readonly unknown[], name: string): number {
  for (let i = 0; i < pairs.length; i += 2) if (pairs[i] === name) return i;
  return -1;
}

let defaultDevice: string | null = null;
let isFactoryName: (name: string) => boolean = () => false;

/**
 * @internal Used by lib/default_device.ts: the device factory operators get when the call names
 * none (null: none set, the hot path), and the test telling factory families from the others.
 */
export function setDefaultDeviceHook(device: string | null, isFactory: (name: string) => boolean): void {
  defaultDevice = device;
  isFactoryName = isFactory;
}

function withDefaultDevice(f: OpFamily, args: readonly unknown[], n: number,
  kwargs: unknown[] | undefined): unknown[] | undefined {
  if (f.factory === undefined) f.factory = isFactoryName(f.name);
  if (!f.factory) return kwargs;
  // An explicit device (undefined values were dropped, so a name present is given). Calls with
  // out= get the default device too, as in PyTorch: the native call checks it against out's.
  const at = kwargs === undefined ? -1 : keywordIndex(kwargs, 'device');
  if (at >= 0 && kwargs![at + 1] != null) return kwargs;
  // Overloads taking tensors (normal(mean, std), ...) follow their inputs' device.
  for (let i = 0; i < n; i++) if (args[i] instanceof Tensor) return kwargs;
  if (kwargs === undefined) return ['device', defaultDevice];
  if (at >= 0) kwargs[at + 1] = defaultDevice;
  else kwargs.push('device', defaultDevice);
  return kwargs;
}

/**
 * Calls an operator: `callOp(opFamily('add'), [a, b, { alpha: 2 }])`. A trailing plain object is
 * the keyword arguments (camelCase or snake_case keys); `self`, when given, comes first.
 */
export function callOp(f: OpFamily, args: readonly unknown[], self?: Tensor): unknown {
  const id = f.id >= 0 ? f.id : resolve(f);
  let n = args.length;
  let kwargs: unknown[] | undefined;
  let requiresGrad = false;
  // Tensors first: Object.getPrototypeOf of a native-made object is a runtime call.
  if (n > 0 && !(args[n - 1] instanceof Tensor) && isPlainObject(args[n - 1])) {
    ({ pairs: kwargs, requiresGrad } = keywordPairs(args[n - 1] as Record<string, unknown>));
    if (kwargs.length === 0) kwargs = undefined;
    n--;
  }
  // torch.setDefaultDevice(): factories without a device get it (one check when none is set).
  if (defaultDevice !== null && self === undefined) kwargs = withDefaultDevice(f, args, n, kwargs);
  const t = kwargs === undefined ? callNative(id, args, n, self) : callNativeWithKeywords(id, kwargs, args, n, self);
  if (!requiresGrad) return t;
  if (!(t instanceof Tensor)) throw new TypeError(`${f.name}(): requiresGrad applies only to operators returning a Tensor`);
  return t.requiresGrad_(true);
}

// native.callOp(id, undefined, [self,] ...the first n args): no keyword arguments (undefined, the
// cheapest count for the native side to tell apart); the common arities spelled out, so that no
// argument array is built for them. Kept small enough for V8 to inline into callOp.
function callNative(id: number, args: readonly unknown[], n: number, self: Tensor | undefined): unknown {
  if (self !== undefined) {
    switch (n) {
      case 0: return nativeCallOp(id, undefined, self);
      case 1: return nativeCallOp(id, undefined, self, unwrapArg(args[0]));
      case 2: return nativeCallOp(id, undefined, self, unwrapArg(args[0]), unwrapArg(args[1]));
      default: return callWithArray(id, undefined, args, n, self);
    }
  }
  switch (n) {
    case 0: return nativeCallOp(id, undefined);
    case 1: return nativeCallOp(id, undefined, unwrapArg(args[0]));
    case 2: return nativeCallOp(id, undefined, unwrapArg(args[0]), unwrapArg(args[1]));
    default: return callWithArray(id, undefined, args, n, self);
  }
}

// native.callOp(id, keywordCount, [self,] ...the first n args, ...kwargs): one keyword argument
// with up to two positional ones spelled out.
function callNativeWithKeywords(id: number, kwargs: unknown[], args: readonly unknown[], n: number, self: Tensor | undefined): unknown {
  if (kwargs.length === 2) {
    if (self !== undefined) {
      if (n === 0) return nativeCallOp(id, 1, self, kwargs[0], kwargs[1]);
      if (n === 1) return nativeCallOp(id, 1, self, unwrapArg(args[0]), kwargs[0], kwargs[1]);
    } else {
      if (n === 0) return nativeCallOp(id, 1, kwargs[0], kwargs[1]);
      if (n === 1) return nativeCallOp(id, 1, unwrapArg(args[0]), kwargs[0], kwargs[1]);
      if (n === 2) return nativeCallOp(id, 1, unwrapArg(args[0]), unwrapArg(args[1]), kwargs[0], kwargs[1]);
    }
  }
  return callWithArray(id, kwargs, args, n, self);
}

function callWithArray(id: number, kwargs: unknown[] | undefined, args: readonly unknown[], n: number, self: Tensor | undefined): unknown {
  const a: unknown[] = [id, kwargs === undefined ? undefined : kwargs.length >> 1];
  if (self !== undefined) a.push(self);
  for (let i = 0; i < n; i++) a.push(unwrapArg(args[i]));
  if (kwargs !== undefined) for (let i = 0; i < kwargs.length; i++) a.push(kwargs[i]);
  return Reflect.apply(nativeCallOp, native, a);
}
