// Tensor hooks: x.registerHook(fn), called with the gradient of x during backward; fn may return
// a replacement gradient. The engine may call them from another thread: they go through the same
// bridge as custom Functions (native/js_hook.cpp, native/engine_bridge.h).
import { native, type TensorHandle } from '../binding.js';
import { Tensor } from '../tensor.js';
import { describeValue } from '../validate.js';

/** A gradient hook: returns a replacement gradient, or nothing to keep the gradient as is. */
export type TensorHook = (grad: Tensor) => Tensor | null | undefined | void;

/** Returned by registerHook: `remove()` unregisters the hook. */
export class RemovableHandle {
  private tensor: WeakRef<Tensor> | null;
  private readonly pos: number;

  /** @internal */
  constructor(tensor: Tensor, pos: number) {
    this.tensor = new WeakRef(tensor);
    this.pos = pos;
  }

  /** Unregisters the hook; removing twice is harmless. @example const h = x.registerHook(fn); h.remove(); */
  remove(): void {
    const t = this.tensor?.deref();
    this.tensor = null;
    if (t !== undefined && !t.isDisposed) native.removeHook(t.handle, this.pos);
  }

  [Symbol.dispose](): void {
    this.remove();
  }
}

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

function registerHook(this: Tensor, fn: TensorHook): RemovableHandle {
  if (typeof fn !== 'function') throw new TypeError(`registerHook(fn): fn must be a function (got ${describeValue(fn)})`);
  if (!this.requiresGrad) throw new Error("cannot register a hook on a tensor that doesn't require gradient");
  const call = (h: TensorHandle): TensorHandle | null => {
    const r = fn(h);
    if (r === undefined || r === null) return null;
    if (!(r instanceof Tensor)) throw new TypeError(`a tensor hook must return a Tensor or nothing (got ${describeValue(r)})`);
    return r.handle;
  };
  return new RemovableHandle(this, native.registerHook(this.handle, call));
}

Object.defineProperty(Tensor.prototype, 'registerHook', { value: registerHook, writable: true, configurable: true });
