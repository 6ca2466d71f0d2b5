// Sequential, ModuleList and ModuleDict, as torch/nn/modules/container.py.
import type { Tensor } from '../../tensor.js';
import { isPlainObject, describeValue } from '../../validate.js';
import { Module, addIndent, removeMember } from './module.js';

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
 * A list of submodules, registered (their parameters are the list's) and indexable.
 * @example
 * class Net extends nn.Module {
 *   layers = new nn.ModuleList(Array.from({ length: 3 }, () => new nn.Linear(8, 8)));
 *   forward(x: Tensor): Tensor { for (const l of this.layers) x = l(x) as Tensor; return x; }
 * }
 */
export class ModuleList extends Module {
  readonly [index: number]: Module;

  constructor(modules: Iterable<Module> = []) {
    super();
    if (modules === null || typeof (modules as Iterable<Module>)[Symbol.iterator] !== 'function') {
      throw new TypeError(`ModuleList(): modules must be an iterable of modules (got ${describeValue(modules)})`);
    }
    for (const m of modules) this.append(m);
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
