// nn.Module: the base class of every layer and model, a port of torch/nn/modules/module.py.
//
// Instances are callable: the constructor returns a function object `f` whose prototype is the
// subclass's prototype, so `model(x)` runs forward through the hooks (PyTorch's __call__) and
// `class M extends nn.Module { fc1 = new nn.Linear(2, 3) }` puts its fields on `f`.
//
// Registration without a Proxy: parameters, submodules and arrays of either are found among
// the module's own enumerable properties, in insertion order (PyTorch's registration order), and
// remembered in a per-module list the first time they are seen; registerParameter/registerBuffer/
// registerModule add names explicitly. A property's current value decides what it is, so
// reassigning `this.bias = null` or a new Parameter behaves as in PyTorch.
import { inspect } from 'node:util';
import { Tensor } from '../../tensor.js';
import { isFloatingDType, normalizeDType, type DType, type Device } from '../../dtype.js';
import { isPlainObject, describeValue } from '../../validate.js';
import { noGrad } from '../../autograd/grad_mode.js';
import { Parameter } from '../parameter.js';
import { pySize } from '../_utils.js';
import { RemovableHandle } from '../../utils/hooks.js';
import { escapeScopes } from '../../scope.js';

const STATE = Symbol('torch-node.nn.Module');

/** A forward pre-hook: sees the positional inputs; may return replacements (an array, or one value). */
export type ForwardPreHook<M extends Module = Module> = (module: M, args: unknown[]) => unknown;
/** A forward hook: sees the inputs and the output; may return a replacement output. */
export type ForwardHook<M extends Module = Module> = (module: M, args: unknown[], output: unknown) => unknown;

interface ModuleState {
  training: boolean;
  /** Registered names, in registration order (parameters, buffers and modules together). */
  order: string[];
  known: Set<string>;
  buffers: Set<string>;
  nonPersistent: Set<string>;
  preHooks: Map<number, ForwardPreHook>;
  hooks: Map<number, ForwardHook>;
}

/** The result of `loadStateDict`: keys the model expected but did not get, and the reverse. */
export interface IncompatibleKeys {
  missingKeys: string[];
  unexpectedKeys: string[];
}

/** Options of `loadStateDict`. */
export interface LoadStateDictOptions {
  /** Require the keys to match exactly (default true). */
  strict?: boolean;
}

/** Options of `namedParameters`, `namedBuffers`, `parameters` and `buffers`. */
export interface NamedMembersOptions {
  /** Prepended to every name. */
  prefix?: string;
  /** Include submodules' members (default true). */
  recurse?: boolean;
  /** List a member shared by several modules once (default true). */
  removeDuplicate?: boolean;
}

/** Options of `namedModules`. */
export interface NamedModulesOptions {
  prefix?: string;
  removeDuplicate?: boolean;
}

/** A state dict: PyTorch's key names (`fc1.weight`, `bn.running_mean`) to tensors, in order. */
export type StateDict = Record<string, Tensor>;

/** The `forward` of a module type, or (for the bare base type) any call. */
// The `any` here is the escape hatch that lets every typed subclass (whatever its forward takes)
// be used where a plain `nn.Module` is expected, as in `trainModel(model: nn.Module)`.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ForwardOf<T> = T extends { forward(...args: infer A): infer R } ? (...args: A) => R : (...args: any[]) => any;

/**
 * Calling a module runs its forward through the hooks: `model(x)` is `model.forward(x)` plus the
 * registered forward pre-hooks and hooks, like PyTorch's `__call__`. The call is typed as the
 * class's `forward`; through the bare `nn.Module` type (and inside generic functions, via
 * `(m as nn.Module)(x)`) it accepts any arguments.
 */
export interface Module {
  (...args: Parameters<ForwardOf<this>>): ReturnType<ForwardOf<this>>;
}

type ModuleFunction = Module & { [STATE]: ModuleState };

function stateOf(m: Module): ModuleState {
  return (m as ModuleFunction)[STATE];
}

function callModule(module: Module, args: unknown[]): unknown {
  const forward = (module as unknown as { forward?: (...a: unknown[]) => unknown }).forward;
  if (typeof forward !== 'function') {
    throw new Error(`Module [${module.constructor.name}] is missing the required "forward" function`);
  }
  const st = (module as ModuleFunction)[STATE];
  if (st.preHooks.size === 0 && st.hooks.size === 0) return Reflect.apply(forward, module, args);
  for (const hook of [...st.preHooks.values()]) {
    const r = hook(module, args);
    if (r !== undefined) args = Array.isArray(r) ? r : [r];
  }
  let out = Reflect.apply(forward, module, args);
  for (const hook of [...st.hooks.values()]) {
    const r = hook(module, args, out);
    if (r !== undefined) out = r;
  }
  return out;
}

function isModuleArray(v: unknown): v is Module[] {
  return Array.isArray(v) && v.length > 0 && v.every((e) => e instanceof Module);
}

function isParameterArray(v: unknown): v is Parameter[] {
  return Array.isArray(v) && v.length > 0 && v.every((e) => e instanceof Parameter);
}

/** PyTorch's _addindent. */
function addIndent(s: string, spaces: number): string {
  const lines = s.split('\n');
  if (lines.length === 1) return s;
  const first = lines.shift()!;
  return first + '\n' + lines.map((l) => ' '.repeat(spaces) + l).join('\n');
}

function checkName(kind: string, name: unknown): asserts name is string {
  if (typeof name !== 'string') throw new TypeError(`${kind} name should be a string. Got ${describeValue(name)}`);
  if (name.includes('.')) throw new Error(`${kind} name can't contain "."`);
  if (name === '') throw new Error(`${kind} name can't be empty string ""`);
}

/**
 * Base class for all neural network modules, as `torch.nn.Module`. Subclasses define
 * `forward(...)` and assign parameters and submodules to properties (class fields included);
 * instances are callable.
 *
 * Registration follows the order in which the properties were created (class fields in
 * declaration order, then constructor assignments), which is PyTorch's order whenever fields
 * are declared in the order they are assigned. Instances are functions, so a field named
 * `name` or `length` needs the `override` keyword.
 * @example
 * class Net extends nn.Module {
 *   fc1 = new nn.Linear(784, 256);
 *   fc2 = new nn.Linear(256, 10);
 *   forward(x: Tensor): Tensor { return this.fc2(F.relu(this.fc1(x))); }
 * }
 * const net = new Net();
 * const y = net(torch.randn(64, 784));
 * net.namedParameters().map(([name]) => name); // ['fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias']
 */
export class Module {
  constructor() {
    const f = ((...args: unknown[]) => callModule(f, args)) as unknown as ModuleFunction;
    delete (f as { name?: unknown }).name;
    delete (f as { length?: unknown }).length;
    Object.setPrototypeOf(f, new.target.prototype);
    Object.defineProperty(f, STATE, {
      value: {
        training: true, order: [], known: new Set(), buffers: new Set(), nonPersistent: new Set(),
        preHooks: new Map(), hooks: new Map(),
      } satisfies ModuleState,
      enumerable: false, writable: false, configurable: false,
    });
    return f;
  }

  // ---- registration --------------------------------------------------------------------------

  /** @internal own parameters, in order (PyTorch's `_parameters.items()` without None). */
  _ownParameters(): [string, Parameter][] { return members(this).params; }
  /** @internal own buffers, in order (`_buffers.items()` without None). */
  _ownBuffers(): [string, Tensor][] { return members(this).buffers; }
  /** @internal direct submodules, in order, duplicates kept (`_modules.items()`). */
  _ownModules(): [string, Module][] { return members(this).modules; }

  /**
   * Adds a parameter (or null, keeping the slot) under `name`; the same as assigning a
   * Parameter to the property, for names chosen at run time.
   * @example this.registerParameter('bias', null);
   */
  registerParameter(name: string, param: Parameter | null): void {
    checkName('parameter', name);
    if (param !== null && !(param instanceof Parameter)) {
      throw new TypeError(`cannot assign '${describeValue(param)}' object to parameter '${name}' (torch.nn.Parameter or None required)`);
    }
    const st = checkNew(this, name);
    st.buffers.delete(name);
    define(this, st, name, param);
  }

  /**
   * Adds a buffer: a tensor that is module state but not a parameter (BatchNorm's running
   * statistics). Persistent buffers (the default) are part of `stateDict()`.
   * @example this.registerBuffer('running_mean', torch.zeros(10));
   */
  registerBuffer(name: string, tensor: Tensor | null, options: { persistent?: boolean } = {}): void {
    checkName('buffer', name);
    if (tensor !== null && !(tensor instanceof Tensor)) {
      throw new TypeError(`cannot assign '${describeValue(tensor)}' object to buffer '${name}' (torch Tensor or None required)`);
    }
    const persistent = options.persistent ?? true;
    if (typeof persistent !== 'boolean') throw new TypeError(`registerBuffer(): persistent must be a boolean (got ${describeValue(persistent)})`);
    const st = checkNew(this, name);
    if (tensor !== null) escapeScopes(tensor);
    st.buffers.add(name);
    if (persistent) st.nonPersistent.delete(name);
    else st.nonPersistent.add(name);
    define(this, st, name, tensor);
  }

  /**
   * Adds a submodule (or null) under `name`, for names chosen at run time.
   * @example this.registerModule('act', new nn.ReLU());
   */
  registerModule(name: string, module: Module | null): void {
    checkName('module', name);
    if (module !== null && !(module instanceof Module)) throw new TypeError(`${describeValue(module)} is not a Module subclass`);
    const st = checkNew(this, name);
    st.buffers.delete(name);
    define(this, st, name, module);
  }

  /** Alias of registerModule. @example this.addModule('fc', new nn.Linear(2, 2)); */
  addModule(name: string, module: Module | null): void {
    this.registerModule(name, module);
  }

  /**
   * The submodule at a dotted path (`'encoder.layers.0'`); '' is this module.
   * @example model.getSubmodule('fc1')
   */
  getSubmodule(target: string): Module {
    if (target === '') return this;
    let mod: Module = this;
    for (const item of target.split('.')) {
      const child = mod._ownModules().find(([n]) => n === item)?.[1]
        ?? ((mod as unknown as Record<string, unknown>)[item] instanceof Module ? (mod as unknown as Record<string, Module>)[item] : undefined);
      if (child === undefined) throw new Error(`${mod.constructor.name} has no attribute \`${item}\``);
      mod = child;
    }
    return mod;
  }

  /**
   * The parameter at a dotted path, e.g. `'fc1.weight'`.
   * @example model.getParameter('fc1.bias')
   */
  getParameter(target: string): Parameter {
    const dot = target.lastIndexOf('.');
    const mod = this.getSubmodule(dot < 0 ? '' : target.slice(0, dot));
    const name = target.slice(dot + 1);
    const p = (mod as unknown as Record<string, unknown>)[name];
    if (p === undefined) throw new Error(`${mod._getName()} has no attribute \`${name}\``);
    if (!(p instanceof Parameter)) throw new Error(`\`${name}\` is not an nn.Parameter`);
    return p;
  }

  /**
   * The buffer at a dotted path, e.g. `'bn2.running_mean'`.
   * @example model.getBuffer('bn2.running_mean')
   */
  getBuffer(target: string): Tensor {
    const dot = target.lastIndexOf('.');
    const mod = this.getSubmodule(dot < 0 ? '' : target.slice(0, dot));
    const name = target.slice(dot + 1);
    const found = mod._ownBuffers().find(([n]) => n === name);
    if (found === undefined) {
      if ((mod as unknown as Record<string, unknown>)[name] === undefined) throw new Error(`${mod._getName()} has no attribute \`${name}\``);
      throw new Error(`\`${name}\` is not a buffer`);
    }
    return found[1];
  }

  // ---- iteration -----------------------------------------------------------------------------

  /**
   * Every module of the tree with its dotted name, this one first ('' by default), depth first;
   * a module reachable twice is listed once unless `removeDuplicate` is false.
   * @example model.namedModules().map(([name, m]) => `${name}: ${m.constructor.name}`)
   */
  namedModules(options: NamedModulesOptions | string = {}): [string, Module][] {
    const o = typeof options === 'string' ? { prefix: options } : options;
    const out: [string, Module][] = [];
    const memo = new Set<Module>();
    const removeDuplicate = o.removeDuplicate ?? true;
    const visit = (m: Module, prefix: string) => {
      if (memo.has(m)) return;
      if (removeDuplicate) memo.add(m);
      out.push([prefix, m]);
      for (const [name, child] of m._ownModules()) visit(child, prefix + (prefix ? '.' : '') + name);
    };
    visit(this, o.prefix ?? '');
    return out;
  }

  /** Every module of the tree, this one first. @example model.modules().length */
  modules(): Module[] {
    return this.namedModules().map(([, m]) => m);
  }

  /** Direct submodules with their names (each module once). @example model.namedChildren() */
  namedChildren(): [string, Module][] {
    const memo = new Set<Module>();
    const out: [string, Module][] = [];
    for (const [name, m] of this._ownModules()) {
      if (memo.has(m)) continue;
      memo.add(m);
      out.push([name, m]);
    }
    return out;
  }

  /** Direct submodules. @example for (const child of model.children()) console.log(String(child)); */
  children(): Module[] {
    return this.namedChildren().map(([, m]) => m);
  }

  /**
   * Parameters with dotted names, in registration order, submodules after their parent's own.
   * @example model.namedParameters() // [['fc1.weight', Parameter], ['fc1.bias', Parameter], ...]
   */
  namedParameters(options?: NamedMembersOptions | string): [string, Parameter][] {
    return namedMembers(this, (m) => m._ownParameters(), options);
  }

  /**
   * The parameters (what an optimizer takes).
   * @example const opt = new optim.Adam(model.parameters(), { lr: 0.003 });
   */
  parameters(recurse: boolean | { recurse?: boolean } = true): Parameter[] {
    return namedMembers(this, (m) => m._ownParameters(), typeof recurse === 'boolean' ? recurse : { recurse: recurse.recurse }).map(([, p]) => p);
  }

  /** Buffers with dotted names. @example bn.namedBuffers().map(([n]) => n) // ['running_mean', 'running_var', 'num_batches_tracked'] */
  namedBuffers(options?: NamedMembersOptions | string): [string, Tensor][] {
    return namedMembers(this, (m) => m._ownBuffers(), options);
  }

  /** The buffers. @example model.buffers() */
  buffers(recurse: boolean | { recurse?: boolean } = true): Tensor[] {
    return namedMembers(this, (m) => m._ownBuffers(), typeof recurse === 'boolean' ? recurse : { recurse: recurse.recurse }).map(([, b]) => b);
  }

  // ---- modes ---------------------------------------------------------------------------------

  /** True in training mode (the default), false after eval(). @example model.training */
  get training(): boolean {
    return stateOf(this).training;
  }
  set training(mode: boolean) {
    if (typeof mode !== 'boolean') throw new TypeError(`training must be a boolean (got ${describeValue(mode)})`);
    stateOf(this).training = mode;
  }

  /**
   * Sets training mode on this module and every submodule; returns this.
   * @example model.train(); model.train(false);
   */
  train(mode: boolean = true): this {
    if (typeof mode !== 'boolean') throw new TypeError(`train(mode): mode must be a boolean (got ${describeValue(mode)})`);
    stateOf(this).training = mode;
    for (const child of this.children()) child.train(mode);
    return this;
  }

  /** Evaluation mode (Dropout off, BatchNorm uses running stats): `train(false)`. @example model.eval() */
  eval(): this {
    return this.train(false);
  }

  /**
   * Sets requiresGrad on every parameter; returns this.
   * @example model.requiresGrad_(false); // freeze
   */
  requiresGrad_(requiresGrad: boolean = true): this {
    if (typeof requiresGrad !== 'boolean') throw new TypeError(`requiresGrad_(requiresGrad): requiresGrad must be a boolean (got ${describeValue(requiresGrad)})`);
    for (const p of this.parameters()) p.requiresGrad_(requiresGrad);
    return this;
  }

  /**
   * Clears the parameters' gradients: sets them to null (the default, as PyTorch 2.x) or zeroes them.
   * @example model.zeroGrad(); model.zeroGrad({ setToNone: false });
   */
  zeroGrad(options: { setToNone?: boolean } | boolean = {}): void {
    const setToNone = typeof options === 'boolean' ? options : (options.setToNone ?? true);
    if (typeof setToNone !== 'boolean') throw new TypeError(`zeroGrad(): setToNone must be a boolean (got ${describeValue(setToNone)})`);
    for (const p of this.parameters()) {
      if (setToNone) { p.grad = null; continue; }
      const g = p.grad;
      if (g === null) continue;
      if (g.gradFn !== null) { const d = g.detach(); p.grad = d; d.zero_(); }
      else { g.requiresGrad_(false); g.zero_(); }
    }
  }

  /**
   * Calls fn on every submodule (children first) and then on this module; returns this.
   * @example model.apply((m) => { if (m instanceof nn.Linear) nn.init.zeros_(m.bias!); });
   */
  apply(fn: (module: Module) => void): this {
    if (typeof fn !== 'function') throw new TypeError(`apply(fn): fn must be a function (got ${describeValue(fn)})`);
    for (const child of this.children()) child.apply(fn);
    fn(this);
    return this;
  }

  /**
   * Applies fn to every parameter, gradient and buffer, in place for parameters (their identity
   * is kept, so optimizers holding them stay valid; PyTorch's `param.data = fn(param)`).
   * @internal
   */
  _apply(fn: (t: Tensor) => Tensor): this {
    for (const child of this.children()) child._apply(fn);
    noGrad(() => {
      for (const [, p] of this._ownParameters()) {
        const applied = fn(p);
        if (applied !== p) p.data = applied;
        const g = p.grad;
        if (g !== null) {
          const ga = fn(g);
          if (ga !== g) g.data = ga;
        }
      }
      for (const [name, b] of this._ownBuffers()) {
        const applied = escapeScopes(fn(b));
        if (applied !== b) this._replaceBuffer(name, applied);
      }
    });
    return this;
  }

  /** @internal How _apply stores a buffer's new tensor (a ScriptModule writes its TorchScript slot). */
  protected _replaceBuffer(name: string, tensor: Tensor): void {
    (this as unknown as Record<string, Tensor>)[name] = tensor;
  }

  /**
   * Moves and/or casts parameters and buffers in place; returns this. A dtype casts only
   * floating-point tensors, as in PyTorch.
   * @example model.to('cuda'); model.to('float64'); model.to({ device: 'cpu', dtype: 'float32' });
   */
  to(target: Device | DType | Tensor | { device?: Device; dtype?: DType }): this {
    let device: Device | undefined;
    let dtype: DType | undefined;
    if (target instanceof Tensor) { device = target.device; dtype = target.dtype; }
    else if (typeof target === 'string') {
      let isDType = true;
      try { dtype = normalizeDType(target); } catch { isDType = false; }
      if (!isDType) device = target;
    } else if (isPlainObject(target)) {
      device = target.device;
      dtype = target.dtype === undefined ? undefined : normalizeDType(target.dtype, 'to(): dtype');
      for (const k of Object.keys(target)) {
        if (k !== 'device' && k !== 'dtype') throw new TypeError(`to(): unknown option '${k}' (expected device, dtype)`);
      }
    } else {
      throw new TypeError(`to(): expected a device, a dtype, a Tensor or { device, dtype } (got ${describeValue(target)})`);
    }
    if (dtype !== undefined && !isFloatingDType(dtype) && !dtype.startsWith('complex')) {
      throw new TypeError(`nn.Module.to only accepts floating point or complex dtypes, but got desired dtype=${dtype}`);
    }
    return this._apply((t) => {
      const floating = isFloatingDType(t.dtype) || t.dtype.startsWith('complex');
      return t.to({ device, dtype: floating ? dtype : undefined });
    });
  }

  /** Moves everything to the CPU. @example model.cpu() */
  cpu(): this { return this.to('cpu'); }
  /** Moves everything to a CUDA device. @example model.cuda() */
  cuda(device?: number): this { return this.to(device === undefined ? 'cuda' : `cuda:${device}`); }
  /** Casts floating-point parameters and buffers to float32. @example model.float() */
  float(): this { return this.to('float32'); }
  /** Casts floating-point parameters and buffers to float64. @example model.double() */
  double(): this { return this.to('float64'); }
  /** Casts floating-point parameters and buffers to float16. @example model.half() */
  half(): this { return this.to('float16'); }

  // ---- state dict ----------------------------------------------------------------------------

  /**
   * The module's state: parameters and persistent buffers under PyTorch's dotted names, detached
   * (they share memory with the module).
   * @example Object.keys(model.stateDict()) // ['fc1.weight', 'fc1.bias', 'bn.running_mean', ...]
   */
  stateDict(options: { prefix?: string; keepVars?: boolean } = {}): StateDict {
    const out: StateDict = {};
    const keepVars = options.keepVars ?? false;
    const visit = (m: Module, prefix: string) => {
      const st = stateOf(m);
      for (const [name, p] of m._ownParameters()) out[prefix + name] = keepVars ? p : p.detach();
      for (const [name, b] of m._ownBuffers()) {
        if (!st.nonPersistent.has(name)) out[prefix + name] = keepVars ? b : b.detach();
      }
      for (const [name, child] of m._ownModules()) visit(child, prefix + name + '.');
    };
    visit(this, options.prefix ?? '');
    return out;
  }

  /**
   * Hook for subclasses (BatchNorm fills in a missing num_batches_tracked), PyTorch's
   * `_load_from_state_dict`: copies this module's own entries from `stateDict`.
   * @internal
   */
  _loadFromStateDict(stateDict: Map<string, unknown>, prefix: string, strict: boolean,
    missingKeys: string[], unexpectedKeys: string[], errorMsgs: string[]): void {
    const st = stateOf(this);
    const local = new Map<string, Tensor>();
    for (const [name, p] of this._ownParameters()) local.set(name, p);
    for (const [name, b] of this._ownBuffers()) if (!st.nonPersistent.has(name)) local.set(name, b);
    for (const [name, param] of local) {
      const key = prefix + name;
      if (!stateDict.has(key)) {
        if (strict) missingKeys.push(key);
        continue;
      }
      let input = stateDict.get(key);
      if (!(input instanceof Tensor)) {
        errorMsgs.push(`While copying the parameter named "${key}", expected torch.Tensor or Tensor-like object from checkpoint but received ${describeValue(input)}`);
        continue;
      }
      const pShape = param.shape;
      if (pShape.length === 0 && input.shape.length === 1) input = input.select(0, 0) as Tensor;
      const iShape = (input as Tensor).shape;
      if (iShape.length !== pShape.length || iShape.some((s, i) => s !== pShape[i])) {
        errorMsgs.push(`size mismatch for ${key}: copying a param with shape ${pySize(iShape)} from checkpoint, the shape in current model is ${pySize(pShape)}.`);
        continue;
      }
      try {
        const src = input as Tensor;
        noGrad(() => param.copy_(src));
      } catch (e) {
        errorMsgs.push(`While copying the parameter named "${key}", whose dimensions in the model are ${pySize(pShape)} and whose dimensions in the checkpoint are ${pySize(iShape)}, an exception occurred : ${(e as Error).message}.`);
      }
    }
    if (strict) {
      const children = new Set(this._ownModules().map(([n]) => n.split('.')[0]!));
      for (const key of stateDict.keys()) {
        if (!key.startsWith(prefix)) continue;
        const rest = key.slice(prefix.length);
        if (local.has(rest)) continue;
        const dot = rest.indexOf('.');
        if (dot >= 0) {
          if (!children.has(rest.slice(0, dot))) unexpectedKeys.push(key);
        } else if (!local.has(rest)) {
          unexpectedKeys.push(key);
        }
      }
    }
  }

  /**
   * Copies parameters and buffers from a state dict (an object or Map from `stateDict()`, or a
   * converted PyTorch checkpoint). With `strict` (the default) missing or unexpected keys are an
   * error with PyTorch's message: `Error(s) in loading state_dict for Net:\n\tMissing key(s) in
   * state_dict: "fc.bias". `.
   * @example model.loadStateDict(saved); model.loadStateDict(partial, { strict: false });
   */
  loadStateDict(stateDict: StateDict | Map<string, Tensor>, options: LoadStateDictOptions | boolean = {}): IncompatibleKeys {
    const strict = typeof options === 'boolean' ? options : (options.strict ?? true);
    if (typeof strict !== 'boolean') throw new TypeError(`loadStateDict(): strict must be a boolean (got ${describeValue(strict)})`);
    let sd: Map<string, unknown>;
    if (stateDict instanceof Map) sd = new Map(stateDict);
    else if (stateDict !== null && typeof stateDict === 'object' && !(stateDict instanceof Tensor)) sd = new Map(Object.entries(stateDict));
    else throw new TypeError(`Expected state_dict to be dict-like, got ${describeValue(stateDict)}.`);
    const missingKeys: string[] = [];
    const unexpectedKeys: string[] = [];
    const errorMsgs: string[] = [];
    const load = (m: Module, local: Map<string, unknown>, prefix: string) => {
      m._loadFromStateDict(local, prefix, true, missingKeys, unexpectedKeys, errorMsgs);
      for (const [name, child] of m._ownModules()) {
        const childPrefix = prefix + name + '.';
        const childSd = new Map<string, unknown>();
        for (const [k, v] of local) if (k.startsWith(childPrefix)) childSd.set(k, v);
        load(child, childSd, childPrefix);
      }
    };
    load(this, sd, '');
    if (strict) {
      if (unexpectedKeys.length > 0) errorMsgs.unshift(`Unexpected key(s) in state_dict: ${unexpectedKeys.map((k) => `"${k}"`).join(', ')}. `);
      if (missingKeys.length > 0) errorMsgs.unshift(`Missing key(s) in state_dict: ${missingKeys.map((k) => `"${k}"`).join(', ')}. `);
    }
    if (errorMsgs.length > 0) {
      throw new Error(`Error(s) in loading state_dict for ${this.constructor.name}:\n\t${errorMsgs.join('\n\t')}`);
    }
    return { missingKeys, unexpectedKeys };
  }

  // ---- hooks ---------------------------------------------------------------------------------

  /**
   * Registers a hook run before forward with the positional inputs; if it returns something
   * other than undefined, that replaces the inputs (an array is the whole argument list).
   * @example const h = model.registerForwardPreHook((m, [x]) => [(x as Tensor).mul(2)]); h.remove();
   */
  registerForwardPreHook(hook: ForwardPreHook<this>, options: { prepend?: boolean } = {}): RemovableHandle {
    if (typeof hook !== 'function') throw new TypeError(`registerForwardPreHook(hook): hook must be a function (got ${describeValue(hook)})`);
    const st = stateOf(this);
    const handle = new RemovableHandle([st.preHooks as Map<number, unknown>]);
    addHook(st.preHooks, handle.id, hook as ForwardPreHook, options.prepend ?? false);
    return handle;
  }

  /**
   * Registers a hook run after forward with the inputs and the output; if it returns something
   * other than undefined, that replaces the output.
   * @example const h = model.registerForwardHook((m, args, out) => { console.log((out as Tensor).shape); });
   */
  registerForwardHook(hook: ForwardHook<this>, options: { prepend?: boolean } = {}): RemovableHandle {
    if (typeof hook !== 'function') throw new TypeError(`registerForwardHook(hook): hook must be a function (got ${describeValue(hook)})`);
    const st = stateOf(this);
    const handle = new RemovableHandle([st.hooks as Map<number, unknown>]);
    addHook(st.hooks, handle.id, hook as ForwardHook, options.prepend ?? false);
    return handle;
  }

  // ---- copying -------------------------------------------------------------------------------

  /**
   * A deep copy (Python's `copy.deepcopy(module)`): the same class and settings, with its own
   * copies of parameters, buffers and submodules (shared modules stay shared within the copy).
   * Hooks are not copied.
   * @example const layers = Array.from({ length: 6 }, () => layer.deepCopy());
   */
  deepCopy(): this {
    return deepCopyModule(this, new Map()) as this;
  }

  // ---- printing ------------------------------------------------------------------------------

  /**
   * The layer's settings as printed inside its parentheses; subclasses override it.
   * @example new nn.Linear(2, 3).extraRepr() // 'in_features=2, out_features=3, bias=True'
   */
  extraRepr(): string {
    return '';
  }

  /** @internal the name printed for this module (the class name). */
  _getName(): string {
    return this.constructor.name;
  }

  /**
   * The module tree as PyTorch prints it.
   * @example String(new nn.Sequential(new nn.Linear(2, 3), new nn.ReLU()))
   * // 'Sequential(\n  (0): Linear(in_features=2, out_features=3, bias=True)\n  (1): ReLU()\n)'
   */
  toString(): string {
    const extra = this.extraRepr();
    const extraLines = extra ? extra.split('\n') : [];
    const childLines = this._ownModules().map(([key, m]) => `(${key}): ${addIndent(m.toString(), 2)}`);
    const lines = [...extraLines, ...childLines];
    let main = this._getName() + '(';
    if (lines.length > 0) {
      if (extraLines.length === 1 && childLines.length === 0) main += extraLines[0];
      else main += '\n  ' + lines.join('\n  ') + '\n';
    }
    return main + ')';
  }

  /** Node's console.log prints the module tree. */
  [inspect.custom](): string {
    return this.toString();
  }
}

/** Picks up properties holding parameters or modules that were assigned since the last look. */
function sync(m: Module): ModuleState {
  const st = stateOf(m);
  const self = m as unknown as Record<string, unknown>;
  for (const key of Object.keys(m)) {
    if (st.known.has(key)) continue;
    const v = self[key];
    if (v instanceof Parameter || v instanceof Module || isModuleArray(v) || isParameterArray(v)) {
      st.known.add(key);
      st.order.push(key);
    }
  }
  return st;
}

/** Own members by kind, in registration order; values read now, so reassignments count. */
function members(m: Module): { params: [string, Parameter][]; buffers: [string, Tensor][]; modules: [string, Module][] } {
  const st = sync(m);
  const self = m as unknown as Record<string, unknown>;
  const params: [string, Parameter][] = [];
  const buffers: [string, Tensor][] = [];
  const modules: [string, Module][] = [];
  for (const key of st.order) {
    const v = self[key];
    if (v instanceof Parameter) params.push([key, v]);
    else if (v instanceof Module) modules.push([key, v]);
    else if (v instanceof Tensor) { if (st.buffers.has(key)) buffers.push([key, v]); }
    else if (isModuleArray(v)) v.forEach((c, i) => modules.push([`${key}.${i}`, c]));
    else if (isParameterArray(v)) v.forEach((p, i) => params.push([`${key}.${i}`, p]));
  }
  return { params, buffers, modules };
}

function checkNew(m: Module, name: string): ModuleState {
  const st = sync(m);
  if (!st.known.has(name) && name in m && (m as unknown as Record<string, unknown>)[name] !== undefined) {
    throw new Error(`attribute '${name}' already exists`);
  }
  return st;
}

/** @internal removes a registered member (containers' delete/pop). */
export function removeMember(m: Module, name: string): void {
  const st = sync(m);
  if (st.known.delete(name)) st.order.splice(st.order.indexOf(name), 1);
  st.buffers.delete(name);
  st.nonPersistent.delete(name);
  delete (m as unknown as Record<string, unknown>)[name];
}

function define(m: Module, st: ModuleState, name: string, value: unknown): void {
  if (!st.known.has(name)) { st.known.add(name); st.order.push(name); }
  Object.defineProperty(m, name, { value, writable: true, enumerable: true, configurable: true });
}

function namedMembers<T extends Tensor>(self: Module, get: (m: Module) => [string, T][], options: NamedMembersOptions | string | boolean | undefined): [string, T][] {
  const raw: unknown = typeof options === 'string' ? { prefix: options }
    : typeof options === 'boolean' ? { recurse: options } : (options ?? {});
  if (!isPlainObject(raw)) throw new TypeError(`expected an options object (got ${describeValue(options)})`);
  const o = raw as NamedMembersOptions;
  const prefix = o.prefix ?? '';
  const removeDuplicate = o.removeDuplicate ?? true;
  const mods: [string, Module][] = (o.recurse ?? true) ? self.namedModules({ prefix, removeDuplicate }) : [[prefix, self]];
  const memo = new Set<Tensor>();
  const out: [string, T][] = [];
  for (const [modPrefix, m] of mods) {
    for (const [k, v] of get(m)) {
      if (memo.has(v)) continue;
      if (removeDuplicate) memo.add(v);
      out.push([modPrefix + (modPrefix ? '.' : '') + k, v]);
    }
  }
  return out;
}


function deepCopyValue(v: unknown, memo: Map<unknown, unknown>): unknown {
  if (v === null || (typeof v !== 'object' && typeof v !== 'function')) return v;
  if (memo.has(v)) return memo.get(v);
  if (v instanceof Module) return deepCopyModule(v, memo);
  if (v instanceof Parameter) {
    const p = noGrad(() => new Parameter(v.detach().clone(), v.requiresGrad));
    memo.set(v, p);
    return p;
  }
  if (v instanceof Tensor) {
    const t = escapeScopes(noGrad(() => v.detach().clone()));
    if (v.requiresGrad) t.requiresGrad_(true);
    memo.set(v, t);
    return t;
  }
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    memo.set(v, out);
    for (const e of v) out.push(deepCopyValue(e, memo));
    return out;
  }
  if (isPlainObject(v)) {
    const out: Record<string, unknown> = {};
    memo.set(v, out);
    for (const [k, e] of Object.entries(v)) out[k] = deepCopyValue(e, memo);
    return out;
  }
  return v; // functions, class instances other than tensors and modules: shared, as deepcopy of functions
}

function deepCopyModule(m: Module, memo: Map<unknown, unknown>): Module {
  const copy = Reflect.construct(Module, [], Object.getPrototypeOf(m).constructor as typeof Module) as ModuleFunction;
  memo.set(m, copy);
  const src = stateOf(m);
  const dst = stateOf(copy);
  dst.training = src.training;
  dst.order.push(...src.order);
  for (const k of src.known) dst.known.add(k);
  for (const k of src.buffers) dst.buffers.add(k);
  for (const k of src.nonPersistent) dst.nonPersistent.add(k);
  for (const key of Object.getOwnPropertyNames(m)) {
    const desc = Object.getOwnPropertyDescriptor(m, key)!;
    if ('value' in desc) desc.value = deepCopyValue(desc.value, memo);
    Object.defineProperty(copy, key, desc);
  }
  return copy;
}

function addHook<H>(map: Map<number, H>, id: number, hook: H, prepend: boolean): void {
  if (!prepend) { map.set(id, hook); return; }
  const rest = [...map.entries()];
  map.clear();
  map.set(id, hook);
  for (const [k, v] of rest) map.set(k, v);
}

// Module instances are functions: give them Function.prototype's call/apply/bind too.
Object.setPrototypeOf(Module.prototype, Function.prototype);

/** @internal exported for containers: PyTorch's _addindent. */
export { addIndent };
