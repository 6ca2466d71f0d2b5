// Sequential, ModuleList, ModuleDict, ParameterList, ParameterDict and the deprecated Container,
// as torch/nn/modules/container.py.
import { Tensor } from '../../tensor.js';
import { isPlainObject, describeValue } from '../../validate.js';
import { Module, addIndent, removeMember } from './module.js';
import { Parameter } from '../parameter.js';

function checkModule(where: string, m: unknown, what = 'module'): Module {
  if (!(m instanceof Module)) throw new TypeError(`${where}: ${what} must be an nn.Module (got ${describeValue(m)})`);
  return m;
}

function wrapIndex(where: string, i: number, n: number): number {
  if (!Number.isInteger(i)) throw new TypeError(`${where}: index must be an integer (got ${describeValue(i)})`);
  if (i < -n || i >= n) throw new RangeError(`index ${i} is out of range`);
  return i < 0 ? i + n : i;
}

/** Defines non-enumerable index getters `0..n-1` where no own property of that name exists. */
function refreshIndexAccess(c: Module, entries: [string, Module][]): void {
  const self = c as unknown as Record<string, unknown>;
  for (let i = 0; ; i++) {
    const desc = Object.getOwnPropertyDescriptor(c, String(i));
    if (desc === undefined || desc.enumerable) { if (i >= entries.length) break; else continue; }
    delete self[String(i)];
  }
  entries.forEach(([name], i) => {
    if (name === String(i) || Object.prototype.hasOwnProperty.call(c, String(i))) return;
    Object.defineProperty(c, String(i), { get(this: Module) { return this._ownModules()[i]?.[1]; }, enumerable: false, configurable: true });
  });
}

/**
 * Runs modules in order, each on the previous one's output. Give the modules positionally
 * (named '0', '1', ...) or as a Map or plain object of names to modules (PyTorch's OrderedDict).
 * `seq[i]` / `seq.at(i)` is the i-th module.
 * @example
 * const model = new nn.Sequential(new nn.Linear(784, 128), new nn.ReLU(), new nn.Linear(128, 10));
 * const named = new nn.Sequential(new Map<string, nn.Module>([['fc1', new nn.Linear(4, 2)], ['act', new nn.ReLU()]]));
 * model(torch.randn(64, 784)).shape // [64, 10]
 */
export class Sequential extends Module {
  readonly [index: number]: Module;

  constructor(...modules: Module[]);
  constructor(modules: Map<string, Module> | Record<string, Module>);
  constructor(...args: unknown[]) {
    super();
    if (args.length === 1 && (args[0] instanceof Map || isPlainObject(args[0]))) {
      const entries = args[0] instanceof Map ? [...(args[0] as Map<unknown, unknown>).entries()] : Object.entries(args[0] as object);
      for (const [name, m] of entries) {
        if (typeof name !== 'string') throw new TypeError(`Sequential(): module names must be strings (got ${describeValue(name)})`);
        this.registerModule(name, checkModule('Sequential()', m, `module '${name}'`));
      }
    } else {
      args.forEach((m, i) => this.registerModule(String(i), checkModule('Sequential()', m, `argument ${i}`)));
    }
    refreshIndexAccess(this, this._ownModules());
  }

  /** Number of modules. @example seq.length */
  override get length(): number {
    return this._ownModules().length;
  }

  /** The i-th module (negative counts from the end). @example seq.at(-1) */
  at(index: number): Module {
    const entries = this._ownModules();
    return entries[wrapIndex('Sequential.at()', index, entries.length)]![1];
  }

  /** A Sequential of the modules in [start, end), keeping their names. @example seq.slice(0, 2) */
  slice(start?: number, end?: number): Sequential {
    return new Sequential(new Map(this._ownModules().slice(start, end)));
  }

  /** Adds a module at the end; returns this. @example seq.append(new nn.ReLU()) */
  append(module: Module): this {
    this.registerModule(String(this._ownModules().length), checkModule('Sequential.append()', module));
    refreshIndexAccess(this, this._ownModules());
    return this;
  }

  /** Appends every module of an iterable; returns this. @example seq.extend([new nn.ReLU(), new nn.Linear(3, 1)]) */
  extend(modules: Iterable<Module>): this {
    for (const m of modules) this.append(m);
    return this;
  }

  /** Inserts a module before position `index` (positional Sequentials). @example seq.insert(1, new nn.ReLU()) */
  insert(index: number, module: Module): this {
    checkModule('Sequential.insert()', module);
    const entries = this._ownModules();
    const n = entries.length;
    if (!Number.isInteger(index) || index < -n || index > n) throw new RangeError(`Index out of range: ${index}`);
    const at = index < 0 ? index + n : index;
    const mods = entries.map(([, m]) => m);
    mods.splice(at, 0, module);
    for (const [name] of entries) removeMember(this, name);
    mods.forEach((m, i) => this.registerModule(String(i), m));
    refreshIndexAccess(this, this._ownModules());
    return this;
  }

  /** Replaces the i-th module, keeping its name (Python's `seq[i] = module`). @example seq.set(1, new nn.GELU()) */
  set(index: number, module: Module): this {
    const entries = this._ownModules();
    const [name] = entries[wrapIndex('Sequential.set()', index, entries.length)]!;
    this.registerModule(name, checkModule('Sequential.set()', module));
    return this;
  }

  /**
   * Removes the i-th module (Python's `del seq[i]`); as in PyTorch, the remaining modules are then
   * renamed '0', '1', ... in order.
   * @example seq.delete(-1)
   */
  delete(index: number): this {
    const entries = this._ownModules();
    const i = wrapIndex('Sequential.delete()', index, entries.length);
    for (const [name] of entries) removeMember(this, name);
    entries.filter((_, j) => j !== i).forEach(([, m], j) => this.registerModule(String(j), m));
    refreshIndexAccess(this, this._ownModules());
    return this;
  }

  /** Removes the i-th module and returns it (renaming the rest as `delete` does). @example const last = seq.pop(-1); */
  pop(index: number): Module {
    const m = this.at(index);
    this.delete(index);
    return m;
  }

  /** A new Sequential of this one's modules then `other`'s (Python's `seq + other`). @example const both = a.add(b); */
  add(other: Sequential): Sequential {
    if (!(other instanceof Sequential)) {
      throw new TypeError(`add operator supports only objects of Sequential class, but ${describeValue(other)} is given.`);
    }
    return new Sequential(...this, ...other);
  }

  /** A new Sequential of this one's modules `n` times over, the same module objects (Python's `seq * n`). @example const deep = block.mul(3); */
  mul(n: number): Sequential {
    if (typeof n !== 'number' || !Number.isInteger(n)) throw new TypeError(`unsupported operand type(s) for *: Sequential and ${describeValue(n)}`);
    if (n <= 0) throw new RangeError(`Non-positive multiplication factor ${n} for Sequential`);
    const mods = [...this];
    return new Sequential(...Array.from({ length: n }, () => mods).flat());
  }

  /** The modules, in order. @example for (const layer of seq) console.log(String(layer)); */
  *[Symbol.iterator](): IterableIterator<Module> {
    for (const [, m] of this._ownModules()) yield m;
  }

  forward(input: Tensor): Tensor {
    let x: unknown = input;
    for (const [, m] of this._ownModules()) x = m(x);
    return x as Tensor;
  }
}

/**
 * A list of submodules, registered (their parameters are the list's) and indexable. Python's
 * `ModuleList(modules=...)` is `new nn.ModuleList(modules)` or `new nn.ModuleList({ modules })`.
 * @example
 * class Net extends nn.Module {
 *   layers = new nn.ModuleList(Array.from({ length: 3 }, () => new nn.Linear(8, 8)));
 *   forward(x: Tensor): Tensor { for (const l of this.layers) x = l(x) as Tensor; return x; }
 * }
 */
export class ModuleList extends Module {
  readonly [index: number]: Module;

  constructor(modules: Iterable<Module> | { modules?: Iterable<Module> | null } | null = []) {
    super();
    // Python's ModuleList(modules=None): by keyword too.
    if (isPlainObject(modules)) {
      for (const k of Object.keys(modules)) if (k !== 'modules') throw new TypeError(`ModuleList(): unknown option '${k}' (expected one of modules)`);
      modules = (modules as { modules?: Iterable<Module> | null }).modules ?? [];
    }
    if (modules === null) modules = [];
    if (typeof (modules as Iterable<Module>)[Symbol.iterator] !== 'function') {
      throw new TypeError(`ModuleList(): modules must be an iterable of modules (got ${describeValue(modules)})`);
    }
    for (const m of modules as Iterable<Module>) this.append(m);
  }

  /** Number of modules. @example list.length */
  override get length(): number {
    return this._ownModules().length;
  }

  /** The i-th module (negative counts from the end). @example list.at(-1) */
  at(index: number): Module {
    const entries = this._ownModules();
    return entries[wrapIndex('ModuleList.at()', index, entries.length)]![1];
  }

  /** Replaces the i-th module. @example list.set(0, new nn.Linear(8, 8)) */
  set(index: number, module: Module): this {
    const entries = this._ownModules();
    const i = wrapIndex('ModuleList.set()', index, entries.length);
    this.registerModule(String(i), checkModule('ModuleList.set()', module));
    return this;
  }

  /** Adds a module at the end; returns this. @example list.append(new nn.ReLU()) */
  append(module: Module): this {
    this.registerModule(String(this._ownModules().length), checkModule('ModuleList.append()', module));
    return this;
  }

  /** Appends every module of an iterable; returns this. @example list.extend(otherList) */
  extend(modules: Iterable<Module>): this {
    for (const m of modules) this.append(m);
    return this;
  }

  /** Inserts a module before position `index`. @example list.insert(0, new nn.Identity()) */
  insert(index: number, module: Module): this {
    checkModule('ModuleList.insert()', module);
    const entries = this._ownModules();
    const n = entries.length;
    if (!Number.isInteger(index)) throw new TypeError(`ModuleList.insert(): index must be an integer (got ${describeValue(index)})`);
    const at = Math.max(0, Math.min(n, index < 0 ? index + n : index));
    const mods = entries.map(([, m]) => m);
    mods.splice(at, 0, module);
    for (const [name] of entries) removeMember(this, name);
    mods.forEach((m, i) => this.registerModule(String(i), m));
    return this;
  }

  /** Removes and returns the i-th module (default the last). @example list.pop() */
  pop(index: number = -1): Module {
    const entries = this._ownModules();
    const i = wrapIndex('ModuleList.pop()', index, entries.length);
    const mods = entries.map(([, m]) => m);
    const [removed] = mods.splice(i, 1);
    for (const [name] of entries) removeMember(this, name);
    mods.forEach((m, j) => this.registerModule(String(j), m));
    return removed!;
  }

  /** Removes the i-th module, renumbering the rest (Python's `del list[i]`). @example list.delete(0) */
  delete(index: number): this {
    this.pop(index);
    return this;
  }

  /** A new ModuleList of this list's modules then those of `other` (Python's `list + other`). @example const all = a.add(b); */
  add(other: Iterable<Module>): ModuleList {
    return new ModuleList([...this, ...other]);
  }

  /** The modules, in order. @example for (const layer of list) x = layer(x); */
  *[Symbol.iterator](): IterableIterator<Module> {
    for (const [, m] of this._ownModules()) yield m;
  }

  /** PyTorch's ModuleList repr: runs of identical modules print once as `(0-2): 3 x Linear(...)`. */
  override toString(): string {
    const reprs = this._ownModules().map(([, m]) => m.toString());
    if (reprs.length === 0) return this._getName() + '()';
    const ranges: [number, number][] = [[0, 0]];
    const blocks = [reprs[0]!];
    for (let i = 1; i < reprs.length; i++) {
      if (reprs[i] === blocks[blocks.length - 1]) { ranges[ranges.length - 1]![1]++; continue; }
      ranges.push([i, i]);
      blocks.push(reprs[i]!);
    }
    const lines = ranges.map(([s, e], k) => addIndent(s !== e ? `(${s}-${e}): ${e - s + 1} x ${blocks[k]}` : `(${s}): ${blocks[k]}`, 2));
    return `${this._getName()}(\n  ${lines.join('\n  ')}\n)`;
  }
}

/**
 * A dictionary of named submodules, registered in insertion order.
 * @example
 * const heads = new nn.ModuleDict({ cls: new nn.Linear(64, 10), box: new nn.Linear(64, 4) });
 * heads.get('cls')!(features);
 */
export class ModuleDict extends Module {
  constructor(modules: Map<string, Module> | Record<string, Module> | Iterable<[string, Module]> = {}) {
    super();
    this.update(modules);
  }

  /** The module under `key`, or undefined. @example dict.get('cls') */
  get(key: string): Module | undefined {
    return this._ownModules().find(([k]) => k === key)?.[1];
  }

  /** Adds or replaces the module under `key`; returns this. @example dict.set('cls', new nn.Linear(64, 10)) */
  set(key: string, module: Module): this {
    this.registerModule(key, checkModule('ModuleDict.set()', module, `module '${key}'`));
    return this;
  }

  /** True if `key` is present. @example dict.has('cls') */
  has(key: string): boolean {
    return this._ownModules().some(([k]) => k === key);
  }

  /** Removes the module under `key` and returns it. @example dict.pop('box') */
  pop(key: string): Module {
    const m = this.get(key);
    if (m === undefined) throw new RangeError(`ModuleDict.pop(): no module named '${key}'`);
    removeMember(this, key);
    return m;
  }

  /** Same as pop, returning whether something was removed. @example dict.delete('box') */
  delete(key: string): boolean {
    if (!this.has(key)) return false;
    removeMember(this, key);
    return true;
  }

  /** Removes every module. @example dict.clear() */
  clear(): void {
    for (const [k] of this._ownModules()) removeMember(this, k);
  }

  /** Adds the entries of a Map, a plain object or an iterable of pairs. @example dict.update({ extra: new nn.ReLU() }) */
  update(modules: Map<string, Module> | Record<string, Module> | Iterable<[string, Module]>): this {
    let entries: [unknown, unknown][];
    if (modules instanceof Map) entries = [...modules.entries()];
    else if (isPlainObject(modules)) entries = Object.entries(modules);
    else if (modules !== null && typeof (modules as Iterable<[string, Module]>)[Symbol.iterator] === 'function') entries = [...(modules as Iterable<[string, Module]>)];
    else throw new TypeError(`ModuleDict.update(): expected a Map, a plain object or an iterable of [name, module] pairs (got ${describeValue(modules)})`);
    for (const [k, m] of entries) {
      if (typeof k !== 'string') throw new TypeError(`ModuleDict: keys must be strings (got ${describeValue(k)})`);
      this.set(k, m as Module);
    }
    return this;
  }

  /** The keys, in insertion order. @example dict.keys() */
  keys(): string[] { return this._ownModules().map(([k]) => k); }
  /** The modules, in insertion order. @example dict.values() */
  values(): Module[] { return this._ownModules().map(([, m]) => m); }
  /** [key, module] pairs, in insertion order. @example for (const [k, m] of dict.items()) ... */
  items(): [string, Module][] { return this._ownModules(); }
  /** Number of entries. @example dict.size */
  get size(): number { return this._ownModules().length; }
  /** Iterates the keys, as PyTorch's ModuleDict does. @example for (const k of dict) ... */
  *[Symbol.iterator](): IterableIterator<string> { yield* this.keys(); }
}

/** PyTorch's one-line description of a ParameterList/ParameterDict entry. */
function entryRepr(v: unknown, typeName: (t: Tensor) => string): string {
  if (v instanceof Tensor) {
    const size = v.shape.join('x');
    const device = v.device.startsWith('cuda') ? ` (${v.device})` : '';
    return `${v instanceof Parameter ? 'Parameter' : 'Tensor'} containing: [${typeName(v)} of size ${size}${device}]`;
  }
  return `Object of type: ${describeValue(v, 'python')}`;
}

/**
 * A list of parameters, registered as the module's (state dict keys `0`, `1`, ...) and indexable:
 * `list[i]` reads an entry, `list.at(-1)` counts from the end, `list.set(i, value)` replaces one
 * (Python's `list[i] = value`), `list.slice(start, end)` is Python's `list[start:end]`. Tensors
 * added are wrapped as Parameters, as PyTorch does; other values are kept as they are. The type
 * parameter (default nn.Parameter) is what entries read as.
 * @example
 * class Net extends nn.Module {
 *   params = new nn.ParameterList(Array.from({ length: 3 }, () => new nn.Parameter(torch.randn(4, 4))));
 *   forward(x: Tensor): Tensor { for (const p of this.params) x = x.matmul(p); return x; }
 * }
 */
export class ParameterList<T = Parameter> extends Module {
  readonly [index: number]: T;
  /** @internal the number of entries (Python's `_size`; a string-named property, so deepCopy copies it). */
  declare _size: number;

  constructor(values: Iterable<unknown> | { values?: Iterable<unknown> | null } | null = null) {
    super();
    Object.defineProperty(this, '_size', { value: 0, writable: true, enumerable: false, configurable: true });
    // Python's ParameterList(values=None): by keyword too.
    if (isPlainObject(values)) {
      for (const k of Object.keys(values)) if (k !== 'values') throw new TypeError(`ParameterList(): unknown option '${k}' (expected one of values)`);
      values = (values as { values?: Iterable<unknown> | null }).values ?? null;
    }
    if (values !== null) this.extend(values as Iterable<unknown>);
  }

  private _absIndex(where: string, idx: number): number {
    if (typeof idx !== 'number' || !Number.isInteger(idx)) throw new TypeError(`${where}: index must be an integer (got ${describeValue(idx)})`);
    const n = this._size;
    if (!(idx >= -n && idx < n)) throw new RangeError(`index ${idx} is out of range`);
    return idx < 0 ? idx + n : idx;
  }

  /** Number of entries. @example list.length */
  override get length(): number {
    return this._size;
  }

  /** The i-th entry (negative counts from the end). @example list.at(-1) */
  at(index: number): T {
    return (this as unknown as Record<string, T>)[String(this._absIndex('ParameterList.at()', index))]!;
  }

  /** Replaces the i-th entry (a Tensor becomes a Parameter); Python's `list[i] = value`. @example list.set(0, torch.zeros(3)) */
  set(index: number, value: unknown): this {
    const name = String(this._absIndex('ParameterList.set()', index));
    if (value instanceof Tensor && !(value instanceof Parameter)) value = new Parameter(value);
    if (value instanceof Parameter) {
      if (!((this as unknown as Record<string, unknown>)[name] instanceof Parameter)) removeMember(this, name);
      this.registerParameter(name, value);
    } else {
      removeMember(this, name);
      Object.defineProperty(this, name, { value, writable: true, enumerable: true, configurable: true });
    }
    return this;
  }

  /** Adds an entry at the end; returns this. @example list.append(new nn.Parameter(torch.randn(3))) */
  append(value: unknown): this {
    const i = this._size;
    this._size = i + 1;
    return this.set(i, value);
  }

  /** Appends every value of an iterable (not a Tensor); returns this. Python's `list += values` too. @example list.extend([p1, p2]) */
  extend(values: Iterable<unknown>): this {
    if (values === null || typeof values !== 'object' || values instanceof Tensor || typeof (values as Iterable<unknown>)[Symbol.iterator] !== 'function') {
      throw new TypeError(`ParameterList.extend should be called with an iterable, but got ${describeValue(values, 'python')}`);
    }
    for (const v of values) this.append(v);
    return this;
  }

  /** A new ParameterList of the entries in [start, end) (Python's `list[start:end]`). @example list.slice(1) */
  slice(start?: number, end?: number): ParameterList<T> {
    const out = new (this.constructor as new () => ParameterList<T>)();
    for (const v of [...this].slice(start, end)) out.append(v);
    return out;
  }

  /** The entries, in order. @example for (const p of list) ... */
  *[Symbol.iterator](): IterableIterator<T> {
    for (let i = 0; i < this._size; i++) yield (this as unknown as Record<string, T>)[String(i)]!;
  }

  forward(): never {
    throw new Error('ParameterList should not be called.');
  }

  override extraRepr(): string {
    return [...this].map((p, k) => `  (${k}): ${entryRepr(p, (t) => `torch.${t.dtype}`)}`).join('\n');
  }
}

/** What ParameterDict accepts: a Map or ParameterDict (kept in order), a plain object (sorted by key, as Python sorts a dict), or [key, value] pairs. */
export type ParameterDictInit = Map<string, unknown> | ParameterDict<unknown> | Record<string, unknown> | Iterable<readonly [string, unknown]>;

/**
 * A dictionary of parameters, registered as the module's under their keys (the state dict keys).
 * Python's `d[key]` is `d.get(key)`, `d[key] = value` is `d.set(key, value)`, `del d[key]` is
 * `d.delete(key)`, `key in d` is `d.has(key)`, `len(d)` is `d.size`, `d | other` is `d.or(other)`;
 * iteration gives the keys, as Python's. `new nn.ParameterDict(init)` takes Python's `parameters`
 * positionally only (a plain object is the mapping itself). Tensors added are wrapped as Parameters; other values
 * are kept as they are (the type parameter, default nn.Parameter, is what entries read as). As in PyTorch, `update` keeps the order of a Map (Python's OrderedDict)
 * or ParameterDict and sorts the keys of a plain object (Python's dict).
 * @example
 * const params = new nn.ParameterDict({ left: new nn.Parameter(torch.randn(5, 10)), right: new nn.Parameter(torch.randn(5, 10)) });
 * x.matmul(params.get('left') as nn.Parameter);
 */
export class ParameterDict<T = Parameter> extends Module {
  /** @internal the keys in order (Python's `_keys`; a string-named array, so deepCopy copies it). */
  declare _keys: string[];

  constructor(parameters: ParameterDictInit | null = null) {
    super();
    Object.defineProperty(this, '_keys', { value: [], writable: true, enumerable: false, configurable: true });
    if (parameters !== null) this.update(parameters as ParameterDictInit);
  }

  private static _checkKey(key: unknown): string {
    if (typeof key !== 'string') {
      throw new TypeError(`Index given to ParameterDict cannot be used as a key as it is not a string (type is '${describeValue(key, 'python')}'). Open an issue on github if you need non-string keys.`);
    }
    return key;
  }

  /**
   * The entry under `key` (Python's `d[key]`), or `defaultValue` if there is none (Python's
   * `d.get(key, default)`; undefined by default, as Map and ModuleDict give).
   * @example d.get('left')
   */
  get(key: string): T | undefined;
  get<D>(key: string, defaultValue: D): T | D;
  get(key: string, defaultValue?: unknown): unknown {
    ParameterDict._checkKey(key);
    return this._keys.includes(key) ? (this as unknown as Record<string, unknown>)[key] : defaultValue;
  }

  /** Adds or replaces the entry under `key` (a Tensor becomes a Parameter); returns this. @example d.set('w', torch.zeros(3)) */
  set(key: string, value: unknown): this {
    ParameterDict._checkKey(key);
    if (value instanceof Tensor && !(value instanceof Parameter)) value = new Parameter(value);
    if (value instanceof Parameter) {
      if (this._keys.includes(key) && !((this as unknown as Record<string, unknown>)[key] instanceof Parameter)) removeMember(this, key);
      this.registerParameter(key, value);
    } else {
      if (this._keys.includes(key)) removeMember(this, key);
      else if (key in this) throw new Error(`attribute '${key}' already exists`);
      Object.defineProperty(this, key, { value, writable: true, enumerable: true, configurable: true });
    }
    if (!this._keys.includes(key)) this._keys.push(key);
    return this;
  }

  /** Removes the entry under `key`; returns whether it was there (Python's `del d[key]`). @example d.delete('w') */
  delete(key: string): boolean {
    ParameterDict._checkKey(key);
    const i = this._keys.indexOf(key);
    if (i < 0) return false;
    this._keys.splice(i, 1);
    removeMember(this, key);
    return true;
  }

  /** True if `key` is present (Python's `key in d`). @example d.has('w') */
  has(key: string): boolean {
    return this._keys.includes(key);
  }

  /** Number of entries (Python's `len(d)`). @example d.size */
  get size(): number {
    return this._keys.length;
  }

  /** Removes the entry under `key` and returns it (an error if there is none, as Python's KeyError). @example d.pop('w') */
  pop(key: string): T {
    if (!this.has(ParameterDict._checkKey(key))) throw new RangeError(`ParameterDict.pop(): no key '${key}'`);
    const v = this.get(key) as T;
    this.delete(key);
    return v;
  }

  /** Removes and returns the last [key, value] pair inserted. @example const [k, v] = d.popitem(); */
  popitem(): [string, T] {
    const keys = [...this._keys];
    if (keys.length === 0) throw new RangeError('popitem(): dictionary is empty');
    const k = keys[keys.length - 1]!;
    return [k, this.pop(k)];
  }

  /** The entry under `key`, first setting it to `defaultValue` if absent. @example d.setdefault('w', torch.zeros(3)) */
  setdefault(key: string, defaultValue: unknown = null): T {
    if (!this.has(key)) this.set(key, defaultValue);
    return this.get(key) as T;
  }

  /** Removes every entry. @example d.clear() */
  clear(): void {
    for (const k of [...this._keys]) this.delete(k);
  }

  /** A new ParameterDict with the same entries (the same Parameters). @example const c = d.copy(); */
  copy(): ParameterDict<T> {
    return new ParameterDict<T>(new Map(this.items()));
  }

  /** A new ParameterDict with `keys` all set to `defaultValue`. @example d.fromkeys(['a', 'b'], torch.zeros(2)) */
  fromkeys(keys: Iterable<string>, defaultValue: unknown = null): ParameterDict {
    return new ParameterDict([...keys].map((k) => [k, defaultValue] as const));
  }

  /** The keys, in order. @example d.keys() */
  keys(): string[] { return [...this._keys]; }
  /** The values, in order. @example d.values() */
  values(): T[] { return this.keys().map((k) => this.get(k) as T); }
  /** [key, value] pairs, in order. @example for (const [k, p] of d.items()) ... */
  items(): [string, T][] { return this.keys().map((k) => [k, this.get(k) as T]); }

  /** Adds the entries of a Map or ParameterDict (in order), a plain object (sorted by key, as Python sorts a dict) or [key, value] pairs. @example d.update({ c: torch.ones(1) }) */
  update(parameters: ParameterDictInit): this {
    if (parameters instanceof ParameterDict || parameters instanceof Map) {
      for (const [k, v] of parameters instanceof Map ? parameters.entries() : (parameters as ParameterDict<unknown>).items()) this.set(k as string, v);
    } else if (isPlainObject(parameters)) {
      for (const k of Object.keys(parameters).sort()) this.set(k, parameters[k]);
    } else if (parameters !== null && typeof parameters === 'object' && typeof (parameters as Iterable<unknown>)[Symbol.iterator] === 'function') {
      let j = 0;
      for (const p of parameters as Iterable<unknown>) {
        if (p === null || typeof p !== 'object' || typeof (p as Iterable<unknown>)[Symbol.iterator] !== 'function') {
          throw new TypeError(`ParameterDict update sequence element #${j} should be Iterable; is${describeValue(p, 'python')}`);
        }
        const pair = [...(p as Iterable<unknown>)];
        if (pair.length !== 2) throw new RangeError(`ParameterDict update sequence element #${j} has length ${pair.length}; 2 is required`);
        this.set(pair[0] as string, pair[1]);
        j++;
      }
    } else {
      throw new TypeError(`ParametersDict.update should be called with an iterable of key/value pairs, but got ${describeValue(parameters, 'python')}`);
    }
    return this;
  }

  /** A copy of this dict updated with `other` (Python's `d | other`). @example const both = a.or(b); */
  or<U>(other: ParameterDict<U>): ParameterDict<T | U> {
    return (this.copy() as ParameterDict<T | U>).update(other);
  }

  /** Iterates the keys, as Python's. @example for (const k of d) ... */
  *[Symbol.iterator](): IterableIterator<string> {
    yield* this.keys();
  }

  forward(): never {
    throw new Error('ParameterDict should not be called.');
  }

  override extraRepr(): string {
    return this.items().map(([k, p]) => `  (${k}): ${entryRepr(p, (t) => t.type())}`).join('\n');
  }
}

let containerWarned = false;

/**
 * PyTorch's deprecated nn.Container: a Module whose constructor registers the modules it is given
 * by name (Python's keyword arguments, here an object of names to modules). Constructing one
 * warns (FutureWarning) once, as PyTorch does; subclass nn.Module instead.
 * @example const c = new nn.Container({ fc: new nn.Linear(2, 3) }); // warns
 */
export class Container extends Module {
  constructor(modules: Record<string, Module | null> = {}) {
    super();
    if (!containerWarned) {
      containerWarned = true;
      process.emitWarning('`nn.Container` is deprecated. All of its functionality is now implemented in `nn.Module`. Subclass that instead.', 'FutureWarning');
    }
    if (!isPlainObject(modules)) throw new TypeError(`Container(): expected an object of names to modules (got ${describeValue(modules)})`);
    for (const [k, m] of Object.entries(modules)) {
      if (m !== null) checkModule('Container()', m, `module '${k}'`);
      this.addModule(k, m);
    }
  }
}
