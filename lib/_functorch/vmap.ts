// vmap over LibTorch's functorch interpreter stack, as torch/_functorch/vmap.py: a vmap level is
// pushed, each mapped input becomes a BatchedTensor of that level (functorch's _add_batch_dim),
// the function runs through the batching rules, and the level's batch dimension is taken off the
// outputs (functorch's _remove_batch_dim) before the level is popped.
import { native } from '../binding.js';
import { Tensor } from '../tensor.js';
import { cat } from '../generated/functions.js';
import { getRngState, setRngState } from '../generator.js';
import { describeValue, isPlainObject } from '../validate.js';
import { broadcastToAndFlatten, specString, treeFlatten, treeUnflatten, type TreeSpec } from './pytree.js';

/** Which dimension of each input (or output) is mapped: a number, null (not mapped), or a tree of them. */
export type InDims = number | null | readonly InDims[] | { readonly [key: string]: InDims };

/** Options of vmap (Python's keyword arguments). */
export interface VmapOptions {
  /** The mapped dimension of each positional argument (default 0 for all). */
  inDims?: InDims;
  /** Where the mapped dimension goes in each output (default 0). */
  outDims?: InDims;
  /**
   * Random operations inside: 'error' (default) refuses them, 'same' draws one value for the
   * whole batch, 'different' draws per batch element.
   */
  randomness?: 'error' | 'different' | 'same';
  /** Run the batch in chunks of this many elements (a memory cap); null for all at once. */
  chunkSize?: number | null;
}

const VMAP_OPTIONS = ['inDims', 'outDims', 'randomness', 'chunkSize'];

/** A function's name for messages, as torch._functorch's _get_name. */
export function fnName(fn: unknown): string {
  const name = typeof fn === 'function' ? fn.name : '';
  return name === '' ? 'fn' : name;
}

/** A dims tree as Python prints it: (0, None), {'a': 1}. */
export function dimsRepr(d: unknown): string {
  if (d === null || d === undefined) return 'None';
  if (Array.isArray(d)) return d.length === 1 ? `(${dimsRepr(d[0])},)` : `(${d.map(dimsRepr).join(', ')})`;
  if (isPlainObject(d)) return `{${Object.entries(d).map(([k, v]) => `'${k}': ${dimsRepr(v)}`).join(', ')}}`;
  return String(d);
}

function checkOptions(where: string, options: unknown): VmapOptions {
  if (options === undefined) return {};
  if (!isPlainObject(options)) throw new TypeError(`${where}: options must be an object (got ${describeValue(options)})`);
  for (const k of Object.keys(options)) {
    if (!VMAP_OPTIONS.includes(k)) throw new TypeError(`${where}: unknown option '${k}' (expected one of ${VMAP_OPTIONS.join(', ')})`);
  }
  return options as VmapOptions;
}

function isDimsTree(d: unknown): boolean {
  if (d === null || (typeof d === 'number' && Number.isInteger(d))) return true;
  if (Array.isArray(d)) return d.every(isDimsTree);
  if (isPlainObject(d)) return Object.values(d).every(isDimsTree);
  return false;
}

/**
 * Vectorizes `fn` over a dimension of its inputs (torch.func.vmap): the returned function runs
 * `fn` once on whole batches, through LibTorch's batching rules, as if it ran per element and
 * the results were stacked. Nests (vmap of vmap), and composes with grad, jvp, jacrev, jacfwd.
 * Inputs and outputs may be tensors or arrays/objects of them (pytrees).
 * @example
 * const dot = (a: Tensor, b: Tensor) => a.dot(b);
 * torch.func.vmap(dot)(torch.randn(5, 3), torch.randn(5, 3));          // shape [5]
 * torch.func.vmap(dot, { inDims: [0, null] })(torch.randn(5, 3), torch.randn(3));
 */
export function vmap<A extends unknown[], R>(fn: (...args: A) => R, options?: VmapOptions): (...args: A) => R {
  if (typeof fn !== 'function') throw new TypeError(`vmap: fn must be a function (got ${describeValue(fn)})`);
  const o = checkOptions('vmap()', options);
  const inDims = o.inDims === undefined ? 0 : o.inDims;
  const outDims = o.outDims === undefined ? 0 : o.outDims;
  const randomness = o.randomness ?? 'error';
  const chunkSize = o.chunkSize ?? null;
  if (!['error', 'different', 'same'].includes(randomness)) {
    throw new Error(`Only allowed values for randomness are 'error', 'different', or 'same'. Got ${String(randomness)}`);
  }
  if (chunkSize !== null && !(Number.isInteger(chunkSize) && chunkSize > 0)) {
    throw new Error(`vmap: chunk_size should be None or greater than 0. (got ${String(chunkSize)})`);
  }
  const name = fnName(fn);
  if (!isDimsTree(outDims)) {
    throw new Error(`vmap(${name}, ..., out_dims=${dimsRepr(outDims)}): out_dims must be an int, None or a python collection of ints representing where in the outputs the vmapped dimension should appear.`);
  }
  const wrapped = (...args: A): R => vmapImpl(fn as (...a: unknown[]) => unknown, name, inDims, outDims, randomness, chunkSize, args) as R;
  Object.defineProperty(wrapped, 'name', { value: `vmap(${name})` });
  return wrapped;
}

function vmapImpl(fn: (...a: unknown[]) => unknown, name: string, inDims: InDims, outDims: InDims, randomness: string,
  chunkSize: number | null, args: unknown[]): unknown {
  if (typeof inDims !== 'number' && !Array.isArray(inDims)) {
    throw new Error(`vmap(${name}, in_dims=${dimsRepr(inDims)}, ...)(<inputs>): expected \`in_dims\` to be int or a (potentially nested) tuple matching the structure of inputs, got: ${describeValue(inDims)}.`);
  }
  if (args.length === 0) {
    throw new Error(`vmap(${name})(<inputs>): got no inputs. Maybe you forgot to add inputs, or you are trying to vmap over a function with no inputs. The latter is unsupported.`);
  }
  const [flatArgs, argsSpec] = treeFlatten(args);
  const flatInDims = broadcastToAndFlatten(inDims, argsSpec);
  if (flatInDims === null) {
    throw new Error(`vmap(${name}, in_dims=${dimsRepr(inDims)}, ...)(<inputs>): in_dims is not compatible with the structure of \`inputs\`. in_dims has structure ${specString(treeFlatten(inDims)[1])} but inputs has structure ${specString(argsSpec)}.`);
  }
  const dims: (number | null)[] = flatInDims.map((d, i) => {
    const arg = flatArgs[i];
    if (d !== null && !(typeof d === 'number' && Number.isInteger(d))) {
      throw new Error(`vmap(${name}, in_dims=${dimsRepr(inDims)}, ...)(<inputs>): Got in_dim=${String(d)} for an input but in_dim must be either an integer dimension or None.`);
    }
    if (typeof d === 'number' && !(arg instanceof Tensor)) {
      throw new Error(`vmap(${name}, in_dims=${dimsRepr(inDims)}, ...)(<inputs>): Got in_dim=${d} for an input but the input is of type ${describeValue(arg)}. We cannot vmap over non-Tensor arguments, please use None as the respective in_dim`);
    }
    if (typeof d === 'number') {
      const n = (arg as Tensor).dim();
      if (d < -n || d >= n) {
        throw new Error(`vmap(${name}, in_dims=${dimsRepr(inDims)}, ...)(<inputs>): Got in_dim=${d} for some input, but that input is a Tensor of dimensionality ${n} so expected in_dim to satisfy -${n} <= in_dim < ${n}.`);
      }
      return d < 0 ? ((d % n) + n) % n : d;
    }
    return null;
  });
  const batchSize = validateAndGetBatchSize(dims, flatArgs);
  if (chunkSize !== null && chunkSize < batchSize) {
    return chunkedVmap(fn, name, dims, flatArgs, argsSpec, outDims, randomness, batchSize, chunkSize);
  }
  return flatVmap(fn, name, batchSize, dims, flatArgs, argsSpec, outDims, randomness);
}

function validateAndGetBatchSize(dims: (number | null)[], flatArgs: unknown[]): number {
  const sizes: number[] = [];
  dims.forEach((d, i) => { if (d !== null) sizes.push((flatArgs[i] as Tensor).size(d)); });
  if (sizes.length === 0) throw new Error('vmap: Expected at least one Tensor to vmap over');
  if (sizes.some((s) => s !== sizes[0])) {
    throw new Error(`vmap: Expected all tensors to have the same size in the mapped dimension, got sizes [${sizes.join(', ')}] for the mapped dimension`);
  }
  return sizes[0];
}

/** Pushes a vmap level for fn's run; pops it on every way out. */
function withVmapLevel<T>(batchSize: number, randomness: string, fn: (level: number) => T): T {
  const level = native.functorchVmapIncrementNesting(batchSize, randomness);
  try {
    return fn(level);
  } finally {
    native.functorchVmapDecrementNesting();
  }
}

function flatVmap(fn: (...a: unknown[]) => unknown, name: string, batchSize: number, dims: (number | null)[], flatArgs: unknown[],
  argsSpec: TreeSpec, outDims: InDims, randomness: string): unknown {
  return withVmapLevel(batchSize, randomness, (level) => {
    const batched = flatArgs.map((a, i) => dims[i] === null ? a : native.functorchAddBatchDim(a as Tensor, dims[i]!, level));
    const out = fn(...(treeUnflatten(batched, argsSpec) as unknown[]));
    return unwrapBatched(out, outDims, level, batchSize, name);
  });
}

function incompatibleOutDims(name: string, outDims: InDims, spec: TreeSpec): Error {
  return new Error(`vmap(${name}, ..., out_dims=${dimsRepr(outDims)})(<inputs>): out_dims is not compatible with the structure of \`outputs\`. out_dims has structure ${specString(treeFlatten(outDims)[1])} but outputs has structure ${specString(spec)}.`);
}

function flatOutDims(out: unknown, outDims: InDims, name: string): [unknown[], TreeSpec, (number | null)[]] {
  const [flat, spec] = treeFlatten(out);
  let dims: unknown[] | null;
  if (out instanceof Tensor) {
    if (typeof outDims === 'number' || outDims === null) dims = [outDims];
    else if (Array.isArray(outDims) && outDims.length === 1) dims = outDims as unknown[];
    else throw incompatibleOutDims(name, outDims, spec);
  } else {
    dims = broadcastToAndFlatten(outDims, spec);
    if (dims === null) throw incompatibleOutDims(name, outDims, spec);
  }
  return [flat, spec, dims as (number | null)[]];
}

function unwrapBatched(out: unknown, outDims: InDims, level: number, batchSize: number, name: string): unknown {
  const [flat, spec, dims] = flatOutDims(out, outDims, name);
  const results = flat.map((o, i) => {
    const d = dims[i];
    if (d === null) {
      if (o instanceof Tensor && native.functorchIsBatchedTensor(o)) {
        throw new Error(`vmap(${name}, ...): \`${name}\` can not return a BatchedTensor when out_dim is None`);
      }
      return o;
    }
    if (!(o instanceof Tensor)) {
      throw new Error(`vmap(${name}, ...): \`${name}\` must only return Tensors, got type ${describeValue(o)}. Did you mean to set out_dims= to None for output?`);
    }
    return native.functorchRemoveBatchDim(o, level, batchSize, d);
  });
  return treeUnflatten(results, spec);
}

function chunkedVmap(fn: (...a: unknown[]) => unknown, name: string, dims: (number | null)[], flatArgs: unknown[], argsSpec: TreeSpec,
  outDims: InDims, randomness: string, batchSize: number, chunkSize: number): unknown {
  // The split points of the batch, as torch._functorch.vmap._get_chunked_inputs.
  const bounds: number[] = [];
  for (let s = 0; s < batchSize; s += chunkSize) bounds.push(Math.min(chunkSize, batchSize - s));
  const perArg = flatArgs.map((a, i) => dims[i] === null ? null : (a as Tensor).split(bounds, dims[i]!));
  // 'same' draws the same numbers in every chunk: each starts from the same generator state.
  const rngState = randomness === 'same' ? getRngState() : null;
  const chunkOutputs: unknown[][] = [];
  let spec: TreeSpec | null = null;
  let outDimsFlat: (number | null)[] = [];
  for (let c = 0; c < bounds.length; ++c) {
    const chunkArgs = flatArgs.map((a, i) => perArg[i] === null ? a : perArg[i]![c]);
    if (rngState !== null) setRngState(rngState);
    const out = flatVmap(fn, name, bounds[c], dims, chunkArgs, argsSpec, outDims, randomness);
    const [flat, s, d] = flatOutDims(out, outDims, name);
    spec = s;
    outDimsFlat = d;
    chunkOutputs.push(flat);
  }
  const merged = outDimsFlat.map((d, i) => {
    if (d === null) return chunkOutputs[0][i];
    return cat(chunkOutputs.map((o) => o[i] as Tensor), d);
  });
  return treeUnflatten(merged, spec!);
}
