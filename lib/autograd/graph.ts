// torch.autograd.graph: default saved-tensor hooks (savedTensorsHooks, saveOnCpu,
// disableSavedTensorsHooks) and multi-tensor gradient hooks (registerMultiGradHook), as
// torch/autograd/graph.py. The hooks are kept natively (native/graph_tools.cpp): LibTorch asks for
// them each time an op saves a tensor for backward; pack runs then (on this thread, grad mode off)
// and unpack when backward needs the tensor (on this thread too: the engine bridge brings the call
// here from an engine thread).
import { native } from '../binding.js';
import { isAvailable as cudaIsAvailable } from '../cuda.js';
import { escapeScopes } from '../scope.js';
import { Tensor } from '../tensor.js';
import { RemovableHandle } from '../utils/hooks.js';
import { argTypeError, describeValue, isPlainObject } from '../validate.js';
import { openScope, runScoped, type Scope } from './scoped.js';

export type { Scope } from './scoped.js';

/** A pack hook: called with each tensor saved for backward; returns anything. */
export type PackHook<P = unknown> = (tensor: Tensor) => P;
/** An unpack hook: called with what pack returned when backward needs the tensor; returns it. */
export type UnpackHook<P = unknown> = (packed: P) => Tensor;

interface Box { value: unknown }

function pyTypeName(value: unknown): string {
  return describeValue(value, 'python');
}

function pushHooks(pack: PackHook, unpack: UnpackHook): void {
  // What pack returns outlives any torch.tidy() scope open while the op saved the tensor: the graph
  // keeps it until backward, as Python's graph keeps a reference.
  const packBox = (t: Tensor): Box => {
    const value = pack(t);
    if (value instanceof Tensor) escapeScopes(value);
    else if (Array.isArray(value)) for (const v of value) if (v instanceof Tensor) escapeScopes(v);
    return { value };
  };
  const unpackBox = (box: object): Tensor => {
    const r = unpack((box as Box).value);
    if (!(r instanceof Tensor)) {
      throw new TypeError(`Output of saved tensor unpack_hook expected to be a Tensor but got result of type ${pyTypeName(r)}`);
    }
    return r;
  };
  native.savedTensorsHooksPush(packBox, unpackBox);
}

/**
 * Default hooks for the tensors saved for backward in a scope (Python's
 * `with torch.autograd.graph.saved_tensors_hooks(pack_hook, unpack_hook):`): each tensor an op
 * saves goes through `pack` when saved and `unpack(packed)` when backward needs it. With a
 * callback, runs it under the hooks and returns its value; without, returns a scope for `using`.
 * Scopes nest: the innermost pair applies.
 * @example
 * const y = torch.autograd.graph.savedTensorsHooks((t) => t.mul(1), (t) => t, () => x.pow(2));
 * @example
 * { using _ = torch.autograd.graph.savedTensorsHooks((t) => t.cpu(), (t) => t.to('cuda')); loss = model(x); }
 */
export function savedTensorsHooks<P>(pack: PackHook<P>, unpack: UnpackHook<P>): Scope;
export function savedTensorsHooks<P, T>(pack: PackHook<P>, unpack: UnpackHook<P>, fn: () => T): T;
export function savedTensorsHooks<P, T>(pack: PackHook<P>, unpack: UnpackHook<P>, fn?: () => T): T | Scope {
  if (typeof pack !== 'function') throw argTypeError('savedTensorsHooks(pack, unpack)', 'pack', 'a function', pack);
  if (typeof unpack !== 'function') throw argTypeError('savedTensorsHooks(pack, unpack)', 'unpack', 'a function', unpack);
  if (fn !== undefined && typeof fn !== 'function') throw argTypeError('savedTensorsHooks(pack, unpack, fn)', 'fn', 'a function', fn);
  const enter = (): void => pushHooks(pack as PackHook, unpack as UnpackHook);
  const exit = (): void => native.savedTensorsHooksPop();
  return fn === undefined ? openScope(enter, exit) : runScoped(enter, exit, fn);
}

/** saveOnCpu's options. */
export interface SaveOnCpuOptions {
  /** Copy to pinned (page-locked) memory, so the copies back are asynchronous (default false). */
  pinMemory?: boolean;
}

/**
 * Saved tensors live on the CPU in a scope and go back to their device for backward (Python's
 * `torch.autograd.graph.save_on_cpu(pin_memory=False)`): trades GPU memory for copies.
 * @example
 * const loss = torch.autograd.graph.saveOnCpu({ pinMemory: true }, () => model(x).sum());
 * loss.backward();
 * @example
 * { using _ = torch.autograd.graph.saveOnCpu(); loss = model(x).sum(); }
 */
export function saveOnCpu(options?: SaveOnCpuOptions): Scope;
export function saveOnCpu<T>(fn: () => T): T;
export function saveOnCpu<T>(options: SaveOnCpuOptions, fn: () => T): T;
export function saveOnCpu<T>(a?: SaveOnCpuOptions | (() => T), b?: () => T): T | Scope {
  const fn = typeof a === 'function' ? a : b;
  const options = typeof a === 'function' ? {} : (a ?? {});
  if (!isPlainObject(options as unknown)) throw argTypeError('saveOnCpu(options)', 'options', 'an object', options);
  for (const key of Object.keys(options)) {
    if (key !== 'pinMemory') throw new TypeError(`saveOnCpu(): unknown option '${key}' (expected pinMemory)`);
  }
  const pinMemory = options.pinMemory ?? false;
  if (typeof pinMemory !== 'boolean') throw argTypeError('saveOnCpu(options)', 'pinMemory', 'a boolean', pinMemory);
  const pack = (t: Tensor): [string, Tensor] => {
    let packed = t.cpu();
    if (pinMemory && cudaIsAvailable()) packed = packed === t ? t.clone().pinMemory() : packed.pinMemory();
    return [t.device.toString(), packed];
  };
  const unpack = ([device, packed]: [string, Tensor]): Tensor => packed.to(device as never, { nonBlocking: pinMemory });
  return fn === undefined ? savedTensorsHooks(pack, unpack) : savedTensorsHooks(pack, unpack, fn);
}

/**
 * Forbids saved-tensor hooks in a scope (Python's `disable_saved_tensors_hooks(error_message)`):
 * pushing hooks there throws `errorMessage`, and so does entering it under hooks.
 * @example
 * torch.autograd.graph.disableSavedTensorsHooks('not supported here', () => run());
 */
export function disableSavedTensorsHooks(errorMessage: string): Scope;
export function disableSavedTensorsHooks<T>(errorMessage: string, fn: () => T): T;
export function disableSavedTensorsHooks<T>(errorMessage: string, fn?: () => T): T | Scope {
  if (typeof errorMessage !== 'string') throw argTypeError('disableSavedTensorsHooks(errorMessage)', 'errorMessage', 'a string', errorMessage);
  if (fn !== undefined && typeof fn !== 'function') throw argTypeError('disableSavedTensorsHooks(errorMessage, fn)', 'fn', 'a function', fn);
  let previous: string | null = null;
  const enter = (): void => {
    previous = native.savedTensorsHooksDisabledMessage();
    native.savedTensorsHooksDisable(errorMessage);
  };
  const exit = (): void => {
    if (previous === null) native.savedTensorsHooksEnable();
    else native.savedTensorsHooksDisable(previous);
  };
  return fn === undefined ? openScope(enter, exit) : runScoped(enter, exit, fn);
}

/** The mode of registerMultiGradHook. */
export type MultiGradHookMode = 'all' | 'any';

/**
 * A hook on several tensors (Python's `register_multi_grad_hook`). With mode 'all' (the default),
 * `fn(grads)` runs once per backward after the gradients of all the tensors that backward reaches
 * are computed (null for those it does not); with 'any', `fn(grad)` runs once per backward with
 * the first gradient computed.
 * @example
 * const h = torch.autograd.graph.registerMultiGradHook([a, b], (grads) => console.log(grads.map((g) => g?.shape)));
 * loss.backward();
 * h.remove();
 */
export function registerMultiGradHook(tensors: Tensor[], fn: (grads: (Tensor | null)[]) => void, options?: { mode?: 'all' }): RemovableHandle;
export function registerMultiGradHook(tensors: Tensor[], fn: (grad: Tensor) => void, options: { mode: 'any' }): RemovableHandle;
export function registerMultiGradHook(tensors: Tensor[], fn: ((grads: (Tensor | null)[]) => void) | ((grad: Tensor) => void),
  options: { mode?: MultiGradHookMode } = {}): RemovableHandle {
  if (!Array.isArray(tensors)) throw argTypeError('registerMultiGradHook(tensors, fn)', 'tensors', 'an array of Tensors', tensors);
  tensors.forEach((t, i) => { if (!(t instanceof Tensor)) throw argTypeError('registerMultiGradHook(tensors, fn)', `tensors[${i}]`, 'a Tensor', t); });
  if (typeof fn !== 'function') throw argTypeError('registerMultiGradHook(tensors, fn)', 'fn', 'a function', fn);
  if (!isPlainObject(options as unknown)) throw argTypeError('registerMultiGradHook(tensors, fn, options)', 'options', 'an object', options);
  const mode = options.mode ?? 'all';
  const supported = ['all', 'any'];
  if (!supported.includes(mode)) throw new Error(`Expects mode to be one of ('all', 'any') but got ${String(mode)}`);
  const handles: RemovableHandle[] = [];
  if (mode === 'all') {
    const count = new Map<number, number>();
    const buffer = new Map<number, (Tensor | null)[]>();
    let nbCalls = 0;
    const refs = tensors.map((t) => new WeakRef(t));
    tensors.forEach((t, idx) => {
      handles.push(t.registerHook((grad) => {
        const id = native.currentGraphTaskId();
        if (id === -1) throw new Error('expected this hook to be called inside a backward call');
        const curr = count.get(id) ?? 0;
        count.set(id, curr + 1);
        if (!buffer.has(id)) buffer.set(id, new Array<Tensor | null>(tensors.length).fill(null));
        if (curr === 0) {
          nbCalls = 0;
          for (const r of refs) {
            const tensor = r.deref();
            if (tensor !== undefined && !tensor.isDisposed && native.willEngineExecuteTensor(tensor)) nbCalls++;
          }
        }
        const buf = buffer.get(id)!;
        buf[idx] = grad;
        if (curr === nbCalls - 1) {
          count.delete(id);
          buffer.delete(id);
          (fn as (grads: (Tensor | null)[]) => void)(buf);
        }
      }));
    });
  } else {
    const seen = new Set<number>();
    for (const t of tensors) {
      if (!t.requiresGrad) continue;
      handles.push(t.registerHook((grad) => {
        const id = native.currentGraphTaskId();
        if (id === -1) throw new Error('expected this hook to be called inside a backward call');
        if (seen.has(id)) return;
        seen.add(id);
        (fn as (grad: Tensor) => void)(grad);
      }));
    }
  }
  return new RemovableHandle([{ delete: () => { for (const h of handles) h.remove(); } }]);
}
