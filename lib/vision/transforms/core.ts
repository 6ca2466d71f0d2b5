// The core of torchvision.transforms: the Transform type and its helpers, ToTensor, Normalize,
// Compose, Lambda. Each transform is a function (call it on an image) that may also carry `batch`,
// the same transform applied to a whole batch at once, which the DataLoader's native batch path uses.
import { div } from '../../generated/functions.js';
import { tensor as makeTensor } from '../../creation.js';
import { Tensor } from '../../tensor.js';
import { escapeScopes } from '../../scope.js';
import { argTypeError, isPlainObject, describeValue } from '../../validate.js';
import { checkDense } from '../../arrays.js';
import { madeBy } from '../../utils/data/worker_transfer.js';
import { Image } from '../image.js';
import { toTensor } from './functional/misc.js';
import { type ImageOrTensor, pyDtype, pyNumber } from './functional/_utils.js';

export type { ImageOrTensor } from './functional/_utils.js';

/**
 * A transform that keeps its input's type: an `Image` gives an `Image`, a Tensor a Tensor (as
 * torchvision's transforms keep PIL images PIL).
 */
export interface ImageTransform extends Transform<ImageOrTensor, ImageOrTensor> {
  <T extends ImageOrTensor>(img: T): T;
}

/**
 * A transform: call it on one sample. `batch`, when present, applies the same transform to a
 * batch stacked along a new first dimension, giving exactly the stacked per-sample results
 * (datasets use it to transform whole batches natively).
 */
export interface Transform<I = Tensor, O = Tensor> {
  (input: I): O;
  /** The transform applied to a stacked batch (first dimension = samples), when it has one. */
  readonly batch?: (input: Tensor) => Tensor;
  /** torchvision's repr, e.g. `ToTensor()`. */
  toString(): string;
}

export function makeTransform<I, O>(fn: (input: I) => O, repr: string, batch?: (input: Tensor) => Tensor): Transform<I, O> {
  const t = ((input: I) => fn(input)) as Transform<I, O> & { batch?: (input: Tensor) => Tensor };
  Object.defineProperty(t, 'name', { value: repr.slice(0, repr.indexOf('(')) });
  if (batch !== undefined) Object.defineProperty(t, 'batch', { value: batch, enumerable: true });
  Object.defineProperty(t, 'toString', { value: () => repr });
  return t;
}

/** Makes a factory callable with or without `new`, as Python's `transforms.ToTensor()`. */
export type Factory<A extends unknown[], R> = { (...args: A): R; new (...args: A): R };
export function factory<A extends unknown[], R>(f: (...args: A) => R): Factory<A, R> {
  // Each transform remembers the call that made it: DataLoader workers make it again from that.
  const made = function (this: unknown, ...args: A): R { return madeBy(f(...args) as R & object, made, args); };
  return made as unknown as Factory<A, R>;
}

export function checkImage(name: string, pic: unknown): Tensor {
  if (!(pic instanceof Tensor)) throw new TypeError(`${name}: pic should be a Tensor image (H x W or H x W x C). Got ${describeValue(pic)}`);
  return pic;
}

// uint8 -> float32 / 255 as one true division (uint8 / 255 promotes to float32): the same IEEE
// operation as torchvision's img.to(float32).div(255), so the same bits, with one pass less.
function scaleUint8(img: Tensor): Tensor {
  return img.dtype === 'uint8' ? div(img, 255) : img.contiguous();
}

function toTensorImpl(pic: ImageOrTensor): Tensor {
  if (!(pic instanceof Tensor) && !(pic instanceof Image)) {
    throw new TypeError(`ToTensor: pic should be an Image or a Tensor image (H x W or H x W x C). Got ${describeValue(pic)}`);
  }
  return toTensor(pic);
}

function toTensorBatch(batch: Tensor): Tensor {
  const nd = batch.dim();
  if (nd === 3) return scaleUint8(batch).unsqueeze_(1);
  if (nd === 4) {
    const nchw = batch.permute(0, 3, 1, 2);
    const out = scaleUint8(nchw.contiguous());
    if (out !== nchw) nchw.dispose();
    return out;
  }
  throw new RangeError(`ToTensor: a batch should be 3 or 4 dimensional (N x H x W or N x H x W x C). Got ${nd} dimensions.`);
}

/**
 * Converts an `Image` (uint8 C x H x W) to a float32 C x H x W tensor in [0, 1], as
 * torchvision's ToTensor does for PIL images; and an image tensor standing for a numpy array,
 * H x W or H x W x C (uint8 in [0, 255], as the MNIST datasets give them), to C x H x W floats in
 * [0, 1], as ToTensor does for arrays. Non-uint8 arrays are only permuted.
 * @example const transform = transforms.ToTensor(); transform(img).shape // [1, 28, 28]
 */
export const ToTensor: Factory<[], Transform<ImageOrTensor, Tensor>> = factory(() =>
  makeTransform<ImageOrTensor, Tensor>(toTensorImpl, 'ToTensor()', toTensorBatch));

export interface NormalizeOptions {
  /** Mean per channel (or one for all). */
  mean: number | readonly number[];
  /** Standard deviation per channel (or one for all). */
  std: number | readonly number[];
  /** Normalize in place (default false). */
  inplace?: boolean;
}

/**
 * Normalizes a float tensor image (..., C, H, W) with a mean and standard deviation per channel:
 * `(x - mean) / std`, as torchvision's Normalize.
 * @example
 * transforms.Normalize({ mean: [0.5], std: [0.5] });
 * transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]);
 */
export const Normalize: Factory<[NormalizeOptions] | [number | readonly number[], number | readonly number[], boolean?], Transform<Tensor, Tensor>> =
  factory((...args: [NormalizeOptions] | [number | readonly number[], number | readonly number[], boolean?]) => {
    let o: NormalizeOptions;
    if (args.length === 1 && isPlainObject(args[0])) o = args[0] as NormalizeOptions;
    else o = { mean: args[0] as number | number[], std: args[1] as number | number[], inplace: args[2] as boolean | undefined };
    const toList = (name: string, v: unknown): number[] => {
      if (Array.isArray(v)) checkDense(`Normalize: option ${name}`, v);
      const list = typeof v === 'number' ? [v] : Array.isArray(v) ? [...v] : null;
      if (list === null || list.length === 0 || list.some((x) => typeof x !== 'number' || Number.isNaN(x))) {
        throw argTypeError('Normalize', `option ${name}`, 'a number or a non-empty array of numbers', v);
      }
      return list as number[];
    };
    const mean = toList('mean', o.mean);
    const std = toList('std', o.std);
    const inplace = o.inplace ?? false;
    if (typeof inplace !== 'boolean') throw argTypeError('Normalize', 'option inplace', 'a boolean', inplace);
    if (std.some((s) => s === 0)) throw new RangeError(`std evaluated to zero after conversion to float32, leading to division by zero. (Normalize option std: [${std.join(', ')}])`);
    const cache = new Map<string, [Tensor, Tensor]>();
    const constants = (t: Tensor): [Tensor, Tensor] => {
      const key = `${t.dtype}|${t.device}`;
      let c = cache.get(key);
      if (c === undefined) {
        const m = escapeScopes(makeTensor(mean, { dtype: t.dtype, device: t.device }).view(-1, 1, 1));
        const s = escapeScopes(makeTensor(std, { dtype: t.dtype, device: t.device }).view(-1, 1, 1));
        // a std that rounds to 0 in the image's dtype (1e-50 in float32): torchvision's check
        if (s.eq(0).any().item()) throw new RangeError(`std evaluated to zero after conversion to ${pyDtype(t.dtype)}, leading to division by zero.`);
        c = [m, s];
        cache.set(key, c);
      }
      return c;
    };
    const normalize = (tensor: Tensor): Tensor => {
      checkImage('Normalize', tensor);
      if (!tensor.isFloatingPoint()) throw new TypeError(`Input tensor should be a float tensor. Got ${pyDtype(tensor.dtype)}.`);
      if (tensor.dim() < 3) throw new RangeError(`Expected tensor to be a tensor image of size (..., C, H, W). Got tensor.size() = torch.Size([${tensor.shape.join(', ')}])`);
      const [m, s] = constants(tensor);
      const out = inplace ? tensor : tensor.clone();
      return out.sub_(m).div_(s);
    };
    const show = (v: unknown, list: number[]): string => (typeof v === 'number' ? pyNumber(v) : `[${list.map(pyNumber).join(', ')}]`);
    const repr = `Normalize(mean=${show(o.mean, mean)}, std=${show(o.std, std)})`;
    return makeTransform<Tensor, Tensor>(normalize, repr, normalize);
  });

/**
 * Applies transforms in order.
 * @example transforms.Compose([transforms.ToTensor(), transforms.Normalize({ mean: [0.5], std: [0.5] })])
 */
export const Compose: {
  <I = Tensor, O = Tensor>(transforms: readonly ((x: never) => unknown)[]): Transform<I, O>;
  new <I = Tensor, O = Tensor>(transforms: readonly ((x: never) => unknown)[]): Transform<I, O>;
} = factory((list: readonly ((x: never) => unknown)[]) => {
  if (Array.isArray(list)) checkDense('Compose(transforms): transforms', list);
  if (!Array.isArray(list) || list.some((f) => typeof f !== 'function')) {
    throw argTypeError('Compose(transforms)', 'transforms', 'an array of functions', list);
  }
  const fns = [...list] as ((x: unknown) => unknown)[];
  const run = (x: unknown): unknown => { for (const f of fns) x = f(x); return x; };
  const batches = fns.map((f) => (f as Partial<Transform<unknown, unknown>>).batch);
  const batch = batches.every((b) => typeof b === 'function')
    ? (x: Tensor): Tensor => {
      let cur = x;
      for (const b of batches) {
        const next = b!(cur);
        if (cur !== x && next !== cur) cur.dispose();
        cur = next;
      }
      return cur;
    }
    : undefined;
  const repr = `Compose(\n${fns.map((f) => `    ${String(f)}`).join('\n')}\n)`;
  return makeTransform(run, repr, batch);
}) as never;

/**
 * A user function as a transform.
 * @example transforms.Lambda((x: Tensor) => x.mul(2))
 */
export const Lambda: {
  <I, O>(fn: (x: I) => O): Transform<I, O>;
  new <I, O>(fn: (x: I) => O): Transform<I, O>;
} = factory((fn: (x: never) => unknown) => {
  if (typeof fn !== 'function') throw new TypeError(`Argument lambd should be callable, got '${describeValue(fn, 'python')}'`);
  return makeTransform(fn as (x: unknown) => unknown, 'Lambda()');
}) as never;
