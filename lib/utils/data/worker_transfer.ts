// How a dataset (with its transforms, samplers' state, functions) crosses to a DataLoader worker
// thread. worker_threads copy plain data only (structured clone): a class instance arrives as a
// plain object and a function not at all. Python's DataLoader pickles the dataset; this is the
// same idea, modelled on pickle's reduce:
// - an object with a `[workerReduce]()` method describes how to rebuild itself: call (or `new`)
//   the export `exportName` of the module `module` with `args`, or create an object of that class
//   and give it `state` (pickle's __reduce__ / __getstate__);
// - a class (or function) registered with registerWorkerExports() crosses by reference (pickle's
//   import by qualified name): instances of a registered class cross as their own enumerable
//   properties, which are encoded in turn;
// - any other function crosses as its source text, compiled again in the worker with `torch` in
//   scope: it may use its arguments, globals and `torch`, not variables it closes over;
// - tensors cross as SharedArrayBuffer memory (one copy into shared memory, then every worker
//   maps the same bytes), typed arrays and other structured-cloneable values as copies.
import { Tensor } from '../../tensor.js';
import { fromBuffer } from '../../creation.js';
import { describeValue, isPlainObject } from '../../validate.js';
import type { DType } from '../../dtype.js';
import { runInNewContext } from 'node:vm';
import { memory } from '../../memory.js';

/**
 * The key of the method by which an object describes how to rebuild itself in a DataLoader
 * worker (pickle's `__reduce__`): `Symbol.for('torch-node.reduce')`, so that code which does
 * not import torch-node can define it too.
 * @example
 * class Squares extends torch.utils.data.Dataset<number> {
 *   constructor(readonly n: number) { super(); }
 *   get length() { return this.n; }
 *   getItem(i: number) { return i * i; }
 *   [torch.utils.data.workerReduce]() { return { module: import.meta.url, exportName: 'Squares', args: [this.n] }; }
 * }
 */
export const workerReduce: unique symbol = Symbol.for('torch-node.reduce');

/**
 * What `[workerReduce]()` returns: the module (a URL such as `import.meta.url`, or a bare
 * specifier) and the name of one of its exports, and either `args` (the worker calls the export
 * with them, with `new` when it is a class) or `state` (the worker creates an object with the
 * class's prototype, without running its constructor, and assigns the state's properties).
 * `args` and `state` may hold anything that crosses: tensors, arrays, plain objects, reducible
 * objects, registered classes' instances, functions.
 */
export interface WorkerReduction {
  /** The module that exports the class or factory: a file URL (`import.meta.url`) or a specifier. */
  module: string;
  /** The name of the export. */
  exportName: string;
  /** Arguments for the export (default: none). */
  args?: readonly unknown[];
  /** Own properties to assign to an object of the exported class, instead of calling it. */
  state?: Readonly<Record<string, unknown>>;
}

/** An object that can describe itself for a worker. */
export interface WorkerReducible {
  [workerReduce](): WorkerReduction;
}

type AnyFunction = (...args: never[]) => unknown;
interface ExportRef { module: string; exportName: string }

// Registered classes and functions, both ways: value -> where it is exported, and back (the
// main thread rebuilds batches from it without importing anything).
const exportOf = new WeakMap<object, ExportRef>();
const exportAt = new Map<string, object>();
const refKey = (module: string, exportName: string): string => `${module}#${exportName}`;

/**
 * Declares that `module` exports these classes and functions under these names, so they cross
 * to DataLoader workers by reference (pickle's import by name): the worker imports `module`.
 * An instance of a registered class crosses as its own enumerable properties (private `#fields`
 * do not cross: such a class defines `[workerReduce]()` instead); a registered function (a
 * `workerInitFn`, a `collateFn`, a transform) crosses as itself, closures and all, since the
 * worker runs the module's own copy.
 *
 * Call it in the module that exports them, with that module's `import.meta.url`. A module that
 * also runs a program at its top level (a training script) runs it again in each worker: keep
 * datasets in a module of their own, or guard the program with `isMainThread`.
 * @example
 * // datasets.ts
 * export class Squares extends torch.utils.data.Dataset<number> { ... }
 * export function seedWorker(id: number) { ... }
 * torch.utils.data.registerWorkerExports(import.meta.url, { Squares, seedWorker });
 */
export function registerWorkerExports(module: string, exports: Readonly<Record<string, ((...args: never[]) => unknown) | (abstract new (...args: never[]) => unknown)>>): void {
  if (typeof module !== 'string' || module === '') throw new TypeError(`registerWorkerExports: module must be a module URL or specifier, e.g. import.meta.url (got ${describeValue(module)})`);
  if (!isPlainObject(exports)) throw new TypeError(`registerWorkerExports: exports must be an object of classes and functions by export name (got ${describeValue(exports)})`);
  for (const [exportName, value] of Object.entries(exports)) {
    if (typeof value !== 'function') throw new TypeError(`registerWorkerExports: export '${exportName}' must be a class or function (got ${describeValue(value)})`);
    exportOf.set(value, { module, exportName });
    exportAt.set(refKey(module, exportName), value);
  }
}

// Objects made by a factory, with the factory and its arguments: when the factory is registered,
// the object crosses as a call of it (transforms are functions made by factories).
const madeWith = new WeakMap<object, { maker: object; args: readonly unknown[] }>();

/**
 * Records that `maker(...args)` made `obj`, and returns `obj`: once `maker` is registered
 * (registerWorkerExports), `obj` crosses to DataLoader workers as that call, made again there.
 * For factories of many objects (the vision transforms record every call of theirs).
 * @example
 * export function Scale(k: number) { return torch.utils.data.madeBy((x: Tensor) => x.mul(k), Scale, [k]); }
 * torch.utils.data.registerWorkerExports(import.meta.url, { Scale });
 */
export function madeBy<T extends object>(obj: T, maker: object, args: readonly unknown[]): T {
  if ((typeof obj === 'object' || typeof obj === 'function') && obj !== null) madeWith.set(obj, { maker, args: [...args] });
  return obj;
}

/**
 * Gives `obj` a `[workerReduce]()` method (non-enumerable, on the object itself) that rebuilds it
 * in a worker by calling the export `exportName` of `module` with `args` (with `new` when the
 * export is a class). For objects made by factories (transforms are functions made by
 * `transforms.Normalize(...)`), the factory's module and name with the arguments it was called
 * with. Returns `obj`.
 * @example
 * export const Scale = (k: number) => torch.utils.data.reducible((x: Tensor) => x.mul(k), import.meta.url, 'Scale', [k]);
 */
export function reducible<T extends object>(obj: T, module: string, exportName: string, args: readonly unknown[] = []): T {
  if ((typeof obj !== 'object' && typeof obj !== 'function') || obj === null) throw new TypeError(`reducible: obj must be an object or function (got ${describeValue(obj)})`);
  if (typeof module !== 'string' || module === '') throw new TypeError(`reducible: module must be a module URL or specifier, e.g. import.meta.url (got ${describeValue(module)})`);
  if (typeof exportName !== 'string' || exportName === '') throw new TypeError(`reducible: exportName must be a non-empty string (got ${describeValue(exportName)})`);
  if (!Array.isArray(args)) throw new TypeError(`reducible: args must be an array (got ${describeValue(args)})`);
  const saved = [...args];
  Object.defineProperty(obj, workerReduce, { value: () => ({ module, exportName, args: saved }), configurable: true, enumerable: false, writable: true });
  return obj;
}

/** @internal The bytes of shared memory an encoded value's tensors use. */
export function sharedBytesOf(e: Encoded): number {
  if (e === null || typeof e !== 'object') return 0;
  switch (e.k) {
    case 'tensor': return e.buf.byteLength;
    case 'arr': case 'set': return e.v.reduce((n: number, x) => n + sharedBytesOf(x), 0);
    case 'obj': return e.v.reduce((n, [, x]) => n + sharedBytesOf(x), 0);
    case 'map': return e.v.reduce((n, [a, b]) => n + sharedBytesOf(a) + sharedBytesOf(b), 0);
    case 'reduce': return sharedBytesOf(e.args);
    case 'state': return sharedBytesOf(e.state);
    default: return 0;
  }
}

type Collector = (options?: { type: 'minor' | 'major' }) => void;
let collector: Collector | null | undefined;

/**
 * @internal Runs a garbage collection of the young generation (`'minor'`, about a millisecond)
 * or of the whole heap (`'major'`). A batch's shared memory is held by its buffer objects until
 * they are collected, and a loop that makes few JS objects collects rarely. A major collection is
 * torch.memory's (which also frees the tensors whose release was deferred); for a minor one, V8's
 * gc() is at hand in a new context since torch-node sets V8's --expose-gc flag at load (without
 * it, that effect switched off, a minor collection is skipped).
 */
export function collectGarbage(type: 'minor' | 'major'): void {
  if (collector === undefined) {
    const g = (globalThis as { gc?: unknown }).gc;
    collector = typeof g === 'function' ? g as Collector : null;
    if (collector === null) {
      try {
        const fromContext = runInNewContext('typeof gc === "function" ? gc : null') as unknown;
        if (typeof fromContext === 'function') collector = fromContext as Collector;
      } catch {
        collector = null;
      }
    }
  }
  // A major one is torch.memory's, which also frees the tensors whose release it deferred.
  if (type === 'major') memory({ collect: true });
  else if (collector !== null && collector !== undefined) collector({ type });
}

// ---- encoding ---------------------------------------------------------------------------------

/** @internal A value as it crosses: structured-cloneable, with tags for what the clone loses. */
export type Encoded =
  | null | undefined | boolean | number | string | bigint
  | { k: 'arr'; id: number; v: Encoded[] }
  | { k: 'obj'; id: number; v: [string, Encoded][] }
  | { k: 'map'; id: number; v: [Encoded, Encoded][] }
  | { k: 'set'; id: number; v: Encoded[] }
  | { k: 'memo'; id: number }
  | { k: 'tensor'; buf: SharedArrayBuffer; dtype: DType; shape: number[]; grad: boolean; device: string }
  | { k: 'reduce'; id: number; module: string; name: string; args: Encoded }
  | { k: 'state'; id: number; module: string; name: string; state: Encoded }
  | { k: 'ref'; module: string; name: string }
  | { k: 'fn'; src: string; where: string }
  | { k: 'raw'; v: unknown };

const ITEM_SIZE: Record<string, number> = { float16: 2, bfloat16: 2, float32: 4, float64: 8, int8: 1, int16: 2, int32: 4, int64: 8, uint8: 1, bool: 1, uint16: 2, uint32: 4, uint64: 8 };

/** Tensors whose whole memory is a SharedArrayBuffer made here: they cross without a copy. */
const sharedOf = new WeakMap<Tensor, SharedArrayBuffer>();

/**
 * @internal While set, the tensors sharedEmpty makes are listed here: a worker disposes its
 * own batch tensors once posted (the main thread maps the memory; the worker's objects would
 * otherwise hold it until a collection there).
 */
export const sharedAllocations: { log: Tensor[] | null; bytes: number } = { log: null, bytes: 0 };

/**
 * @internal An uninitialised CPU tensor over new shared memory (a DataLoader worker collates
 * batches into these, as Python's default_collate allocates shared storage in a worker).
 */
export function sharedEmpty(shape: readonly number[], dtype: DType): Tensor {
  const size = ITEM_SIZE[dtype];
  if (size === undefined) throw new TypeError(`a ${dtype} tensor cannot be sent to or from a DataLoader worker (no shared-memory form)`);
  const numel = shape.reduce((a, b) => a * b, 1);
  const buf = new SharedArrayBuffer(numel * size);
  const out = fromBuffer(new Uint8Array(buf), { dtype, shape: [...shape] });
  sharedOf.set(out, buf);
  sharedAllocations.log?.push(out);
  sharedAllocations.bytes += buf.byteLength;
  return out;
}

function encodeTensor(t: Tensor, where: string): Encoded {
  const device = t.device;
  let buf = sharedOf.get(t);
  const shape = t.shape;
  // In-place ops (transpose_, resize_) can leave a shared tensor's object over other strides.
  if (buf === undefined || device !== 'cpu' || !t.isContiguous() || t.storageOffset() !== 0 || shape.reduce((a, b) => a * b, 1) * ITEM_SIZE[t.dtype]! !== buf.byteLength) {
    const out = sharedEmpty(shape, t.dtype);
    out.copy_(t.detach());
    buf = sharedOf.get(out)!;
  }
  return { k: 'tensor', buf, dtype: t.dtype, shape, grad: t.requiresGrad, device };
}

function isTypedOrBuffer(v: object): boolean {
  return ArrayBuffer.isView(v) || v instanceof ArrayBuffer || v instanceof SharedArrayBuffer;
}

function checkedSource(fn: AnyFunction, where: string): string {
  const src = Function.prototype.toString.call(fn);
  const name = fn.name === '' ? 'an anonymous function' : `function ${fn.name}`;
  const hint = ` Register it with torch.utils.data.registerWorkerExports(import.meta.url, { ${fn.name === '' ? 'name' : fn.name} }) in the module that exports it, or give the object that holds it a [workerReduce]() method; see docs/porting.md ("DataLoader workers").`;
  if (/\{\s*\[native code\]\s*\}\s*$/.test(src)) throw new TypeError(`${where} (${name}) cannot be sent to a DataLoader worker: it is a native or bound function.${hint}`);
  if (/^class\b/.test(src)) throw new TypeError(`${where} (class ${fn.name}) cannot be sent to a DataLoader worker: it is not registered.${hint}`);
  const own = Object.keys(fn).concat(Object.prototype.hasOwnProperty.call(fn, 'toString') ? ['toString'] : []);
  if (own.length > 0) {
    throw new TypeError(`${where} (${String(fn)}) cannot be sent to a DataLoader worker: it is a function with properties (${own.join(', ')}), which would be lost, and it has no [workerReduce]() method.${hint}`);
  }
  try {
    // Compiled, not run: a method's shorthand source (`getItem(i) { ... }`) is no expression.
    // eslint-disable-next-line no-new-func
    new Function(`"use strict"; return (${src});`);
  } catch {
    throw new TypeError(`${where} (${name}) cannot be sent to a DataLoader worker: its source text is not a function expression (a method?).${hint}`);
  }
  return src;
}

/**
 * @internal Encodes `value` for a worker. `where` names it in errors (`dataset`, `workerInitFn`).
 * Shared references (and cycles through arrays, objects and registered instances) survive.
 */
export function encodeForWorker(value: unknown, where: string): Encoded {
  const memo = new Map<object, number>();
  const enc = (v: unknown, path: string): Encoded => {
    if (v === null || v === undefined || typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string' || typeof v === 'bigint') return v;
    if (typeof v === 'symbol') throw new TypeError(`${path} is a symbol, which cannot be sent to a DataLoader worker`);
    if (v instanceof Tensor) return encodeTensor(v, path);
    const seen = memo.get(v as object);
    if (seen !== undefined) return { k: 'memo', id: seen };
    const id = memo.size;
    const reduce = (v as Partial<WorkerReducible>)[workerReduce];
    if (typeof reduce === 'function') {
      memo.set(v as object, id);
      const r = reduce.call(v) as WorkerReduction;
      if (!isPlainObject(r) || typeof r.module !== 'string' || typeof r.exportName !== 'string') {
        throw new TypeError(`${path}: its [workerReduce]() must return { module, exportName, args } or { module, exportName, state } (got ${describeValue(r)})`);
      }
      if (r.state !== undefined) return { k: 'state', id, module: r.module, name: r.exportName, state: enc(r.state, `${path}'s state`) };
      return { k: 'reduce', id, module: r.module, name: r.exportName, args: enc([...(r.args ?? [])], `${path} (${r.exportName}) args`) };
    }
    const made = madeWith.get(v as object);
    const maker = made === undefined ? undefined : exportOf.get(made.maker);
    if (maker !== undefined) {
      memo.set(v as object, id);
      return { k: 'reduce', id, module: maker.module, name: maker.exportName, args: enc([...made!.args], `${path} (${maker.exportName}) args`) };
    }
    if (typeof v === 'function') {
      const ref = exportOf.get(v);
      if (ref !== undefined) return { k: 'ref', module: ref.module, name: ref.exportName };
      memo.set(v, id);
      return { k: 'fn', src: checkedSource(v as AnyFunction, path), where: path };
    }
    const obj = v as object;
    memo.set(obj, id);
    if (Array.isArray(obj)) return { k: 'arr', id, v: obj.map((x, i) => enc(x, `${path}[${i}]`)) };
    if (isPlainObject(obj)) return { k: 'obj', id, v: Object.entries(obj).map(([key, x]) => [key, enc(x, `${path}.${key}`)]) };
    if (obj instanceof Map) return { k: 'map', id, v: [...obj].map(([key, x]) => [enc(key, `${path} key`), enc(x, `${path}.get(${String(key)})`)]) };
    if (obj instanceof Set) return { k: 'set', id, v: [...obj].map((x) => enc(x, `${path} element`)) };
    if (isTypedOrBuffer(obj) || obj instanceof Date || obj instanceof RegExp) {
      // Node Buffers arrive as plain Uint8Arrays (same bytes, no Buffer methods).
      return { k: 'raw', v: obj };
    }
    const ctor = Object.getPrototypeOf(obj)?.constructor as AnyFunction | undefined;
    const ref = ctor === undefined ? undefined : exportOf.get(ctor);
    if (ref === undefined) {
      const name = ctor?.name ?? 'an object without a class';
      throw new TypeError(`${path} (an instance of ${name}) cannot be sent to a DataLoader worker: ${name} is not registered and has no [workerReduce]() method. ` +
        `Call torch.utils.data.registerWorkerExports(import.meta.url, { ${name} }) in the module that exports it (its instances then cross as their own properties), ` +
        `or give it a [torch.utils.data.workerReduce]() method; see docs/porting.md ("DataLoader workers").`);
    }
    const state: [string, Encoded][] = Object.entries(obj).map(([key, x]) => [key, enc(x, `${path}.${key}`)]);
    return { k: 'state', id, module: ref.module, name: ref.exportName, state: { k: 'obj', id: -1, v: state } };
  };
  return enc(value, where);
}

// ---- decoding ---------------------------------------------------------------------------------

/** @internal The modules an encoded value needs imported before it can be decoded. */
export function modulesOf(e: Encoded, out: Set<string> = new Set()): Set<string> {
  if (e === null || typeof e !== 'object') return out;
  switch (e.k) {
    case 'arr': case 'set': for (const x of e.v) modulesOf(x, out); break;
    case 'obj': for (const [, x] of e.v) modulesOf(x, out); break;
    case 'map': for (const [a, b] of e.v) { modulesOf(a, out); modulesOf(b, out); } break;
    case 'reduce': out.add(e.module); modulesOf(e.args, out); break;
    case 'state': out.add(e.module); modulesOf(e.state, out); break;
    case 'ref': out.add(e.module); break;
    default: break;
  }
  return out;
}

/** @internal What decoding needs: the imported modules' namespaces, and the scope of source-text functions. */
export interface DecodeContext {
  modules?: ReadonlyMap<string, Record<string, unknown>>;
  /** Where this thread imported a module URL from (the built JavaScript of a TypeScript source). */
  mapModule?: (url: string) => string;
  /** Remember tensors' shared memory, so that they cross again without a copy (long-lived values). */
  keepShared?: boolean;
  /** Values in scope of functions that crossed as source text (`torch`). */
  scope?: Readonly<Record<string, unknown>>;
}

function exported(module: string, name: string, ctx: DecodeContext): unknown {
  const registered = exportAt.get(refKey(module, name)) ?? (ctx.mapModule === undefined ? undefined : exportAt.get(refKey(ctx.mapModule(module), name)));
  if (registered !== undefined) return registered;
  const ns = ctx.modules?.get(module);
  if (ns === undefined) throw new TypeError(`DataLoader worker: the module ${module} was not loaded (needed for its export '${name}')`);
  if (!(name in ns)) throw new TypeError(`DataLoader worker: the module ${module} has no export named '${name}'`);
  return ns[name];
}

function isClass(f: unknown): boolean {
  return typeof f === 'function' && /^class\b/.test(Function.prototype.toString.call(f));
}

function sourceFunction(src: string, where: string, scope: Readonly<Record<string, unknown>>): AnyFunction {
  const names = Object.keys(scope);
  // eslint-disable-next-line no-new-func
  const fn = new Function(...names, `"use strict"; return (${src});`)(...names.map((n) => scope[n])) as AnyFunction;
  // A variable the function closed over in the main thread is not defined here: say why.
  const wrapped = function (this: unknown, ...args: never[]): unknown {
    try {
      const r = fn.apply(this, args);
      if (r instanceof Promise) return r.catch((e: unknown) => { throw explain(e); });
      return r;
    } catch (e) {
      throw explain(e);
    }
  };
  const explain = (e: unknown): unknown => {
    if (e instanceof ReferenceError && !e.message.includes('crossed to the DataLoader worker')) {
      e.message += ` (in ${where}, which crossed to the DataLoader worker as its source text: it can use its arguments, globals and \`torch\`, not variables it closes over; register it with torch.utils.data.registerWorkerExports, see docs/porting.md)`;
    }
    return e;
  };
  Object.defineProperty(wrapped, 'name', { value: fn.name });
  return wrapped;
}

/** @internal Rebuilds an encoded value (its modules already imported into `ctx.modules`). */
export function decodeFromWorker(e: Encoded, ctx: DecodeContext = {}): unknown {
  const memo = new Map<number, unknown>();
  const dec = (x: Encoded): unknown => {
    if (x === null || typeof x !== 'object') return x;
    switch (x.k) {
      case 'memo': return memo.get(x.id);
      case 'arr': { const a: unknown[] = []; memo.set(x.id, a); for (const y of x.v) a.push(dec(y)); return a; }
      case 'obj': { const o: Record<string, unknown> = {}; memo.set(x.id, o); for (const [k, y] of x.v) o[k] = dec(y); return o; }
      case 'map': { const m = new Map(); memo.set(x.id, m); for (const [k, y] of x.v) m.set(dec(k), dec(y)); return m; }
      case 'set': { const s = new Set(); memo.set(x.id, s); for (const y of x.v) s.add(dec(y)); return s; }
      case 'raw': return x.v;
      case 'tensor': {
        let t = fromBuffer(new Uint8Array(x.buf), { dtype: x.dtype, shape: x.shape });
        // A dataset's tensors may cross again (to the worker's own workers: none) without a copy;
        // a batch's are not kept by this map, whose entries only a full collection clears.
        if (ctx.keepShared === true) sharedOf.set(t, x.buf);
        if (x.device !== 'cpu') t = t.to(x.device as never);
        if (x.grad) t.requiresGrad = true;
        return t;
      }
      case 'ref': return exported(x.module, x.name, ctx);
      case 'fn': return sourceFunction(x.src, x.where, ctx.scope ?? {});
      case 'reduce': {
        const f = exported(x.module, x.name, ctx);
        if (typeof f !== 'function') throw new TypeError(`DataLoader worker: export '${x.name}' of ${x.module} is not a class or function`);
        const args = dec(x.args) as unknown[];
        const out = isClass(f) ? Reflect.construct(f, args) : (f as (...a: unknown[]) => unknown)(...args);
        memo.set(x.id, out);
        return out;
      }
      case 'state': {
        const cls = exported(x.module, x.name, ctx) as { prototype?: object } | undefined;
        if (typeof cls !== 'function' || typeof (cls as { prototype?: object }).prototype !== 'object') throw new TypeError(`DataLoader worker: export '${x.name}' of ${x.module} is not a class`);
        const obj = Object.create((cls as { prototype: object }).prototype) as Record<string, unknown>;
        memo.set(x.id, obj);
        const state = dec(x.state) as Record<string, unknown>;
        for (const [k, y] of Object.entries(state)) Object.defineProperty(obj, k, { value: y, writable: true, enumerable: true, configurable: true });
        return obj;
      }
      default: throw new TypeError('DataLoader worker: an unknown encoded value');
    }
  };
  return dec(e);
}
