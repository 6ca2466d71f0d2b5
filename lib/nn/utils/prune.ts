// nn.utils.prune, as torch/nn/utils/prune.py: pruning methods compute a 0/1 mask for a
// parameter; applying one to a module moves the parameter to `<name>_orig`, registers the mask as
// the buffer `<name>_mask`, and recomputes `module[name] = mask * orig` in a forward pre-hook.
import { Tensor } from '../../tensor.js';
import { onesLike, zerosLike, randLike, rand, kthvalue } from '../../generated/functions.js';
import { norm } from '../../functional.js';
import { Module, removeMember } from '../modules/module.js';
import { Parameter } from '../parameter.js';
import type { RemovableHandle } from '../../utils/hooks.js';
import { parametersToVector } from './convert_parameters.js';
import { argTypeError, checkInt, checkTensor, describeValue, isPlainObject, parseArgs, type KwArgs } from '../../validate.js';

/** How a method's mask relates to the tensor: entries, whole channels along `dim`, or the whole tensor. */
export type PruningType = 'unstructured' | 'structured' | 'global';

/** The pruning methods hooked on each module, by hook id (PyTorch keeps them in `_forward_pre_hooks`). */
const pruningHooks = new WeakMap<Module, Map<number, { method: BasePruningMethod; handle: RemovableHandle }>>();

function hooksOf(module: Module): Map<number, { method: BasePruningMethod; handle: RemovableHandle }> {
  let hooks = pruningHooks.get(module);
  if (hooks === undefined) pruningHooks.set(module, hooks = new Map());
  return hooks;
}

function attr(module: Module, name: string): unknown {
  return (module as unknown as Record<string, unknown>)[name];
}

function setAttr(module: Module, name: string, value: unknown): void {
  (module as unknown as Record<string, unknown>)[name] = value;
}

function sameShape(a: Tensor, b: Tensor): boolean {
  const s = a.shape;
  const t = b.shape;
  return s.length === t.length && s.every((v, i) => v === t[i]);
}

function pySize(t: Tensor): string {
  return `torch.Size([${t.shape.join(', ')}])`;
}

/**
 * The base of pruning methods (Python's abstract `BasePruningMethod`): a subclass sets
 * `PRUNING_TYPE` and implements `computeMask(t, defaultMask)`.
 * @example
 * class ThresholdPruning extends nn.utils.prune.BasePruningMethod {
 *   readonly PRUNING_TYPE = 'unstructured';
 *   computeMask(t: Tensor, defaultMask: Tensor): Tensor { return defaultMask.mul(t.abs().gt(0.1)); }
 * }
 * ThresholdPruning.apply(new nn.Linear(3, 2), 'weight');
 */
export abstract class BasePruningMethod {
  abstract readonly PRUNING_TYPE: PruningType;
  /** The name of the parameter this method prunes (set by apply). */
  _tensorName: string | null = null;

  /** The mask for `t`, combined with `defaultMask` (the mask of earlier prunings). */
  abstract computeMask(t: Tensor, defaultMask: Tensor): Tensor;

  /** The forward pre-hook: `module[name] = applyMask(module)`. @example method.call(module, []) */
  call(module: Module, _inputs: unknown[] = []): void {
    setAttr(module, this._tensorName!, this.applyMask(module));
  }

  /**
   * `<name>_mask * <name>_orig` of `module`: the pruned tensor.
   * @example const w = method.applyMask(module);
   */
  applyMask(module: Module): Tensor {
    if (this._tensorName === null) throw new Error(`Module ${String(module)} has to be pruned`);
    const mask = attr(module, this._tensorName + '_mask') as Tensor;
    const orig = attr(module, this._tensorName + '_orig') as Tensor;
    return mask.to(orig.dtype).mul(orig);
  }

  /**
   * Prunes `module[name]` with a new method of this class (constructed from `args`), combined
   * with earlier prunings of the same tensor in a PruningContainer.
   * @example nn.utils.prune.L1Unstructured.apply(fc, 'weight', 0.3)
   */
  static apply(module: Module, name: string, ...args: unknown[]): BasePruningMethod {
    return applyMethod(this as unknown as new (...a: unknown[]) => BasePruningMethod, module, name, args, null);
  }

  /**
   * `t` times its mask (the tensor pruned, without touching any module).
   * @example new nn.utils.prune.L1Unstructured(0.5).prune(torch.randn(4))
   */
  prune(t: Tensor, defaultMask: Tensor | null = null, importanceScores: Tensor | null = null): Tensor {
    if (importanceScores !== null) {
      if (!sameShape(importanceScores, t)) {
        throw new RangeError(`importance_scores should have the same shape as tensor t, got ${pySize(importanceScores)} vs ${pySize(t)}`);
      }
    } else importanceScores = t;
    return t.mul(this.computeMask(importanceScores, defaultMask ?? onesLike(t)));
  }

  /**
   * Makes the pruning permanent: `module[name]` becomes a Parameter holding the pruned values, and
   * `<name>_orig` and `<name>_mask` go away (the hook is removed by `prune.remove`).
   * @example method.remove(module)
   */
  remove(module: Module): void {
    if (this._tensorName === null) throw new Error(`Module ${String(module)} has to be pruned before pruning can be removed`);
    const name = this._tensorName;
    const weight = this.applyMask(module);
    if (attr(module, name) !== undefined) delete (module as unknown as Record<string, unknown>)[name];
    const orig = attr(module, name + '_orig') as Parameter;
    orig.data = weight.data;
    removeMember(module, name + '_orig');
    removeMember(module, name + '_mask');
    module.registerParameter(name, orig);
  }
}

type MethodClass = new (...args: unknown[]) => BasePruningMethod;

/** Python's `BasePruningMethod.apply`. */
function applyMethod(cls: MethodClass, module: Module, name: string, args: unknown[], importanceScores: Tensor | null): BasePruningMethod {
  const where = `${cls.name}.apply()`;
  if (!(module instanceof Module)) throw argTypeError(where, 'module', 'an nn.Module', module);
  if (typeof name !== 'string') throw argTypeError(where, 'name', 'a string', name);
  // _get_composite_method: an earlier pruning of the same tensor is combined with the new one.
  const hooks = hooksOf(module);
  let old: BasePruningMethod | null = null;
  const toRemove: number[] = [];
  for (const [id, { method }] of hooks) {
    if (method._tensorName === name) { old = method; toRemove.push(id); }
  }
  if (toRemove.length > 1) {
    throw new Error(`Avoid adding multiple pruning hooks to the same tensor ${name} of module ${String(module)}. Use a PruningContainer.`);
  }
  for (const id of toRemove) { hooks.get(id)!.handle.remove(); hooks.delete(id); }
  let method = new cls(...args);
  method._tensorName = name;
  if (old !== null) {
    if (old instanceof PruningContainer) {
      old.addPruningMethod(method);
      method = old;
    } else {
      const container = new PruningContainer(old);
      container.addPruningMethod(method);
      method = container;
    }
  }
  const orig = attr(module, name);
  if (!(orig instanceof Tensor)) throw new Error(`'${module._getName()}' object has no attribute '${name}'`);
  if (importanceScores !== null) {
    if (!sameShape(importanceScores, orig)) {
      throw new RangeError(`importance_scores should have the same shape as parameter ${name} of ${String(module)}, got ${pySize(importanceScores)} vs ${pySize(orig)}`);
    }
  } else importanceScores = orig;
  let defaultMask: Tensor;
  const fresh = !(method instanceof PruningContainer);
  if (fresh) {
    if (!(orig instanceof Parameter)) throw new Error(`${module._getName()}.${name} is not a parameter`);
    removeMember(module, name);
    module.registerParameter(name + '_orig', orig);
    defaultMask = onesLike(orig);
  } else {
    defaultMask = (attr(module, name + '_mask') as Tensor).detach().clone({ memoryFormat: 'contiguous_format' });
  }
  try {
    const mask = method.computeMask(importanceScores, defaultMask);
    module.registerBuffer(name + '_mask', mask);
    setAttr(module, name, method.applyMask(module));
    const m = method;
    const handle = module.registerForwardPreHook((mod) => { m.call(mod); });
    hooks.set(handle.id, { method, handle });
  } catch (e) {
    if (fresh) {
      const o = attr(module, name + '_orig') as Parameter;
      removeMember(module, name + '_orig');
      if (attr(module, name) !== undefined) delete (module as unknown as Record<string, unknown>)[name];
      module.registerParameter(name, o);
    }
    throw e;
  }
  return method;
}

/**
 * A sequence of pruning methods applied one after the other to the same tensor: each new method
 * prunes what the previous ones left (PyTorch's PruningContainer).
 * @example
 * const c = new nn.utils.prune.PruningContainer(); c._tensorName = 'weight';
 * c.addPruningMethod(Object.assign(new nn.utils.prune.L1Unstructured(0.5), { _tensorName: 'weight' }));
 */
export class PruningContainer extends BasePruningMethod {
  readonly PRUNING_TYPE: PruningType = 'unstructured';
  _pruningMethods: BasePruningMethod[] = [];

  constructor(...methods: BasePruningMethod[]) {
    super();
    if (methods.length === 1) {
      this._tensorName = methods[0]!._tensorName;
      this.addPruningMethod(methods[0]!);
    } else {
      for (const m of methods) this.addPruningMethod(m);
    }
  }

  /**
   * Adds a method acting on the same tensor.
   * @example container.addPruningMethod(method)
   */
  addPruningMethod(method: BasePruningMethod | null): void {
    if (method !== null && !(method instanceof BasePruningMethod)) {
      throw new TypeError(`${describeValue(method)} is not a BasePruningMethod subclass`);
    }
    if (method !== null && this._tensorName !== method._tensorName) {
      throw new RangeError(`Can only add pruning methods acting on the parameter named '${String(this._tensorName)}' to PruningContainer ${String(this)}. Found '${String(method._tensorName)}'`);
    }
    this._pruningMethods.push(method!);
  }

  /** How many methods it holds. @example container.length */
  get length(): number {
    return this._pruningMethods.length;
  }

  /** The i-th method (negative counts from the end). @example container.at(-1) */
  at(i: number): BasePruningMethod | undefined {
    return this._pruningMethods.at(i);
  }

  [Symbol.iterator](): Iterator<BasePruningMethod> {
    return this._pruningMethods[Symbol.iterator]();
  }

  /**
   * Applies the newest method to the part of `t` the earlier ones kept: the unpruned entries
   * (unstructured), the unpruned channels (structured) or all of it (global).
   * @example container.computeMask(t, defaultMask)
   */
  computeMask(t: Tensor, defaultMask: Tensor): Tensor {
    const method = this._pruningMethods[this._pruningMethods.length - 1]!;
    const newMask = defaultMask.to(t.dtype);
    let slc: (string | Tensor)[];
    if (method.PRUNING_TYPE === 'unstructured') {
      slc = [defaultMask.eq(1)];
    } else if (method.PRUNING_TYPE === 'structured') {
      const dimOf = (method as unknown as { dim?: number }).dim;
      if (dimOf === undefined) throw new Error('Pruning methods of PRUNING_TYPE "structured" need to have the attribute `dim` defined.');
      const nDims = t.dim();
      let dim = dimOf;
      if (dim < 0) dim = nDims + dim;
      if (dim < 0) throw new RangeError(`Index is out of bounds for tensor with dimensions ${nDims}`);
      const others = [...Array(nDims).keys()].filter((d) => d !== dim);
      const keepChannel = defaultMask.sum(others).ne(0);
      slc = Array<string | Tensor>(nDims).fill(':');
      slc[dim] = keepChannel;
    } else if (method.PRUNING_TYPE === 'global') {
      slc = Array<string>(t.dim()).fill(':');
    } else {
      throw new RangeError(`Unrecognized PRUNING_TYPE ${String(method.PRUNING_TYPE)}`);
    }
    const partial = method.computeMask(t.index(slc), defaultMask.index(slc));
    newMask.indexPut_(slc, partial.to(newMask.dtype));
    return newMask;
  }

  override toString(): string {
    return `PruningContainer(${this._pruningMethods.map((m) => m.constructor.name).join(', ')})`;
  }
}

/**
 * Prunes nothing: the mask stays as it is (all ones on a fresh tensor).
 * @example nn.utils.prune.Identity.apply(fc, 'weight')
 */
export class Identity extends BasePruningMethod {
  readonly PRUNING_TYPE: PruningType = 'unstructured';

  computeMask(_t: Tensor, defaultMask: Tensor): Tensor {
    return defaultMask;
  }

  static override apply(module: Module, name: string): BasePruningMethod {
    return applyMethod(Identity as unknown as MethodClass, module, name, [], null);
  }
}

/** Python's _validate_pruning_amount_init: an integer count >= 0 or a fraction in [0, 1]. */
function checkAmount(where: string, amount: unknown): number {
  if (typeof amount !== 'number' || Number.isNaN(amount)) throw new TypeError(`Invalid type for amount: ${describeValue(amount, 'brief')}. Must be int or float.`);
  if (Number.isInteger(amount) ? amount < 0 : amount > 1 || amount < 0) {
    throw new RangeError(`amount=${amount} should either be a float in the range [0, 1] or a non-negative integer`);
  }
  void where;
  return amount;
}

/** Python's round(): halves to even. */
function pyRound(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * How many entries (or channels) `amount` prunes out of `size`: an integer is a count, a fraction
 * is rounded as Python rounds (halves to even). JS numbers carry no int/float type, so a whole
 * number is a count (1 prunes one entry, not all of them), as Python's int.
 */
function nToPrune(amount: number, size: number): number {
  const n = Number.isInteger(amount) ? amount : pyRound(amount * size);
  if (Number.isInteger(amount) && amount > size) throw new RangeError(`amount=${amount} should be smaller than the number of parameters to prune=${size}`);
  return n;
}

function checkStructured(t: Tensor, dim: number): void {
  if (t.dim() <= 1) {
    throw new RangeError(`Structured pruning can only be applied to multidimensional tensors. Found tensor of shape ${pySize(t)} with ${t.dim()} dims`);
  }
  if (dim >= t.dim()) throw new RangeError(`Invalid index ${dim} for tensor of size ${pySize(t)}`);
}

/** Options of the pruning methods' constructors (Python's keyword arguments). */
export interface PruningKeywords {
  /**
   * A fraction in [0, 1] of the entries (channels) to prune, or a count. JS numbers carry no
   * int/float type: a whole number is a count, as Python's int (1 prunes one entry, not all).
   */
  amount?: number;
  /** The norm of LnStructured (a number, Infinity, -Infinity or 'fro'). */
  n?: number | 'fro' | 'nuc';
  /** The dimension whose channels structured methods prune (default -1). */
  dim?: number;
}

/**
 * Prunes `amount` entries chosen at random (the same ones as Python for the same seed: the
 * largest of torch.randLike(t)).
 * @example nn.utils.prune.randomUnstructured(fc, 'weight', { amount: 0.3 })
 */
export class RandomUnstructured extends BasePruningMethod {
  readonly PRUNING_TYPE: PruningType = 'unstructured';
  amount: number;

  constructor(...args: KwArgs<[amount: number], ['amount'], Pick<PruningKeywords, 'amount'>>) {
    super();
    const o = parseArgs<Pick<PruningKeywords, 'amount'>>('RandomUnstructured()', args, ['amount'], {}, ['amount']);
    this.amount = checkAmount('RandomUnstructured()', o.amount);
  }

  computeMask(t: Tensor, defaultMask: Tensor): Tensor {
    const n = nToPrune(this.amount, t.numel());
    const mask = defaultMask.clone({ memoryFormat: 'contiguous_format' });
    if (n !== 0) {
      const prob = randLike(t);
      const { indices } = prob.view(-1).topk(n);
      mask.view(-1).indexPut_([indices], 0);
    }
    return mask;
  }

  static override apply(module: Module, name: string, amount: number): BasePruningMethod {
    return applyMethod(RandomUnstructured as unknown as MethodClass, module, name, [{ amount }], null);
  }
}

/**
 * Prunes the `amount` entries of smallest absolute value (or of smallest importance score).
 * @example nn.utils.prune.l1Unstructured(fc, 'weight', 0.3)
 */
export class L1Unstructured extends BasePruningMethod {
  readonly PRUNING_TYPE: PruningType = 'unstructured';
  amount: number;

  constructor(...args: KwArgs<[amount: number], ['amount'], Pick<PruningKeywords, 'amount'>>) {
    super();
    const o = parseArgs<Pick<PruningKeywords, 'amount'>>('L1Unstructured()', args, ['amount'], {}, ['amount']);
    this.amount = checkAmount('L1Unstructured()', o.amount);
  }

  computeMask(t: Tensor, defaultMask: Tensor): Tensor {
    const n = nToPrune(this.amount, t.numel());
    const mask = defaultMask.clone({ memoryFormat: 'contiguous_format' });
    if (n !== 0) {
      const { indices } = t.abs().view(-1).topk(n, { largest: false });
      mask.view(-1).indexPut_([indices], 0);
    }
    return mask;
  }

  static override apply(module: Module, name: string, amount: number, importanceScores: Tensor | null = null): BasePruningMethod {
    return applyMethod(L1Unstructured as unknown as MethodClass, module, name, [{ amount }], importanceScores);
  }
}

/**
 * Prunes `amount` whole channels along `dim`, chosen at random (torch.rand, as Python).
 * @example nn.utils.prune.randomStructured(conv, 'weight', { amount: 0.5, dim: 0 })
 */
export class RandomStructured extends BasePruningMethod {
  readonly PRUNING_TYPE: PruningType = 'structured';
  amount: number;
  dim: number;

  constructor(...args: KwArgs<[amount: number, dim: number], ['amount'], Pick<PruningKeywords, 'amount' | 'dim'>>) {
    super();
    const where = 'RandomStructured()';
    const o = parseArgs<Pick<PruningKeywords, 'amount' | 'dim'>>(where, args, ['amount', 'dim'], { dim: -1 }, ['amount']);
    this.amount = checkAmount(where, o.amount);
    this.dim = checkInt(where, 'dim', o.dim);
  }

  computeMask(t: Tensor, defaultMask: Tensor): Tensor {
    checkStructured(t, this.dim);
    const size = t.size(this.dim);
    const n = nToPrune(this.amount, size);
    if (n === 0) return defaultMask;
    const prob = rand(size);
    const threshold = kthvalue(prob, n).values;
    const channelMask = prob.gt(threshold);
    const mask = zerosLike(t);
    const dim = this.dim < 0 ? t.dim() + this.dim : this.dim;
    const slc: (string | Tensor)[] = Array<string | Tensor>(t.dim()).fill(':');
    slc[dim] = channelMask;
    mask.indexPut_(slc, 1);
    return mask.mul_(defaultMask.to(mask.dtype));
  }

  static override apply(module: Module, name: string, amount: number, dim: number = -1): BasePruningMethod {
    return applyMethod(RandomStructured as unknown as MethodClass, module, name, [{ amount, dim }], null);
  }
}

/**
 * Prunes the `amount` channels along `dim` of smallest Ln norm.
 * @example nn.utils.prune.lnStructured(conv, 'weight', { amount: 0.5, n: 2, dim: 0 })
 */
export class LnStructured extends BasePruningMethod {
  readonly PRUNING_TYPE: PruningType = 'structured';
  amount: number;
  n: number | 'fro' | 'nuc';
  dim: number;

  constructor(...args: KwArgs<[amount: number, n: number | 'fro' | 'nuc', dim: number], ['amount', 'n'], PruningKeywords>) {
    super();
    const where = 'LnStructured()';
    const o = parseArgs<PruningKeywords>(where, args, ['amount', 'n', 'dim'], { dim: -1 }, ['amount', 'n']);
    this.amount = checkAmount(where, o.amount);
    this.n = o.n!;
    this.dim = checkInt(where, 'dim', o.dim);
  }

  computeMask(t: Tensor, defaultMask: Tensor): Tensor {
    checkStructured(t, this.dim);
    const size = t.size(this.dim);
    const n = nToPrune(this.amount, size);
    const dims = [...Array(t.dim()).keys()];
    const dim = this.dim < 0 ? dims.at(this.dim)! : this.dim;
    const normT = norm(t, this.n, dims.filter((d) => d !== dim));
    const { indices } = normT.topk(size - n, { largest: true });
    if (n === 0) return defaultMask;
    const mask = zerosLike(t);
    const slc: (string | Tensor)[] = Array<string | Tensor>(t.dim()).fill(':');
    slc[dim] = indices;
    mask.indexPut_(slc, 1);
    return mask.mul_(defaultMask.to(mask.dtype));
  }

  static override apply(module: Module, name: string, amount: number, n: number | 'fro' | 'nuc', dim: number, importanceScores: Tensor | null = null): BasePruningMethod {
    return applyMethod(LnStructured as unknown as MethodClass, module, name, [{ amount, n, dim }], importanceScores);
  }
}

/**
 * Prunes with a given mask (zeros are pruned).
 * @example nn.utils.prune.customFromMask(fc, 'bias', torch.tensor([0, 1, 1]))
 */
export class CustomFromMask extends BasePruningMethod {
  readonly PRUNING_TYPE: PruningType = 'global';
  mask: Tensor;

  constructor(...args: KwArgs<[mask: Tensor], ['mask'], { mask?: Tensor }>) {
    super();
    const o = parseArgs<{ mask?: Tensor }>('CustomFromMask()', args, ['mask'], {}, ['mask']);
    this.mask = checkTensor('CustomFromMask()', 'mask', o.mask);
  }

  computeMask(_t: Tensor, defaultMask: Tensor): Tensor {
    if (!sameShape(defaultMask, this.mask)) {
      throw new RangeError(`default_mask shape ${pySize(defaultMask)} must match self.mask shape ${pySize(this.mask)}`);
    }
    return defaultMask.mul(this.mask.to(defaultMask.dtype));
  }

  static override apply(module: Module, name: string, mask: Tensor): BasePruningMethod {
    return applyMethod(CustomFromMask as unknown as MethodClass, module, name, [{ mask }], null);
  }
}

function moduleAndName(where: string, o: { module?: unknown; name?: unknown }): [Module, string] {
  if (!(o.module instanceof Module)) throw argTypeError(where, 'module', 'an nn.Module', o.module);
  if (typeof o.name !== 'string') throw argTypeError(where, 'name', 'a string', o.name);
  return [o.module, o.name];
}

/**
 * Applies the Identity pruning (a mask of ones) to `module[name]`.
 * @example nn.utils.prune.identity(fc, 'weight'); Object.keys(fc.stateDict()) // ['bias', 'weight_orig', 'weight_mask']
 */
export function identity<M extends Module>(...args: KwArgs<[module: M, name: string], ['module', 'name'], { module?: M; name?: string }>): M {
  const where = 'prune.identity()';
  const [module, name] = moduleAndName(where, parseArgs<{ module?: M; name?: string }>(where, args, ['module', 'name'], {}, ['module', 'name']));
  Identity.apply(module, name);
  return module as M;
}

/**
 * Prunes `amount` random entries of `module[name]` (a fraction, or an integer count).
 * @example nn.utils.prune.randomUnstructured(fc, 'weight', 0.3)
 */
export function randomUnstructured<M extends Module>(...args: KwArgs<[module: M, name: string, amount: number], ['module', 'name', 'amount'], { module?: M; name?: string; amount?: number }>): M {
  const where = 'prune.randomUnstructured()';
  const o = parseArgs<{ module?: M; name?: string; amount?: number }>(where, args, ['module', 'name', 'amount'], {}, ['module', 'name', 'amount']);
  const [module, name] = moduleAndName(where, o);
  RandomUnstructured.apply(module, name, o.amount!);
  return module as M;
}

/**
 * Prunes the `amount` entries of `module[name]` of smallest magnitude (or importance score).
 * @example nn.utils.prune.l1Unstructured(fc, 'weight', { amount: 0.3 })
 */
export function l1Unstructured<M extends Module>(...args: KwArgs<[module: M, name: string, amount: number, importanceScores: Tensor | null], ['module', 'name', 'amount'],
  { module?: M; name?: string; amount?: number; importanceScores?: Tensor | null }>): M {
  const where = 'prune.l1Unstructured()';
  const o = parseArgs<{ module?: M; name?: string; amount?: number; importanceScores?: Tensor | null }>(where, args, ['module', 'name', 'amount', 'importanceScores'],
    { importanceScores: null }, ['module', 'name', 'amount']);
  const [module, name] = moduleAndName(where, o);
  L1Unstructured.apply(module, name, o.amount!, checkTensor(where, 'importanceScores', o.importanceScores, true));
  return module as M;
}

/**
 * Prunes `amount` random channels of `module[name]` along `dim`.
 * @example nn.utils.prune.randomStructured(conv, 'weight', 0.5, 0)
 */
export function randomStructured<M extends Module>(...args: KwArgs<[module: M, name: string, amount: number, dim: number], ['module', 'name', 'amount', 'dim'],
  { module?: M; name?: string; amount?: number; dim?: number }>): M {
  const where = 'prune.randomStructured()';
  const o = parseArgs<{ module?: M; name?: string; amount?: number; dim?: number }>(where, args, ['module', 'name', 'amount', 'dim'], {}, ['module', 'name', 'amount', 'dim']);
  const [module, name] = moduleAndName(where, o);
  RandomStructured.apply(module, name, o.amount!, o.dim!);
  return module as M;
}

/**
 * Prunes the `amount` channels of `module[name]` along `dim` with the smallest Ln norm (or importance score).
 * @example nn.utils.prune.lnStructured(conv, 'weight', { amount: 0.5, n: 2, dim: 0 })
 */
export function lnStructured<M extends Module>(...args: KwArgs<[module: M, name: string, amount: number, n: number | 'fro' | 'nuc', dim: number, importanceScores: Tensor | null],
  ['module', 'name', 'amount', 'n', 'dim'], { module?: M; name?: string; amount?: number; n?: number | 'fro' | 'nuc'; dim?: number; importanceScores?: Tensor | null }>): M {
  const where = 'prune.lnStructured()';
  const o = parseArgs<{ module?: M; name?: string; amount?: number; n?: number | 'fro' | 'nuc'; dim?: number; importanceScores?: Tensor | null }>(where, args,
    ['module', 'name', 'amount', 'n', 'dim', 'importanceScores'], { importanceScores: null }, ['module', 'name', 'amount', 'n', 'dim']);
  const [module, name] = moduleAndName(where, o);
  LnStructured.apply(module, name, o.amount!, o.n!, o.dim!, checkTensor(where, 'importanceScores', o.importanceScores, true));
  return module as M;
}

/**
 * Prunes `module[name]` where `mask` is zero.
 * @example nn.utils.prune.customFromMask(fc, 'bias', torch.tensor([0, 1, 1]))
 */
export function customFromMask<M extends Module>(...args: KwArgs<[module: M, name: string, mask: Tensor], ['module', 'name', 'mask'], { module?: M; name?: string; mask?: Tensor }>): M {
  const where = 'prune.customFromMask()';
  const o = parseArgs<{ module?: M; name?: string; mask?: Tensor }>(where, args, ['module', 'name', 'mask'], {}, ['module', 'name', 'mask']);
  const [module, name] = moduleAndName(where, o);
  CustomFromMask.apply(module, name, checkTensor(where, 'mask', o.mask));
  return module as M;
}

/** A pruning method class, as globalUnstructured takes it (constructed with the keywords given there). */
export type PruningMethodClass = new (...args: never) => BasePruningMethod;

/** Options of globalUnstructured: the method's own keywords (`amount`), and importance scores. */
export interface GlobalUnstructuredOptions extends PruningKeywords {
  /** Scores to rank by instead of the parameters, keyed by the [module, name] pairs of `parameters` (a Map, or an array of entries). */
  importanceScores?: Iterable<readonly [readonly [Module, string], Tensor]> | null;
}

/**
 * Prunes the given parameters together: the method (unstructured) ranks all their entries as one
 * vector, so the `amount` pruned are the smallest (L1Unstructured) over all of them, not per tensor.
 * @example
 * const params: [nn.Module, string][] = [[model.fc1, 'weight'], [model.fc2, 'weight']];
 * nn.utils.prune.globalUnstructured(params, nn.utils.prune.L1Unstructured, { amount: 0.2 });
 */
export function globalUnstructured(parameters: Iterable<readonly [Module, string]>, pruningMethod: PruningMethodClass, options: GlobalUnstructuredOptions = {}): void {
  const where = 'prune.globalUnstructured()';
  if (parameters === null || typeof (parameters as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== 'function') {
    throw new TypeError('global_unstructured(): parameters is not an Iterable');
  }
  if (!isPlainObject(options)) throw argTypeError(where, 'options', 'an options object', options);
  const { importanceScores = null, ...kwargs } = options;
  const params = [...parameters];
  const scores: [Module, string, Tensor][] = [];
  if (importanceScores !== null) {
    if (typeof (importanceScores as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== 'function') {
      throw new TypeError('global_unstructured(): importance_scores must be of type dict');
    }
    for (const [[m, n], t] of importanceScores as Iterable<readonly [readonly [Module, string], Tensor]>) scores.push([m, n, t]);
  }
  const scoreOf = (m: Module, n: string): Tensor | undefined => scores.find(([sm, sn]) => sm === m && sn === n)?.[2];
  const tensors = params.map(([m, n]) => attr(m, n) as Tensor);
  const relevant = parametersToVector(params.map(([m, n], i) => scoreOf(m, n) ?? tensors[i]!));
  const defaultMask = parametersToVector(params.map(([m, n], i) => (attr(m, n + '_mask') as Tensor | undefined) ?? onesLike(tensors[i]!)));
  const container = new PruningContainer();
  container._tensorName = 'temp';
  const method = new (pruningMethod as unknown as new (o: PruningKeywords) => BasePruningMethod)(kwargs);
  method._tensorName = 'temp';
  if (method.PRUNING_TYPE !== 'unstructured') {
    throw new TypeError(`Only "unstructured" PRUNING_TYPE supported for the \`pruning_method\`. Found method ${pruningMethod.name} of type ${method.PRUNING_TYPE}`);
  }
  container.addPruningMethod(method);
  const finalMask = container.computeMask(relevant, defaultMask);
  let pointer = 0;
  for (const [i, [m, n]] of params.entries()) {
    const param = tensors[i]!;
    const numel = param.numel();
    customFromMask(m, n, finalMask.narrow(0, pointer, numel).viewAs(param));
    pointer += numel;
  }
}

/**
 * Makes the pruning of `module[name]` permanent and removes its hook: `module[name]` is a
 * Parameter again (holding the pruned values), without `<name>_orig` and `<name>_mask`.
 * @example nn.utils.prune.remove(fc, 'weight')
 */
export function remove<M extends Module>(module: M, name: string): M {
  // Checked first: the message below prints both, and String() of an arbitrary object can throw
  // or (an array Proxy lying about its length) run for minutes.
  if (!(module instanceof Module)) throw argTypeError('remove()', 'module', 'an nn.Module', module);
  if (typeof name !== 'string') throw argTypeError('remove()', 'name', 'a string', name);
  const hooks = pruningHooks.get(module);
  if (hooks !== undefined) {
    for (const [id, { method, handle }] of hooks) {
      if (method._tensorName === name) {
        method.remove(module);
        handle.remove();
        hooks.delete(id);
        return module;
      }
    }
  }
  throw new RangeError(`Parameter '${name}' of module ${String(module)} has to be pruned before pruning can be removed`);
}

/**
 * Whether `module` or any of its submodules has a pruning hook.
 * @example nn.utils.prune.isPruned(model) // false
 */
export function isPruned(module: Module): boolean {
  if (!(module instanceof Module)) throw argTypeError('isPruned()', 'module', 'an nn.Module', module);
  for (const [, sub] of module.namedModules()) {
    const hooks = pruningHooks.get(sub);
    if (hooks !== undefined && hooks.size > 0) return true;
  }
  return false;
}
