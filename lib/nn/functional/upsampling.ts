// nn.functional's interpolation (interpolate and the deprecated upsample*), as in
// torch/nn/functional.py.
import { Tensor } from '../../tensor.js';
import { checkDense } from '../../arrays.js';
import * as ops from '../../generated/functions.js';
import { ops as atenOps } from '../../ops_namespace.js';
import { parseArgs, checkNumber, checkBool, checkChoice, checkInt, type Args } from '../../validate.js';
import { input } from './_args.js';
import { pyFloat } from '../_utils.js';

/** How interpolate computes the new values. */
export type InterpolateMode = 'nearest' | 'nearest-exact' | 'linear' | 'bilinear' | 'bicubic' | 'trilinear' | 'area' | 'lanczos';

/** Options of interpolate. */
export interface InterpolateOptions {
  /** Output spatial size (one int for every spatial dim, or one per dim). Give this or scaleFactor. */
  size?: number | readonly number[] | null;
  /** Multiplier of the spatial size (one number, or one per dim). */
  scaleFactor?: number | readonly number[] | null;
  /**
   * 'nearest' (default), 'nearest-exact', 'area' (adaptive average pooling), 'linear' (3-D input),
   * 'bilinear', 'bicubic' or 'lanczos' (4-D input), 'trilinear' (5-D input).
   */
  mode?: InterpolateMode;
  /** Align corner pixels (interpolating modes only; default false). */
  alignCorners?: boolean | null;
  /** Compute the output size from scaleFactor and forget the scale (default: keep it). */
  recomputeScaleFactor?: boolean | null;
  /** Anti-aliasing when downsampling ('bilinear', 'bicubic' and 'lanczos' on 4-D input; default false). */
  antialias?: boolean;
}

type InterpolatePositional = [size: number | readonly number[] | null, scaleFactor: number | readonly number[] | null, mode: InterpolateMode,
  alignCorners: boolean | null, recomputeScaleFactor: boolean | null, antialias: boolean];

const MODES: readonly InterpolateMode[] = ['nearest', 'nearest-exact', 'linear', 'bilinear', 'bicubic', 'trilinear', 'area', 'lanczos'];

// What Python prints for a list of ints or floats in a message.
function pyList(v: readonly number[]): string {
  return `[${v.join(', ')}]`;
}

/**
 * Up/down-samples (N, C, L), (N, C, H, W) or (N, C, D, H, W) inputs to a size or by a scale
 * factor, as PyTorch's F.interpolate, in every mode it has.
 * @example
 * F.interpolate(x, { scaleFactor: 2, mode: 'bilinear' });
 * F.interpolate(x, { size: [32, 32] });
 * F.interpolate(x, { size: [16, 16], mode: 'bicubic', antialias: true });
 */
export function interpolate(x: Tensor, ...args: Args<InterpolatePositional, InterpolateOptions>): Tensor {
  const where = 'F.interpolate()';
  const o = parseArgs<InterpolateOptions>(where, args, ['size', 'scaleFactor', 'mode', 'alignCorners', 'recomputeScaleFactor', 'antialias'],
    { mode: 'nearest', antialias: false });
  input(where, x);
  const mode = checkChoice(where, 'mode', o.mode, MODES);
  let alignCorners = o.alignCorners ?? null;
  if (mode === 'nearest' || mode === 'area' || mode === 'nearest-exact') {
    if (alignCorners !== null) throw new TypeError(`${where}: align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear`);
  } else {
    alignCorners = checkBool(where, 'alignCorners', alignCorners ?? false);
  }
  const antialias = checkBool(where, 'antialias', o.antialias);
  const shape = x.shape;
  const dim = shape.length - 2;
  const size = o.size ?? null;
  const scale = o.scaleFactor ?? null;
  let outputSize: number[] | null = null;
  let scaleFactors: number[] | null = null;
  if (size !== null && scale !== null) throw new TypeError(`${where}: only one of size or scale_factor should be defined`);
  if (size !== null) {
    if (typeof size === 'number') {
      outputSize = new Array<number>(Math.max(dim, 0)).fill(checkInt(where, 'size', size, 0));
    } else {
      if (!Array.isArray(size)) throw new TypeError(`${where}: size must be an integer or an array of integers`);
      checkDense(`${where}: size`, size);
      if (size.length !== dim) {
        throw new RangeError(`${where}: Input and output must have the same number of spatial dimensions, but got input with spatial dimensions of ` +
          `${pyList(shape.slice(2))} and output size of ${pyList(size)}. Please provide input tensor in (N, C, d1, d2, ...,dK) format and output size in (o1, o2, ...,oK) format.`);
      }
      outputSize = size.map((s: unknown, i: number) => checkInt(where, `size[${i}]`, s, 0));
    }
  } else if (scale !== null) {
    if (typeof scale === 'number') {
      scaleFactors = new Array<number>(Math.max(dim, 0)).fill(checkNumber(where, 'scaleFactor', scale));
    } else {
      if (!Array.isArray(scale)) throw new TypeError(`${where}: scaleFactor must be a number or an array of numbers`);
      checkDense(`${where}: scaleFactor`, scale);
      if (scale.length !== dim) {
        throw new RangeError(`${where}: Input and scale_factor must have the same number of spatial dimensions, but got input with spatial dimensions of ` +
          `${pyList(shape.slice(2))} and scale_factor of shape [${(scale as unknown[]).map((v) => (typeof v === 'number' ? pyFloat(v) : String(v))).join(', ')}]. Please provide input tensor in (N, C, d1, d2, ...,dK) format and scale_factor in (s1, s2, ...,sK) format.`);
      }
      scaleFactors = scale.map((s: unknown, i: number) => checkNumber(where, `scaleFactor[${i}]`, s));
    }
  } else {
    throw new TypeError(`${where}: either size or scale_factor should be defined`);
  }
  let recompute = o.recomputeScaleFactor ?? null;
  if (recompute !== null) checkBool(where, 'recomputeScaleFactor', recompute);
  if (recompute === true && size !== null) throw new TypeError(`${where}: recompute_scale_factor is not meaningful with an explicit size.`);
  // 'area' needs an explicit size: computed from the scale as recomputeScaleFactor does.
  if (mode === 'area' && outputSize === null) recompute = true;
  if (recompute === true) {
    outputSize = scaleFactors!.map((s, i) => Math.trunc(shape[i + 2]! * s));
    scaleFactors = null;
  }
  if (antialias && !((mode === 'bilinear' || mode === 'bicubic' || mode === 'lanczos') && dim === 2)) {
    throw new RangeError(`${where}: Anti-alias option is restricted to bilinear, bicubic, and lanczos modes and requires a 4-D tensor as input`);
  }
  const A = atenOps.aten;
  const kw = { outputSize, scaleFactors };
  const call = (op: unknown, extra: Record<string, unknown> = {}): Tensor => (op as (...a: unknown[]) => Tensor)(x, { ...kw, ...extra });
  const dimMessage = (d: number): string => `${where}: Got ${dim + 2}D input, but ${mode} mode needs ${d}D input`;
  if (dim >= 1 && dim <= 3) {
    switch (mode) {
      case 'nearest': return call([A.upsample_nearest1d, A.upsample_nearest2d, A.upsample_nearest3d][dim - 1]);
      case 'nearest-exact': return call([A._upsample_nearest_exact1d, A._upsample_nearest_exact2d, A._upsample_nearest_exact3d][dim - 1]);
      case 'area': return [ops.adaptiveAvgPool1d, ops.adaptiveAvgPool2d, ops.adaptiveAvgPool3d][dim - 1]!(x, outputSize!);
      case 'linear':
        if (dim !== 1) throw new RangeError(dimMessage(3));
        return call(A.upsample_linear1d, { alignCorners });
      case 'trilinear':
        if (dim !== 3) throw new RangeError(dimMessage(5));
        return call(A.upsample_trilinear3d, { alignCorners });
      case 'bilinear':
        if (dim !== 2) throw new RangeError(dimMessage(4));
        return call(antialias ? A._upsample_bilinear2d_aa : A.upsample_bilinear2d, { alignCorners });
      case 'bicubic':
        if (dim !== 2) throw new RangeError(dimMessage(4));
        return call(antialias ? A._upsample_bicubic2d_aa : A.upsample_bicubic2d, { alignCorners });
      case 'lanczos':
        if (dim !== 2) throw new RangeError(dimMessage(4));
        if (alignCorners === true) throw new RangeError(`${where}: Lanczos mode does not support align_corners=True`);
        if (!antialias) throw new RangeError(`${where}: Lanczos mode requires antialias=True`);
        return call(A._upsample_lanczos2d_aa, { alignCorners });
    }
  }
  throw new RangeError(`${where}: Input Error: Only 3D, 4D and 5D input Tensors supported (got ${dim + 2}D) for the modes: ` +
    `nearest | linear | bilinear | bicubic | trilinear | lanczos | area | nearest-exact (got ${mode})`);
}

// Python's warnings filter shows a warning once per place; a training loop must not print it
// every step.
const warned = new Set<string>();
function warnOnce(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  process.emitWarning(message, 'UserWarning');
}

/** Options of upsample. */
export type UpsampleFnOptions = Pick<InterpolateOptions, 'size' | 'scaleFactor' | 'mode' | 'alignCorners'>;

/**
 * Deprecated form of interpolate (warns once, as PyTorch).
 * @example F.upsample(x, { scaleFactor: 2, mode: 'nearest' })
 */
export function upsample(x: Tensor, ...args: Args<[size: number | readonly number[] | null, scaleFactor: number | readonly number[] | null, mode: InterpolateMode, alignCorners: boolean | null], UpsampleFnOptions>): Tensor {
  const o = parseArgs<UpsampleFnOptions>('F.upsample()', args, ['size', 'scaleFactor', 'mode', 'alignCorners'], { mode: 'nearest' });
  warnOnce('`nn.functional.upsample` is deprecated. Use `nn.functional.interpolate` instead.');
  return interpolate(x, o.size ?? null, o.scaleFactor ?? null, o.mode!, o.alignCorners ?? null);
}

/** Options of upsampleNearest and upsampleBilinear. */
export type UpsampleSizeOptions = Pick<InterpolateOptions, 'size' | 'scaleFactor'>;

/**
 * Deprecated: interpolate with mode 'nearest' (warns once, as PyTorch).
 * @example F.upsampleNearest(x, { scaleFactor: 2 })
 */
export function upsampleNearest(x: Tensor, ...args: Args<[size: number | readonly number[] | null, scaleFactor: number | readonly number[] | null], UpsampleSizeOptions>): Tensor {
  const o = parseArgs<UpsampleSizeOptions>('F.upsampleNearest()', args, ['size', 'scaleFactor'], {});
  warnOnce('`nn.functional.upsample_nearest` is deprecated. Use `nn.functional.interpolate` instead.');
  return interpolate(x, o.size ?? null, o.scaleFactor ?? null, 'nearest');
}

/**
 * Deprecated: interpolate with mode 'bilinear' and alignCorners true (warns once, as PyTorch).
 * @example F.upsampleBilinear(x, [8, 8])
 */
export function upsampleBilinear(x: Tensor, ...args: Args<[size: number | readonly number[] | null, scaleFactor: number | readonly number[] | null], UpsampleSizeOptions>): Tensor {
  const o = parseArgs<UpsampleSizeOptions>('F.upsampleBilinear()', args, ['size', 'scaleFactor'], {});
  warnOnce('`nn.functional.upsample_bilinear` is deprecated. Use `nn.functional.interpolate` instead.');
  return interpolate(x, o.size ?? null, o.scaleFactor ?? null, 'bilinear', true);
}
