// torch.optim.Optimizer: parameter groups, per-parameter state, zeroGrad, stateDict and
// loadStateDict with PyTorch's structure. Subclasses implement one group's update (stepGroup),
// following PyTorch's single-tensor (foreach=False) code path, the default on CPU.
import { zerosLike } from '../generated/functions.js';
import { tensor } from '../creation.js';
import { enableGrad, noGrad } from '../autograd/grad_mode.js';
import { Tensor } from '../tensor.js';
import { escapeScopes } from '../scope.js';
import { RemovableHandle } from '../utils/hooks.js';
import { argTypeError, isPlainObject, describeValue, type Args } from '../validate.js';
import { snakeToCamel } from '../names.js';

/** One entry of an optimizer's per-parameter state: a tensor (moment buffers), a number (step) or null. */
export type StateValue = Tensor | number | null;

/** The state of one parameter, e.g. `{ step: 3, expAvg: Tensor, expAvgSq: Tensor }` for Adam. */
export type ParamState = Record<string, StateValue>;

/** Options every optimizer has. */
export interface BaseOptimizerOptions {
  lr: number;
}

/**
 * A parameter group as the optimizer holds it: the parameters and every option, filled from the
 * defaults (`optimizer.paramGroups[0].lr = 0.01` changes the learning rate, as in PyTorch).
 * Schedulers add `initialLr`. Extra keys set by the user are kept.
 */
export type ParamGroup<O extends BaseOptimizerOptions = BaseOptimizerOptions> = O & {
  params: Tensor[];
  /** Parameter names, when the group was given `[name, tensor]` pairs (as named parameters). */
  paramNames?: string[];
  /** The learning rate when a scheduler was attached. */
  initialLr?: number;
  [key: string]: unknown;
};

/** A parameter group as given to the constructor or addParamGroup: params plus options overriding the defaults. */
export type ParamGroupInput<O extends BaseOptimizerOptions = BaseOptimizerOptions> = Partial<O> & {
  params: Tensor | Iterable<Tensor> | Iterable<readonly [string, Tensor]>;
  [key: string]: unknown;
};

/**
 * What an optimizer accepts: an iterable of tensors (`model.parameters()`), of `[name, tensor]`
 * pairs (`model.namedParameters()`), or an array of parameter groups.
 */
export type Params<O extends BaseOptimizerOptions = BaseOptimizerOptions> =
  | Iterable<Tensor>
  | Iterable<readonly [string, Tensor]>
  | Iterable<ParamGroupInput<O>>;

/** A saved parameter group: options, with `params` as indices into the state. */
export type SavedParamGroup = { params: number[]; [key: string]: unknown };

/**
 * An optimizer's state dict, structured as PyTorch's: `state` keyed by parameter index (the order
 * of the parameters across the groups), `paramGroups` with `params` as index lists. Keys are
 * camelCase (`expAvg`, `weightDecay`); `step` is a 0-dim float32 tensor as in PyTorch.
 * loadStateDict also accepts PyTorch's snake_case keys (`exp_avg`, `param_groups`).
 */
export interface OptimizerStateDict {
  state: Record<number, ParamState>;
  paramGroups: SavedParamGroup[];
}

/** A closure for step(): re-evaluates the model and returns the loss. */
export type Closure<L> = () => L;

/**
 * Base class of all optimizers (torch.optim.Optimizer). A custom optimizer passes its defaults to
 * `super(params, defaults)` and implements `stepGroup(group)` (called under noGrad for each
 * group by step()), keeping per-parameter state in `this.state` (`this.stateOf(p)`).
 * The built-in optimizers read each gradient through an object they dispose after the update, so
 * that `zeroGrad()` frees the gradients at once; a `p.grad` object that a custom optimizer reads
 * keeps its gradient until the next garbage collection (it is the object every `p.grad` read returns,
 * so a custom optimizer does not dispose it).
 * @example
 * const opt = new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
 * opt.zeroGrad(); loss.backward(); opt.step();
 * @example
 * class SignSGD extends optim.Optimizer<{ lr: number }> {
 *   constructor(params: optim.Params<{ lr: number }>, lr = 0.01) { super(params, { lr }); }
 *   protected override stepGroup(group: optim.ParamGroup<{ lr: number }>): void {
 *     for (const p of group.params) { const g = p.grad; if (g) p.add_(g.sign(), { alpha: -group.lr }); }
 *   }
 * }
 */
export abstract class Optimizer<O extends BaseOptimizerOptions = BaseOptimizerOptions> {
  /** The default options, used for groups that do not set them. */
  readonly defaults: Readonly<O>;
  /** The parameter groups, each with its parameters and options. */
  paramGroups: ParamGroup<O>[] = [];
  /** Per-parameter state (moment buffers, step counts), keyed by the parameter tensor. */
  state: Map<Tensor, ParamState> = new Map();
  /** @internal set by step(), read by learning-rate schedulers to warn about call order. */
  _optCalled = false;
  private readonly stepPreHooks = new Map<number, OptimizerStepPreHook<never>>();
  private readonly stepPostHooks = new Map<number, OptimizerStepPostHook<never>>();
  private readonly stateDictPreHooks = new Map<number, (optimizer: never) => void>();
  private readonly stateDictPostHooks = new Map<number, (optimizer: never, stateDict: OptimizerStateDict) => OptimizerStateDict | void>();
  private readonly loadStateDictPreHooks = new Map<number, (optimizer: never, stateDict: Record<string, unknown>) => Record<string, unknown> | void>();
  private readonly loadStateDictPostHooks = new Map<number, (optimizer: never) => void>();
  /**
   * Whether stateDict() gives `step` as a 0-dim float32 tensor, as PyTorch's optimizers keep it
   * (SparseAdam keeps a plain int there, and so does its state dict).
   */
  protected readonly tensorStep: boolean = true;
  /** Nesting depth of hooked step() calls, so that a step() calling super.step() runs the hooks once. */
  private stepDepth = 0;

  /** @internal */
  protected constructor(params: Params<O>, defaults: O) {
    this.defaults = defaults;
    patchStepFunction(this as unknown as Optimizer);
    if (params instanceof Tensor) {
      throw new TypeError(`params argument given to the optimizer should be an iterable of Tensors or objects, but got ${describeValue(params)}`);
    }
    if (params === null || typeof params !== 'object' || typeof (params as Iterable<unknown>)[Symbol.iterator] !== 'function') {
      throw new TypeError(`params argument given to the optimizer should be an iterable of Tensors or objects, but got ${describeValue(params)}`);
    }
    const list = [...(params as Iterable<unknown>)];
    if (list.length === 0) throw new RangeError('optimizer got an empty parameter list');
    const groups: ParamGroupInput<O>[] = isPlainObject(list[0])
      ? (list as ParamGroupInput<O>[])
      : [{ params: list as Tensor[] } as unknown as ParamGroupInput<O>];
    for (const g of groups) this.addParamGroup(g);
  }

  /** The class name, as PyTorch's repr prints it. */
  protected get optimizerName(): string {
    return this.constructor.name;
  }

  /** Checks one group's options (throws TypeError/RangeError naming the option). Subclasses may override. */
  protected validateGroup(_group: ParamGroup<O>): void {}

  /**
   * Applies one optimization step to one group (runs under noGrad). Subclasses implement this,
   * or override step() itself as in PyTorch.
   */
  protected stepGroup(_group: ParamGroup<O>): void {
    throw new Error(`${this.optimizerName}: implement stepGroup(group) or override step()`);
  }

  /**
   * Adds a parameter group, e.g. when unfreezing layers while training.
   * @example opt.addParamGroup({ params: model.head.parameters(), lr: 1e-4 });
   */
  addParamGroup(paramGroup: ParamGroupInput<O>): void {
    if (!isPlainObject(paramGroup)) throw new TypeError(`param_group must be an object, but got ${describeValue(paramGroup)}`);
    const raw = paramGroup.params;
    let items: unknown[];
    if (raw instanceof Tensor) items = [raw];
    else if (raw !== null && typeof raw === 'object' && typeof (raw as Iterable<unknown>)[Symbol.iterator] === 'function') items = [...(raw as Iterable<unknown>)];
    else throw argTypeError('', `param group 'params'`, 'a Tensor or an iterable of Tensors', raw);
    const tensors: Tensor[] = [];
    const names: string[] = [];
    for (const item of items) {
      if (Array.isArray(item) && item.length === 2 && typeof item[0] === 'string') {
        names.push(item[0]);
        tensors.push(item[1] as Tensor);
      } else {
        tensors.push(item as Tensor);
      }
    }
    if (names.length !== 0 && names.length !== tensors.length) {
      throw new RangeError('all optimizer params should be with/without names. Some param names are missing');
    }
    for (const p of tensors) {
      if (!(p instanceof Tensor)) throw new TypeError(`optimizer can only optimize Tensors, but one of the params is ${describeValue(p)}`);
      if (!(p.isLeaf || p.retainsGrad)) throw new RangeError("can't optimize a non-leaf Tensor");
    }
    const group = { ...paramGroup } as Record<string, unknown>;
    for (const key of Object.keys(this.defaults)) {
      if (group[key] === undefined) group[key] = (this.defaults as Record<string, unknown>)[key];
    }
    group.params = tensors;
    if (names.length !== 0) group.paramNames = names;
    else delete group.paramNames;
    const full = group as ParamGroup<O>;
    this.validateGroup(full);
    if (new Set(tensors).size !== tensors.length) {
      process.emitWarning('optimizer contains a parameter group with duplicate parameters; in future, this will cause an error; see github.com/pytorch/pytorch/issues/40967 for more information');
    }
    const seen = new Set<Tensor>();
    for (const g of this.paramGroups) {
      for (const p of g.params) seen.add(p);
      if ((g.paramNames !== undefined) !== (full.paramNames !== undefined)) {
        throw new RangeError(`all optimizer param groups should be with/without names. cannot add param group ${full.paramNames !== undefined ? 'with names' : 'without names'} to the optimizer`);
      }
    }
    for (const p of tensors) if (seen.has(p)) throw new RangeError('some parameters appear in more than one parameter group');
    this.paramGroups.push(full);
  }

  /**
   * Resets the gradients of all optimized tensors: to null (the default, as PyTorch's
   * `set_to_none=True`) or to zeros.
   * @example opt.zeroGrad(); opt.zeroGrad({ setToNone: false });
   */
  zeroGrad(options: { setToNone?: boolean } | boolean = {}): void {
    const setToNone = typeof options === 'boolean' ? options : (options.setToNone ?? true);
    if (typeof setToNone !== 'boolean') throw argTypeError('zeroGrad()', 'setToNone', 'a boolean', setToNone);
    for (const group of this.paramGroups) {
      for (const p of group.params) {
        if (setToNone) {
          p.grad = null;
          continue;
        }
        // p.grad is the same object on every read, the caller's too: used, never disposed here.
        const g = p.grad;
        if (g === null) continue;
        if (g.gradFn !== null) g.detach_();
        else g.requiresGrad_(false);
        g.zero_();
      }
    }
  }

  /**
   * Performs one optimization step. With a closure (which re-evaluates the model and returns the
   * loss), runs it with gradients enabled first and returns its result.
   * @example opt.step(); const loss = opt.step(() => { opt.zeroGrad(); const l = f(); l.backward(); return l; });
   */
  step(): undefined;
  step<L>(closure: Closure<L>): L;
  step<L>(closure?: Closure<L>): L | undefined {
    let loss: L | undefined;
    if (closure !== undefined) {
      if (typeof closure !== 'function') throw argTypeError('step(closure)', 'closure', 'a function', closure);
      loss = enableGrad(closure);
    }
    noGrad(() => {
      for (const group of this.paramGroups) this.stepGroup(group);
    });
    return loss;
  }

  /**
   * @internal What every step() of a subclass runs (the constructor wraps the class's step, as
   * PyTorch's `_patch_step_function`): the global step pre-hooks, this optimizer's pre-hooks
   * (either may return `[newArgs, newKwargs]` to replace step's arguments), the step, then this
   * optimizer's post-hooks and the global ones.
   */
  _hookedStep(step: (...args: unknown[]) => unknown, args: unknown[]): unknown {
    this._optCalled = true;
    if (this.stepDepth > 0) return step.apply(this, args);
    this.stepDepth++;
    try {
      let kwargs: Record<string, unknown> = {};
      for (const hook of [...globalOptimizerPreHooks.values(), ...this.stepPreHooks.values()]) {
        const result = (hook as OptimizerStepPreHook<this>)(this, args, kwargs);
        if (result === undefined || result === null) continue;
        if (!Array.isArray(result) || result.length !== 2 || !Array.isArray(result[0]) || !isPlainObject(result[1])) {
          throw new Error(`${this.optimizerName}.step pre-hook must return undefined or a pair [newArgs, newKwargs], but got ${describeValue(result)}.`);
        }
        [args, kwargs] = [[...result[0]], { ...result[1] }];
      }
      // JavaScript has no keyword arguments: a `closure` keyword a hook returns is step's argument.
      const callArgs = kwargs.closure !== undefined && args.length === 0 ? [kwargs.closure] : args;
      const out = step.apply(this, callArgs);
      for (const hook of [...this.stepPostHooks.values(), ...globalOptimizerPostHooks.values()]) {
        (hook as OptimizerStepPostHook<this>)(this, args, kwargs);
      }
      return out;
    } finally {
      this.stepDepth--;
    }
  }

  /**
   * Runs `hook(optimizer, args, kwargs)` before each step (after the global pre-hooks), as
   * PyTorch's `register_step_pre_hook`. `args` are step's arguments (`[closure]` or `[]`),
   * `kwargs` is `{}`; the hook may return `[newArgs, newKwargs]` to replace them. Returns a handle
   * whose remove() unregisters it.
   * @example const h = opt.registerStepPreHook((o) => console.log(o.paramGroups[0].lr)); h.remove();
   */
  registerStepPreHook(hook: OptimizerStepPreHook<this>): RemovableHandle {
    return addHook(this.stepPreHooks, hook, false);
  }

  /**
   * Runs `hook(optimizer, args, kwargs)` after each step (before the global post-hooks), as
   * PyTorch's `register_step_post_hook`. Returns a handle whose remove() unregisters it.
   * @example opt.registerStepPostHook(() => steps++);
   */
  registerStepPostHook(hook: OptimizerStepPostHook<this>): RemovableHandle {
    return addHook(this.stepPostHooks, hook, false);
  }

  /**
   * Runs `hook(optimizer)` at the start of each stateDict(), as PyTorch's
   * `register_state_dict_pre_hook`; `prepend` runs it before the hooks already registered.
   * @example opt.registerStateDictPreHook((o) => { o.paramGroups[0].savedAt = Date.now(); });
   */
  registerStateDictPreHook(hook: (optimizer: this) => void, prepend: boolean | { prepend?: boolean } = false): RemovableHandle {
    return addHook(this.stateDictPreHooks, hook, prependOption(prepend));
  }

  /**
   * Runs `hook(optimizer, stateDict)` on the state dict stateDict() built, as PyTorch's
   * `register_state_dict_post_hook`: the hook may change it in place or return a new one, which
   * the next hooks get and stateDict() returns. `prepend` runs it before the hooks already registered.
   * @example opt.registerStateDictPostHook((o, sd) => ({ ...sd, epoch: 3 }));
   */
  registerStateDictPostHook(hook: (optimizer: this, stateDict: OptimizerStateDict) => OptimizerStateDict | void, prepend: boolean | { prepend?: boolean } = false): RemovableHandle {
    return addHook(this.stateDictPostHooks, hook, prependOption(prepend));
  }

  /**
   * Runs `hook(optimizer, stateDict)` at the start of each loadStateDict(), as PyTorch's
   * `register_load_state_dict_pre_hook`: `stateDict` is a shallow copy of the one given; the hook
   * may change it in place or return a new one to be loaded instead. `prepend` runs it before the
   * hooks already registered.
   * @example opt.registerLoadStateDictPreHook((o, sd) => { delete sd.epoch; });
   */
  registerLoadStateDictPreHook(hook: (optimizer: this, stateDict: Record<string, unknown>) => Record<string, unknown> | OptimizerStateDict | void, prepend: boolean | { prepend?: boolean } = false): RemovableHandle {
    return addHook(this.loadStateDictPreHooks, hook as (o: this, sd: Record<string, unknown>) => Record<string, unknown> | void, prependOption(prepend));
  }

  /**
   * Runs `hook(optimizer)` at the end of each loadStateDict(), as PyTorch's
   * `register_load_state_dict_post_hook`; `prepend` runs it before the hooks already registered.
   * @example opt.registerLoadStateDictPostHook((o) => { for (const g of o.paramGroups) g.lr = 0.01; });
   */
  registerLoadStateDictPostHook(hook: (optimizer: this) => void, prepend: boolean | { prepend?: boolean } = false): RemovableHandle {
    return addHook(this.loadStateDictPostHooks, hook, prependOption(prepend));
  }

  /** @internal the state of p, created empty on first use (PyTorch's defaultdict). */
  protected stateOf(p: Tensor): ParamState {
    let s = this.state.get(p);
    if (s === undefined) {
      s = {};
      this.state.set(p, s);
    }
    return s;
  }

  /** @internal keeps a new state tensor alive across torch.tidy() scopes. */
  protected keep(t: Tensor): Tensor {
    return escapeScopes(t);
  }

  /** @internal a new state buffer: `torch.zeros_like(param, memory_format=torch.preserve_format)`, kept. */
  protected zeroState(param: Tensor): Tensor {
    return this.keep(zerosLike(param, { memoryFormat: 'preserve_format' }));
  }

  /** @internal refuses a complex parameter when its state is first made (not supported yet). */
  protected checkReal(param: Tensor): void {
    if (param.isComplex()) throw new TypeError(`${this.optimizerName}: complex parameters are not supported`);
  }

  /**
   * The optimizer's state: per-parameter state keyed by index and the parameter groups with
   * `params` as index lists, as PyTorch's `state_dict()`. Tensors are shared, not copied.
   * @example const sd = opt.stateDict(); other.loadStateDict(sd);
   */
  stateDict(): OptimizerStateDict {
    for (const hook of [...this.stateDictPreHooks.values()]) (hook as (o: this) => void)(this);
    const index = new Map<Tensor, number>();
    let start = 0;
    const paramGroups: SavedParamGroup[] = this.paramGroups.map((g) => {
      const packed: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(g)) if (k !== 'params') packed[k] = Array.isArray(v) ? [...v] : v;
      g.params.forEach((p, i) => { if (!index.has(p)) index.set(p, start + i); });
      packed.params = g.params.map((p) => index.get(p)!);
      start += g.params.length;
      return packed as SavedParamGroup;
    });
    const state: Record<number, ParamState> = {};
    for (const [p, s] of this.state) {
      const i = index.get(p);
      if (i === undefined) continue;
      const packed: ParamState = {};
      for (const [k, v] of Object.entries(s)) {
        packed[k] = k === 'step' && typeof v === 'number' && this.tensorStep ? tensor(v, { dtype: 'float32' }) : v;
      }
      state[i] = packed;
    }
    let stateDict: OptimizerStateDict = { state, paramGroups };
    for (const hook of [...this.stateDictPostHooks.values()]) {
      const result = (hook as (o: this, sd: OptimizerStateDict) => OptimizerStateDict | void)(this, stateDict);
      if (result !== undefined && result !== null) stateDict = result;
    }
    return stateDict;
  }

  /**
   * Loads a state from stateDict() (or from PyTorch's structure with snake_case keys). Tensors are
   * copied, cast to each parameter's dtype and device (except `step`).
   * @example opt.loadStateDict(saved);
   */
  loadStateDict(stateDict: OptimizerStateDict | Record<string, unknown>): void {
    if (!isPlainObject(stateDict)) throw new TypeError(`loadStateDict(stateDict): expected an object from stateDict() (got ${describeValue(stateDict)})`);
    // A shallow copy, as PyTorch's: the pre-hooks may change it without changing the caller's.
    let sd: Record<string, unknown> = { ...(stateDict as Record<string, unknown>) };
    for (const hook of [...this.loadStateDictPreHooks.values()]) {
      const result = (hook as (o: this, sd: Record<string, unknown>) => Record<string, unknown> | void)(this, sd);
      if (result !== undefined && result !== null) sd = result;
    }
    if (!isPlainObject(sd)) throw new TypeError(`loadStateDict(): a load state dict pre-hook returned ${describeValue(sd)}, not an object`);
    const savedGroupsRaw = sd.paramGroups ?? sd.param_groups;
    const savedState = sd.state;
    if (!Array.isArray(savedGroupsRaw)) throw new TypeError('loadStateDict(): stateDict.paramGroups must be an array');
    if (savedState === null || typeof savedState !== 'object') throw new TypeError('loadStateDict(): stateDict.state must be an object');
    const groups = this.paramGroups;
    const savedGroups = savedGroupsRaw.map((g: unknown) => {
      if (!isPlainObject(g) || !Array.isArray(g.params)) throw new TypeError('loadStateDict(): each saved parameter group must be an object with a params array');
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(g)) out[snakeToCamel(k)] = Array.isArray(v) ? [...v] : v;
      return out as SavedParamGroup;
    });
    if (groups.length !== savedGroups.length) throw new RangeError('loaded state dict has a different number of parameter groups');
    for (let i = 0; i < groups.length; i++) {
      if (groups[i]!.params.length !== savedGroups[i]!.params.length) {
        throw new RangeError("loaded state dict contains a parameter group that doesn't match the size of optimizer's group");
      }
    }
    const idMap = new Map<number, Tensor>();
    for (let i = 0; i < groups.length; i++) {
      savedGroups[i]!.params.forEach((id, j) => idMap.set(Number(id), groups[i]!.params[j]!));
    }
    const state = new Map<Tensor, ParamState>();
    const entries = savedState instanceof Map ? [...savedState.entries()] : Object.entries(savedState);
    for (const [key, value] of entries) {
      const p = idMap.get(Number(key));
      if (p === undefined || !isPlainObject(value)) continue;
      const floating = p.isFloatingPoint();
      const s: ParamState = {};
      for (const [k0, v] of Object.entries(value)) {
        const k = snakeToCamel(k0);
        if (k === 'step') {
          s[k] = v instanceof Tensor ? v.item() : (v as StateValue);
        } else if (v instanceof Tensor) {
          const cast = floating ? v.to({ dtype: p.dtype, device: p.device }) : v.to(p.device);
          s[k] = this.keep(cast === v ? v.detach().clone() : cast);
        } else {
          s[k] = v as StateValue;
        }
      }
      state.set(p, s);
    }
    const paramGroups = groups.map((g, i) => {
      const ng = { ...savedGroups[i]!, params: g.params } as Record<string, unknown>;
      if (g.paramNames !== undefined && ng.paramNames === undefined) ng.paramNames = g.paramNames;
      if (Array.isArray(ng.betas)) ng.betas = [...ng.betas];
      return ng as ParamGroup<O>;
    });
    this.setState(state, paramGroups);
    for (const hook of [...this.loadStateDictPostHooks.values()]) (hook as (o: this) => void)(this);
  }

  /**
   * Installs a loaded state and parameter groups (PyTorch's `__setstate__`): options missing from
   * an older state dict (or None in Python's, as foreach) take the defaults. Subclasses that fix
   * up loaded state override this and call super first; the load post-hooks run after it.
   * @example
   * protected override setState(state: Map<Tensor, ParamState>, groups: ParamGroup<O>[]): void {
   *   super.setState(state, groups);
   *   for (const g of this.paramGroups) g.decoupledWeightDecay = true;
   * }
   */
  protected setState(state: Map<Tensor, ParamState>, paramGroups: ParamGroup<O>[]): void {
    for (const ng of paramGroups as Record<string, unknown>[]) {
      for (const [key, value] of Object.entries(this.defaults)) {
        if (ng[key] === undefined || (ng[key] === null && value !== null)) ng[key] = value;
      }
    }
    this.state = state;
    this.paramGroups = paramGroups;
    for (const g of this.paramGroups) this.validateGroup(g);
  }

  /** PyTorch's repr: the class name and each group's options. @example console.log(String(opt)) */
  toString(): string {
    let s = `${this.optimizerName} (`;
    this.paramGroups.forEach((g, i) => {
      s += `\nParameter Group ${i}\n`;
      for (const key of Object.keys(g).sort()) {
        if (key === 'params') continue;
        s += `    ${key}: ${formatOption(g[key])}\n`;
      }
    });
    return `${s})`;
  }
}

/**
 * A step pre-hook: `hook(optimizer, args, kwargs)` with step's arguments; returns nothing, or
 * `[newArgs, newKwargs]` to call step with instead.
 */
export type OptimizerStepPreHook<T = Optimizer> = (optimizer: T, args: unknown[], kwargs: Record<string, unknown>) => [unknown[], Record<string, unknown>] | void;

/** A step post-hook: `hook(optimizer, args, kwargs)` after the step. */
export type OptimizerStepPostHook<T = Optimizer> = (optimizer: T, args: unknown[], kwargs: Record<string, unknown>) => void;

const globalOptimizerPreHooks = new Map<number, OptimizerStepPreHook>();
const globalOptimizerPostHooks = new Map<number, OptimizerStepPostHook>();

/**
 * Registers a step pre-hook common to all optimizers (PyTorch's
 * `torch.optim.optimizer.register_optimizer_step_pre_hook`): `hook(optimizer, args, kwargs)` runs
 * before each step() of every optimizer, before the optimizer's own pre-hooks, and may return
 * `[newArgs, newKwargs]`. Returns a handle whose remove() unregisters it.
 * @example const h = optim.optimizer.registerOptimizerStepPreHook((opt) => console.log(opt.constructor.name)); h.remove();
 */
export function registerOptimizerStepPreHook(hook: OptimizerStepPreHook): RemovableHandle {
  return addHook(globalOptimizerPreHooks, hook, false);
}

/**
 * Registers a step post-hook common to all optimizers (PyTorch's
 * `torch.optim.optimizer.register_optimizer_step_post_hook`): `hook(optimizer, args, kwargs)` runs
 * after each step() of every optimizer, after the optimizer's own post-hooks.
 * @example const h = optim.optimizer.registerOptimizerStepPostHook(() => steps++); h.remove();
 */
export function registerOptimizerStepPostHook(hook: OptimizerStepPostHook): RemovableHandle {
  return addHook(globalOptimizerPostHooks, hook, false);
}

function prependOption(prepend: boolean | { prepend?: boolean } | undefined): boolean {
  const v = isPlainObject(prepend) ? (prepend as { prepend?: boolean }).prepend ?? false : prepend ?? false;
  if (typeof v !== 'boolean') throw argTypeError('', 'prepend', 'a boolean', v);
  return v;
}

/** Adds `hook` under a new handle's id, first when `prepend` (PyTorch's `move_to_end(last=False)`). */
function addHook<H>(map: Map<number, H>, hook: H, prepend: boolean): RemovableHandle {
  if (typeof hook !== 'function') throw argTypeError('', 'hook', 'a function', hook);
  const handle = new RemovableHandle([map]);
  if (prepend) {
    const rest = [...map];
    map.clear();
    map.set(handle.id, hook);
    for (const [k, v] of rest) map.set(k, v);
  } else {
    map.set(handle.id, hook);
  }
  return handle;
}

const HOOKED = Symbol('optim.hookedStep');
type StepFunction = ((...args: unknown[]) => unknown) & { [HOOKED]?: true };

/**
 * Wraps the step() of an optimizer's class, once per class, so that the step hooks run around
 * every step, including a subclass's own (PyTorch's `_patch_step_function`).
 */
function patchStepFunction(optimizer: Optimizer): void {
  const proto = Object.getPrototypeOf(optimizer) as { step: StepFunction };
  const step = proto.step;
  if (step[HOOKED]) return;
  const hooked: StepFunction = function hookedStep(this: Optimizer, ...args: unknown[]): unknown {
    return this._hookedStep(step, args);
  };
  hooked[HOOKED] = true;
  Object.defineProperty(proto, 'step', { value: hooked, writable: true, configurable: true, enumerable: false });
}

function formatOption(v: unknown): string {
  if (Array.isArray(v)) return `(${v.map(formatOption).join(', ')})`;
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (v === null || v === undefined) return 'None';
  return String(v);
}

// ---- option checking, shared by the optimizers ------------------------------------------------

/**
 * An optimizer's hyper-parameters after `params`, as Python takes them: positionally in Python's
 * order (`K`, a prefix of Python's positional parameters), then by name in an options object `O`.
 * E.g. `new optim.SGD(model.parameters(), 0.1, 0.9)` is `new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 })`.
 */
export type OptimizerArgs<O, K extends readonly (keyof O)[]> = Args<{ -readonly [I in keyof K]: Exclude<O[K[I]], undefined> }, O>;

/** `params` given by name with the other options: Python's `SGD(params=model.parameters(), lr=0.1)`. */
export type ParamsByName<G extends BaseOptimizerOptions, O> = O & { params: Params<G> };

/**
 * Splits an optimizer constructor's arguments into `[params, options]`: the positional values
 * named by `positional` (Python's order), a trailing options object checked against `allowed`,
 * or `params` itself given by name in the only (options) argument.
 * @internal
 */
export function optimizerArgs<G extends BaseOptimizerOptions, O extends object>(cls: string, first: unknown, args: readonly unknown[], positional: readonly string[], allowed: readonly string[]): [Params<G>, O] {
  if (isPlainObject(first) && args.length === 0 && 'params' in first) {
    const { params, ...options } = first;
    checkOptionKeys(cls, options, allowed);
    return [params as Params<G>, options as O];
  }
  let n = args.length;
  while (n > 0 && args[n - 1] === undefined) n--;
  let options: Record<string, unknown> = {};
  if (n > 0 && isPlainObject(args[n - 1])) {
    options = args[n - 1] as Record<string, unknown>;
    n--;
  } else if (n > 0 && args[n - 1] !== null && typeof args[n - 1] === 'object' && !Array.isArray(args[n - 1])) {
    throw argTypeError(cls, 'options', 'an object', args[n - 1]);
  }
  checkOptionKeys(cls, options, allowed);
  if (n > positional.length) throw new TypeError(`${cls}() takes at most ${positional.length + 1} positional arguments (${n + 1} given)`);
  const merged: Record<string, unknown> = { ...options };
  for (let i = 0; i < n; i++) {
    const name = positional[i]!;
    if (options[name] !== undefined) throw new TypeError(`${cls}(): got multiple values for argument '${name}'`);
    if (args[i] !== undefined) merged[name] = args[i];
  }
  return [first as Params<G>, merged as O];
}

/** @internal Throws a TypeError for keys that are not options of `cls` (suggesting the camelCase name). */
export function checkOptionKeys(cls: string, options: unknown, allowed: readonly string[]): void {
  if (options === undefined) return;
  if (!isPlainObject(options)) throw argTypeError(cls, 'options', 'an object', options);
  for (const key of Object.keys(options)) {
    if (allowed.includes(key)) continue;
    const camel = snakeToCamel(key);
    const hint = camel !== key && allowed.includes(camel) ? ` (did you mean ${camel}?)` : '';
    throw new TypeError(`${cls}: unknown option '${key}'${hint}; options are ${allowed.join(', ')}`);
  }
}

/** @internal A finite number option, or a TypeError naming it. */
export function numberOption(cls: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || Number.isNaN(v)) throw argTypeError(cls, `option ${name}`, 'a number', v);
  return v;
}

/** @internal A boolean option, or a TypeError naming it. */
export function booleanOption(cls: string, name: string, v: unknown): boolean {
  if (typeof v !== 'boolean') throw argTypeError(cls, `option ${name}`, 'a boolean', v);
  return v;
}

/** @internal A `foreach` option: true, false, or null (PyTorch's None: decide by device). */
export function foreachOption(cls: string, v: unknown): boolean | null {
  if (v !== null && typeof v !== 'boolean') throw argTypeError(cls, 'option foreach', 'a boolean or null', v);
  return v;
}

/**
 * Whether a group runs the `_foreach_*` path: as PyTorch's default (foreach=None), only when the
 * parameters are on an accelerator. On CPU the per-parameter loop is PyTorch's default, and it
 * is also faster there: each parameter stays in cache through all of its operators.
 * @internal
 */
export function useForeach(foreach: boolean | null, params: readonly Tensor[]): boolean {
  if (foreach !== null) return foreach;
  const first = params[0];
  return first !== undefined && first.device !== 'cpu';
}

/** @internal Checks `v >= 0` (PyTorch's message, with the option named). */
export function nonNegative(cls: string, name: string, v: unknown, what: string): void {
  const n = numberOption(cls, name, v);
  if (!(n >= 0)) throw new RangeError(`Invalid ${what}: ${n} (${cls} option ${name} must be >= 0)`);
}
