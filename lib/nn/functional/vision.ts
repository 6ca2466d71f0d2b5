// nn.functional's spatial transformer functions, affine_grid and grid_sample (in
// torch/nn/functional.py among the vision functions; no layer uses them).
import { Tensor } from '../../tensor.js';
import * as ops from '../../generated/functions.js';
import { checkDense } from '../../arrays.js';
import { parseArgs, checkBool, checkInt, checkTensor, type Args, type KwArgs } from '../../validate.js';
import { input } from './_args.js';
import { pySize } from '../_utils.js';

const warned = new Set<string>();
function warnOnce(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  process.emitWarning(message, 'UserWarning');
}

const ALIGN_CORNERS_DEFAULT = 'Default grid_sample and affine_grid behavior has changed to align_corners=False since 1.3.0. ' +
  'Please specify align_corners=True if the old behavior is desired. See the documentation of grid_sample for details.';

/** Options of affineGrid. */
export interface AffineGridOptions {
  /** Target output size (N, C, H, W) or (N, C, D, H, W). */
  size?: readonly number[];
  /** Whether -1 and 1 are the centres of the corner pixels (default false, with a warning when left out, as PyTorch). */
  alignCorners?: boolean | null;
}

/**
 * The sampling grid (N, H, W, 2) or (N, D, H, W, 3) of a batch of affine matrices theta (N, 2, 3)
 * or (N, 3, 4), for gridSample (spatial transformer networks).
 * @example
 * const theta = torch.tensor([[[1, 0, 0], [0, 1, 0]]]);
 * const grid = F.affineGrid(theta, [1, 3, 8, 8], { alignCorners: false });
 * F.gridSample(x, grid, { alignCorners: false });
 */
export function affineGrid(theta: Tensor, ...args: KwArgs<[size: readonly number[], alignCorners: boolean | null], ['size'], AffineGridOptions>): Tensor {
  const where = 'F.affineGrid()';
  const o = parseArgs<AffineGridOptions>(where, args, ['size', 'alignCorners'], { alignCorners: null }, ['size']);
  checkTensor(where, 'theta', theta);
  if (!Array.isArray(o.size)) throw new TypeError(`${where}: size must be an array of 4 or 5 integers`);
  checkDense(`${where}: size`, o.size);
  const size = o.size.map((s: unknown, i: number) => checkInt(where, `size[${i}]`, s));
  let alignCorners = o.alignCorners ?? null;
  if (alignCorners === null) {
    warnOnce(ALIGN_CORNERS_DEFAULT);
    alignCorners = false;
  }
  checkBool(where, 'alignCorners', alignCorners);
  if (!theta.isFloatingPoint()) throw new TypeError(`${where}: Expected theta to have floating point type, but got torch.${theta.dtype}`);
  const shape = theta.shape;
  const sizeText = `[${size.join(', ')}]`;
  let spatial: number[];
  if (size.length === 4) {
    if (shape.length !== 3 || shape[1] !== 2 || shape[2] !== 3) {
      throw new RangeError(`${where}: Expected a batch of 2D affine matrices of shape Nx2x3 for size ${sizeText}. Got ${pySize(shape)}.`);
    }
    spatial = size.slice(-2);
  } else if (size.length === 5) {
    if (shape.length !== 3 || shape[1] !== 3 || shape[2] !== 4) {
      throw new RangeError(`${where}: Expected a batch of 3D affine matrices of shape Nx3x4 for size ${sizeText}. Got ${pySize(shape)}.`);
    }
    spatial = size.slice(-3);
  } else {
    throw new RangeError(`${where}: affine_grid only supports 4D and 5D sizes, for 2D and 3D affine transforms, respectively. Got size ${sizeText}.`);
  }
  if (alignCorners && Math.min(...spatial) === 1) {
    warnOnce('Since version 1.3.0, affine_grid behavior has changed for unit-size grids when align_corners=True. ' +
      'This is not an intended use case of affine_grid. See the documentation of affine_grid for details.');
  } else if (Math.min(...size) <= 0) {
    throw new RangeError(`${where}: Expected non-zero, positive output size. Got ${sizeText}`);
  }
  return ops.affineGridGenerator(theta, size, alignCorners);
}

/** Options of gridSample. */
export interface GridSampleOptions {
  /** How to interpolate: 'bilinear' (default), 'nearest' or 'bicubic' (4-D input only). */
  mode?: 'bilinear' | 'nearest' | 'bicubic';
  /** Values outside the grid: 'zeros' (default), 'border' or 'reflection'. */
  paddingMode?: 'zeros' | 'border' | 'reflection';
  /** Whether -1 and 1 are the centres of the corner pixels (default false, with a warning when left out, as PyTorch). */
  alignCorners?: boolean | null;
}

/**
 * Samples `input` (N, C, H, W) or (N, C, D, H, W) at the normalised locations of `grid`
 * (N, H', W', 2) or (N, D', H', W', 3), in [-1, 1] (spatial transformer networks, optical flow).
 * @example F.gridSample(x, grid, { mode: 'bilinear', paddingMode: 'border', alignCorners: true })
 */
export function gridSample(x: Tensor, grid: Tensor, ...args: Args<[mode: GridSampleOptions['mode'], paddingMode: GridSampleOptions['paddingMode'], alignCorners: boolean | null], GridSampleOptions>): Tensor {
  const where = 'F.gridSample()';
  const o = parseArgs<GridSampleOptions>(where, args, ['mode', 'paddingMode', 'alignCorners'], { mode: 'bilinear', paddingMode: 'zeros', alignCorners: null });
  input(where, x);
  checkTensor(where, 'grid', grid);
  const mode = o.mode as unknown;
  if (mode !== 'bilinear' && mode !== 'nearest' && mode !== 'bicubic') {
    throw new TypeError(`nn.functional.grid_sample(): expected mode to be 'bilinear', 'nearest' or 'bicubic', but got: '${String(mode)}'`);
  }
  const paddingMode = o.paddingMode as unknown;
  if (paddingMode !== 'zeros' && paddingMode !== 'border' && paddingMode !== 'reflection') {
    throw new TypeError(`nn.functional.grid_sample(): expected padding_mode to be 'zeros', 'border', or 'reflection', but got: '${String(paddingMode)}'`);
  }
  let alignCorners = o.alignCorners ?? null;
  if (alignCorners === null) {
    warnOnce(ALIGN_CORNERS_DEFAULT);
    alignCorners = false;
  }
  checkBool(where, 'alignCorners', alignCorners);
  const modeEnum = mode === 'bilinear' ? 0 : mode === 'nearest' ? 1 : 2;
  const paddingEnum = paddingMode === 'zeros' ? 0 : paddingMode === 'border' ? 1 : 2;
  return ops.gridSampler(x, grid, modeEnum, paddingEnum, alignCorners);
}
