// Tensor hooks: x.registerHook(fn), called with the gradient of x during backward; fn may return
// a replacement gradient. The engine may call them from another thread: they go through the same
// bridge as custom Functions (native/tensor_hooks.cpp, native/engine_bridge.h). lib/tensor_prototype.ts
// installs registerHook on Tensor.prototype.
import { native } from '../binding.js';
import { Tensor } from '../tensor.js';
import { RemovableHandle, type HookRegistry } from '../utils/hooks.js';
import { argTypeError, describeValue } from '../validate.js';

/** A gradient hook: returns a replacement gradient, or nothing to keep the gradient as is. */
export type TensorHook = (grad: Tensor) => Tensor | null | undefined | void;

declare module '../tensor.js' {
  interface Tensor {
    /**
     * Registers a backward hook: `fn(grad)` runs each time the gradient of this tensor is
     * computed and may return a replacement gradient.
     * @example
     * const h = x.registerHook((g) => g.mul(2));
     * y.backward();
     * h.remove();
     */
    registerHook(fn: TensorHook): RemovableHandle;
  }
}

// One hook in a tensor's native hook list. The tensor is held weakly: a handle kept around does
// not keep its tensor alive, and removing the hook of a collected or disposed tensor does nothing.
class NativeTensorHook implements HookRegistry {
  readonly #tensor: WeakRef<Tensor>;
  readonly #pos: number;
  constructor(tensor: Tensor, pos: number) {
    this.#tensor = new WeakRef(tensor);
    this.#pos = pos;
  }
  delete(): void {
    const t = this.#tensor.deref();
    if (t !== undefined && !t.isDisposed) native.removeHook(t, this.#pos);
  }
}

/** Tensor#registerHook (see the declaration above). */
export function registerHook(this: Tensor, fn: TensorHook): RemovableHandle {
  if (typeof fn !== 'function') throw argTypeError('registerHook(fn)', 'fn', 'a function', fn);
  if (!this.requiresGrad) throw new Error("cannot register a hook on a tensor that doesn't require gradient");
  const call = (grad: Tensor): Tensor | null => {
    const r = fn(grad);
    if (r === undefined || r === null) return null;
    if (!(r instanceof Tensor)) throw new TypeError(`a tensor hook must return a Tensor or nothing (got ${describeValue(r)})`);
    return r;
  };
  return new RemovableHandle([new NativeTensorHook(this, native.registerHook(this, call))]);
}
