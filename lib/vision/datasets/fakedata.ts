// torchvision.datasets.FakeData: random images, the same for an index every time (and the same as
// Python's for the same index), drawn without disturbing the global random state.
import { randint, randn } from '../../generated/functions.js';
import { getRngState, manualSeed, setRngState } from '../../generator.js';
import { Tensor } from '../../tensor.js';
import { argRangeError, argTypeError, parseArgs } from '../../validate.js';
import { Image } from '../image.js';
import { VisionDataset } from './vision.js';

export interface FakeDataOptions<I = Image> {
  /** The number of samples (default 1000). */
  size?: number;
  /** [C, H, W] of each image (default [3, 224, 224]); C is 1 to 4. */
  imageSize?: readonly number[];
  /** Targets are drawn in [0, numClasses) (default 10). */
  numClasses?: number;
  /** Applied to each image (an {@link Image}: RGB for 3 channels). */
  transform?: (image: Image) => I;
  /** Applied to each target, a 0-dim int64 tensor as torchvision's; a tensor result is read with item(). */
  targetTransform?: (target: Tensor) => Tensor | number;
  /** Added to the index to seed each sample (default 0). */
  randomOffset?: number;
}

/** FakeData's arguments: Python's positional (size, image_size, num_classes), then options. */
export type FakeDataArgs<I> = [size?: number, imageSize?: readonly number[], numClasses?: number, options?: FakeDataOptions<I>] | [options?: FakeDataOptions<I>];

/**
 * A fake dataset of random images (torchvision.datasets.FakeData). Item `i` seeds the global
 * generator with `i + randomOffset`, draws the image as `randn(...imageSize)` and the target as
 * `randint(0, numClasses, [1])`, then restores the generator's state, exactly as torchvision: the
 * same items as Python's for the same arguments. The float image becomes an {@link Image} as
 * torchvision's ToPILImage does (`mul(255)` then a uint8 cast).
 * @example
 * const fake = new datasets.FakeData(100, [3, 32, 32], 10, { transform: transforms.ToTensor() });
 * const [img, target] = fake.getItem(0); // float32 [3, 32, 32], a number in 0..9
 */
export class FakeData<I = Image> extends VisionDataset<[I, number]> {
  declare readonly transform: ((image: Image) => I) | undefined;
  declare readonly targetTransform: ((target: Tensor) => Tensor | number) | undefined;
  readonly size: number;
  readonly imageSize: readonly number[];
  readonly numClasses: number;
  readonly randomOffset: number;

  constructor(...args: FakeDataArgs<I>) {
    const o = parseArgs<Required<FakeDataOptions<I>>>('FakeData', args,
      ['size', 'imageSize', 'numClasses', 'transform', 'targetTransform', 'randomOffset'],
      { size: 1000, imageSize: [3, 224, 224], numClasses: 10, randomOffset: 0 });
    for (const key of ['transform', 'targetTransform'] as const) {
      if (o[key] !== undefined && typeof o[key] !== 'function') throw argTypeError('FakeData', key, 'a function', o[key]);
    }
    super(undefined, o.transform, o.targetTransform);
    if (!Number.isSafeInteger(o.size) || o.size < 0) throw argRangeError('FakeData', 'size', 'a non-negative integer', o.size);
    if (!Number.isSafeInteger(o.numClasses) || o.numClasses < 1) throw argRangeError('FakeData', 'numClasses', 'a positive integer', o.numClasses);
    if (!Number.isSafeInteger(o.randomOffset)) throw argTypeError('FakeData', 'randomOffset', 'an integer', o.randomOffset);
    const shape = o.imageSize;
    if (!Array.isArray(shape) || (shape.length !== 2 && shape.length !== 3) || shape.some((d) => !Number.isSafeInteger(d) || d < 1)) {
      throw argTypeError('FakeData', 'imageSize', 'an array [C, H, W] (or [H, W]) of positive integers', shape);
    }
    if (shape.length === 3 && shape[0]! > 4) throw new RangeError(`FakeData: pic should not have > 4 channels. Got ${shape[0]} channels.`);
    this.size = o.size;
    this.imageSize = [...shape];
    this.numClasses = o.numClasses;
    this.randomOffset = o.randomOffset;
  }

  get length(): number {
    return this.size;
  }

  /** `[image, target]` of index `i` (its own seed). @example const [img, target] = fake.getItem(3); */
  getItem(index: number): [I, number] {
    if (!Number.isInteger(index)) throw argTypeError('FakeData.getItem', 'index', 'an integer', index);
    if (index >= this.size || index < -this.size) throw new RangeError('FakeData index out of range');
    if (index < 0) index += this.size;
    const state = getRngState();
    let img: Tensor;
    let target: Tensor;
    try {
      manualSeed(index + this.randomOffset);
      img = randn(this.imageSize as number[]);
      target = randint(0, this.numClasses, [1], { dtype: 'int64' }).select(0, 0);
    } finally {
      setRngState(state);
      state.dispose();
    }
    // to_pil_image of a float tensor: pic.mul(255).byte(), channels first.
    const chw = img.dim() === 2 ? img.unsqueeze(0) : img;
    const bytes = chw.mul(255).to('uint8');
    img.dispose();
    const image = new Image(bytes);
    const sample = this.transform === undefined ? (image as unknown as I) : this.transform(image);
    let t: Tensor | number = target;
    if (this.targetTransform !== undefined) t = this.targetTransform(target);
    const label = t instanceof Tensor ? Number(t.item()) : t;
    return [sample, label];
  }
}
