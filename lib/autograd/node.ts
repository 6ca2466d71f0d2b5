// Autograd graph nodes (tensor.gradFn), as PyTorch's torch.autograd.graph.Node: name(),
// nextFunctions, metadata, registerHook / registerPrehook, and AccumulateGrad's variable. The
// native node is held by a handle (native/autograd_node.cpp); one JS object per node while it is
// reachable (y.gradFn === y.gradFn, as Python's `is`; native code keeps it weakly), and the node's
// metadata and hook lists live on the node itself, so they outlive the JS object as Python's do.
import { native, type GraphNodeHandle } from '../binding.js';
import { Tensor } from '../tensor.js';
import { RemovableHandle } from '../utils/hooks.js';
import { argTypeError, describeValue } from '../validate.js';

/** The gradients a node hook sees: one per input (or output) of the node, null where there is none. */
export type Grads = (Tensor | null)[];
/**
 * A node post-hook: `(gradInputs, gradOutputs)`, after the node ran; may return replacement
 * gradInputs (an array of the same length).
 */
export type NodePostHook = (gradInputs: Grads, gradOutputs: Grads) => Grads | null | undefined | void;
/** A node pre-hook: `(gradOutputs)`, before the node runs; may return replacement gradOutputs. */
export type NodePreHook = (gradOutputs: Grads) => Grads | null | undefined | void;

// What the native node keeps for us (its JS state object).
interface NodeState {
  metadata: Record<string, unknown>;
  post: Map<number, NodePostHook> | null;
  pre: Map<number, NodePreHook> | null;
}

// Python's _call_hooks: each hook sees what the previous ones returned; a result must be an array
// of the same length, each gradient null or of the type, device and size of the one it replaces
// (PyTorch's messages, with JS's words for the types): the engine takes hook results unchecked.
function runHooks<H extends (...args: never[]) => unknown>(hooks: Map<number, H>, grads: Grads, call: (h: H, g: Grads) => unknown): Grads | null {
  let current: Grads | null = null;
  for (const hook of hooks.values()) {
    const before = current ?? grads;
    const r = call(hook, before);
    if (r === undefined || r === null) continue;
    if (!Array.isArray(r)) throw new TypeError(`expected an array, but hook returned ${describeValue(r)}`);
    if (r.length !== grads.length) {
      throw new Error(`hook '${hook.name || '<anonymous>'}' has returned an incorrect number of values (got ${r.length}, but expected ${grads.length})`);
    }
    // Each element read once, into an array of exactly the node's length: a getter or Proxy
    // could answer differently on a second read, and native code indexes the node's edges by it.
    const next: Grads = [];
    for (let i = 0; i < grads.length; i++) {
      const g: unknown = r[i] ?? null;
      if (g !== null) {
        if (!(g instanceof Tensor)) throw new TypeError(`a node hook must return Tensors or nulls (got ${describeValue(g)})`);
        const was = before[i] ?? null;
        if (was === null) throw new Error("can't replace a None gradient with a non-None value");
        if (g !== was && !was.isDisposed) native.nodeCheckHookResult(was, g, hook.name || '<anonymous>');
      }
      next.push(g as Tensor | null);
    }
    current = next;
  }
  return current;
}

/** @internal The JS object of a node as native code gives it: the node's live object, or a new one for a new handle. */
export function nodeObject(value: GraphNodeHandle | AutogradNode | null): AutogradNode | null {
  if (value === null || value instanceof AutogradNode) return value;
  const node = new AutogradNode(value);
  native.nodeRemember(value, node);
  return node;
}

/**
 * A node of the autograd graph, as `tensor.gradFn` returns it (Python's `torch.autograd.graph.Node`).
 * @example
 * const y = x.mul(w).sum();
 * y.gradFn!.name();                       // 'SumBackward0'
 * y.gradFn!.nextFunctions[0]![0]!.name(); // 'MulBackward0'
 */
export class AutogradNode {
  readonly #handle: GraphNodeHandle;

  /** @internal Made by `tensor.gradFn` and `nextFunctions` only. */
  constructor(handle: GraphNodeHandle) {
    this.#handle = handle;
  }

  /** PyTorch's name of the node, e.g. `MulBackward0` (`torch::autograd::AccumulateGrad` for a leaf's). @example y.gradFn?.name() */
  name(): string {
    return native.nodeName(this.#handle);
  }

  /**
   * The nodes the gradients go to next: one `[node, inputNr]` pair per input of the operation,
   * node null where the input needs no gradient (Python's `next_functions`).
   * @example const [[mul, inputNr]] = y.gradFn!.nextFunctions;
   */
  get nextFunctions(): [AutogradNode | null, number][] {
    return native.nodeNextFunctions(this.#handle).map(([h, nr]) => [nodeObject(h), nr]);
  }

  /**
   * The leaf tensor an `AccumulateGrad` node accumulates into (Python's `variable`): a Tensor
   * object sharing the leaf's tensor (not the leaf's own JS object, unlike Python's `is`);
   * undefined on other nodes, as Python has no such attribute there.
   * @example x.mul(2).gradFn!.nextFunctions[0]![0]!.variable!.tolist() // x's values
   */
  get variable(): Tensor | undefined {
    const v = native.nodeVariable(this.#handle);
    return v === null ? undefined : v;
  }

  /**
   * A plain object kept with the node for its lifetime (Python's `grad_fn.metadata` dict).
   * @example y.gradFn!.metadata.step = 3; y.gradFn!.metadata.step // 3
   */
  get metadata(): Record<string, unknown> {
    return this.#state().metadata;
  }

  /**
   * Registers `fn(gradInputs, gradOutputs)`, run after the node computed the gradients of its
   * inputs; it may return replacement gradInputs. Runs on the thread running JS, wherever the
   * engine calls it.
   * @example
   * const h = y.gradFn!.registerHook((gradInputs, gradOutputs) => gradInputs.map((g) => g && g.mul(2)));
   * h.remove();
   */
  registerHook(fn: NodePostHook): RemovableHandle {
    if (typeof fn !== 'function') throw argTypeError('registerHook(fn)', 'fn', 'a function', fn);
    const state = this.#state();
    if (state.post === null) {
      const hooks = (state.post = new Map());
      native.nodeInstallHooks(this.#handle, 'post', (gradInputs: Grads, gradOutputs: Grads) =>
        runHooks(hooks, gradInputs, (h, g) => h(g, gradOutputs)));
    }
    const handle = new RemovableHandle([state.post]);
    state.post.set(handle.id, fn);
    return handle;
  }

  /**
   * Registers `fn(gradOutputs)`, run before the node computes anything; it may return replacement
   * gradOutputs.
   * @example
   * const h = y.gradFn!.registerPrehook((gradOutputs) => gradOutputs.map((g) => g && g.mul(2)));
   * h.remove();
   */
  registerPrehook(fn: NodePreHook): RemovableHandle {
    if (typeof fn !== 'function') throw argTypeError('registerPrehook(fn)', 'fn', 'a function', fn);
    const state = this.#state();
    if (state.pre === null) {
      const hooks = (state.pre = new Map());
      native.nodeInstallHooks(this.#handle, 'pre', (gradOutputs: Grads) => runHooks(hooks, gradOutputs, (h, g) => h(g)));
    }
    const handle = new RemovableHandle([state.pre]);
    state.pre.set(handle.id, fn);
    return handle;
  }

  #state(): NodeState {
    const fresh: NodeState = { metadata: {}, post: null, pre: null };
    return native.nodeState(this.#handle, fresh) as NodeState;
  }

  /** Python's repr without the address: `<MulBackward0 object>`. */
  toString(): string {
    const name = this.name();
    const cut = name.lastIndexOf('::');
    return `<${cut < 0 ? name : name.slice(cut + 2)} object>`;
  }
}
