// The Tensor members Python defines outside ATen's method list (torch/_tensor.py and the C++
// Python binding): x.T and x.H, x.nelement(), and the methods that route through torch/functional.py
// (unique, uniqueConsecutive, split, norm, stft, lu) or take Python-only keywords (nonzero's
// as_tuple). They are hand-written members (codegen/data/tensor_members.json), so codegen makes no
// operator method of these names; they accept the ATen forms too.
import { Tensor } from './tensor.js';
import { callOp, opFamily } from './dispatch.js';
import { type DType } from './dtype.js';
import { describeValue, isPlainObject, parseArgs, type Args } from './validate.js';
import {
  unique, uniqueConsecutive, nonzero, splitImpl, normImpl, stftImpl, luImpl,
  type UniqueOptions, type UniqueConsecutiveOptions, type UniqueResult, type SplitSize, type NormOrd,
  type StftOptions, type StftPositional, type LuOptions,
} from './functional.js';

const f_numpy_T = opFamily('numpy_T');
const f_matrix_H = opFamily('matrix_H');

type LuResult<G extends boolean> = G extends true ? [Tensor, Tensor, Tensor] : [Tensor, Tensor];

declare module './tensor.js' {
  interface Tensor {
    /**
     * This tensor with its dimensions reversed (a view; Python's `x.T`). For other than 2-D
     * tensors PyTorch warns once that this use is deprecated (consider x.mT or x.permute).
     * @example const xt = x.T;
     */
    readonly T: Tensor;
    /**
     * The conjugate transpose of a matrix (Python's `x.H`); other than 2-D tensors throw, 0-D ones
     * are conjugated with PyTorch's deprecation warning.
     * @example const xh = m.H;
     */
    readonly H: Tensor;
    /**
     * The number of elements (an alias of numel(), as in Python).
     * @example x.nelement()
     */
    nelement(): number;
    /**
     * The unique elements (see torch.unique): a Tensor, or `[output, inverse?, counts?]` when asked for.
     * @example const [values, counts] = x.unique({ returnCounts: true });
     */
    unique<I extends boolean = false, C extends boolean = false>(options?: UniqueOptions<I, C>): UniqueResult<I, C>;
    unique<I extends boolean = false, C extends boolean = false>(sorted: boolean, options?: Omit<UniqueOptions<I, C>, 'sorted'>): UniqueResult<I, C>;
    unique<I extends boolean = false, C extends boolean = false>(sorted: boolean, returnInverse: I, options?: { returnCounts?: C; dim?: number | null }): UniqueResult<I, C>;
    unique<I extends boolean = false, C extends boolean = false>(sorted: boolean, returnInverse: I, returnCounts: C, options?: { dim?: number | null }): UniqueResult<I, C>;
    unique<I extends boolean = false, C extends boolean = false>(sorted: boolean, returnInverse: I, returnCounts: C, dim: number | null): UniqueResult<I, C>;
    /**
     * Keeps the first of each run of equal consecutive elements (see torch.uniqueConsecutive).
     * @example const [values, counts] = x.uniqueConsecutive({ returnCounts: true });
     */
    uniqueConsecutive<I extends boolean = false, C extends boolean = false>(options?: UniqueConsecutiveOptions<I, C>): UniqueResult<I, C>;
    uniqueConsecutive<I extends boolean = false, C extends boolean = false>(returnInverse: I, options?: { returnCounts?: C; dim?: number | null }): UniqueResult<I, C>;
    uniqueConsecutive<I extends boolean = false, C extends boolean = false>(returnInverse: I, returnCounts: C, options?: { dim?: number | null }): UniqueResult<I, C>;
    uniqueConsecutive<I extends boolean = false, C extends boolean = false>(returnInverse: I, returnCounts: C, dim: number | null): UniqueResult<I, C>;
    /**
     * Chunks of splitSize along dim, or of each listed size (see torch.split).
     * @example x.split(2); x.split([1, 3], 1)
     */
    split(splitSize: SplitSize, dim?: number): Tensor[];
    split(splitSize: SplitSize, options: { dim?: number }): Tensor[];
    split(options: { splitSize: SplitSize; dim?: number }): Tensor[];
    /**
     * The matrix or vector norm with Python's torch.norm semantics (p: a number, 'fro' or 'nuc').
     * @example x.norm(); x.norm(1, 1, true); m.norm('nuc')
     */
    norm(...args: Args<[p: NormOrd, dim: number | readonly number[] | null, keepdim: boolean, dtype: DType | null],
      { p?: NormOrd; dim?: number | readonly number[] | null; keepdim?: boolean; dtype?: DType | null }>): Tensor;
    /**
     * The indices of the non-zero elements; one 1-D tensor per dimension with `asTuple: true`.
     * @example const [rows, cols] = m.nonzero({ asTuple: true });
     */
    nonzero(options: { asTuple: true }): Tensor[];
    nonzero(options?: { asTuple?: false }): Tensor;
    nonzero(options?: { asTuple?: boolean }): Tensor | Tensor[];
    /**
     * The short-time Fourier transform, centred by default (see torch.stft).
     * @example signal.stft(400, { hopLength: 160, window: torch.hannWindow(400), returnComplex: true })
     */
    stft(nFft: number, ...args: Args<StftPositional, StftOptions>): Tensor;
    stft(options: StftOptions & { nFft: number }): Tensor;
    /**
     * The LU factorization `[LU, pivots]`, or `[LU, pivots, infos]` with getInfos (see torch.lu).
     * @example const [LU, pivots] = A.lu();
     */
    lu<G extends boolean = false>(options?: Omit<LuOptions<G>, 'out'>): LuResult<G>;
    lu<G extends boolean = false>(pivot: boolean, options?: { getInfos?: G }): LuResult<G>;
    lu<G extends boolean = false>(pivot: boolean, getInfos: G): LuResult<G>;
  }
}

// The implementations, installed by lib/tensor_prototype.ts under the names declared above.

/** Tensor#T: Python's x.T is the ATen operator numpy_T, warnings and errors included. */
export function getT(this: Tensor): Tensor { return callOp(f_numpy_T, [], this) as Tensor; }
/** Tensor#H: Python's x.H is the ATen operator matrix_H. */
export function getH(this: Tensor): Tensor { return callOp(f_matrix_H, [], this) as Tensor; }

/** Tensor#nelement */
export function nelement(this: Tensor): number { return this.numel(); }

/** Tensor#unique */
export function uniqueMethod(this: Tensor, ...args: unknown[]): unknown {
  return (unique as (input: Tensor, ...rest: unknown[]) => unknown)(this, ...args);
}

/** Tensor#uniqueConsecutive */
export function uniqueConsecutiveMethod(this: Tensor, ...args: unknown[]): unknown {
  return (uniqueConsecutive as (input: Tensor, ...rest: unknown[]) => unknown)(this, ...args);
}

/** Tensor#split */
export function splitMethod(this: Tensor, ...args: unknown[]): Tensor[] {
  const o = parseArgs<{ splitSize: unknown; dim: number }>('Tensor.split()', args, ['splitSize', 'dim'], { dim: 0 }, ['splitSize']);
  return splitImpl('Tensor.split()', this, o.splitSize, o.dim);
}

/** Tensor#norm */
export function normMethod(this: Tensor, ...args: unknown[]): Tensor {
  const where = 'Tensor.norm()';
  return normImpl(where, this, parseArgs(where, args, ['p', 'dim', 'keepdim', 'dtype'], {}));
}

/** Tensor#nonzero */
export function nonzeroMethod(this: Tensor, ...args: unknown[]): Tensor | Tensor[] {
  // Python's Tensor.nonzero takes only the keyword as_tuple (no out=, unlike torch.nonzero).
  if (args.length > 1 || (args.length === 1 && args[0] !== undefined && !isPlainObject(args[0]))) {
    throw new TypeError(`Tensor.nonzero(): takes only an options object (got ${describeValue(args[0])})`);
  }
  const o = parseArgs<{ asTuple?: boolean }>('Tensor.nonzero()', args, ['asTuple'], {});
  return nonzero(this, o);
}

/** Tensor#stft */
export function stftMethod(this: Tensor, ...args: unknown[]): Tensor { return stftImpl('Tensor.stft()', this, args); }

/** Tensor#lu */
export function luMethod(this: Tensor, ...args: unknown[]): Tensor[] {
  const where = 'Tensor.lu()';
  return luImpl(where, this, [parseArgs<LuOptions>(where, args, ['pivot', 'getInfos'], {})]);
}
