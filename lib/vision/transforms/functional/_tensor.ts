// torchvision.transforms._functional_tensor's geometry: the tensor algorithms behind
// transforms.functional (pad, resize, the grid-sampled affine/rotate/perspective/elastic), op for
// op as torchvision writes them, so the same ATen kernels see the same inputs and give the same
// bits. Arguments arrive checked by functional/geometry.ts.
//
// One extension: H x W tensors (what the MNIST datasets give) and inputs with more than one
// leading dimension are viewed as (N, C, H, W) before interpolate/grid_sample, where
// torchvision's single unsqueeze leaves them a shape those kernels reject. Every image has its
// own independent channels, so the result is the per-image one.
import { Tensor } from '../../../tensor.js';
import * as ops from '../../../generated/functions.js';
import { tensor as makeTensor } from '../../../creation.js';
import type { DType } from '../../../dtype.js';
import { runInScope } from '../../../scope.js';
import { interpolate } from '../../../nn/functional/upsampling.js';
import { gridSample } from '../../../nn/functional/vision.js';
import { pad as torchPad } from '../../../nn/functional/padding.js';

/** The four interpolations torchvision's tensor path has. */
export type TensorInterpolation = 'nearest' | 'nearest-exact' | 'bilinear' | 'bicubic';

const INT_DTYPES = new Set<DType>(['uint8', 'int8', 'int16', 'int32', 'int64']);

const isTensor = (v: unknown): v is Tensor => v instanceof Tensor;

// The intermediates (float copies, grids, masks) are freed as soon as the result exists, as
// Python's refcounting frees them: in a data pipeline the collector would otherwise hold several
// images' worth of them per sample.
function scoped<A extends unknown[]>(fn: (...args: A) => Tensor): (...args: A) => Tensor {
  return (...args: A) => runInScope(() => fn(...args), isTensor);
}

/** Python's `x[..., start:stop]` bounds (step 1) on a dimension of size n: [start, length]. */
export function pySlice(n: number, start: number, stop: number): [number, number] {
  const norm = (i: number): number => Math.min(Math.max(i < 0 ? i + n : i, 0), n);
  const a = norm(start);
  const b = norm(stop);
  return [a, Math.max(0, b - a)];
}

/** `img[..., top:bottom, left:right]` with Python's slice semantics. */
export function slice2d(img: Tensor, top: number, bottom: number, left: number, right: number): Tensor {
  const nd = img.dim();
  const [y, h] = pySlice(img.shape[nd - 2]!, top, bottom);
  const [x, w] = pySlice(img.shape[nd - 1]!, left, right);
  return img.narrow(nd - 2, y, h).narrow(nd - 1, x, w);
}

/** Python's round(): to the nearest integer, ties to even. */
export function pyRound(x: number): number {
  const r = Math.abs(x % 1) === 0.5 ? 2 * Math.round(x / 2) : Math.round(x);
  return r + 0;
}

// _cast_squeeze_in, generalised: any [..., C, H, W] (or H x W) as N x C x H x W, cast to the
// first of `reqDtypes` unless it is one of them.
interface Squeezed { img: Tensor; needCast: boolean; lead: number[]; outDtype: DType }

function castSqueezeIn(img: Tensor, reqDtypes: readonly DType[]): Squeezed {
  const shape = img.shape;
  const nd = shape.length;
  const lead = shape.slice(0, nd - 2);
  let x: Tensor;
  if (nd === 2) x = img.view(1, 1, shape[0]!, shape[1]!);
  else if (nd === 3) x = img.unsqueeze(0);
  else if (nd === 4) x = img;
  else x = img.reshape(-1, shape[nd - 3]!, shape[nd - 2]!, shape[nd - 1]!);
  const outDtype = img.dtype;
  const needCast = !reqDtypes.includes(outDtype);
  if (needCast) x = x.to(reqDtypes[0]!);
  return { img: x, needCast, lead, outDtype };
}

function castSqueezeOut(img: Tensor, s: Squeezed): Tensor {
  const [h, w] = img.shape.slice(-2) as [number, number];
  let x = img.reshape([...s.lead, h, w]);
  if (s.needCast) {
    // torchvision: "it is better to round before cast"
    if (INT_DTYPES.has(s.outDtype)) x = x.round();
    x = x.to(s.outDtype);
  }
  return x;
}

/** _functional_tensor.pad with padding already [left, right, top, bottom]. */
export const padTensor = scoped(function padTensor(img: Tensor, p: readonly number[], fill: number, paddingMode: 'constant' | 'edge' | 'reflect' | 'symmetric'): Tensor {
  if (paddingMode === 'symmetric') return padSymmetric(img, p);
  const mode = paddingMode === 'edge' ? 'replicate' : paddingMode;
  const squeeze = img.dim() < 4;
  let x = squeeze ? img.unsqueeze(0) : img;
  const outDtype = x.dtype;
  // torchvision casts to float for the non-constant modes (pytorch/pytorch#40763).
  const needCast = mode !== 'constant' && outDtype !== 'float32' && outDtype !== 'float64';
  if (needCast) x = x.to('float32');
  x = mode === 'constant' ? torchPad(x, p, 'constant', fill) : torchPad(x, p, mode);
  if (squeeze) x = x.squeeze(0);
  if (needCast) x = x.to(outDtype);
  return x;
});

// _pad_symmetric: gathers rows and columns by index (so exact for every dtype); torchvision's
// advanced indexing of dims -2 and -1 is two index_selects here, which also serve H x W inputs.
function padSymmetric(img: Tensor, padding: readonly number[]): Tensor {
  let p = [...padding];
  if (p.some((v) => v < 0)) {
    const [cl, cr, ct, cb] = p.map((v) => -Math.min(v, 0)) as [number, number, number, number];
    const nd = img.dim();
    img = slice2d(img, ct, img.shape[nd - 2]! - cb, cl, img.shape[nd - 1]! - cr);
    p = p.map((v) => Math.max(v, 0));
  }
  const nd = img.dim();
  const indices = (n: number, before: number, after: number): Tensor => {
    const idx: number[] = [];
    for (let i = before - 1; i >= 0; i--) idx.push(i);
    for (let i = 0; i < n; i++) idx.push(i);
    for (let i = 0; i < after; i++) idx.push(n - (i + 1));
    if (idx.some((i) => i < 0 || i >= n)) throw new RangeError(`index ${idx.find((i) => i < 0 || i >= n)! < 0 ? idx.find((i) => i < 0)! - n : idx.find((i) => i >= n)} is out of bounds for dimension with size ${n}`);
    return makeTensor(idx, { dtype: 'int64', device: img.device });
  };
  const rows = indices(img.shape[nd - 2]!, p[2]!, p[3]!);
  const cols = indices(img.shape[nd - 1]!, p[0]!, p[1]!);
  return img.indexSelect(nd - 2, rows).indexSelect(nd - 1, cols);
}

/** _functional_tensor.resize to an explicit [h, w]. */
export const resizeTensor = scoped(function resizeTensor(img: Tensor, size: readonly [number, number], interpolation: TensorInterpolation, antialias: boolean): Tensor {
  if (antialias && interpolation !== 'bilinear' && interpolation !== 'bicubic') antialias = false;
  const s = castSqueezeIn(img, ['float32', 'float64']);
  const alignCorners = interpolation === 'bilinear' || interpolation === 'bicubic' ? false : null;
  let x = interpolate(s.img, { size: [...size], mode: interpolation, alignCorners, antialias });
  if (interpolation === 'bicubic' && s.outDtype === 'uint8') x = x.clamp(0, 255);
  return castSqueezeOut(x, s);
});

/** Channels-first strides over interleaved rows (a crop of decoded samples included). */
function isPixelInterleavedView(data: Tensor): boolean {
  const [c, , w] = data.shape as [number, number, number];
  const [s0, s1, s2] = data.stride() as [number, number, number];
  return s0 === 1 && s2 === c && s1 >= w * c;
}

/**
 * Resampling of an Image's uint8 samples (L or RGB) with bilinear or bicubic, as Pillow's
 * Image.resize (what torchvision runs on PIL images): LibTorch's uint8 antialiased kernel, which
 * follows Pillow's fixed-point separable filter (equal to Pillow's pixels but for rare one-unit
 * differences; torchvision's float tensor path differs from Pillow at about a fifth of them) and
 * is torchvision v2's path for uint8 images. Pillow always antialiases; so does this.
 */
export const resampleImageData = scoped(function resampleImageData(data: Tensor, size: readonly [number, number], interpolation: 'bilinear' | 'bicubic'): Tensor {
  // Interleaved samples (the decoders' layout, kept by crops as views) go in channels-last, the
  // kernel's fastest input; making a cropped view so copies whole rows. Planar data goes in as it
  // is: the kernel's own conversion is cheaper than a planar-to-interleaved copy here.
  const x = data.unsqueeze(0);
  const input = isPixelInterleavedView(data) ? x.contiguous({ memoryFormat: 'channels_last' }) : x;
  return interpolate(input, { size: [...size], mode: interpolation, alignCorners: false, antialias: true }).squeeze(0);
});

/** _apply_grid_transform: grid_sample with zeros padding, then the fill colour where the image is not. */
export function applyGridTransform(img: Tensor, grid: Tensor, mode: 'nearest' | 'bilinear' | 'bicubic', fill: number | readonly number[] | null): Tensor {
  const s = castSqueezeIn(img, [grid.dtype]);
  let x = s.img;
  const [n, , h, w] = x.shape as [number, number, number, number];
  if (n > 1) grid = grid.expand(n, grid.shape[1]!, grid.shape[2]!, grid.shape[3]!);
  if (fill !== null) {
    // a dummy mask channel, as torchvision: one grid_sample for image and mask
    const mask = ops.ones([n, 1, h, w], { dtype: x.dtype, device: x.device });
    x = ops.cat([x, mask], 1);
  }
  x = gridSample(x, grid, { mode, paddingMode: 'zeros', alignCorners: false });
  if (fill !== null) {
    const c = x.shape[1]!;
    let mask = x.narrow(1, c - 1, 1);
    x = x.narrow(1, 0, c - 1);
    mask = mask.expandAs(x);
    const fillList = typeof fill === 'number' ? [fill] : [...fill];
    const fillImg = makeTensor(fillList, { dtype: x.dtype, device: x.device }).view(1, fillList.length, 1, 1).expandAs(x);
    if (mode === 'nearest') {
      // img[mask < 0.5] = fill_img[mask < 0.5]: the same values as a where
      x = ops.where(mask.lt(0.5), fillImg, x);
    } else {
      x = x.mul(mask).add(ops.rsub(mask, 1).mul(fillImg));
    }
  }
  return castSqueezeOut(x, s);
}

/** _gen_affine_grid: the output pixel centres mapped by theta (1 x 2 x 3), normalised by the input size. */
function genAffineGrid(theta: Tensor, w: number, h: number, ow: number, oh: number): Tensor {
  const d = 0.5;
  const baseGrid = ops.empty([1, oh, ow, 3], { dtype: theta.dtype, device: theta.device });
  const xGrid = ops.linspace(-ow * 0.5 + d, ow * 0.5 + d - 1, ow, { device: theta.device });
  baseGrid.select(-1, 0).copy_(xGrid);
  const yGrid = ops.linspace(-oh * 0.5 + d, oh * 0.5 + d - 1, oh, { device: theta.device }).unsqueeze_(-1);
  baseGrid.select(-1, 1).copy_(yGrid);
  baseGrid.select(-1, 2).fill_(1);
  const rescaledTheta = theta.transpose(1, 2).div(makeTensor([0.5 * w, 0.5 * h], { dtype: theta.dtype, device: theta.device }));
  const outputGrid = baseGrid.view(1, oh * ow, 3).bmm(rescaledTheta);
  return outputGrid.view(1, oh, ow, 2);
}

function gridDtype(img: Tensor): DType {
  return img.isFloatingPoint() ? img.dtype : 'float32';
}

/** _functional_tensor.affine with the inverse matrix (6 numbers) given. */
export const affineTensor = scoped(function affineTensor(img: Tensor, matrix: readonly number[], interpolation: 'nearest' | 'bilinear', fill: number | readonly number[] | null): Tensor {
  const theta = makeTensor([...matrix], { dtype: gridDtype(img), device: img.device }).reshape(1, 2, 3);
  const nd = img.dim();
  const w = img.shape[nd - 1]!;
  const h = img.shape[nd - 2]!;
  const grid = genAffineGrid(theta, w, h, w, h);
  return applyGridTransform(img, grid, interpolation, fill);
});

/** _compute_affine_output_size: the [w, h] that holds the whole transformed image (PIL's expand). */
export function computeAffineOutputSize(matrix: readonly number[], w: number, h: number): [number, number] {
  const pts = makeTensor([
    [-0.5 * w, -0.5 * h, 1.0],
    [-0.5 * w, 0.5 * h, 1.0],
    [0.5 * w, 0.5 * h, 1.0],
    [0.5 * w, -0.5 * h, 1.0],
  ]);
  const theta = makeTensor([...matrix], { dtype: 'float32' }).view(2, 3);
  const newPts = ops.matmul(pts, theta.t());
  const minVals = newPts.min(0).values;
  const maxVals = newPts.max(0).values;
  const shift = makeTensor([w * 0.5, h * 0.5]);
  minVals.add_(shift);
  maxVals.add_(shift);
  // torchvision truncates to 1e-4 so that an Xe-15 does not ceil to 1
  const tol = 1e-4;
  const cmax = ops.ceil(maxVals.div(tol).trunc_().mul(tol));
  const cmin = ops.floor(minVals.div(tol).trunc_().mul(tol));
  const size = cmax.sub(cmin).tolist() as number[];
  return [Math.trunc(size[0]!), Math.trunc(size[1]!)];
}

/** _functional_tensor.rotate with the inverse matrix given. */
export const rotateTensor = scoped(function rotateTensor(img: Tensor, matrix: readonly number[], interpolation: 'nearest' | 'bilinear', expand: boolean, fill: number | readonly number[] | null): Tensor {
  const nd = img.dim();
  const w = img.shape[nd - 1]!;
  const h = img.shape[nd - 2]!;
  const [ow, oh] = expand ? computeAffineOutputSize(matrix, w, h) : [w, h];
  const theta = makeTensor([...matrix], { dtype: gridDtype(img), device: img.device }).reshape(1, 2, 3);
  const grid = genAffineGrid(theta, w, h, ow, oh);
  return applyGridTransform(img, grid, interpolation, fill);
});

// _perspective_grid, after Pillow's Geometry.c: x_out = (a x + b y + c) / (g x + h y + 1), ...
function perspectiveGrid(coeffs: readonly number[], ow: number, oh: number, dtype: DType, device: Tensor['device']): Tensor {
  const c = coeffs;
  const theta1 = makeTensor([[[c[0]!, c[1]!, c[2]!], [c[3]!, c[4]!, c[5]!]]], { dtype, device });
  const theta2 = makeTensor([[[c[6]!, c[7]!, 1.0], [c[6]!, c[7]!, 1.0]]], { dtype, device });
  const d = 0.5;
  const baseGrid = ops.empty([1, oh, ow, 3], { dtype, device });
  const xGrid = ops.linspace(d, ow * 1.0 + d - 1.0, ow, { device });
  baseGrid.select(-1, 0).copy_(xGrid);
  const yGrid = ops.linspace(d, oh * 1.0 + d - 1.0, oh, { device }).unsqueeze_(-1);
  baseGrid.select(-1, 1).copy_(yGrid);
  baseGrid.select(-1, 2).fill_(1);
  const rescaledTheta1 = theta1.transpose(1, 2).div(makeTensor([0.5 * ow, 0.5 * oh], { dtype, device }));
  const flat = baseGrid.view(1, oh * ow, 3);
  const outputGrid1 = flat.bmm(rescaledTheta1);
  const outputGrid2 = flat.bmm(theta2.transpose(1, 2));
  const outputGrid = outputGrid1.div(outputGrid2).sub(1.0);
  return outputGrid.view(1, oh, ow, 2);
}

/** _functional_tensor.perspective with the 8 coefficients given. */
export const perspectiveTensor = scoped(function perspectiveTensor(img: Tensor, coeffs: readonly number[], interpolation: 'nearest' | 'bilinear', fill: number | readonly number[] | null): Tensor {
  const nd = img.dim();
  const grid = perspectiveGrid(coeffs, img.shape[nd - 1]!, img.shape[nd - 2]!, gridDtype(img), img.device);
  return applyGridTransform(img, grid, interpolation, fill);
});

/** _functional_tensor.elastic_transform: the identity grid plus the displacement (1 x H x W x 2). */
export const elasticTensor = scoped(function elasticTensor(img: Tensor, displacement: Tensor, interpolation: 'nearest' | 'bilinear' | 'bicubic', fill: number | readonly number[] | null): Tensor {
  const nd = img.dim();
  const size = [img.shape[nd - 2]!, img.shape[nd - 1]!];
  const disp = displacement.to(img.device);
  const hwSpace = size.map((s) => ops.linspace((-s + 1) / s, (s - 1) / s, s));
  const [gridY, gridX] = ops.meshgrid(hwSpace, { indexing: 'ij' }) as [Tensor, Tensor];
  const identityGrid = ops.stack([gridX, gridY], -1).unsqueeze(0);
  const grid = identityGrid.to(img.device).add(disp);
  return applyGridTransform(img, grid, interpolation, fill);
});
