// nn.functional's interpolation, as in torch/nn/functional.py.
import { Tensor } from '../../tensor.js';
import { checkDense } from '../../arrays.js';
import { ops as atenOps } from '../../ops_namespace.js';
import { parseArgs, checkNumber, checkBool, checkChoice, checkInt, checkIntTuple, type Args } from '../../validate.js';
import { input } from './_args.js';

/** Options of interpolate. */
export interface InterpolateOptions {
  /** Output spatial size (one int for every spatial dim, or one per dim). Give this or scaleFactor. */
  size?: number | readonly number[] | null;
  /** Multiplier of the spatial size (one number, or one per dim). */
  scaleFactor?: number | readonly number[] | null;
  /** 'nearest' (default), 'linear' (3-D input), 'bilinear' or 'bicubic' (4-D input), 'nearest-exact'. */
  mode?: 'nearest' | 'nearest-exact' | 'linear' | 'bilinear' | 'bicubic';
  /** Align corner pixels (interpolating modes only; default false). */
  alignCorners?: boolean | null;
  /** Compute the output size from scaleFactor and forget the scale (default: keep it). */
  recomputeScaleFactor?: boolean | null;
}

/**
 * Up/down-samples (N, C, L) or (N, C, H, W) inputs, as PyTorch's F.interpolate.
 * @example F.interpolate(x, { scaleFactor: 2, mode: 'bilinear' }); F.interpolate(x, { size: [32, 32] })
 */
export function interpolate(x: Tensor, ...args: Args<[size: number | readonly number[] | null, scaleFactor: number | readonly number[] | null, mode: InterpolateOptions['mode'], alignCorners: boolean | null, recomputeScaleFactor: boolean | null], InterpolateOptions>): Tensor {
  const where = 'F.interpolate()';
  const o = parseArgs<InterpolateOptions>(where, args, ['size', 'scaleFactor', 'mode', 'alignCorners', 'recomputeScaleFactor'], { mode: 'nearest' });
  input(where, x);
  const mode = checkChoice(where, 'mode', o.mode, ['nearest', 'nearest-exact', 'linear', 'bilinear', 'bicubic'] as const);
  let alignCorners = o.alignCorners ?? null;
  if (mode === 'nearest' || mode === 'nearest-exact') {
    if (alignCorners !== null) throw new TypeError(`${where}: align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear`);
  } else {
    alignCorners = checkBool(where, 'alignCorners', alignCorners ?? false);
  }
  const dim = x.dim() - 2;
  if (dim !== 1 && dim !== 2) throw new RangeError(`${where}: expected a 3-D or 4-D input (got ${x.dim()}-D)`);
  const size = o.size ?? null;
  const scale = o.scaleFactor ?? null;
  let outputSize: number[] | null = null;
  let scaleFactors: number[] | null = null;
  if (size !== null && scale !== null) throw new TypeError(`${where}: only one of size or scaleFactor should be defined`);
  if (size !== null) {
    outputSize = typeof size === 'number' ? new Array<number>(dim).fill(checkInt(where, 'size', size, 0)) : checkIntTuple(where, 'size', size, dim, 0);
  } else if (scale !== null) {
    if (Array.isArray(scale)) checkDense(`${where}: scaleFactor`, scale);
    const list = typeof scale === 'number' ? new Array<number>(dim).fill(scale) : [...scale];
    if (list.length !== dim) throw new RangeError(`${where}: Input and scale_factor must have the same number of spatial dimensions, but got input with spatial dimensions of ${dim} and scale_factor of shape ${list.length}.`);
    list.forEach((s, i) => checkNumber(where, `scaleFactor[${i}]`, s));
    scaleFactors = list;
  } else {
    throw new TypeError(`${where}: either size or scaleFactor should be defined`);
  }
  if (o.recomputeScaleFactor) {
    if (size !== null) throw new TypeError(`${where}: recompute_scale_factor is not meaningful with an explicit size.`);
    const shape = x.shape;
    outputSize = scaleFactors!.map((s, i) => Math.floor(shape[i + 2]! * s));
    scaleFactors = null;
  }
  const A = atenOps.aten;
  const kw = { outputSize, scaleFactors };
  if (mode === 'nearest') return (dim === 1 ? A.upsample_nearest1d! : A.upsample_nearest2d!)(x, kw) as Tensor;
  if (mode === 'nearest-exact') return (dim === 1 ? A._upsample_nearest_exact1d! : A._upsample_nearest_exact2d!)(x, kw) as Tensor;
  if (mode === 'linear') {
    if (dim !== 1) throw new RangeError(`${where}: Got ${x.dim()}D input, but linear mode needs 3D input`);
    return A.upsample_linear1d!(x, { ...kw, alignCorners }) as Tensor;
  }
  if (dim !== 2) throw new RangeError(`${where}: Got ${x.dim()}D input, but ${mode} mode needs 4D input`);
  return (mode === 'bilinear' ? A.upsample_bilinear2d! : A.upsample_bicubic2d!)(x, { ...kw, alignCorners }) as Tensor;
}
