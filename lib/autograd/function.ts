// Custom autograd Functions written in TypeScript: torch.autograd.Function.
//
// `F.apply(...args)` runs `F.forward(ctx, ...args)` with grad mode off, then hands the outputs to
// the native side, which wires them into the graph behind a node whose backward calls
// `F.backward(ctx, ...gradOutputs)` (native/js_function.cpp). The autograd engine may call that
// node from another thread (CUDA device threads): see native/engine_bridge.h.
import { native, type NodeHandle } from '../binding.js';
import { Tensor } from '../tensor.js';
import { describeValue } from '../validate.js';

/** Python's type name for a value, as PyTorch's messages print it (`int`, `str`, ...). */
function pyTypeName(value: unknown): string {
  return describeValue(value, 'python');
}

/** What a backward may return: one gradient, or one per forward argument (null for none). */
export type BackwardResult = Tensor | null | undefined | (Tensor | null | undefined)[];

/**
 * What `apply` returns: forward's result (a Tensor, or an array of Tensors for a multi-output
 * Function). TypeScript cannot give a static member a type per subclass, so it is typed as both.
 */
export type FunctionOutput = Tensor & Tensor[];

/** `F.apply`: a plain function (no `this` needed), so `const f = F.apply; f(x)` works. */
export type ApplyFunction = (...args: unknown[]) => FunctionOutput;

/** The static side of a Function subclass. */
export interface FunctionClass {
  readonly name: string;
  forward(ctx: FunctionCtx, ...args: unknown[]): unknown;
  backward(ctx: FunctionCtx, ...gradOutputs: (Tensor | null)[]): BackwardResult;
}

/**
 * The `ctx` of a custom Function: what forward saves for backward. Any other property can be set
 * on it too (`ctx.scale = 3`) and read back in backward.
 */
export class FunctionCtx {
  /** @internal */ _cls: FunctionClass;
  /** @internal which forward arguments were tensors */ _isVar: boolean[];
  /** @internal functionPrepare's result */ _code: number | boolean[];
  /** @internal */ _needs: boolean[] | null = null;
  /** @internal */ _toSave: (Tensor | null)[] | null = null;
  /** @internal */ _dirty: Tensor[] | null = null;
  /** @internal */ _nonDiff: Tensor[] | null = null;
  /** @internal */ _materialize = true;
  /** @internal the graph node, once forward returned (null when nothing needed a gradient) */
  _node: NodeHandle | null = null;
  /** @internal */ _finished = false;

  /** Any JS value stored on ctx by forward. */
  [key: string]: unknown;

  /** @internal ctx objects are created by apply(). */
  constructor(cls: FunctionClass, isVar: boolean[], code: number | boolean[]) {
    this._cls = cls;
    this._isVar = isVar;
    this._code = code;
  }

  /**
   * For each forward argument: whether backward must compute its gradient (false for non-tensor
   * arguments and for tensors that do not require grad).
   * @example if (ctx.needsInputGrad[0]) gradInput = gradOutput.mul(2);
   */
  get needsInputGrad(): boolean[] {
    if (this._needs === null) this._needs = decodeNeeds(this._code, this._isVar);
    return this._needs;
  }

  /**
   * Saves tensors (or null) for backward; read them back with `ctx.savedTensors`.
   * @example ctx.saveForBackward(input, weight);
   */
  saveForBackward(...tensors: (Tensor | null | undefined)[]): void {
    this._toSave = tensors.map((t, i) => {
      if (t === null || t === undefined) return null;
      if (!(t instanceof Tensor)) throw new TypeError(`save_for_backward can only save variables, but argument ${i} is of type ${pyTypeName(t)}`);
      return t;
    });
  }

  /**
   * The tensors saved by `saveForBackward`, checked as PyTorch does: reading them after the graph
   * was freed, or after one of them was modified in place, throws PyTorch's error.
   * @example const [input] = ctx.savedTensors;
   */
  get savedTensors(): Tensor[] {
    if (this._node === null) return (this._toSave ?? []).slice() as Tensor[];
    return native.functionSavedTensors(this._node) as Tensor[];
  }

  /**
   * Marks input tensors that forward modified in place (they must also be returned).
   * @example input.mul_(2); ctx.markDirty(input); return input;
   */
  markDirty(...tensors: Tensor[]): void {
    tensors.forEach((t, i) => {
      if (!(t instanceof Tensor)) throw new TypeError(`mark_dirty can only accept variables, but argument ${i} is of type ${pyTypeName(t)}`);
    });
    this._dirty = tensors;
  }

  /**
   * Marks outputs that are not differentiable (e.g. indices); their gradient in backward is zeros.
   * @example ctx.markNonDifferentiable(indices);
   */
  markNonDifferentiable(...tensors: Tensor[]): void {
    tensors.forEach((t, i) => {
      if (!(t instanceof Tensor)) throw new TypeError(`mark_non_differentiable can only accept variables, but argument ${i} is of type ${pyTypeName(t)}`);
    });
    this._nonDiff = tensors;
  }

  /**
   * Whether gradients of outputs that did not get one are passed to backward as zeros (default
   * true) or as null.
   * @example ctx.setMaterializeGrads(false);
   */
  setMaterializeGrads(value: boolean): void {
    if (typeof value !== 'boolean') throw new TypeError(`setMaterializeGrads(value): value must be a boolean (got ${pyTypeName(value)})`);
    this._materialize = value;
  }
}

function decodeNeeds(code: number | boolean[], isVar: boolean[]): boolean[] {
  const needs = new Array<boolean>(isVar.length);
  let k = 0;
  if (typeof code === 'number') {
    let rest = Math.floor(code / 2);
    for (let i = 0; i < isVar.length; i++) {
      if (isVar[i]) { needs[i] = rest % 2 === 1; rest = Math.floor(rest / 2); k++; } else needs[i] = false;
    }
  } else {
    for (let i = 0; i < isVar.length; i++) needs[i] = isVar[i] ? code[1 + k++] === true : false;
  }
  return needs;
}

function gradModeBefore(code: number | boolean[]): boolean {
  return typeof code === 'number' ? code % 2 === 1 : code[0] === true;
}

const backwardNames = new WeakMap<FunctionClass, string>();
function backwardName(cls: FunctionClass): string {
  let name = backwardNames.get(cls);
  if (name === undefined) {
    name = `${cls.name}Backward`;
    backwardNames.set(cls, name);
  }
  return name;
}

function handlesOf(list: (Tensor | null)[] | null): (Tensor | null)[] | null {
  return list === null ? null : list.slice();
}

function applyFunction(cls: FunctionClass, args: unknown[]): unknown {
  const n = args.length;
  const isVar = new Array<boolean>(n);
  const inputs: Tensor[] = [];
  for (let i = 0; i < n; i++) {
    const a = args[i];
    if (a instanceof Tensor) { isVar[i] = true; inputs.push(a); } else isVar[i] = false;
  }
  const code = native.functionPrepare(inputs);  // grad mode is off from here
  const ctx = new FunctionCtx(cls, isVar, code);
  let result: unknown;
  try {
    result = cls.forward(ctx, ...args);
  } catch (error) {
    native.setGradEnabled(gradModeBefore(code));
    throw error;
  }
  const multi = Array.isArray(result);
  const outs: unknown[] = multi ? (result as unknown[]).slice() : [result];
  const outHandles: (Tensor | null)[] = new Array(outs.length);
  for (let i = 0; i < outs.length; i++) {
    const o = outs[i];
    outHandles[i] = o instanceof Tensor ? o : null;
  }
  const node = native.functionFinish(ctx, code, backwardName(cls), inputs, outHandles, handlesOf(ctx._toSave),
    handlesOf(ctx._dirty) as Tensor[] | null, handlesOf(ctx._nonDiff) as Tensor[] | null, ctx._materialize);
  for (let i = 0; i < outs.length; i++) {
    const h = outHandles[i];
    if (h !== null && h !== undefined) outs[i] = h;
  }
  ctx._finished = true;
  if (node !== null) {
    ctx._node = node;
    // The node holds ctx: ctx must not hold the outputs (a cycle through the graph).
    ctx._toSave = null;
    ctx._dirty = null;
    ctx._nonDiff = null;
  }
  return multi ? outs : outs[0];
}

/** Called by the native node (on the JS thread) to run a backward. */
function runBackward(ctxObject: object, ...gradHandles: (Tensor | null)[]): (Tensor | null)[] {
  const ctx = ctxObject as FunctionCtx;
  const cls = ctx._cls;
  const result = cls.backward(ctx, ...gradHandles);
  const list: unknown[] = Array.isArray(result) ? result : [result];
  const isVar = ctx._isVar;
  const expected = isVar.length;
  let count = list.length;
  // Returning too many results is fine as long as the extra ones are all null (as PyTorch).
  if (count > expected) {
    let allNull = true;
    for (let i = expected; i < count; i++) if (list[i] !== null && list[i] !== undefined) allNull = false;
    if (allNull) count = expected;
  }
  if (count !== expected) {
    throw new Error(`function ${backwardName(cls)} returned an incorrect number of gradients (expected ${expected}, got ${count})`);
  }
  const out: (Tensor | null)[] = [];
  for (let i = 0; i < expected; i++) {
    const g = list[i];
    if (!isVar[i]) {
      if (g !== null && g !== undefined) {
        throw new Error(`function ${backwardName(cls)} returned a gradient different than None at position ${i + 1}, but the corresponding forward input was not a Variable`);
      }
      continue;
    }
    if (g === null || g === undefined) out.push(null);
    else if (g instanceof Tensor) out.push(g);
    else throw new TypeError(`expected Variable or None (got ${pyTypeName(g)})`);
  }
  return out;
}

native.functionSetup(runBackward);

const applyCache = new WeakMap<object, ApplyFunction>();

/**
 * A custom autograd operation: subclass it with static `forward(ctx, ...args)` and
 * `backward(ctx, ...gradOutputs)`, then call `F.apply(...args)`.
 *
 * forward runs with gradient recording off; backward runs with it on only under
 * `createGraph: true` (then a differentiable backward gives double backward). backward returns one
 * gradient per forward argument (null for non-tensors and for inputs that need none).
 * @example
 * class Exp extends autograd.Function {
 *   static forward(ctx: autograd.FunctionCtx, x: Tensor): Tensor {
 *     const y = x.exp();
 *     ctx.saveForBackward(y);
 *     return y;
 *   }
 *   static backward(ctx: autograd.FunctionCtx, grad: Tensor): Tensor {
 *     const [y] = ctx.savedTensors;
 *     return grad.mul(y);
 *   }
 * }
 * const y = Exp.apply(x);        // or: const exp = Exp.apply; exp(x)
 */
export class Function {
  /** Override: computes the outputs. */
  static forward(ctx: FunctionCtx, ...args: unknown[]): unknown {
    throw new Error('You must implement the forward function for custom autograd.Function.');
  }

  /** Override: the gradients of the inputs, given those of the outputs. */
  static backward(ctx: FunctionCtx, ...gradOutputs: (Tensor | null)[]): BackwardResult {
    throw new Error('You must implement either the backward or vjp method for your custom autograd.Function to use it with backward mode AD.');
  }

  /**
   * Runs the Function on `args` and records it for autograd. A plain function bound to the class:
   * `const brelu = BReLU.apply; brelu(x)` works.
   * @example const y = MyFunction.apply(x, 2);
   */
  static get apply(): ApplyFunction {
    const cls = this as unknown as FunctionClass;
    let fn = applyCache.get(cls);
    if (fn === undefined) {
      if ((cls as unknown) === Function) throw new TypeError('autograd.Function.apply must be called on a subclass of autograd.Function');
      fn = ((...args: unknown[]) => applyFunction(cls, args)) as ApplyFunction;
      applyCache.set(cls, fn);
    }
    return fn;
  }
}

/**
 * Forces every backward()/autograd.grad() through the worker-thread hand-off used when the engine
 * may call JS from a device thread (on CPU, backward otherwise runs on the JS thread). For tests and
 * benchmarks; also set by the environment variable TORCH_NODE_FORCE_CROSS_THREAD=1.
 * @example torch.autograd._setForceCrossThread(true)
 */
export function _setForceCrossThread(force: boolean): void {
  if (typeof force !== 'boolean') throw new TypeError(`_setForceCrossThread(force): force must be a boolean (got ${pyTypeName(force)})`);
  native.setForceCrossThread(force);
}

/** @internal state of the engine bridge, for tests. */
export function _engineBridgeStats(): ReturnType<typeof native.engineBridgeStats> {
  return native.engineBridgeStats();
}
