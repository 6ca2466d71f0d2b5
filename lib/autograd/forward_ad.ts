// torch.autograd.forwardAd: forward-mode AD over LibTorch's dual tensors. A level is entered and
// exited natively (torch::autograd::forward_ad); dual tensors are made and unpacked by the ATen
// operators _make_dual and _unpack_dual, as torch/autograd/forward_ad.py does.
import { native } from '../binding.js';
import { callOp, opFamily } from '../dispatch.js';
import { Tensor } from '../tensor.js';
import { describeValue, isPlainObject } from '../validate.js';

const makeDualOp = opFamily('_make_dual');
const unpackDualOp = opFamily('_unpack_dual');

// The innermost level entered from JS, -1 outside any (Python keeps the same module global).
let currentLevel = -1;

/**
 * Enters a new forward-AD level and returns it (the function form of `dualLevel()`).
 * @example const level = torch.autograd.forwardAd.enterDualLevel(); try { ... } finally { torch.autograd.forwardAd.exitDualLevel(); }
 */
export function enterDualLevel(): number {
  const level = native.enterDualLevel();
  if (level !== currentLevel + 1) {
    native.exitDualLevel(level);
    throw new Error('Nested forward mode AD is not supported at the moment');
  }
  currentLevel = level;
  return level;
}

/**
 * Exits a forward-AD level (the innermost one by default); every dual tensor of it loses its tangent.
 * @example torch.autograd.forwardAd.exitDualLevel()
 */
export function exitDualLevel(options: { level?: number } = {}): void {
  if (!isPlainObject(options as unknown)) throw new TypeError(`exitDualLevel(): options must be an object (got ${describeValue(options)})`);
  const level = options.level ?? currentLevel;
  if (!Number.isInteger(level)) throw new TypeError(`exitDualLevel(): level must be an integer (got ${describeValue(level)})`);
  if (level !== currentLevel) {
    throw new Error('Trying to exit a forward AD level that was not the last one that was created. This is not supported.');
  }
  if (level < 0) throw new Error('Dual level must be a positive number.');
  native.exitDualLevel(level);
  currentLevel = level - 1;
}

/** The scope a `using` declaration holds: exits its level when disposed. */
export interface DualLevelScope {
  /** The level entered. */
  readonly level: number;
  [Symbol.dispose](): void;
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null &&
    typeof (value as { then?: unknown }).then === 'function';
}

/**
 * A forward-AD level as a scope (Python's `with fwAD.dual_level():`): with a callback, runs it in
 * a new level and returns its value (an async callback's level is exited when its promise
 * settles); without one, returns a scope for `using`.
 * @example
 * const { forwardAd: fwAD } = torch.autograd;
 * const t = fwAD.dualLevel(() => {
 *   const x = fwAD.makeDual(torch.tensor([1, 2]), torch.tensor([1, 0]));
 *   return fwAD.unpackDual(x.sin()).tangent;   // cos(x) * [1, 0]
 * });
 * @example
 * { using _ = torch.autograd.forwardAd.dualLevel(); const x = fwAD.makeDual(p, t); ... }
 */
export function dualLevel(): DualLevelScope;
export function dualLevel<T>(fn: () => T): T;
export function dualLevel<T>(fn?: () => T): T | DualLevelScope {
  if (fn === undefined) {
    const level = enterDualLevel();
    let open = true;
    return {
      level,
      [Symbol.dispose]() {
        if (!open) return;
        open = false;
        exitDualLevel({ level });
      },
    };
  }
  if (typeof fn !== 'function') throw new TypeError(`dualLevel(fn): fn must be a function (got ${describeValue(fn)})`);
  const level = enterDualLevel();
  let result: T;
  try {
    result = fn();
  } catch (e) {
    exitDualLevel({ level });
    throw e;
  }
  if (isPromiseLike(result)) {
    return Promise.resolve(result).finally(() => exitDualLevel({ level })) as T;
  }
  exitDualLevel({ level });
  return result;
}

function checkLevelOption(fn: string, options: unknown): number {
  if (options === undefined) return currentLevel;
  if (!isPlainObject(options)) throw new TypeError(`${fn}(): options must be an object (got ${describeValue(options)})`);
  for (const key of Object.keys(options)) {
    if (key !== 'level') throw new TypeError(`${fn}(): unknown option '${key}' (expected level)`);
  }
  const level = (options as { level?: unknown }).level;
  if (level === undefined || level === null) return currentLevel;
  if (typeof level !== 'number' || !Number.isInteger(level)) throw new TypeError(`${fn}(): level must be an integer (got ${describeValue(level)})`);
  return level;
}

function isFloatingOrComplex(t: Tensor): boolean {
  return t.isFloatingPoint() || t.isComplex();
}

/**
 * A dual tensor: `tensor` carrying `tangent` as its forward gradient at a level (the innermost
 * one by default). The result is a view of `tensor`.
 * @example const x = fwAD.makeDual(torch.tensor([1.0]), torch.tensor([2.0]));
 */
export function makeDual(tensor: Tensor, tangent: Tensor, options?: { level?: number }): Tensor {
  if (!(tensor instanceof Tensor)) throw new TypeError(`makeDual(): tensor must be a Tensor (got ${describeValue(tensor)})`);
  if (!(tangent instanceof Tensor)) throw new TypeError(`makeDual(): tangent must be a Tensor (got ${describeValue(tangent)})`);
  const level = checkLevelOption('makeDual', options);
  if (level < 0) {
    throw new Error('To create a dual Tensor, you need to be inside a dual_level context (torch.autograd.forwardAd.dualLevel())');
  }
  if (!isFloatingOrComplex(tensor)) throw new TypeError(`Expected primal to be floating point or complex, but got: torch.${tensor.dtype}`);
  if (!isFloatingOrComplex(tangent)) throw new TypeError(`Expected tangent to be floating point or complex, but got: torch.${tangent.dtype}`);
  return callOp(makeDualOp, [tensor, tangent, level]) as Tensor;
}

/** A dual tensor's parts (Python's UnpackedDualTensor named tuple): also an array `[primal, tangent]`. */
export interface UnpackedDualTensor extends ReadonlyArray<Tensor | null> {
  readonly primal: Tensor;
  /** The forward gradient at the level, null when there is none. */
  readonly tangent: Tensor | null;
  readonly 0: Tensor;
  readonly 1: Tensor | null;
}

/**
 * The primal (a view of the tensor without its forward gradient) and the tangent at a level (the
 * innermost by default; null outside any level or when the tensor has none).
 * @example const { primal, tangent } = fwAD.unpackDual(y);
 */
export function unpackDual(tensor: Tensor, options?: { level?: number }): UnpackedDualTensor {
  if (!(tensor instanceof Tensor)) throw new TypeError(`unpackDual(): tensor must be a Tensor (got ${describeValue(tensor)})`);
  const level = checkLevelOption('unpackDual', options);
  let primal: Tensor;
  let tangent: Tensor | null = null;
  if (level < 0) {
    primal = tensor;
  } else {
    const parts = callOp(unpackDualOp, [tensor, level]) as [Tensor, Tensor | undefined | null];
    primal = parts[0];
    // An undefined tangent crosses as an undefined tensor: Python's None.
    const t = parts[1];
    tangent = t instanceof Tensor ? t : null;
  }
  const result = [primal, tangent] as unknown as { primal: Tensor; tangent: Tensor | null };
  Object.defineProperty(result, 'primal', { value: primal, enumerable: false });
  Object.defineProperty(result, 'tangent', { value: tangent, enumerable: false });
  return Object.freeze(result) as unknown as UnpackedDualTensor;
}

/** @internal The innermost forward-AD level entered from JS (-1 for none). */
export function _currentDualLevel(): number {
  return currentLevel;
}

/** @internal Runs fn with forward-mode AD recording switched on or off (fwAD._set_fwd_grad_enabled). */
export function _withFwdGradEnabled<T>(enabled: boolean, fn: () => T): T {
  const previous = native.isFwGradEnabled();
  native.setFwGradEnabled(enabled);
  try {
    return fn();
  } finally {
    native.setFwGradEnabled(previous);
  }
}
