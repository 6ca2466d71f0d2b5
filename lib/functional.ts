// The torch.* functions Python defines in Python (torch/functional.py, plus torch.nonzero's
// as_tuple, which Python's C++ binding adds): variadic tensor arguments, `dims` given as an int,
// the tuple-or-tensor results of unique, the string orders of norm. The generated operators only
// take their ATen schema's form; these wrappers accept Python's calling convention and that form.
import { Tensor } from './tensor.js';
import { callOp, opFamily, type OpFamily } from './dispatch.js';
import { isFloatingDType, normalizeDType, type DType } from './dtype.js';
import { checkDense } from './arrays.js';
import { tensor as tensorFromData } from './creation.js';
import * as ops from './generated/functions.js';
import {
  argTypeError, describeValue, isPlainObject, parseArgs, checkBool, checkInt, checkNumber, checkTensor, type Args,
} from './validate.js';

const f_unique2 = opFamily('_unique2');
const f_unique_dim = opFamily('unique_dim');
const f_unique_consecutive = opFamily('unique_consecutive');
const f_split = opFamily('split');
const f_split_with_sizes = opFamily('split_with_sizes');
const f_vector_norm = opFamily('linalg_vector_norm');
const f_matrix_norm = opFamily('linalg_matrix_norm');
const f_nonzero = opFamily('nonzero');
const f_nonzero_numpy = opFamily('nonzero_numpy');
const f_tensordot = opFamily('tensordot');
const f_stft = opFamily('stft');
const f_cdist = opFamily('cdist');
const f_lu_with_info = opFamily('_lu_with_info');
const f_broadcast_tensors = opFamily('broadcast_tensors');
const f_einsum = opFamily('einsum');
const f_meshgrid = opFamily('meshgrid');
const f_block_diag = opFamily('block_diag');
const f_cartesian_prod = opFamily('cartesian_prod');
const f_chain_matmul = opFamily('chain_matmul');
const f_indices = opFamily('_indices');
const f_frobenius_norm = opFamily('frobenius_norm');
const f_nuclear_norm = opFamily('nuclear_norm');
const f_norm = opFamily('norm');

// ---- shared argument handling ------------------------------------------------------------------

function isIntArray(v: unknown): v is number[] {
  if (!Array.isArray(v)) return false;
  // Indexed, not every(): every() steps over each hole of a sparse array; a hole stops this loop.
  for (let i = 0; i < v.length; i++) {
    const e: unknown = v[i];
    if (typeof e !== 'number' || !Number.isInteger(e)) return false;
  }
  return true;
}

function checkIntArray(where: string, name: string, v: unknown): number[] {
  if (!Array.isArray(v)) throw argTypeError(where, name, 'an array of integers', v);
  checkDense(`${where}: ${name}`, v);
  v.forEach((e: unknown, i: number) => checkInt(where, `${name}[${i}]`, e));
  return v as number[];
}

/**
 * Python's `f(*tensors)` that also takes the list itself (`f([a, b])`, the ATen form): the tensors,
 * and a trailing options object when one was given (passed on to the ATen operator).
 */
function variadicTensors(where: string, args: readonly unknown[]): { tensors: Tensor[]; options?: Record<string, unknown> } {
  let n = args.length;
  let options: Record<string, unknown> | undefined;
  if (n > 0 && isPlainObject(args[n - 1])) options = args[--n] as Record<string, unknown>;
  let list: readonly unknown[] = args.slice(0, n);
  if (n === 1 && Array.isArray(args[0])) {
    list = args[0] as readonly unknown[];
  } else if (n > 1 && Array.isArray(args[0])) {
    throw new TypeError(`${where}: expected tensors as separate arguments or one array of tensors (got an array, then ${n - 1} more argument${n > 2 ? 's' : ''})`);
  }
  checkDense(`${where}: tensors`, list);
  const tensors = list.map((t, i) => checkTensor(where, `tensors[${i}]`, t));
  return options === undefined ? { tensors } : { tensors, options };
}

function call(f: OpFamily, args: unknown[], options?: Record<string, unknown>): unknown {
  return callOp(f, options === undefined ? args : [...args, options]);
}

/** Disposes the empty placeholder results (inverse, counts) that the caller did not ask for. */
function keep(results: readonly Tensor[], wanted: readonly boolean[]): Tensor | Tensor[] {
  const kept: Tensor[] = [];
  results.forEach((t, i) => { if (wanted[i]) kept.push(t); else t.dispose(); });
  return kept.length === 1 ? kept[0]! : kept;
}

// ---- shapes and broadcasting -------------------------------------------------------------------

/** A shape: an array of sizes, or one size (Python's `int` shapes in broadcast_shapes). */
export type ShapeLike = number | readonly number[];

/**
 * The shape that tensors of the given shapes broadcast to, without creating any tensor
 * (Python's `torch.broadcast_shapes`). Throws PyTorch's errors for shapes that do not broadcast.
 * @example torch.broadcastShapes([2], [3, 1], [1, 1, 1]) // [1, 3, 2]
 */
export function broadcastShapes(...shapes: (ShapeLike | null)[]): number[] {
  const where = 'torch.broadcastShapes()';
  // Python skips None and reads an int n as the shape (n,).
  const list: { shape: readonly number[]; repr: string; index: number }[] = [];
  shapes.forEach((s, i) => {
    if (s === null || s === undefined) return;
    if (typeof s === 'number') {
      checkInt(where, `shapes[${i}]`, s);
      list.push({ shape: [s], repr: `(${s},)`, index: list.length });
    } else if (isIntArray(s)) {
      list.push({ shape: s, repr: `[${s.join(', ')}]`, index: list.length });
    } else {
      throw argTypeError(where, `shapes[${i}]`, 'an integer or an array of integers', s);
    }
  });
  if (list.length === 0) return [];
  const rank = Math.max(...list.map((s) => s.shape.length));
  const common = new Array<number>(rank).fill(1);
  // The loop of torch._refs._broadcast_shapes, so that errors fire on the same inputs.
  for (const { shape, repr, index } of list) {
    for (let idx = -1; idx >= -shape.length; idx--) {
      const size = shape[shape.length + idx]!;
      const c = rank + idx;
      if (size === common[c]) continue;
      if (common[c] === 1) {
        if (size < 0) throw new RangeError('Attempting to broadcast a dimension with negative length!');
        common[c] = size;
      }
      if (size === 1) continue;
      if (common[c] !== size) {
        throw new RangeError(`Attempting to broadcast a dimension of length ${size} at ${idx}! Mismatching argument at index ${index} had ${repr}; but expected shape should be broadcastable to [${common.join(', ')}]`);
      }
    }
  }
  return common;
}

/**
 * Broadcasts tensors to their common shape (views, as Python's `torch.broadcast_tensors(*tensors)`).
 * @example const [a, b] = torch.broadcastTensors(x, y); // or torch.broadcastTensors([x, y])
 */
export function broadcastTensors(...tensors: Tensor[]): Tensor[];
export function broadcastTensors(tensors: readonly Tensor[]): Tensor[];
export function broadcastTensors(...args: unknown[]): Tensor[] {
  const { tensors, options } = variadicTensors('torch.broadcastTensors()', args);
  return call(f_broadcast_tensors, [tensors], options) as Tensor[];
}

// ---- variadic tensor functions -----------------------------------------------------------------

/** One subscript list of einsum's sublist format: subscripts 0-51, and '...' for an ellipsis. */
export type EinsumSublist = readonly (number | '...')[];

function subscript(s: unknown): string {
  if (s === '...') return '...';
  if (typeof s === 'number' && Number.isInteger(s)) {
    if (s >= 0 && s < 26) return String.fromCharCode(65 + s);
    if (s >= 26 && s < 52) return String.fromCharCode(97 + s - 26);
    throw new RangeError('einsum(): subscript in subscript list is not within the valid range [0, 52)');
  }
  throw argTypeError('einsum()', 'subscripts', `integers in [0, 52) or '...'`, s);
}

/**
 * Einstein summation: `torch.einsum('ij,jk->ik', a, b)` as in Python, also with the operands in
 * one array (`einsum(eq, [a, b])`) and in the sublist format (`einsum(a, [0, 1], b, [1, 2], [0, 2])`,
 * '...' for Python's Ellipsis).
 * @example torch.einsum('bn,anm,bm->ba', l, A, r)
 */
export function einsum(equation: string, ...operands: Tensor[]): Tensor;
export function einsum(equation: string, operands: readonly Tensor[], options?: { path?: readonly number[] | null }): Tensor;
export function einsum(...operandsAndSublists: (Tensor | EinsumSublist)[]): Tensor;
export function einsum(...args: unknown[]): Tensor {
  let options: Record<string, unknown> | undefined;
  if (args.length > 0 && isPlainObject(args[args.length - 1])) options = args.pop() as Record<string, unknown>;
  if (args.length < 2) {
    throw new TypeError('einsum(): must specify the equation string and at least one operand, or at least one operand and its subscripts list');
  }
  let equation: string;
  let operands: unknown[];
  if (args[0] instanceof Tensor) {
    // The sublist format, turned into an equation as Python does (odd count: output subscripts last).
    const lists = args.filter((_, i) => i % 2 === 1);
    equation = lists.map((l, i) => {
      if (!Array.isArray(l)) throw argTypeError('einsum()', `argument ${2 * i + 1}`, 'a subscript list', l);
      return l.map(subscript).join('');
    }).join(',');
    if (args.length % 2 === 1) {
      const out = args[args.length - 1];
      if (!Array.isArray(out)) throw argTypeError('einsum()', 'the output subscripts', 'a list', out);
      equation += `->${out.map(subscript).join('')}`;
      operands = args.slice(0, -1).filter((_, i) => i % 2 === 0);
    } else {
      operands = args.filter((_, i) => i % 2 === 0);
    }
  } else {
    if (typeof args[0] !== 'string') throw argTypeError('einsum()', 'equation', 'a string', args[0]);
    equation = args[0];
    operands = args.slice(1);
    // The old interface: the operands in one array.
    if (operands.length === 1 && Array.isArray(operands[0])) operands = operands[0] as unknown[];
  }
  checkDense('einsum(): operands', operands);
  const tensors = operands.map((t, i) => checkTensor('einsum()', `operands[${i}]`, t));
  return call(f_einsum, [equation, tensors], options) as Tensor;
}

/** Options of meshgrid. */
export interface MeshgridOptions {
  /** 'ij' (matrix indexing, the default) or 'xy' (Cartesian, like NumPy's default). */
  indexing?: 'ij' | 'xy';
}

/**
 * Coordinate grids from 1-D tensors: `torch.meshgrid(x, y, { indexing: 'ij' })` or
 * `torch.meshgrid([x, y], { indexing: 'xy' })`.
 * @example const [gx, gy] = torch.meshgrid(x, y, { indexing: 'ij' });
 */
export function meshgrid(...args: [...tensors: Tensor[], options: MeshgridOptions] | Tensor[]): Tensor[];
export function meshgrid(tensors: readonly Tensor[], options?: MeshgridOptions): Tensor[];
export function meshgrid(...args: unknown[]): Tensor[] {
  const { tensors, options } = variadicTensors('torch.meshgrid()', args);
  const { indexing } = parseArgs<MeshgridOptions>('torch.meshgrid()', options === undefined ? [] : [options], ['indexing'], {});
  if (indexing !== undefined && typeof indexing !== 'string') {
    throw argTypeError('torch.meshgrid()', 'indexing', `'ij' or 'xy'`, indexing);
  }
  // Without indexing, the ATen overload that warns about the coming default, as Python calls it.
  return (indexing === undefined ? callOp(f_meshgrid, [tensors]) : callOp(f_meshgrid, [tensors, { indexing }])) as Tensor[];
}

/**
 * The block diagonal matrix of 0-, 1- or 2-D tensors (Python's `torch.block_diag(*tensors)`).
 * @example torch.blockDiag(a, b, c) // or torch.blockDiag([a, b, c])
 */
export function blockDiag(...tensors: Tensor[]): Tensor;
export function blockDiag(tensors: readonly Tensor[], options?: { out?: Tensor }): Tensor;
export function blockDiag(...args: unknown[]): Tensor {
  const { tensors, options } = variadicTensors('torch.blockDiag()', args);
  return call(f_block_diag, [tensors], options) as Tensor;
}

/**
 * The cartesian product of 1-D tensors, like itertools.product (Python's `torch.cartesian_prod(*tensors)`).
 * @example torch.cartesianProd(torch.tensor([1, 2]), torch.tensor([3, 4]))
 */
export function cartesianProd(...tensors: Tensor[]): Tensor;
export function cartesianProd(tensors: readonly Tensor[]): Tensor;
export function cartesianProd(...args: unknown[]): Tensor {
  const { tensors, options } = variadicTensors('torch.cartesianProd()', args);
  return call(f_cartesian_prod, [tensors], options) as Tensor;
}

/**
 * The product of 2-D matrices in the cheapest order (Python's `torch.chain_matmul(*matrices, out=None)`;
 * deprecated there in favour of torch.linalg.multiDot).
 * @example torch.chainMatmul(a, b, c)
 */
export function chainMatmul(...args: [...matrices: Tensor[], options: { out?: Tensor }] | Tensor[]): Tensor;
export function chainMatmul(matrices: readonly Tensor[], options?: { out?: Tensor }): Tensor;
export function chainMatmul(...args: unknown[]): Tensor {
  const { tensors, options } = variadicTensors('torch.chainMatmul()', args);
  return call(f_chain_matmul, [tensors], options) as Tensor;
}

const f_atleast = { atleast_1d: opFamily('atleast_1d'), atleast_2d: opFamily('atleast_2d'), atleast_3d: opFamily('atleast_3d') };

function atleast(name: keyof typeof f_atleast, where: string, args: readonly unknown[]): Tensor | Tensor[] {
  // Python: one argument is the tensor (a Tensor back) or the sequence (a tuple back).
  if (args.length === 1 && args[0] instanceof Tensor) return callOp(f_atleast[name], [args[0]]) as Tensor;
  const { tensors, options } = variadicTensors(where, args);
  if (options !== undefined) throw new TypeError(`${where}: takes no options (got ${describeValue(options)})`);
  return callOp(f_atleast[name], [tensors]) as Tensor[];
}

/**
 * Views of the inputs with at least one dimension: one tensor gives a tensor, several (or an array)
 * an array, as Python's `torch.atleast_1d(*tensors)`.
 * @example const [a1, b1] = torch.atleast1d(a, b); torch.atleast1d(torch.tensor(1.5))
 */
export function atleast1d(input: Tensor): Tensor;
export function atleast1d(tensors: readonly Tensor[]): Tensor[];
export function atleast1d(...tensors: Tensor[]): Tensor[];
export function atleast1d(...args: unknown[]): Tensor | Tensor[] {
  return atleast('atleast_1d', 'torch.atleast1d()', args);
}

/**
 * Views of the inputs with at least two dimensions (Python's `torch.atleast_2d(*tensors)`).
 * @example const [a2, b2] = torch.atleast2d(a, b); torch.atleast2d(torch.tensor(1.5))
 */
export function atleast2d(input: Tensor): Tensor;
export function atleast2d(tensors: readonly Tensor[]): Tensor[];
export function atleast2d(...tensors: Tensor[]): Tensor[];
export function atleast2d(...args: unknown[]): Tensor | Tensor[] {
  return atleast('atleast_2d', 'torch.atleast2d()', args);
}

/**
 * Views of the inputs with at least three dimensions (Python's `torch.atleast_3d(*tensors)`).
 * @example const [a3, b3] = torch.atleast3d(a, b); torch.atleast3d(torch.tensor(1.5))
 */
export function atleast3d(input: Tensor): Tensor;
export function atleast3d(tensors: readonly Tensor[]): Tensor[];
export function atleast3d(...tensors: Tensor[]): Tensor[];
export function atleast3d(...args: unknown[]): Tensor | Tensor[] {
  return atleast('atleast_3d', 'torch.atleast3d()', args);
}

// ---- tensordot ---------------------------------------------------------------------------------

/** tensordot's dims: a count d (the last d of a with the first d of b), two dimension lists, or a tensor of either. */
export type TensordotDims = number | readonly [readonly number[], readonly number[]] | readonly (readonly number[])[] | Tensor;

/**
 * A contraction of a and b over several dimensions (Python's `torch.tensordot(a, b, dims=2)`).
 * The ATen form with the two dimension lists as separate arguments is also accepted.
 * @example torch.tensordot(a, b, 1); torch.tensordot(a, b, [[1, 0], [0, 1]])
 */
export function tensordot(a: Tensor, b: Tensor, dims?: TensordotDims, options?: { out?: Tensor }): Tensor;
export function tensordot(a: Tensor, b: Tensor, options: { dims?: TensordotDims; out?: Tensor }): Tensor;
export function tensordot(a: Tensor, b: Tensor, dimsSelf: readonly number[], dimsOther: readonly number[], options?: { out?: Tensor }): Tensor;
export function tensordot(a: Tensor, b: Tensor, options: { dimsSelf: readonly number[]; dimsOther: readonly number[]; out?: Tensor }): Tensor;
export function tensordot(a: Tensor, b: Tensor, ...args: unknown[]): Tensor {
  const where = 'torch.tensordot()';
  checkTensor(where, 'a', a);
  checkTensor(where, 'b', b);
  const last = args[args.length - 1];
  const lastOptions = isPlainObject(last) ? last : undefined;
  // The ATen form: two dimension lists, positional or as dimsSelf/dimsOther.
  if ((isIntArray(args[0]) && isIntArray(args[1])) || (lastOptions !== undefined && ('dimsSelf' in lastOptions || 'dimsOther' in lastOptions))) {
    return callOp(f_tensordot, [a, b, ...args]) as Tensor;
  }
  const o = parseArgs<{ dims: unknown; out: Tensor | undefined }>(where, args, ['dims', 'out'], { dims: 2 });
  const { dims } = o;
  let dimsA: number[];
  let dimsB: number[];
  if (dims instanceof Tensor) {
    if (dims.numel() > 1) {
      if (dims.shape[0] !== 2) throw new RangeError(`dims tensor must have size 2 in first dimension, got ${dims.shape[0]}`);
      const [da, db] = dims.tolist() as unknown as [number[] | number, number[] | number];
      dimsA = typeof da === 'number' ? [da] : da;
      dimsB = typeof db === 'number' ? [db] : db;
    } else {
      [dimsA, dimsB] = countDims(Math.trunc(dims.item()), a, b);
    }
  } else if (typeof dims === 'number' && Number.isInteger(dims)) {
    [dimsA, dimsB] = countDims(dims, a, b);
  } else if (Array.isArray(dims) && dims.length === 2) {
    dimsA = checkIntArray(where, 'dims[0]', dims[0]);
    dimsB = checkIntArray(where, 'dims[1]', dims[1]);
  } else {
    throw new TypeError(`${where}: dims must be an integer, a pair of integer arrays or a Tensor (got ${describeValue(dims)}${Array.isArray(dims) ? ` of length ${dims.length}` : ''})`);
  }
  return callOp(f_tensordot, o.out === undefined ? [a, b, dimsA, dimsB] : [a, b, dimsA, dimsB, { out: o.out }]) as Tensor;
}

function countDims(d: number, a: Tensor, b: Tensor): [number[], number[]] {
  if (d < 0) throw new RangeError(`tensordot expects dims >= 0, but got dims=${d}`);
  if (d > Math.min(a.dim(), b.dim())) throw new RangeError(`tensordot expects dims < ndim_a or ndim_b, but got dims=${d}`);
  return [Array.from({ length: d }, (_, i) => i - d), Array.from({ length: d }, (_, i) => i)];
}

// ---- unique ------------------------------------------------------------------------------------

/**
 * What unique and uniqueConsecutive return: the values alone, or an array that adds the inverse
 * indices and/or the counts (in that order) when asked for, as Python's tuple.
 */
export type UniqueResult<I extends boolean, C extends boolean> =
  I extends true ? (C extends true ? [Tensor, Tensor, Tensor] : [Tensor, Tensor]) : (C extends true ? [Tensor, Tensor] : Tensor);

/** Options of torch.unique. */
export interface UniqueOptions<I extends boolean = boolean, C extends boolean = boolean> {
  /** Whether to sort the unique values in ascending order (default true). */
  sorted?: boolean;
  /** Also return, for each input element, the index of its value in the output. */
  returnInverse?: I;
  /** Also return how often each unique value occurs. */
  returnCounts?: C;
  /** The dimension whose slices are compared (null: the flattened input's values). */
  dim?: number | null;
}

/** Options of torch.uniqueConsecutive. */
export type UniqueConsecutiveOptions<I extends boolean = boolean, C extends boolean = boolean> = Omit<UniqueOptions<I, C>, 'sorted'>;

function checkDim(where: string, dim: unknown): number | null {
  if (dim === null || dim === undefined) return null;
  return checkInt(where, 'dim', dim);
}

/**
 * The unique elements of a tensor (Python's `torch.unique(input, sorted=True, return_inverse=False,
 * return_counts=False, dim=None)`): a Tensor, or `[output, inverse?, counts?]` when asked for.
 * @example
 * const u = torch.unique(x);
 * const [values, inverse, counts] = torch.unique(x, { returnInverse: true, returnCounts: true });
 */
export function unique<I extends boolean = false, C extends boolean = false>(input: Tensor, options?: UniqueOptions<I, C>): UniqueResult<I, C>;
export function unique<I extends boolean = false, C extends boolean = false>(input: Tensor, sorted: boolean, options?: Omit<UniqueOptions<I, C>, 'sorted'>): UniqueResult<I, C>;
export function unique<I extends boolean = false, C extends boolean = false>(input: Tensor, sorted: boolean, returnInverse: I, options?: { returnCounts?: C; dim?: number | null }): UniqueResult<I, C>;
export function unique<I extends boolean = false, C extends boolean = false>(input: Tensor, sorted: boolean, returnInverse: I, returnCounts: C, options?: { dim?: number | null }): UniqueResult<I, C>;
export function unique<I extends boolean = false, C extends boolean = false>(input: Tensor, sorted: boolean, returnInverse: I, returnCounts: C, dim: number | null): UniqueResult<I, C>;
export function unique(input: Tensor, ...args: unknown[]): Tensor | Tensor[] {
  const where = 'torch.unique()';
  checkTensor(where, 'input', input);
  const o = parseArgs<Required<UniqueOptions>>(where, args, ['sorted', 'returnInverse', 'returnCounts', 'dim'],
    { sorted: true, returnInverse: false, returnCounts: false, dim: null });
  const flags = {
    sorted: checkBool(where, 'sorted', o.sorted),
    returnInverse: checkBool(where, 'returnInverse', o.returnInverse),
    returnCounts: checkBool(where, 'returnCounts', o.returnCounts),
  };
  const dim = checkDim(where, o.dim);
  const r = (dim === null ? callOp(f_unique2, [input, flags]) : callOp(f_unique_dim, [input, dim, flags])) as Tensor[];
  return keep(r, [true, flags.returnInverse, flags.returnCounts]);
}

/**
 * Keeps the first of each run of equal consecutive elements (Python's
 * `torch.unique_consecutive(input, return_inverse=False, return_counts=False, dim=None)`).
 * @example
 * const runs = torch.uniqueConsecutive(x);
 * const [values, counts] = torch.uniqueConsecutive(x, { returnCounts: true });
 */
export function uniqueConsecutive<I extends boolean = false, C extends boolean = false>(input: Tensor, options?: UniqueConsecutiveOptions<I, C>): UniqueResult<I, C>;
export function uniqueConsecutive<I extends boolean = false, C extends boolean = false>(input: Tensor, returnInverse: I, options?: { returnCounts?: C; dim?: number | null }): UniqueResult<I, C>;
export function uniqueConsecutive<I extends boolean = false, C extends boolean = false>(input: Tensor, returnInverse: I, returnCounts: C, options?: { dim?: number | null }): UniqueResult<I, C>;
export function uniqueConsecutive<I extends boolean = false, C extends boolean = false>(input: Tensor, returnInverse: I, returnCounts: C, dim: number | null): UniqueResult<I, C>;
export function uniqueConsecutive(input: Tensor, ...args: unknown[]): Tensor | Tensor[] {
  const where = 'torch.uniqueConsecutive()';
  checkTensor(where, 'input', input);
  const o = parseArgs<Required<UniqueConsecutiveOptions>>(where, args, ['returnInverse', 'returnCounts', 'dim'],
    { returnInverse: false, returnCounts: false, dim: null });
  const returnInverse = checkBool(where, 'returnInverse', o.returnInverse);
  const returnCounts = checkBool(where, 'returnCounts', o.returnCounts);
  const dim = checkDim(where, o.dim);
  const r = callOp(f_unique_consecutive, [input, { returnInverse, returnCounts, dim }]) as Tensor[];
  return keep(r, [true, returnInverse, returnCounts]);
}

// ---- split -------------------------------------------------------------------------------------

/** split's first argument: the size of every chunk (the last may be smaller), or each chunk's size. */
export type SplitSize = number | readonly number[] | Tensor;

/** @internal Tensor.split's and torch.split's shared body (Python's Tensor.split). */
export function splitImpl(where: string, input: Tensor, splitSize: unknown, dim: unknown): Tensor[] {
  checkTensor(where, 'tensor', input);
  let size = splitSize;
  // Python: int(split_size) for a tensor (a one-element one; others fail as in .item()).
  if (size instanceof Tensor) size = Math.trunc(size.item());
  const d = checkInt(where, 'dim', dim);
  if (typeof size === 'number') return callOp(f_split, [input, checkInt(where, 'splitSizeOrSections', size), d]) as Tensor[];
  if (Array.isArray(size)) return callOp(f_split_with_sizes, [input, checkIntArray(where, 'splitSizeOrSections', size), d]) as Tensor[];
  throw argTypeError(where, 'splitSizeOrSections', 'an integer, an array of integers or a Tensor', size);
}

/**
 * Splits a tensor into chunks (views): of `splitSizeOrSections` each along dim when it is a number,
 * of the listed sizes when it is an array (Python's `torch.split(tensor, split_size_or_sections, dim=0)`).
 * @example torch.split(x, 2); torch.split(x, [1, 4], 1)
 */
export function split(tensor: Tensor, splitSizeOrSections: SplitSize, dim?: number): Tensor[];
export function split(tensor: Tensor, splitSizeOrSections: SplitSize, options: { dim?: number }): Tensor[];
export function split(tensor: Tensor, options: { splitSizeOrSections: SplitSize; dim?: number } | { splitSize: SplitSize; dim?: number }): Tensor[];
export function split(tensor: Tensor, ...args: unknown[]): Tensor[] {
  const where = 'torch.split()';
  // splitSize: the ATen (and Tensor.split) name of the argument, accepted too.
  const last = args[args.length - 1];
  const name = isPlainObject(last) && 'splitSize' in last ? 'splitSize' : 'splitSizeOrSections';
  const o = parseArgs<{ splitSizeOrSections: unknown; splitSize: unknown; dim: number }>(where, args, [name, 'dim'], { dim: 0 }, [name]);
  return splitImpl(where, tensor, o[name], o.dim);
}

// ---- norm --------------------------------------------------------------------------------------

/** The order of torch.norm: a number (Infinity and -Infinity too), 'fro', 'nuc', or null (2). */
export type NormOrd = number | 'fro' | 'nuc' | Tensor | null;

/** Options of torch.norm. */
export interface NormOptions {
  p?: NormOrd;
  /** The dimension(s) reduced; null: all of them. */
  dim?: number | readonly number[] | null;
  keepdim?: boolean;
  out?: Tensor;
  /** The dtype the input is cast to before the reduction (and so of the result). */
  dtype?: DType | null;
}

const LINALG_DEVICES = new Set(['cpu', 'cuda', 'xpu', 'meta']);

/** Python's `input.layout == torch.strided`, without a layout getter on Tensor. */
function isStrided(t: Tensor): boolean {
  let strides: number[];
  try { strides = t.stride(); } catch { return false; } // compressed sparse layouts have no strides
  if (strides.length === 0 || strides.some((st) => st !== 0)) return true;
  // All-zero strides: an expanded dense tensor, or a sparse COO one (which alone has indices).
  try { (callOp(f_indices, [], t) as Tensor).dispose(); return false; } catch { return true; }
}

/** @internal torch.norm and Tensor.norm: the body of Python's torch.norm. */
export function normImpl(where: string, input: Tensor, o: NormOptions): Tensor {
  checkTensor(where, 'input', input);
  const p = o.p === undefined ? 'fro' : o.p;
  if (p !== null && typeof p !== 'number' && typeof p !== 'string' && !(p instanceof Tensor)) {
    throw argTypeError(where, 'p', `a number, 'fro', 'nuc' or null`, p);
  }
  const keepdim = checkBool(where, 'keepdim', o.keepdim ?? false);
  const dtype = o.dtype === undefined || o.dtype === null ? null : normalizeDType(o.dtype, `${where}: dtype`);
  let dims: number[] | null = null;
  if (typeof o.dim === 'number') dims = [checkInt(where, 'dim', o.dim)];
  else if (o.dim !== null && o.dim !== undefined) dims = checkIntArray(where, 'dim', o.dim);
  const out = o.out === undefined ? undefined : checkTensor(where, 'out', o.out);
  const allDims = (): number[] => Array.from({ length: input.dim() }, (_, i) => i);
  const withOut = (kw: Record<string, unknown>): Record<string, unknown> => (out === undefined ? kw : { ...kw, out });

  // Strided CPU/CUDA tensors: torch.linalg's vector and matrix norms.
  if (LINALG_DEVICES.has(input.device.split(':')[0]!) && isStrided(input)) {
    if (typeof p === 'string') {
      if (p === 'fro' && (dims === null || dims.length <= 2)) return callOp(f_vector_norm, [input, 2, dims, keepdim, withOut({ dtype })]) as Tensor;
      // The nuclear norm, or matrix_norm's own error for other strings and dimension counts.
      return callOp(f_matrix_norm, [input, p, dims ?? allDims(), keepdim, withOut({ dtype })]) as Tensor;
    }
    return callOp(f_vector_norm, [input, p ?? 2, dims, keepdim, withOut({ dtype })]) as Tensor;
  }

  // Sparse and other layouts: the legacy ATen norms, as Python still calls them.
  if (dims === null && out === undefined && dtype === null && p !== null) {
    if (p === 'fro') return callOp(f_frobenius_norm, [input, [], { keepdim }]) as Tensor;
    if (typeof p !== 'string') return callOp(f_norm, [input, p, allDims(), { keepdim }]) as Tensor;
  }
  if (p === 'fro' || p === 'nuc') {
    if (dtype !== null) throw new TypeError(`dtype argument is not supported in ${p === 'fro' ? 'frobenius' : 'nuclear'} norm`);
    if (p === 'fro') return callOp(f_frobenius_norm, [input, dims ?? allDims(), withOut({ keepdim })]) as Tensor;
    return callOp(f_nuclear_norm, dims === null ? [input, withOut({ keepdim })] : [input, dims, withOut({ keepdim })]) as Tensor;
  }
  if (typeof p === 'string') throw new RangeError(`only valid string values are 'fro' and 'nuc', found ${p}`);
  const kw = dtype === null ? { keepdim } : { keepdim, dtype };
  return callOp(f_norm, [input, p, dims ?? allDims(), withOut(kw)]) as Tensor;
}

/**
 * The matrix or vector norm (Python's `torch.norm(input, p='fro', dim=None, keepdim=False, out=None,
 * dtype=None)`, deprecated there in favour of torch.linalg.vectorNorm / matrixNorm): a number p is
 * a vector norm over dim (all elements by default), 'fro' the Frobenius norm, 'nuc' the nuclear norm.
 * @example torch.norm(x); torch.norm(x, 1, 0); torch.norm(m, 'nuc'); torch.norm(x, { dim: 1, keepdim: true })
 */
export function norm(input: Tensor, ...args: Args<[p: NormOrd, dim: number | readonly number[] | null, keepdim: boolean, out: Tensor], NormOptions>): Tensor;
export function norm(input: Tensor, ...args: unknown[]): Tensor {
  const where = 'torch.norm()';
  return normImpl(where, input, parseArgs<NormOptions>(where, args, ['p', 'dim', 'keepdim', 'out', 'dtype'], {}));
}

// ---- nonzero -----------------------------------------------------------------------------------

/** Options of torch.nonzero. */
export interface NonzeroOptions {
  /** Return one 1-D index tensor per dimension (for indexing) instead of one (n, ndim) tensor. */
  asTuple?: boolean;
  out?: Tensor;
}

/**
 * The indices of the non-zero elements: an (n, ndim) tensor, or with `asTuple: true` one 1-D tensor
 * per dimension (Python's `torch.nonzero(input, *, out=None, as_tuple=False)`).
 * @example torch.nonzero(x); const [rows, cols] = torch.nonzero(x, { asTuple: true });
 */
export function nonzero(input: Tensor, options: NonzeroOptions & { asTuple: true }): Tensor[];
export function nonzero(input: Tensor, options?: NonzeroOptions & { asTuple?: false }): Tensor;
export function nonzero(input: Tensor, options?: NonzeroOptions): Tensor | Tensor[];
export function nonzero(input: Tensor, ...args: unknown[]): Tensor | Tensor[] {
  const where = 'torch.nonzero()';
  checkTensor(where, 'input', input);
  // Python's as_tuple and out are keyword-only.
  if (args.length > 1 || (args.length === 1 && args[0] !== undefined && !isPlainObject(args[0]))) {
    throw new TypeError(`${where}: takes only an options object after input (got ${describeValue(args[0])})`);
  }
  const o = parseArgs<NonzeroOptions>(where, args, ['asTuple', 'out'], {});
  const asTuple = checkBool(where, 'asTuple', o.asTuple ?? false);
  if (asTuple) {
    if (o.out !== undefined) throw new TypeError('nonzero does not support the out kwarg when as_tuple is True');
    return callOp(f_nonzero_numpy, [input]) as Tensor[];
  }
  return callOp(f_nonzero, o.out === undefined ? [input] : [input, { out: checkTensor(where, 'out', o.out) }]) as Tensor;
}

// ---- stft --------------------------------------------------------------------------------------

/** Options of torch.stft. */
export interface StftOptions {
  hopLength?: number | null;
  winLength?: number | null;
  window?: Tensor | null;
  /** Pad the input by nFft / 2 on both sides so frame t is centred at t * hopLength (default true). */
  center?: boolean;
  /** How the centring pads: 'reflect' (default), 'constant', 'replicate' or 'circular'. */
  padMode?: 'reflect' | 'constant' | 'replicate' | 'circular';
  normalized?: boolean;
  onesided?: boolean | null;
  returnComplex?: boolean | null;
  alignToWindow?: boolean | null;
}
/** Python's positional parameters of stft after nFft. */
export type StftPositional = [hopLength: number | null, winLength: number | null, window: Tensor | null, center: boolean,
  padMode: StftOptions['padMode'] & string, normalized: boolean, onesided: boolean | null, returnComplex: boolean | null, alignToWindow: boolean | null];
const STFT_NAMES = ['nFft', 'hopLength', 'winLength', 'window', 'center', 'padMode', 'normalized', 'onesided', 'returnComplex', 'alignToWindow'] as const;

/** @internal torch.stft and Tensor.stft. */
export function stftImpl(where: string, input: Tensor, args: readonly unknown[]): Tensor {
  checkTensor(where, 'input', input);
  const o = parseArgs<StftOptions & { nFft: number }>(where, args, [...STFT_NAMES], { center: true, padMode: 'reflect' }, ['nFft']);
  const { nFft, ...rest } = o;
  checkInt(where, 'nFft', nFft);
  checkBool(where, 'center', o.center);
  // Python's center=True default: name center so that the ATen overload taking it (stft.center) runs.
  return callOp(f_stft, [input, nFft, rest]) as Tensor;
}

/**
 * The short-time Fourier transform (Python's `torch.stft(input, n_fft, hop_length=None,
 * win_length=None, window=None, center=True, pad_mode='reflect', normalized=False, onesided=None,
 * return_complex=None)`): centred frames by default, as in Python.
 * @example torch.stft(signal, 400, { hopLength: 160, window: torch.hannWindow(400), returnComplex: true })
 */
export function stft(input: Tensor, nFft: number, ...args: Args<StftPositional, StftOptions>): Tensor;
export function stft(input: Tensor, options: StftOptions & { nFft: number }): Tensor;
export function stft(input: Tensor, ...args: unknown[]): Tensor {
  return stftImpl('torch.stft()', input, args);
}

// ---- cdist, unravelIndex, lu -------------------------------------------------------------------

/** How cdist computes Euclidean distances (p = 2). */
export type CdistComputeMode = 'use_mm_for_euclid_dist_if_necessary' | 'use_mm_for_euclid_dist' | 'donot_use_mm_for_euclid_dist';
const CDIST_MODES: Record<CdistComputeMode, number | null> = {
  use_mm_for_euclid_dist_if_necessary: null, use_mm_for_euclid_dist: 1, donot_use_mm_for_euclid_dist: 2,
};

/**
 * The p-norm distance between each pair of rows of x1 and x2 (batched), as Python's
 * `torch.cdist(x1, x2, p=2.0, compute_mode='use_mm_for_euclid_dist_if_necessary')`.
 * @example torch.cdist(a, b); torch.cdist(a, b, 1); torch.cdist(a, b, { computeMode: 'donot_use_mm_for_euclid_dist' })
 */
export function cdist(x1: Tensor, x2: Tensor, ...args: Args<[p: number, computeMode: CdistComputeMode | number | null], { p?: number; computeMode?: CdistComputeMode | number | null }>): Tensor;
export function cdist(x1: Tensor, x2: Tensor, ...args: unknown[]): Tensor {
  const where = 'torch.cdist()';
  checkTensor(where, 'x1', x1);
  checkTensor(where, 'x2', x2);
  const o = parseArgs<{ p: number; computeMode: unknown }>(where, args, ['p', 'computeMode'], { p: 2, computeMode: 'use_mm_for_euclid_dist_if_necessary' });
  checkNumber(where, 'p', o.p);
  let mode = o.computeMode;
  if (typeof mode === 'string') {
    if (!Object.hasOwn(CDIST_MODES, mode)) {
      throw new TypeError(`${where}: computeMode must be one of ${Object.keys(CDIST_MODES).map((m) => `'${m}'`).join(', ')} (got ${describeValue(mode)}): ${mode} is not a valid value for compute_mode`);
    }
    mode = CDIST_MODES[mode as CdistComputeMode];
  }
  // A number or null: the ATen form's compute_mode, passed on.
  return callOp(f_cdist, [x1, x2, o.p, mode]) as Tensor;
}

/**
 * Converts flat indices into coordinate tensors for a tensor of the given shape, one per dimension
 * (Python's `torch.unravel_index(indices, shape)`).
 * @example const [rows, cols] = torch.unravelIndex(torch.tensor([4, 1]), [2, 3]);
 */
export function unravelIndex(indices: Tensor, shape: ShapeLike): Tensor[] {
  const where = 'torch.unravelIndex()';
  checkTensor(where, 'indices', indices);
  const dt = indices.dtype;
  if (isFloatingDType(dt) || dt.startsWith('complex') || dt === 'bool') {
    throw new TypeError(`expected 'indices' to be integer dtype, but got torch.${dt}`);
  }
  let sizes: number[];
  if (typeof shape === 'number') {
    sizes = [checkInt(where, 'shape', shape)];
  } else if (Array.isArray(shape)) {
    checkDense(`${where}: shape`, shape);
    sizes = shape.map((s: unknown, i: number) => checkInt(where, `shape[${i}]`, s));
  } else {
    throw argTypeError(where, 'shape', 'an integer or an array of integers', shape);
  }
  if (sizes.some((s) => s < 0)) {
    throw new RangeError(`'shape' cannot have negative values, but got (${sizes.join(', ')}${sizes.length === 1 ? ',' : ''})`);
  }
  // Python's _unravel_index: divide by the strides of a contiguous tensor of that shape, then wrap.
  const coefs: number[] = [];
  let acc = 1;
  for (let i = sizes.length - 1; i >= 0; i--) {
    coefs.unshift(acc);
    acc *= sizes[i]!;
  }
  if (sizes.length === 0) coefs.push(1);
  const opts = { dtype: 'int64' as const, device: indices.device };
  const coefT = tensorFromData(coefs, opts);
  const shapeT = tensorFromData(sizes, opts);
  const u = ops.unsqueeze(indices, -1);
  const q = ops.floorDivide(u, coefT);
  const r = ops.remainder(q, shapeT);
  for (const t of [coefT, shapeT, u, q]) t.dispose();
  return ops.unbind(r, -1);
}

/** Options of torch.lu. */
export interface LuOptions<G extends boolean = boolean> {
  /** Partial pivoting (default true; false is supported on CUDA only). */
  pivot?: boolean;
  /** Also return the info tensor (non-zero where a factorization failed) instead of checking it. */
  getInfos?: G;
  /** Tensors resized and written with the results (2, or 3 with getInfos), and returned. */
  out?: readonly Tensor[];
}

/** @internal torch.lu and Tensor.lu: Python's _lu_impl and its out handling. */
export function luImpl(where: string, A: Tensor, args: readonly unknown[]): Tensor[] {
  checkTensor(where, 'A', A);
  const o = parseArgs<LuOptions>(where, args, ['pivot', 'getInfos', 'out'], { pivot: true, getInfos: false });
  const pivot = checkBool(where, 'pivot', o.pivot);
  const getInfos = checkBool(where, 'getInfos', o.getInfos);
  const out = o.out;
  if (out !== undefined) {
    if (!Array.isArray(out)) throw new TypeError(`argument 'out' must be tuple of Tensors, not ${describeValue(out)}`);
    if (out.length - (getInfos ? 1 : 0) !== 2) throw new TypeError(`expected tuple of ${2 + (getInfos ? 1 : 0)} elements but got ${out.length}`);
    out.forEach((t: unknown, i: number) => checkTensor(where, `out[${i}]`, t));
  }
  // Python: check_errors unless the infos are returned.
  const result = callOp(f_lu_with_info, [A, { pivot, checkErrors: !getInfos }]) as Tensor[];
  const kept = keep(result, [true, true, getInfos]) as Tensor[];
  if (out === undefined) return kept;
  kept.forEach((r, i) => { out[i]!.resizeAs_(r).copy_(r); r.dispose(); });
  return [...out];
}

/**
 * The LU factorization of a matrix or a batch of matrices: `[LU, pivots]`, or `[LU, pivots, infos]`
 * with `getInfos: true` (Python's `torch.lu(A, pivot=True, get_infos=False, out=None)`, deprecated
 * there in favour of torch.linalg.luFactor).
 * @example const [LU, pivots] = torch.lu(A); const [LU2, piv2, infos] = torch.lu(A, { getInfos: true });
 */
export function lu<G extends boolean = false>(A: Tensor, options?: LuOptions<G>): G extends true ? [Tensor, Tensor, Tensor] : [Tensor, Tensor];
export function lu<G extends boolean = false>(A: Tensor, pivot: boolean, options?: Omit<LuOptions<G>, 'pivot'>): G extends true ? [Tensor, Tensor, Tensor] : [Tensor, Tensor];
export function lu<G extends boolean = false>(A: Tensor, pivot: boolean, getInfos: G, options?: { out?: readonly Tensor[] }): G extends true ? [Tensor, Tensor, Tensor] : [Tensor, Tensor];
export function lu(A: Tensor, ...args: unknown[]): Tensor[] {
  return luImpl('torch.lu()', A, args);
}
