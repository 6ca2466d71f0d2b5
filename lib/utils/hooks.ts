// torch.utils.hooks: the handle every hook registration returns, one class for tensor hooks and
// module hooks alike, as PyTorch's torch/utils/hooks.py. It imports nothing, so the tensor core
// (lib/autograd/hooks.ts) and nn (lib/nn/modules/module.ts) share it without layering issues.

/**
 * Where hooks are registered, keyed by the handle's id: a Map of hooks, or anything else that can
 * forget one (a tensor's native hook list).
 */
export interface HookRegistry {
  delete(id: number): unknown;
}

let nextHookId = 0;

/**
 * Returned by every hook registration (`x.registerHook`, `module.registerForwardHook`, ...):
 * `remove()` unregisters the hook; `using h = ...` does it at the end of the block.
 * @example
 * const h = model.registerForwardHook((m, args, out) => console.log(out));
 * h.remove();
 */
export class RemovableHandle {
  /** The hook's id, unique in the process: its key in the registries. */
  readonly id: number;
  #registries: readonly HookRegistry[] | null;

  /** @internal The registries the hook is (about to be) added to under `this.id`. */
  constructor(registries: readonly HookRegistry[]) {
    this.id = nextHookId++;
    this.#registries = registries;
  }

  /** Unregisters the hook; removing twice is harmless. @example handle.remove() */
  remove(): void {
    const registries = this.#registries;
    this.#registries = null;
    if (registries !== null) for (const r of registries) r.delete(this.id);
  }

  [Symbol.dispose](): void {
    this.remove();
  }
}
