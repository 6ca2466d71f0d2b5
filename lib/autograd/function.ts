// Custom autograd Functions written in TypeScript: torch.autograd.Function.
//
// `F.apply(...args)` is one native call (native/custom_function.cpp, modelled on PyTorch's
// THPFunction_apply): it runs `F.forward(ctx, ...args)` (or `F.forward(...args)` then
// `F.setupContext(ctx, args, output)`) with grad mode off, then wires the outputs into the graph
// behind a node whose backward calls `F.backward(ctx, ...gradOutputs)`. The autograd engine may
// call that node from another thread (CUDA device threads): see native/engine_bridge.h.
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
  forward(...args: unknown[]): unknown;
  setupContext(ctx: FunctionCtx, inputs: unknown[], output: unknown): void;
  backward(ctx: FunctionCtx, ...gradOutputs: (Tensor | null)[]): BackwardResult;
}

const NO_NEEDS: readonly boolean[] = Object.freeze([]);

/**
 * @internal What ctx's methods recorded during forward, read once by the native apply:
 * [saved tensors, dirty tensors, non-differentiable tensors, materialize grads].
 */
export type Recorded = [(Tensor | null)[] | null, Tensor[] | null, Tensor[] | null, boolean];

/**
 * The `ctx` of a custom Function: what forward (or setupContext) saves for backward. Any other
 * property can be set on it too (`ctx.scale = 3`) and read back in backward.
 * @example
 * class Square extends autograd.Function {
 *   static forward(ctx: autograd.FunctionCtx, x: Tensor): Tensor { ctx.saveForBackward(x); return x.square(); }
 *   static backward(ctx: autograd.FunctionCtx, grad: Tensor): Tensor { const [x] = ctx.savedTensors; return grad.mul(x!).mul(2); }
 * }
 */
export class FunctionCtx {
  /** @internal */ _cls: FunctionClass;
  /**
   * For each forward argument: whether backward must compute its gradient, that is whether it is
   * a tensor that requires grad (false for non-tensor arguments), as PyTorch's
   * `ctx.needs_input_grad`.
   * @example if (ctx.needsInputGrad[0]) gradInput = gradOutput.mul(2);
   */
  readonly needsInputGrad: readonly boolean[] = NO_NEEDS;
  /**
   * @internal null until a ctx method records something (so that apply reads one property in the
   * common case); cleared by apply once the node holds what it refers to.
   */
  _recorded: Recorded | null = null;
  /** @internal the graph node, set by the native apply (null when nothing needed a gradient) */
  _node: NodeHandle | null = null;

  /** Any JS value stored on ctx by forward. */
  [key: string]: unknown;

  /** @internal ctx objects are created by apply(). */
  constructor(cls: FunctionClass) {
    this._cls = cls;
  }

  /**
   * Saves tensors (or null) for backward; read them back with `ctx.savedTensors`.
   * @example ctx.saveForBackward(input, weight);
   */
  saveForBackward(...tensors: (Tensor | null | undefined)[]): void {
    this._record()[0] = tensors.map((t, i) => {
      if (t === null || t === undefined) return null;
      if (!(t instanceof Tensor)) throw new TypeError(`save_for_backward can only save variables, but argument ${i} is of type ${pyTypeName(t)}`);
      return t;
    });
  }

  /**
   * The tensors saved by `saveForBackward`, checked as PyTorch does: reading them after the graph
   * was freed, or after one of them was modified in place, throws PyTorch's error. As in PyTorch,
   * a saved input (or a tensor made inside forward) is the very object that was saved while that
   * object is alive and not disposed; a saved output comes back as a new object. Disposing one
   * disposes the caller's tensor too.
   * @example const [input] = ctx.savedTensors;
   */
  get savedTensors(): Tensor[] {
    if (this._node === null) return (this._recorded?.[0] ?? []).slice() as Tensor[];
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
    this._record()[1] = tensors;
  }

  /**
   * Marks outputs that are not differentiable (e.g. indices); their gradient in backward is zeros.
   * @example ctx.markNonDifferentiable(indices);
   */
  markNonDifferentiable(...tensors: Tensor[]): void {
    tensors.forEach((t, i) => {
      if (!(t instanceof Tensor)) throw new TypeError(`mark_non_differentiable can only accept variables, but argument ${i} is of type ${pyTypeName(t)}`);
    });
    this._record()[2] = tensors;
  }

  /**
   * Whether gradients of outputs that did not get one are passed to backward as zeros (default
   * true) or as null.
   * @example ctx.setMaterializeGrads(false);
   */
  setMaterializeGrads(value: boolean): void {
    if (typeof value !== 'boolean') throw new TypeError(`setMaterializeGrads(value): value must be a boolean (got ${pyTypeName(value)})`);
    this._record()[3] = value;
  }

  /** @internal */
  _record(): Recorded {
    return this._recorded ??= [null, null, null, true];
  }
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

function applyFunction(cls: FunctionClass, args: unknown[]): unknown {
  const setupContext = cls.setupContext === Function.setupContext ? null : cls.setupContext;
  return native.functionApply(cls, new FunctionCtx(cls), args, cls.forward, setupContext, backwardName(cls));
}

/**
 * Called by the native node (on the JS thread) to run a backward: its result as a list, which the
 * node checks against the forward arguments (count, positions, types) with PyTorch's messages.
 */
function runBackward(ctxObject: object, ...gradOutputs: (Tensor | null)[]): unknown[] {
  const ctx = ctxObject as FunctionCtx;
  const result: unknown = ctx._cls.backward(ctx, ...gradOutputs);
  return Array.isArray(result) ? result : [result];
}

native.functionSetup(runBackward, pyTypeName);

const applyCache = new WeakMap<object, ApplyFunction>();

/**
 * A custom autograd operation: subclass it with static `forward` and `backward`, then call
 * `F.apply(...args)`. Two styles, as in PyTorch 2:
 * - `forward(ctx, ...args)` computes the outputs and saves what backward needs on `ctx`;
 * - `forward(...args)` only computes, and `setupContext(ctx, inputs, output)` (called right after,
 *   with `inputs` the arguments of apply and `output` forward's result) fills `ctx`.
 *
 * forward (and setupContext) run with gradient recording off; backward runs with it on only under
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
 *
 * class Mul extends autograd.Function {
 *   static forward(x: Tensor, k: number): Tensor { return x.mul(k); }
 *   static setupContext(ctx: autograd.FunctionCtx, inputs: [Tensor, number]): void { ctx.k = inputs[1]; }
 *   static backward(ctx: autograd.FunctionCtx, grad: Tensor): (Tensor | null)[] { return [grad.mul(ctx.k as number), null]; }
 * }
 */
export class Function {
  /**
   * Override: computes the outputs, from `(ctx, ...args)`, or from `(...args)` alone when the
   * class overrides setupContext.
   */
  static forward(...args: unknown[]): unknown {
    throw new Error('You must implement the forward function for custom autograd.Function.');
  }

  /**
   * Override (optional): fills ctx after a forward that takes no ctx. `inputs` are the arguments
   * of apply, `output` is forward's result; it runs with grad mode off too.
   * @example static setupContext(ctx: autograd.FunctionCtx, inputs: [Tensor]): void { ctx.saveForBackward(inputs[0]); }
   */
  static setupContext(ctx: FunctionCtx, inputs: unknown[], output: unknown): void {
    throw new Error('setup_context is not implemented.');
  }

  /** Override: the gradients of the inputs, given those of the outputs. */
  static backward(ctx: FunctionCtx, ...gradOutputs: (Tensor | null)[]): BackwardResult {
    throw new Error('You must implement either the backward or vjp method for your custom autograd.Function to use it with backward mode AD.');
  }

  /**
   * Override (optional): the forward-mode AD formula, run when an input carries a tangent
   * (torch.autograd.forwardAd): the outputs' tangents, one per output, from one tangent per
   * argument of apply (null for non-tensor arguments and tensors without a tangent).
   * @example static jvp(ctx: autograd.FunctionCtx, t: Tensor): Tensor { return t.mul(ctx.k as number); }
   */
  static jvp(ctx: FunctionCtx, ...gradInputs: (Tensor | null)[]): Tensor | null | (Tensor | null)[] {
    throw new Error('You must implement the jvp function for custom autograd.Function to use it with forward mode AD.');
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
