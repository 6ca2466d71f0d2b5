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
import { isDevice } from '../../device.js';
import { isPlainObject, describeValue } from '../../validate.js';
import { noGrad, isGradEnabled } from '../../autograd/grad_mode.js';
import { Parameter } from '../parameter.js';
import { pySize } from '../_utils.js';
import { RemovableHandle } from '../../utils/hooks.js';
import { escapeScopes } from '../../scope.js';
import { Function as AutogradFunction, type FunctionCtx } from '../../autograd/function.js';
import { emptyLike, zerosLike } from '../../generated/functions.js';

const STATE = Symbol('torch-node.nn.Module');
/** PyTorch's `_EXTRA_STATE_KEY_SUFFIX`. */
const EXTRA_STATE_KEY = '_extra_state';
const BOTH_BACKWARD_HOOKS = 'Cannot use both regular backward hooks and full backward hooks on a single Module. Please use only one of them.';

/** A forward pre-hook: sees the positional inputs; may return replacements (an array, or one value). */
export type ForwardPreHook<M extends Module = Module> = (module: M, args: unknown[]) => unknown;
/** A forward hook: sees the inputs and the output; may return a replacement output. */
export type ForwardHook<M extends Module = Module> = (module: M, args: unknown[], output: unknown) => unknown;

/**
 * A full backward hook: `gradInput` and `gradOutput` hold the gradients of the forward's
 * positional inputs and of its outputs (null for an input that is not a tensor needing one); may
 * return replacements for `gradInput`, one per input.
 */
export type FullBackwardHook<M extends Module = Module> = (module: M, gradInput: (Tensor | null)[], gradOutput: (Tensor | null)[]) => (Tensor | null)[] | void | undefined;
/** A backward pre-hook: sees the outputs' gradients before the module's own backward; may return replacements. */
export type FullBackwardPreHook<M extends Module = Module> = (module: M, gradOutput: (Tensor | null)[]) => (Tensor | null)[] | void | undefined;
/** Python's `local_metadata` of a state dict entry: the module's version. */
export interface StateDictMetadata { version?: number; [key: string]: unknown }
/** Runs before a module saves its state: `(module, prefix, keepVars)`. */
export type StateDictPreHook<M extends Module = Module> = (module: M, prefix: string, keepVars: boolean) => void;
/** Runs after a module (and its submodules) saved their state; edits `stateDict` in place and returns nothing. */
export type StateDictPostHook<M extends Module = Module> = (module: M, stateDict: StateDict, prefix: string, localMetadata: StateDictMetadata) => void;
/**
 * Runs before a module loads its entries (PyTorch's signature): the Map holds the entries under
 * this module's prefix and may be edited; so may the key and message lists.
 */
export type LoadStateDictPreHook<M extends Module = Module> = (module: M, stateDict: Map<string, unknown>, prefix: string,
  localMetadata: StateDictMetadata, strict: boolean, missingKeys: string[], unexpectedKeys: string[], errorMsgs: string[]) => void;
/** Runs after a module and its submodules loaded; may edit the key lists in place (an emptied list passes `strict`). */
export type LoadStateDictPostHook<M extends Module = Module> = (module: M, incompatibleKeys: IncompatibleKeys) => void;

interface ModuleState {
  training: boolean;
  /** Registered names, in registration order (parameters, buffers and modules together). */
  order: string[];
  known: Set<string>;
  buffers: Set<string>;
  nonPersistent: Set<string>;
  preHooks: Map<number, ForwardPreHook>;
  hooks: Map<number, ForwardHook>;
  /** Full hooks when isFullBackwardHook is true, registerBackwardHook's when false (one map, as PyTorch's). */
  backwardHooks: Map<number, FullBackwardHook>;
  isFullBackwardHook: boolean | null;
  backwardPreHooks: Map<number, FullBackwardPreHook>;
  stateDictPreHooks: Map<number, StateDictPreHook>;
  stateDictHooks: Map<number, StateDictPostHook>;
  loadStateDictPreHooks: Map<number, LoadStateDictPreHook>;
  loadStateDictPostHooks: Map<number, LoadStateDictPostHook>;
}

function newState(): ModuleState {
  return {
    training: true, order: [], known: new Set(), buffers: new Set(), nonPersistent: new Set(),
    preHooks: new Map(), hooks: new Map(), backwardHooks: new Map(), isFullBackwardHook: null, backwardPreHooks: new Map(),
    stateDictPreHooks: new Map(), stateDictHooks: new Map(), loadStateDictPreHooks: new Map(), loadStateDictPostHooks: new Map(),
  };
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
  if (st.preHooks.size === 0 && st.hooks.size === 0 && st.backwardHooks.size === 0 && st.backwardPreHooks.size === 0) {
    return Reflect.apply(forward, module, args);
  }
  for (const hook of [...st.preHooks.values()]) {
    const r = hook(module, args);
    if (r !== undefined) args = Array.isArray(r) ? r : [r];
  }
  let bwHook: BackwardHook | null = null;
  const fullHooks = st.isFullBackwardHook === true ? [...st.backwardHooks.values()] : [];
  if (fullHooks.length > 0 || st.backwardPreHooks.size > 0) {
    bwHook = new BackwardHook(module, fullHooks, [...st.backwardPreHooks.values()]);
    args = bwHook.setupInputHook(args);
  }
  let out = Reflect.apply(forward, module, args);
  for (const hook of [...st.hooks.values()]) {
    const r = hook(module, args, out);
    if (r !== undefined) out = r;
  }
  if (st.isFullBackwardHook === false && st.backwardHooks.size > 0) {
    // registerBackwardHook's hooks: post-hooks on the node of the first output tensor.
    let v: unknown = out;
    while (!(v instanceof Tensor) && v !== undefined && v !== null) {
      v = Array.isArray(v) ? v[0] : isPlainObject(v) ? Object.values(v).find((e) => e instanceof Tensor) : undefined;
    }
    const gradFn = v instanceof Tensor ? v.gradFn : null;
    if (gradFn !== null) {
      for (const hook of st.backwardHooks.values()) {
        gradFn.registerHook((gradInputs, gradOutputs) => hook(module, gradInputs, gradOutputs) ?? undefined);
      }
    }
  }
  if (bwHook !== null) {
    if (!(out instanceof Tensor) && !Array.isArray(out)) {
      process.emitWarning(`For backward hooks to be called, module output should be a Tensor or a tuple of Tensors but received ${describeValue(out, 'python')}`);
    }
    out = bwHook.setupOutputHook(out);
  }
  return out;
}

/**
 * Identity on its tensors, whose backward hands their gradients to a callback (PyTorch's
 * BackwardHookFunction with the hook BackwardHook registers on its node).
 */
class BackwardHookFunction extends AutogradFunction {
  static override forward(ctx: FunctionCtx, onBackward: (grads: (Tensor | null)[]) => (Tensor | null)[], ...tensors: Tensor[]): Tensor[] {
    ctx.onBackward = onBackward;
    ctx.setMaterializeGrads(false);
    ctx.markNonDifferentiable(...tensors.filter((t) => !t.requiresGrad));
    return tensors;
  }
  static override backward(ctx: FunctionCtx, ...grads: (Tensor | null)[]): (Tensor | null)[] {
    return [null, ...(ctx.onBackward as (g: (Tensor | null)[]) => (Tensor | null)[])(grads)];
  }
}

/** PyTorch's torch.utils.hooks.BackwardHook: one per forward call of a module with backward hooks. */
class BackwardHook {
  private nInputs = 0;
  private nOutputs = 0;
  private inputTensorsIndex: number[] | null = null;
  private outputTensorsIndex: number[] | null = null;
  private gradOutputs: (Tensor | null)[] | null = null;
  private inputTensors: Tensor[] = [];

  constructor(private readonly module: Module, private readonly userHooks: FullBackwardHook[], private readonly userPreHooks: FullBackwardPreHook[]) {}

  private static packWithNone(indices: number[], values: readonly (Tensor | null)[], size: number): (Tensor | null)[] {
    const res: (Tensor | null)[] = new Array<Tensor | null>(size).fill(null);
    indices.forEach((idx, i) => { res[idx] = values[i] ?? null; });
    return res;
  }

  private static unpackNone(indices: number[], values: readonly (Tensor | null)[]): (Tensor | null)[] {
    return indices.map((idx) => values[idx] ?? null);
  }

  /** Runs the tensors among `args` through a BackwardHookFunction; null when none needs a gradient. */
  private applyOnTensors(onBackward: (grads: (Tensor | null)[]) => (Tensor | null)[], args: unknown[]): [unknown[], number[] | null] {
    const tensorsIdx: number[] = [];
    const tensors: Tensor[] = [];
    let requiresGrad = false;
    args.forEach((arg, i) => {
      if (arg instanceof Tensor) {
        tensorsIdx.push(i);
        tensors.push(arg);
        requiresGrad ||= arg.requiresGrad;
      }
    });
    if (!(requiresGrad && isGradEnabled())) return [args, null];
    const newTensors = BackwardHookFunction.apply(onBackward, ...tensors) as Tensor[];
    const res = [...args];
    tensorsIdx.forEach((idx, i) => { res[idx] = newTensors[i]; });
    return [res, tensorsIdx];
  }

  setupInputHook(args: unknown[]): unknown[] {
    const onBackward = (grads: (Tensor | null)[]): (Tensor | null)[] => {
      if (this.gradOutputs === null) return grads; // no gradient reached the outputs
      // PyTorch's identity node materialises missing gradients as zeros before its post-hook runs.
      const gradInput = grads.map((g, i) => g ?? zerosLike(this.inputTensors[i]!));
      let res = BackwardHook.packWithNone(this.inputTensorsIndex!, gradInput, this.nInputs);
      for (const hook of this.userHooks) {
        const out = hook(this.module, res, this.gradOutputs);
        if (out === undefined || out === null) continue;
        if (!Array.isArray(out) || out.length !== res.length) {
          throw new Error(`Backward hook returned an invalid number of grad_input, got ${Array.isArray(out) ? out.length : 1}, but expected ${res.length}`);
        }
        res = out;
      }
      this.gradOutputs = null;
      return BackwardHook.unpackNone(this.inputTensorsIndex!, res);
    };
    const [res, idx] = this.applyOnTensors(onBackward, args);
    if (idx !== null) this.inputTensors = idx.map((i) => args[i] as Tensor);
    this.nInputs = args.length;
    this.inputTensorsIndex = idx;
    return res;
  }

  setupOutputHook(output: unknown): unknown {
    const onBackward = (gradOutput: (Tensor | null)[]): (Tensor | null)[] => {
      this.gradOutputs = BackwardHook.packWithNone(this.outputTensorsIndex!, gradOutput, this.nOutputs);
      const expectedLen = this.gradOutputs.length;
      for (const hook of this.userPreHooks) {
        const r = hook(this.module, this.gradOutputs);
        if (r === undefined || r === null) continue;
        if (!Array.isArray(r) || r.length !== expectedLen) {
          throw new Error(`Backward pre hook returned an invalid number of grad_output, got ${Array.isArray(r) ? r.length : 1}, but expected ${expectedLen}`);
        }
        this.gradOutputs = r;
      }
      const local = this.gradOutputs;
      if (this.inputTensorsIndex === null) {
        // No input needs a gradient: the hooks run now, with every grad_input null.
        process.emitWarning('Full backward hook is firing when gradients are computed with respect to module outputs since no inputs require gradients. See https://docs.pytorch.org/docs/main/generated/torch.nn.Module.html#torch.nn.Module.register_full_backward_hook for more details.');
        const gradInputs = BackwardHook.packWithNone([], [], this.nInputs);
        for (const hook of this.userHooks) {
          const r = hook(this.module, gradInputs, this.gradOutputs);
          if (r !== undefined && r !== null && !(Array.isArray(r) && r.every((e) => e === null))) {
            throw new Error('Backward hook for Modules where no input requires gradient should always return None or None for all gradients.');
          }
        }
        this.gradOutputs = null;
      }
      return BackwardHook.unpackNone(this.outputTensorsIndex!, local);
    };
    const isTuple = Array.isArray(output);
    const args = isTuple ? output as unknown[] : [output];
    const [res, idx] = this.applyOnTensors(onBackward, args);
    this.nOutputs = args.length;
    this.outputTensorsIndex = idx;
    return isTuple ? res : res[0];
  }
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
    Object.defineProperty(f, STATE, { value: newState(), enumerable: false, writable: false, configurable: false });
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
   * Sets the submodule at a dotted path: replaces an existing submodule, or (unless `strict`)
   * adds a new one to an existing parent, as PyTorch's `set_submodule`.
   * @example model.setSubmodule('net_b.net_c.conv', new nn.Linear(1, 1)); model.setSubmodule('fc9', m, { strict: true }) // throws
   */
  setSubmodule(target: string, module: Module, options: { strict?: boolean } | boolean = {}): void {
    const strict = typeof options === 'boolean' ? options : (options.strict ?? false);
    if (typeof target !== 'string') throw new TypeError(`setSubmodule(): target must be a string (got ${describeValue(target)})`);
    if (target === '') throw new Error('Cannot set the submodule without a target name!');
    const atoms = target.split('.');
    if (!(module instanceof Module)) throw new TypeError(`\`module\` is not an nn.Module, found ${describeValue(module, 'python')}`);
    const parent = atoms.length === 1 ? this : this.getSubmodule(atoms.slice(0, -1).join('.'));
    const name = atoms[atoms.length - 1]!;
    const current = (parent as unknown as Record<string, unknown>)[name];
    const has = current !== undefined && current !== null ? true : stateOf(parent).known.has(name);
    if (strict && !has) throw new Error(`${parent._getName()} has no attribute \`${name}\``);
    if (current !== undefined && current !== null && !(current instanceof Module)) throw new Error(`\`${name}\` is not an nn.Module`);
    parent.registerModule(name, module);
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
      // In place, as PyTorch's: the same gradient tensor, detached from any graph, zeroed.
      if (g.gradFn !== null) g.detach_();
      else g.requiresGrad_(false);
      g.zero_();
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
   * is kept, so optimizers holding them stay valid; PyTorch's `param.data = fn(param)`). Where
   * the new tensor cannot stand in for the old one's data (meta to cpu), the parameter is
   * replaced by a new one, as PyTorch does.
   * @internal
   */
  _apply(fn: (t: Tensor) => Tensor, recurse: boolean = true): this {
    if (recurse) for (const child of this.children()) child._apply(fn);
    noGrad(() => {
      for (const [name, p] of this._ownParameters()) {
        const applied = fn(p);
        let target: Parameter = p;
        if (applied !== p) {
          if (compatibleShallowCopy(p, applied)) p.data = applied;
          else {
            target = new Parameter(applied, p.requiresGrad);
            setMember(this, name, target);
          }
        }
        const g = p.grad;
        if (g !== null) {
          const ga = fn(g);
          if (target !== p) target.grad = ga.requiresGrad_(g.requiresGrad);
          else if (ga !== g) g.data = ga;
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
    else if (isDevice(target)) device = target;
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
  /**
   * Moves everything to an XPU device. This LibTorch has no XPU support, so a module with tensors
   * gets PyTorch's error for that case (a module without tensors is returned unchanged).
   * @example model.xpu()
   */
  xpu(device?: number): this { return this._toAccelerator('xpu', device, 'Torch not compiled with XPU enabled'); }
  /**
   * Moves everything to an MTIA device; as xpu(), PyTorch's error when the module has tensors.
   * @example model.mtia()
   */
  mtia(device?: number): this {
    return this._toAccelerator('mtia', device, 'Torch not compiled with MTIA enabled. Ensure you have `import mtia.host_runtime.torch_mtia.dynamic_library` in your python src file and include `//mtia/host_runtime/torch_mtia:torch_mtia` as your target dependency!');
  }
  /**
   * Moves everything to an IPU device; as xpu(), PyTorch's error when the module has tensors.
   * @example model.ipu()
   */
  ipu(device?: number): this { return this._toAccelerator('ipu', device, 'PyTorch is not linked with support for ipu devices'); }

  private _toAccelerator(type: string, device: number | undefined, unavailable: string): this {
    const target = device === undefined ? type : `${type}:${device}`;
    return this._apply((t) => {
      try {
        return t.to(target);
      } catch (e) {
        if (e instanceof Error && e.message.includes(`not linked with support for ${type} devices`)) throw new Error(unavailable);
        throw e;
      }
    });
  }
  /** Casts floating-point parameters and buffers to float32. @example model.float() */
  float(): this { return this.to('float32'); }
  /** Casts floating-point parameters and buffers to float64. @example model.double() */
  double(): this { return this.to('float64'); }
  /** Casts floating-point parameters and buffers to float16. @example model.half() */
  half(): this { return this.to('float16'); }
  /** Casts floating-point parameters and buffers to bfloat16. @example model.bfloat16() */
  bfloat16(): this { return this.to('bfloat16'); }

  /**
   * Casts every parameter and buffer, integer ones included (PyTorch's `Module.type`, unlike
   * `to(dtype)`, which casts floating-point tensors only).
   * @example model.type('float64')
   */
  type(dstType: DType): this {
    const dtype = normalizeDType(dstType, 'type(): dstType');
    return this._apply((t) => t.to(dtype));
  }

  /**
   * Replaces every parameter and buffer with an uninitialised tensor of the same shape and dtype
   * on `device` (the module's own device when null/undefined), for modules built on the 'meta'
   * device; submodules too unless `recurse` is false.
   * @example model.toEmpty({ device: 'cpu' })
   */
  toEmpty(options: { device?: Device | null; recurse?: boolean } = {}): this {
    if (!isPlainObject(options)) throw new TypeError(`toEmpty(): expected an options object { device, recurse } (got ${describeValue(options)})`);
    for (const k of Object.keys(options)) {
      if (k !== 'device' && k !== 'recurse') throw new TypeError(`toEmpty(): unknown option '${k}' (expected device, recurse)`);
    }
    const device = options.device ?? undefined;
    const recurse = options.recurse ?? true;
    if (typeof recurse !== 'boolean') throw new TypeError(`toEmpty(): recurse must be a boolean (got ${describeValue(recurse)})`);
    return this._apply((t) => emptyLike(t, { device }), recurse);
  }

  /**
   * Returns this and changes nothing. PyTorch moves the tensors into shared memory so that
   * processes it forks next see the same storage (Hogwild training). Node has no such fork: a
   * tensor lives in this process, where all code on the thread already shares it, and tensors are
   * not handed to worker threads or child processes, so no memory could be shared. The method
   * exists so ported code runs; it does not make parameters visible to workers.
   * @example model.shareMemory()
   */
  shareMemory(): this { return this; }

  // ---- state dict ----------------------------------------------------------------------------

  /**
   * The module's state: parameters and persistent buffers under PyTorch's dotted names, detached
   * (they share memory with the module), and `<prefix>_extra_state` for a module whose class
   * overrides getExtraState. State-dict pre- and post-hooks run per module, as in PyTorch.
   * @example Object.keys(model.stateDict()) // ['fc1.weight', 'fc1.bias', 'bn.running_mean', ...]
   */
  stateDict(options: { destination?: StateDict; prefix?: string; keepVars?: boolean } = {}): StateDict {
    if (!isPlainObject(options)) throw new TypeError(`stateDict(): expected an options object { destination, prefix, keepVars } (got ${describeValue(options)})`);
    for (const k of Object.keys(options)) {
      if (k !== 'destination' && k !== 'prefix' && k !== 'keepVars') throw new TypeError(`stateDict(): unknown option '${k}' (expected destination, prefix, keepVars)`);
    }
    const destination: StateDict = options.destination ?? {};
    const prefix = options.prefix ?? '';
    const keepVars = options.keepVars ?? false;
    const st = stateOf(this);
    for (const hook of [...st.stateDictPreHooks.values()]) hook(this, prefix, keepVars);
    this._saveToStateDict(destination, prefix, keepVars);
    for (const [name, child] of this._ownModules()) child.stateDict({ destination, prefix: prefix + name + '.', keepVars });
    const localMetadata: StateDictMetadata = { version: (this.constructor as { _version?: number })._version ?? 1 };
    for (const hook of [...st.stateDictHooks.values()]) {
      if (hook(this, destination, prefix, localMetadata) !== undefined) throw new Error('state_dict post-hook must return None');
    }
    return destination;
  }

  /**
   * PyTorch's `_save_to_state_dict`: this module's own entries (not its submodules').
   * @internal
   */
  _saveToStateDict(destination: StateDict, prefix: string, keepVars: boolean): void {
    const st = stateOf(this);
    for (const [name, p] of this._ownParameters()) destination[prefix + name] = keepVars ? p : p.detach();
    for (const [name, b] of this._ownBuffers()) {
      if (!st.nonPersistent.has(name)) destination[prefix + name] = keepVars ? b : b.detach();
    }
    if (this.getExtraState !== Module.prototype.getExtraState) {
      (destination as Record<string, unknown>)[prefix + EXTRA_STATE_KEY] = this.getExtraState();
    }
  }

  /**
   * Override to save extra state (any value) under `<prefix>_extra_state` in `stateDict()`;
   * pair it with setExtraState. The base method is never called by stateDict.
   * @example class Counter extends nn.Module { n = 0; getExtraState() { return { n: this.n }; } setExtraState(s: unknown) { this.n = (s as { n: number }).n; } }
   */
  getExtraState(): unknown {
    throw new Error('Reached a code path in Module.get_extra_state() that should never be called. Please file an issue at https://github.com/pytorch/pytorch/issues/new?template=bug-report.yml to report this bug.');
  }

  /**
   * Override to restore what getExtraState saved; loadStateDict calls it with the
   * `<prefix>_extra_state` entry.
   * @example setExtraState(state: unknown) { this.n = (state as { n: number }).n; }
   */
  setExtraState(state: unknown): void {
    throw new Error('Reached a code path in Module.set_extra_state() that should never be called. Please file an issue at https://github.com/pytorch/pytorch/issues/new?template=bug-report.yml to report this bug.');
  }

  /**
   * Hook for subclasses (BatchNorm fills in a missing num_batches_tracked), PyTorch's
   * `_load_from_state_dict`: copies this module's own entries from `stateDict`.
   * @internal
   */
  _loadFromStateDict(stateDict: Map<string, unknown>, prefix: string, strict: boolean,
    missingKeys: string[], unexpectedKeys: string[], errorMsgs: string[]): void {
    const st = stateOf(this);
    const localMetadata: StateDictMetadata = {};
    for (const hook of [...st.loadStateDictPreHooks.values()]) {
      hook(this, stateDict, prefix, localMetadata, strict, missingKeys, unexpectedKeys, errorMsgs);
    }
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
    const extraStateKey = prefix + EXTRA_STATE_KEY;
    if (this.setExtraState !== Module.prototype.setExtraState) {
      if (stateDict.has(extraStateKey)) this.setExtraState(stateDict.get(extraStateKey));
      else if (strict) missingKeys.push(extraStateKey);
    } else if (strict && stateDict.has(extraStateKey)) {
      unexpectedKeys.push(extraStateKey);
    }
    if (strict) {
      const children = new Set(this._ownModules().map(([n]) => n.split('.')[0]!));
      for (const key of stateDict.keys()) {
        if (!key.startsWith(prefix) || key === extraStateKey) continue;
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
      const incompatible: IncompatibleKeys = { missingKeys, unexpectedKeys };
      for (const hook of [...stateOf(m).loadStateDictPostHooks.values()]) {
        if (hook(m, incompatible) !== undefined) {
          throw new Error('Hooks registered with ``register_load_state_dict_post_hook`` are not expected to return new values, if incompatible_keys need to be modified, it should be done inplace.');
        }
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

  /**
   * Registers a hook run when the gradients of the module's positional inputs have been computed,
   * as `hook(module, gradInput, gradOutput)`: PyTorch's full backward hook, through an identity
   * autograd node on the forward's tensor inputs and outputs. It may return a replacement for
   * `gradInput` (one entry per input). Inputs and outputs must not be modified in place.
   * @example model.registerFullBackwardHook((m, gradIn, gradOut) => { console.log(gradOut[0]?.shape); });
   */
  registerFullBackwardHook(hook: FullBackwardHook<this>, options: { prepend?: boolean } = {}): RemovableHandle {
    if (typeof hook !== 'function') throw new TypeError(`registerFullBackwardHook(hook): hook must be a function (got ${describeValue(hook)})`);
    const st = stateOf(this);
    if (st.isFullBackwardHook === false) throw new Error(BOTH_BACKWARD_HOOKS);
    st.isFullBackwardHook = true;
    const handle = new RemovableHandle([st.backwardHooks as Map<number, unknown>]);
    addHook(st.backwardHooks, handle.id, hook as FullBackwardHook, options.prepend ?? false);
    return handle;
  }

  /**
   * Registers `hook(module, gradInput, gradOutput)` on the autograd node that made the forward's
   * (first) output, PyTorch's deprecated non-full backward hook: `gradInput` are the gradients of
   * that last operation's inputs, not necessarily the module's. Prefer registerFullBackwardHook;
   * a module takes one kind or the other.
   * @example model.registerBackwardHook((m, gradInput, gradOutput) => { console.log(gradOutput[0]?.shape); });
   */
  registerBackwardHook(hook: FullBackwardHook<this>): RemovableHandle {
    if (typeof hook !== 'function') throw new TypeError(`registerBackwardHook(hook): hook must be a function (got ${describeValue(hook)})`);
    const st = stateOf(this);
    if (st.isFullBackwardHook === true) throw new Error(BOTH_BACKWARD_HOOKS);
    st.isFullBackwardHook = false;
    const handle = new RemovableHandle([st.backwardHooks as Map<number, unknown>]);
    st.backwardHooks.set(handle.id, hook as FullBackwardHook);
    return handle;
  }

  /**
   * Registers a hook run when the gradients of the module's outputs reach it, before its own
   * backward, as `hook(module, gradOutput)`; it may return a replacement for `gradOutput`.
   * @example model.registerFullBackwardPreHook((m, gradOut) => [gradOut[0]!.mul(0.5)]);
   */
  registerFullBackwardPreHook(hook: FullBackwardPreHook<this>, options: { prepend?: boolean } = {}): RemovableHandle {
    if (typeof hook !== 'function') throw new TypeError(`registerFullBackwardPreHook(hook): hook must be a function (got ${describeValue(hook)})`);
    const st = stateOf(this);
    const handle = new RemovableHandle([st.backwardPreHooks as Map<number, unknown>]);
    addHook(st.backwardPreHooks, handle.id, hook as FullBackwardPreHook, options.prepend ?? false);
    return handle;
  }

  /**
   * Registers `hook(module, prefix, keepVars)`, run before this module's stateDict() saves.
   * @example model.registerStateDictPreHook((m, prefix) => console.log('saving', prefix));
   */
  registerStateDictPreHook(hook: StateDictPreHook<this>): RemovableHandle {
    return registerIn(stateOf(this).stateDictPreHooks, hook, 'registerStateDictPreHook');
  }

  /**
   * Registers `hook(module, stateDict, prefix, localMetadata)`, run after this module and its
   * submodules saved; it edits the state dict in place (a returned value is an error).
   * @example model.registerStateDictPostHook((m, sd, prefix) => { delete sd[prefix + 'cache']; });
   */
  registerStateDictPostHook(hook: StateDictPostHook<this>): RemovableHandle {
    return registerIn(stateOf(this).stateDictHooks, hook, 'registerStateDictPostHook');
  }

  /**
   * Registers `hook(module, stateDict, prefix, localMetadata, strict, missingKeys, unexpectedKeys,
   * errorMsgs)`, run before this module loads its entries (e.g. to rename old keys).
   * @example model.registerLoadStateDictPreHook((m, sd, prefix) => { if (sd.has(prefix + 'w')) { sd.set(prefix + 'weight', sd.get(prefix + 'w')); sd.delete(prefix + 'w'); } });
   */
  registerLoadStateDictPreHook(hook: LoadStateDictPreHook<this>): RemovableHandle {
    return registerIn(stateOf(this).loadStateDictPreHooks, hook, 'registerLoadStateDictPreHook');
  }

  /**
   * Registers `hook(module, incompatibleKeys)`, run after this module and its submodules loaded;
   * emptying the key lists in place lets a strict load pass.
   * @example model.registerLoadStateDictPostHook((m, keys) => { keys.missingKeys.length = 0; });
   */
  registerLoadStateDictPostHook(hook: LoadStateDictPostHook<this>): RemovableHandle {
    return registerIn(stateOf(this).loadStateDictPostHooks, hook, 'registerLoadStateDictPostHook');
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

/** Whether `b` can become `a`'s data (PyTorch's `_has_compatible_shallow_copy_type`): the same kind of device. */
function compatibleShallowCopy(a: Tensor, b: Tensor): boolean {
  const kind = (t: Tensor) => { const d = String(t.device); return d === 'meta' ? 'meta' : 'dense'; };
  return kind(a) === kind(b);
}

/** Stores a member under a name `_ownParameters` gave (`key`, or `key.i` inside an array). */
function setMember(m: Module, name: string, value: unknown): void {
  const self = m as unknown as Record<string, unknown>;
  const dot = name.indexOf('.');
  if (dot < 0) { self[name] = value; return; }
  (self[name.slice(0, dot)] as unknown[])[Number(name.slice(dot + 1))] = value;
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
  // A tensor that copies itself (an uninitialized parameter or buffer, as Python's __deepcopy__).
  const own = (v as { _deepCopy?: unknown })._deepCopy;
  if (typeof own === 'function') {
    const c = (own as () => unknown).call(v);
    memo.set(v, c);
    return c;
  }
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

function registerIn<H>(map: Map<number, H>, hook: unknown, where: string): RemovableHandle {
  if (typeof hook !== 'function') throw new TypeError(`${where}(hook): hook must be a function (got ${describeValue(hook)})`);
  const handle = new RemovableHandle([map as Map<number, unknown>]);
  map.set(handle.id, hook as H);
  return handle;
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
