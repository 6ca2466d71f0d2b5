// torchvision.transforms.RandomErasing: erases a random rectangle of a tensor image (Zhong et al.,
// "Random Erasing Data Augmentation"), drawing from torch's generator in torchvision's order.
import { Tensor } from '../../tensor.js';
import * as torch from '../../generated/functions.js';
import { tensor as makeTensor } from '../../creation.js';
import { argTypeError, parseArgs, describeValue } from '../../validate.js';
import { makeTransform, factory, type Factory, type Transform } from './core.js';
import { pyNumber, pySeq } from './functional/_utils.js';
import { erase } from './functional/misc.js';

/** RandomErasing's rectangle: top row i, left column j, height h, width w, and the fill v. */
export type ErasingParams = [i: number, j: number, h: number, w: number, v: Tensor];

/** Python's round() of a float: halves to even. */
function pyRound(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

function erasingParams(img: Tensor, scale: readonly [number, number], ratio: readonly [number, number], value: readonly number[] | null = null): ErasingParams {
  const n = img.dim();
  const [c, h0, w0] = [img.shape[n - 3]!, img.shape[n - 2]!, img.shape[n - 1]!];
  const area = h0 * w0;
  // torch.log(torch.tensor(ratio)): float32 logs, read back as Python floats.
  const logRatio = (torch.log(makeTensor([...ratio], { dtype: 'float32' })).tolist() as number[]);
  for (let k = 0; k < 10; k++) {
    const eraseArea = area * torch.empty([1]).uniform_(scale[0], scale[1]).item();
    const aspect = torch.exp(torch.empty([1]).uniform_(logRatio[0]!, logRatio[1]!)).item();
    const h = pyRound(Math.sqrt(eraseArea * aspect));
    const w = pyRound(Math.sqrt(eraseArea / aspect));
    if (!(h < h0 && w < w0)) continue;
    const v = value === null
      ? torch.empty([c, h, w], { dtype: 'float32' }).normal_()
      : makeTensor([...value], { dtype: 'float32' }).view(-1, 1, 1);
    const i = Number(torch.randint(0, h0 - h + 1, [1]).item());
    const j = Number(torch.randint(0, w0 - w + 1, [1]).item());
    return [i, j, h, w, v];
  }
  return [0, 0, h0, w0, img];
}

type Pair = readonly [number, number];

const DEFAULT_SCALE: Pair = [0.02, 0.33];
const DEFAULT_RATIO: Pair = [0.3, 3.3];
// torchvision's defaults are tuples; a sequence given is shown as given (a JS array as a list).
const seqRepr = (v: Pair, dflt: Pair): string => (v === dflt ? pySeq(v, true) : pySeq(v, false));

export interface RandomErasingOptions {
  p?: number;
  scale?: readonly [number, number];
  ratio?: readonly [number, number];
  value?: number | readonly number[] | 'random';
  inplace?: boolean;
}

/**
 * With probability `p` (default 0.5), erases a rectangle of a tensor image (..., C, H, W) whose
 * area is a `scale` fraction of the image and whose aspect ratio is drawn log-uniformly from
 * `ratio`, filling it with `value` (a number, one per channel, or 'random' for normal noise), as
 * torchvision's RandomErasing (tensors only, as torchvision's). `RandomErasing.getParams` draws
 * as torchvision's `get_params`.
 * @example transforms.RandomErasing({ p: 0.5, scale: [0.02, 0.33], value: 'random' })
 */
export const RandomErasing: Factory<[p?: number, scale?: readonly [number, number], ratio?: readonly [number, number], value?: number | readonly number[] | 'random', inplace?: boolean] | [number, RandomErasingOptions] | [number, readonly [number, number], RandomErasingOptions] | [number, readonly [number, number], readonly [number, number], RandomErasingOptions] | [number, readonly [number, number], readonly [number, number], number | readonly number[] | 'random', RandomErasingOptions] | [RandomErasingOptions], Transform<Tensor, Tensor>> & {
  /** torchvision's RandomErasing.get_params (value null: normal noise). @example transforms.RandomErasing.getParams(img, [0.02, 0.33], [0.3, 3.3], [0]) */
  getParams(img: Tensor, scale: readonly [number, number], ratio: readonly [number, number], value?: readonly number[] | null): ErasingParams;
} = Object.assign(factory((...args: unknown[]) => {
  const o = parseArgs<{ p: number; scale: Pair; ratio: Pair; value: unknown; inplace: boolean }>('RandomErasing', args,
    ['p', 'scale', 'ratio', 'value', 'inplace'], { p: 0.5, scale: DEFAULT_SCALE, ratio: DEFAULT_RATIO, value: 0, inplace: false });
  const { p, scale, ratio, value, inplace } = o;
  if (!(typeof value === 'number' || typeof value === 'string' || Array.isArray(value))) {
    throw new TypeError('Argument value should be either a number or str or a sequence');
  }
  if (typeof value === 'string' && value !== 'random') throw new RangeError("If value is str, it should be 'random'");
  if (!Array.isArray(scale)) throw new TypeError('Scale should be a sequence');
  if (!Array.isArray(ratio)) throw new TypeError('Ratio should be a sequence');
  for (const [name, v] of [['scale', scale], ['ratio', ratio]] as const) {
    if (v.length !== 2 || v.some((x) => typeof x !== 'number' || Number.isNaN(x))) throw argTypeError('RandomErasing', name, 'an array of 2 numbers', v);
  }
  if (typeof p !== 'number' || Number.isNaN(p)) throw argTypeError('RandomErasing', 'p', 'a number', p);
  if (typeof inplace !== 'boolean') throw argTypeError('RandomErasing', 'inplace', 'a boolean', inplace);
  if (scale[0] > scale[1] || ratio[0] > ratio[1]) process.emitWarning('Scale and ratio should be of kind (min, max)');
  if (scale[0] < 0 || scale[1] > 1) throw new RangeError('Scale should be between 0 and 1');
  if (p < 0 || p > 1) throw new RangeError('Random erasing probability should be between 0 and 1');
  const values: number[] | null = typeof value === 'number' ? [value] : typeof value === 'string' ? null : [...(value as number[])];
  const valueRepr = typeof value === 'number' ? pyNumber(value) : typeof value === 'string' ? value : `[${(value as number[]).map(pyNumber).join(', ')}]`;
  const repr = `RandomErasing(p=${pyNumber(p)}, scale=${seqRepr(scale, DEFAULT_SCALE)}, ratio=${seqRepr(ratio, DEFAULT_RATIO)}, value=${valueRepr}, inplace=${inplace ? 'True' : 'False'})`;
  return makeTransform((img: Tensor) => {
    if (!(img instanceof Tensor)) throw new TypeError(`RandomErasing: img should be a Tensor image. Got ${describeValue(img)}`);
    // `torch.rand(1) < self.p`: a float32 tensor comparison.
    if (!torch.rand([1]).lt(p).item()) return img;
    const c = img.shape[img.dim() - 3]!;
    if (values !== null && values.length !== 1 && values.length !== c) {
      throw new RangeError(`If value is a sequence, it should have either a single value or ${c} (number of input channels)`);
    }
    const [i, j, h, w, v] = erasingParams(img, scale, ratio, values);
    return erase(img, i, j, h, w, v, inplace);
  }, repr);
}), { getParams: erasingParams });
