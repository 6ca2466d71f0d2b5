// torchvision.datasets.SVHN: the cropped-digits .mat files (train_32x32.mat, test_32x32.mat,
// extra_32x32.mat), read with the level-5 .mat reader of ./matlab.ts. No downloads.
import { join } from 'node:path';

import type { Tensor } from '../../tensor.js';
import { escapeScopes } from '../../scope.js';
import { checkIndex } from '../../utils/data/dataset.js';
import { argTypeError, isPlainObject } from '../../validate.js';
import { Image } from '../image.js';
import { loadMat } from './matlab.js';
import { VisionDataset, boolOption, checkIntegrity, checkOptions, downloadUnavailable, fnOption, verifyStrArg } from './vision.js';

/** SVHN's splits. */
export type SVHNSplit = 'train' | 'test' | 'extra';

export interface SVHNOptions<I = Image, L = number> {
  /** 'train' (default), 'test' or 'extra'. */
  split?: SVHNSplit;
  /** Applied to each image, an RGB {@link Image} 32 x 32. */
  transform?: (image: Image) => I;
  /** Applied to each label (a number). */
  targetTransform?: (label: number) => L;
  /** torchvision's `download`: when the file is missing, true throws an error saying what to download and where to put it. */
  download?: boolean;
  /** Check the file's md5 against the release's, as torchvision does (default true); false checks only that it exists. */
  checkIntegrity?: boolean;
  /** The folder holding the .mat files, when not given as the first argument. */
  root?: string;
}

const SPLITS: Readonly<Record<SVHNSplit, [string, string, string]>> = {
  train: ['http://ufldl.stanford.edu/housenumbers/train_32x32.mat', 'train_32x32.mat', 'e26dedcc434d2e4c54c9b2d4a06d8373'],
  test: ['http://ufldl.stanford.edu/housenumbers/test_32x32.mat', 'test_32x32.mat', 'eb5a983be6a315427106f1b164d9cef3'],
  extra: ['http://ufldl.stanford.edu/housenumbers/extra_32x32.mat', 'extra_32x32.mat', 'a93ce644f1a588dc4d68dda5feec44a7'],
};

const OPTIONS = ['split', 'transform', 'targetTransform', 'download', 'checkIntegrity', 'root'];

/**
 * The Street View House Numbers dataset (torchvision.datasets.SVHN), cropped digits, from
 * `root/<split>_32x32.mat`. Label 10 (SVHN's digit 0) is 0, as torchvision makes it. `data` is
 * uint8 [N, 3, 32, 32] (torchvision's array), `labels` the labels; items are
 * `[RGB Image 32 x 32, label]`. As torchvision, construction checks the file's md5; pass
 * `checkIntegrity: false` to accept other files of the same format.
 * @example
 * const svhn = new datasets.SVHN('./data', 'test', { transform: transforms.ToTensor() });
 * const [img, label] = svhn.getItem(0);
 */
export class SVHN<I = Image, L = number> extends VisionDataset<[I, L]> {
  declare readonly root: string;
  declare readonly transform: ((image: Image) => I) | undefined;
  declare readonly targetTransform: ((label: number) => L) | undefined;
  readonly split: SVHNSplit;
  /** All images, uint8 [N, 3, 32, 32]: a view of the file's column-major array, as torchvision's NumPy transpose. */
  readonly data: Tensor;
  /** The labels, 0..9, by index (torchvision's `labels`). */
  readonly labels: number[];

  constructor(root: string, split?: SVHNSplit, options?: SVHNOptions<I, L>);
  constructor(root: string | SVHNOptions<I, L>, options?: SVHNOptions<I, L>);
  constructor(root: string | SVHNOptions<I, L>, split?: SVHNSplit | SVHNOptions<I, L>, options: SVHNOptions<I, L> = {}) {
    if (isPlainObject(root)) { options = root as SVHNOptions<I, L>; root = options.root as string; split = undefined; }
    if (isPlainObject(split)) { options = split as SVHNOptions<I, L>; split = undefined; }
    const opts = checkOptions('SVHN', options, OPTIONS) as SVHNOptions<I, L>;
    if (typeof root !== 'string') throw argTypeError('SVHN', 'root', 'a folder path', root);
    if (split !== undefined && opts.split !== undefined) throw new TypeError('SVHN: got split both as an argument and as an option');
    super(root, fnOption('SVHN', 'transform', opts.transform), fnOption('SVHN', 'targetTransform', opts.targetTransform));
    const s = verifyStrArg('SVHN', split ?? opts.split ?? 'train', 'split', Object.keys(SPLITS)) as SVHNSplit;
    this.split = s;
    const [url, filename, md5] = SPLITS[s];
    const download = boolOption('SVHN', 'download', opts.download, false);
    const verify = boolOption('SVHN', 'checkIntegrity', opts.checkIntegrity, true);
    const path = join(this.root, filename);
    if (!checkIntegrity(path, verify ? md5 : undefined)) {
      if (download) throw downloadUnavailable('SVHN', [{ url, dest: path }]);
      throw Object.assign(new Error('SVHN: Dataset not found or corrupted. You can use download=True to download it ' +
        `(torch-node does not download: put ${url} at ${path}` +
        `${verify ? '; a file of the same format that is not the release\'s can be read with checkIntegrity: false' : ''})`), { code: 'ENOENT' });
    }
    const mat = loadMat(path);
    const X = mat.get('X');
    const y = mat.get('y');
    if (X === undefined || y === undefined) throw new TypeError(`SVHN: ${path} has no X and y arrays`);
    if (X.dim() !== 4 || X.dtype !== 'uint8') throw new TypeError(`SVHN: ${path}: X should be uint8 32 x 32 x 3 x N (got ${X.dtype} [${X.shape.join(', ')}])`);
    // np.transpose(X, (3, 2, 0, 1)): N x C x H x W, a view as NumPy's (no copy of the images).
    this.data = escapeScopes(X.permute(3, 2, 0, 1));
    const raw = y.to('int64').reshape(-1);
    const fixed = raw.maskedFill(raw.eq(10), 0);
    this.labels = Array.from(fixed.dataSync() as BigInt64Array, (v) => Number(v));
    if (this.labels.length !== this.data.shape[0]) throw new RangeError(`SVHN: ${path} has ${this.data.shape[0]} images but ${this.labels.length} labels`);
  }

  get length(): number {
    return this.labels.length;
  }

  /** `[image, label]`: an RGB {@link Image} 32 x 32 (its own copy) and the label, each transformed when set. @example const [img, label] = svhn.getItem(0); */
  getItem(index: number): [I, L] {
    const i = checkIndex(index, this.labels.length);
    const view = this.data.select(0, i);
    const img = new Image(view.isContiguous() ? view.clone() : view.contiguous(), 'RGB');
    const label = this.labels[i]!;
    return [
      this.transform === undefined ? (img as unknown as I) : this.transform(img),
      this.targetTransform === undefined ? (label as unknown as L) : this.targetTransform(label),
    ];
  }

  /** `Split: <split>`. @example svhn.extraRepr() // 'Split: test' */
  override extraRepr(): string {
    return `Split: ${this.split}`;
  }
}
