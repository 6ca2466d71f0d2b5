// torch.utils.checkpoint: activation checkpointing, as torch/utils/checkpoint.py's non-reentrant
// variant. The forward of the checkpointed function runs under saved-tensor hooks that keep only a
// placeholder ("holder") per saved tensor; the first unpack in a backward re-runs the function
// (same RNG state, same autocast state) under hooks that hand each recomputed tensor to its holder,
// stopping as soon as every holder is filled. Gradients are those of the plain function; peak
// memory holds the inputs of each checkpointed segment instead of all its intermediate tensors.
import { native } from '../binding.js';
import { getRngState, setRngState } from '../generator.js';
import { escapeScopes, runInScope } from '../scope.js';
import { Tensor } from '../tensor.js';
import { argTypeError, describeValue, isPlainObject } from '../validate.js';
import { savedTensorsHooks } from '../autograd/graph.js';
import { isGradEnabled, enableGrad } from '../autograd/grad_mode.js';
import { Function as AutogradFunction, type FunctionCtx } from '../autograd/function.js';

/**
 * Raised when the recomputation does not save the tensors the forward saved.
 * @example
 * try { loss.backward(); } catch (e) { if (e instanceof torch.utils.checkpoint.CheckpointError) console.log(e.message); }
 */
export class CheckpointError extends Error {
  override name = 'CheckpointError';
}

/** Opens a scope (an autocast scope, a mode switch) and returns what closes it. */
export type ContextFactory = () => Disposable;

/** checkpoint's options (Python's keyword arguments). */
export interface CheckpointOptions {
  /** false (the default here): the saved-tensor-hook implementation; true: the custom-Function one. */
  useReentrant?: boolean;
  /** Restore the RNG state of the forward before recomputing (default true). */
  preserveRngState?: boolean;
  /** 'default' compares shape, dtype and device of the recomputed tensors with the saved ones; 'none' skips it. */
  determinismCheck?: 'default' | 'none';
  /** Returns [forward scope, recomputation scope] openers (non-reentrant only). */
  contextFn?: () => [ContextFactory, ContextFactory];
}

const OPTION_NAMES = ['useReentrant', 'preserveRngState', 'determinismCheck', 'contextFn'];

function isCheckpointOptions(v: unknown): v is CheckpointOptions {
  return isPlainObject(v) && Object.keys(v).length > 0 && Object.keys(v).every((k) => OPTION_NAMES.includes(k));
}

function checkOptions(where: string, o: CheckpointOptions): Required<Omit<CheckpointOptions, 'contextFn'>> & Pick<CheckpointOptions, 'contextFn'> {
  const useReentrant = o.useReentrant ?? false;
  const preserveRngState = o.preserveRngState ?? true;
  const determinismCheck = o.determinismCheck ?? 'default';
  if (typeof useReentrant !== 'boolean') throw argTypeError(where, 'useReentrant', 'a boolean', useReentrant);
  if (typeof preserveRngState !== 'boolean') throw argTypeError(where, 'preserveRngState', 'a boolean', preserveRngState);
  if (determinismCheck !== 'default' && determinismCheck !== 'none') {
    throw new RangeError(`determinism_check should be one of ['default', 'none'], but got ${String(determinismCheck)}`);
  }
  if (o.contextFn !== undefined && typeof o.contextFn !== 'function') throw argTypeError(where, 'contextFn', 'a function', o.contextFn);
  if (useReentrant && o.contextFn !== undefined) {
    throw new Error('Passing `context_fn` or `debug` is only supported when use_reentrant=False.');
  }
  return { useReentrant, preserveRngState, determinismCheck, contextFn: o.contextFn };
}

interface Meta { shape: number[]; dtype: string; device: string }

function metaOf(t: Tensor): Meta {
  return { shape: [...t.shape], dtype: t.dtype, device: t.device.toString() };
}

function sameMeta(a: Meta, b: Meta): boolean {
  return a.dtype === b.dtype && a.device === b.device && a.shape.length === b.shape.length && a.shape.every((d, i) => d === b.shape[i]);
}

function formatMeta(m: Meta): string {
  const device = m.device.includes(':') ? `device(type='${m.device.split(':')[0]}', index=${m.device.split(':')[1]})` : `device(type='${m.device}')`;
  return `{'shape': torch.Size([${m.shape.join(', ')}]), 'dtype': torch.${m.dtype}, 'device': ${device}}`;
}

// What the pack hook of the forward returns for a saved tensor: filled, per backward (graph task),
// with the tensor the recomputation saved at the same position.
class Holder {
  readonly handles = new Map<number, Tensor | null>();
}

class StopRecomputation extends Error {}

// One checkpointed call.
class Frame {
  readonly weakHolders: WeakRef<Holder>[] = [];
  readonly metas: Meta[] = [];
  readonly recompCounter = new Map<number, number>();
  readonly isRecomputed = new Set<number>();
  readonly handedOver: Tensor[] = [];
  forwardCompleted = false;
  ignoreSavedMismatch = false;
  constructor(readonly recompute: () => void, readonly checkMeta: boolean) {}

  checkRecomputedTensorsMatch(gid: number): void {
    if (this.ignoreSavedMismatch) return;
    const counted = this.recompCounter.get(gid) ?? 0;
    if (this.weakHolders.length !== counted) {
      throw new CheckpointError('torch.utils.checkpoint: A different number of tensors was saved during the original forward and recomputation.\n' +
        `Number of tensors saved during forward: ${this.weakHolders.length}\n` +
        `Number of tensors saved during recomputation: ${counted}.\n`);
    }
    if (!this.checkMeta) return;
    let mismatched = '';
    this.weakHolders.forEach((ref, idx) => {
      const holder = ref.deref();
      const x = holder?.handles.get(gid);
      if (x === undefined || x === null) return;
      const recomputed = metaOf(x);
      if (!sameMeta(this.metas[idx]!, recomputed)) {
        mismatched += `tensor at position ${idx}:\nsaved metadata: ${formatMeta(this.metas[idx]!)}\nrecomputed metadata: ${formatMeta(recomputed)}\n`;
      }
    });
    if (mismatched !== '') {
      throw new CheckpointError('torch.utils.checkpoint: Recomputed values for the following tensors have different metadata than during the forward pass.\n' +
        `${mismatched}.\n`);
    }
  }
}

let temporaryGid = -2;

function recomputationHooks<T>(frame: Frame, gid: number, fn: () => T): T {
  // The graph the recomputation builds is released as soon as it ends; what it saves is only a
  // weak reference to the tensor in the holder (Python saves x.detach(), freed with that graph),
  // so that no extra wrapper keeps the tensor's memory until the collector runs.
  const pack = (x: Tensor): Tensor | WeakRef<Tensor> => {
    const saved = x.requiresGrad ? x.detach() : x;
    const idx = frame.recompCounter.get(gid) ?? 0;
    frame.recompCounter.set(gid, idx + 1);
    if (idx >= frame.weakHolders.length) {
      if (!frame.forwardCompleted) {
        frame.ignoreSavedMismatch = true;
        return saved;
      }
      throw new CheckpointError('torch.utils.checkpoint: trying to save more tensors during recomputation than during the original forward pass.');
    }
    const holder = frame.weakHolders[idx]!.deref();
    // the recomputed tensor waits in its holder for backward, past the function's tidy() scopes
    const kept = escapeScopes(saved === x ? x.detach() : saved);
    if (holder !== undefined) holder.handles.set(gid, kept);
    if (idx + 1 === frame.weakHolders.length) throw new StopRecomputation();
    return new WeakRef(kept);
  };
  const unpack = (p: Tensor | WeakRef<Tensor>): Tensor => {
    if (p instanceof Tensor) return p;
    const t = p.deref();
    if (t === undefined || t.isDisposed) {
      throw new CheckpointError('torch.utils.checkpoint: the graph of a recomputation was backwarded after its tensors were used');
    }
    return t.detach();
  };
  return savedTensorsHooks(pack, unpack, fn);
}

function forwardHooks<T>(frame: Frame, fn: () => T): T {
  const pack = (x: Tensor): Holder => {
    const holder = new Holder();
    frame.weakHolders.push(new WeakRef(holder));
    if (frame.checkMeta) frame.metas.push(metaOf(x));
    return holder;
  };
  const unpack = (holder: Holder): Tensor => {
    let gid = native.currentGraphTaskId();
    if (gid === -1) gid = temporaryGid--;
    if (!frame.isRecomputed.has(gid)) {
      try {
        recomputationHooks(frame, gid, () => enableGrad(() => frame.recompute()));
      } catch (e) {
        if (!(e instanceof StopRecomputation)) throw e;
      }
      frame.isRecomputed.add(gid);
      frame.checkRecomputedTensorsMatch(gid);
    }
    if (!holder.handles.has(gid)) throw new CheckpointError('torch.utils.checkpoint: the recomputation did not save this tensor');
    const ret = holder.handles.get(gid);
    if (ret === null || ret === undefined) {
      throw new CheckpointError('torch.utils.checkpoint: Unpack is being triggered for a tensor that was already unpacked once. If you are calling ctx.saved_tensors in backward, make sure to do so only once. Otherwise please open an issue with details on your use case.');
    }
    holder.handles.set(gid, null);
    // The engine holds its own reference once unpack returns: the JS wrapper of the tensor handed
    // over last time is released here instead of waiting for the collector.
    for (const t of frame.handedOver) if (!t.isDisposed) t.dispose();
    frame.handedOver.length = 0;
    frame.handedOver.push(ret);
    return ret;
  };
  return savedTensorsHooks(pack, unpack, fn);
}

interface AutocastState { enabled: boolean; dtype: string; cacheEnabled: boolean }

// CPU autocast's state: the recomputation runs under the state of the forward (torch.autocast sets
// the same LibTorch thread-local state, native/autocast.cpp).
function autocastState(): AutocastState {
  return { enabled: native.isAutocastEnabled('cpu'), dtype: native.getAutocastDtype('cpu'), cacheEnabled: native.isAutocastCacheEnabled() };
}

function withAutocast<T>(state: AutocastState, fn: () => T): T {
  const prev = autocastState();
  const set = (s: AutocastState): void => {
    native.setAutocastEnabled('cpu', s.enabled);
    native.setAutocastDtype('cpu', s.dtype);
    native.setAutocastCacheEnabled(s.cacheEnabled);
  };
  set(state);
  try {
    return fn();
  } finally {
    set(prev);
  }
}

function withRng<T>(state: Tensor | null, fn: () => T): T {
  if (state === null) return fn();
  const current = getRngState();
  setRngState(state);
  try {
    return fn();
  } finally {
    setRngState(current);
  }
}

const isTensor = (v: unknown): v is Tensor => v instanceof Tensor;

function checkpointWithoutReentrant<A extends unknown[], R>(fn: (...args: A) => R, args: A, o: ReturnType<typeof checkOptions>): R {
  if (!isGradEnabled()) return fn(...args);
  const [forwardContext, recomputeContext] = o.contextFn ? o.contextFn() : [null, null];
  const rngState = o.preserveRngState ? getRngState() : null;
  const amp = autocastState();
  const recompute = (): void => {
    withRng(rngState, () => withAutocast(amp, () => {
      const scope = recomputeContext?.();
      try {
        // Only the saved tensors matter (their holders took them out of this scope): the output,
        // the graph of the recomputation it holds and every temporary are released now, as
        // Python's reference counting does, rather than when the collector finds them.
        runInScope(() => { fn(...args); return null; }, isTensor);
      } finally {
        scope?.[Symbol.dispose]();
      }
    }));
  };
  const frame = new Frame(recompute, o.determinismCheck === 'default');
  const result = forwardHooks(frame, () => {
    const scope = forwardContext?.();
    try {
      return fn(...args);
    } finally {
      scope?.[Symbol.dispose]();
    }
  });
  frame.forwardCompleted = true;
  return result;
}

// The reentrant variant: a custom Function whose forward runs fn without grad and whose backward
// re-runs it with grad and backpropagates through the recomputed graph.
interface ReentrantCtx extends FunctionCtx {
  run: (...args: unknown[]) => unknown;
  rngState: Tensor | null;
  amp: AutocastState;
  inputs: unknown[];
}

class CheckpointFunction extends AutogradFunction {
  static forward(ctx: ReentrantCtx, run: (...args: unknown[]) => unknown, preserve: boolean, ...args: unknown[]): unknown {
    ctx.run = run;
    ctx.rngState = preserve ? getRngState() : null;
    ctx.amp = autocastState();
    ctx.inputs = args;
    ctx.saveForBackward(...args.filter((a): a is Tensor => a instanceof Tensor));
    const out = run(...args);
    return out;
  }

  static backward(ctx: ReentrantCtx, ...grads: (Tensor | null)[]): (Tensor | null)[] {
    const detached = ctx.inputs.map((a) => (a instanceof Tensor ? a.detach().requiresGrad_(a.requiresGrad) : a));
    const outputs = withRng(ctx.rngState, () => enableGrad(() => withAutocast(ctx.amp, () => ctx.run(...detached))));
    const outs = (Array.isArray(outputs) ? outputs : [outputs]) as unknown[];
    const withGrad: Tensor[] = [];
    const gradArgs: Tensor[] = [];
    outs.forEach((o, i) => {
      const g = grads[i];
      if (o instanceof Tensor && o.requiresGrad && g !== null && g !== undefined) { withGrad.push(o); gradArgs.push(g); }
    });
    if (withGrad.length === 0) {
      throw new Error('none of output has requires_grad=True, this checkpoint() is not necessary');
    }
    // Parameters the function closes over get their gradients accumulated by this inner backward,
    // as Python's torch.autograd.backward(outputs_with_grad, args_with_grad).
    native.backward(withGrad, gradArgs, undefined, false, undefined);
    return [null, null, ...detached.map((a) => (a instanceof Tensor ? a.grad : null))];
  }
}

/**
 * Runs `fn(...args)` without keeping its intermediate tensors for backward: backward recomputes
 * them (Python's `torch.utils.checkpoint.checkpoint(function, *args, use_reentrant=False)`).
 * Options go last, as an object whose keys are all checkpoint options.
 * @example
 * const h = torch.utils.checkpoint.checkpoint((x) => block(x), x, { preserveRngState: true });
 * h.sum().backward();   // block's activations are recomputed here
 */
export function checkpoint<A extends unknown[], R>(fn: (...args: A) => R, ...args: [...A] | [...A, CheckpointOptions]): R {
  if (typeof fn !== 'function') throw argTypeError('checkpoint(function, ...args)', 'function', 'a function', fn);
  const last = args[args.length - 1];
  const options = isCheckpointOptions(last) ? (args.pop() as CheckpointOptions) : {};
  const o = checkOptions('checkpoint()', options);
  if (o.useReentrant) {
    if (!isGradEnabled()) return fn(...(args as A));
    const run = fn as (...a: unknown[]) => unknown;
    return (CheckpointFunction.apply as (...a: unknown[]) => unknown)(run, o.preserveRngState, ...args) as R;
  }
  return checkpointWithoutReentrant(fn, args as A, o);
}

/** A stage of checkpointSequential: a function of one value (a Module instance is one). */
export type SequentialStage = (input: Tensor) => Tensor;

/**
 * Checkpoints a sequence of functions in `segments` segments, the last run normally (Python's
 * `checkpoint_sequential(functions, segments, input, use_reentrant=False)`); an nn.Sequential
 * is taken as its children.
 * @example const y = torch.utils.checkpoint.checkpointSequential(model, 2, x);
 */
export function checkpointSequential(functions: SequentialStage[] | { children(): unknown[] }, segments: number, input: Tensor,
  options: Omit<CheckpointOptions, 'contextFn'> = {}): Tensor {
  const list = (Array.isArray(functions) ? functions : typeof (functions as { children?: unknown }).children === 'function'
    ? (functions as { children(): unknown[] }).children() : null) as SequentialStage[] | null;
  if (list === null) throw argTypeError('checkpointSequential(functions, segments, input)', 'functions', 'an array of functions or an nn.Sequential', functions);
  list.forEach((f, i) => { if (typeof f !== 'function') throw argTypeError('checkpointSequential(functions, segments, input)', `functions[${i}]`, 'a function', f); });
  if (!Number.isInteger(segments) || segments < 1) throw new RangeError(`checkpointSequential(): segments must be a positive integer (got ${describeValue(segments)})`);
  if (!(input instanceof Tensor)) throw argTypeError('checkpointSequential(functions, segments, input)', 'input', 'a Tensor', input);
  const runFunction = (start: number, end: number) => (x: Tensor): Tensor => {
    for (let j = start; j <= end; j++) x = list[j]!(x);
    return x;
  };
  const segmentSize = Math.floor(list.length / segments);
  let end = -1;
  let x = input;
  for (let start = 0; start < segmentSize * (segments - 1); start += segmentSize) {
    end = start + segmentSize - 1;
    x = checkpoint(runFunction(start, end), x, { useReentrant: options.useReentrant ?? false, ...options });
  }
  return runFunction(end + 1, list.length - 1)(x);
}
