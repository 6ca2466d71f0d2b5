// torchvision.datasets.MNIST and FashionMNIST: the IDX files (gzipped or not) read into one uint8
// tensor over the decompressed bytes (no copy), labels as int64. No downloads.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { fromBuffer } from '../../creation.js';
import type { Tensor } from '../../tensor.js';
import { argTypeError, isPlainObject } from '../../validate.js';
import { escapeScopes } from '../../scope.js';
import { Dataset, checkIndex, indexTensor } from '../../utils/data/dataset.js';

export interface MNISTOptions<I = Tensor, L = number> {
  /** The training split (default true) or the test split. */
  train?: boolean;
  /** Applied to each image, a uint8 tensor [28, 28] (e.g. `transforms.ToTensor()`). */
  transform?: (image: Tensor) => I;
  /** Applied to each label (a number). */
  targetTransform?: (label: number) => L;
  /** Only `false` is supported: torch-node never downloads. */
  download?: boolean;
  /** The folder with the IDX files, when not given as the first argument. */
  root?: string;
}

const FILES = {
  train: ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte'],
  test: ['t10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'],
} as const;

/** Reads an IDX file, gzipped (by content) or not. Returns the dims and the data bytes. */
function readIdx(path: string, expectedMagic: number, what: string): { dims: number[]; bytes: Buffer } {
  let buf = readFileSync(path);
  if (buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) buf = gunzipSync(buf);
  if (buf.length < 4) throw new RangeError(`${path}: not an IDX file (too short)`);
  const magic = buf.readUInt32BE(0);
  if (magic !== expectedMagic) {
    throw new RangeError(`${path}: not an IDX ${what} file (magic number ${magic}, expected ${expectedMagic})`);
  }
  const ndim = magic & 0xff;
  const header = 4 + 4 * ndim;
  if (buf.length < header) throw new RangeError(`${path}: truncated IDX header`);
  const dims: number[] = [];
  for (let i = 0; i < ndim; i++) dims.push(buf.readUInt32BE(4 + 4 * i));
  const count = dims.reduce((a, b) => a * b, 1);
  if (buf.length < header + count) throw new RangeError(`${path}: truncated IDX file (${buf.length - header} data bytes, header says ${count})`);
  return { dims, bytes: buf.subarray(header, header + count) };
}

/**
 * The MNIST handwritten digits (torchvision.datasets.MNIST), from the four IDX files
 * (`train-images-idx3-ubyte`, `train-labels-idx1-ubyte`, `t10k-images-idx3-ubyte`,
 * `t10k-labels-idx1-ubyte`, each gzipped or not) in `root` or in `root/<ClassName>/raw`.
 * `getItem(i)` returns `[image, label]`: the image a uint8 [28, 28] tensor (or what `transform`
 * makes of it: with `transforms.ToTensor()` a float32 [1, 28, 28] in [0, 1]), the label a number.
 * `data` holds all images as one uint8 tensor [N, 28, 28], `targets` the labels (int64 [N]).
 * A DataLoader batches it natively when the transform is ToTensor, Normalize or a Compose of them.
 * @example
 * const trainset = new datasets.MNIST('/data/mnist', { train: true, transform: transforms.ToTensor() });
 * const [image, label] = trainset.getItem(0);
 */
export class MNIST<I = Tensor, L = number> extends Dataset<[I, L]> {
  /** The class names, by label. */
  static readonly classes: readonly string[] = ['0 - zero', '1 - one', '2 - two', '3 - three', '4 - four', '5 - five', '6 - six', '7 - seven', '8 - eight', '9 - nine'];
  /** The folder used when no root is given, if it exists. */
  static readonly defaultRoot: string | undefined = '/usr/share/datasets/mnist';
  /** How to get the files, for the error message when they are missing. */
  protected static readonly howToGet: string = 'Get them from the MNIST database (the four files of yann.lecun.com/exdb/mnist, or any mirror) and pass their folder as root.';

  readonly root: string;
  readonly train: boolean;
  /** All images, uint8 [N, rows, cols], sharing the decompressed file's memory. */
  readonly data: Tensor;
  /** All labels, int64 [N]. */
  readonly targets: Tensor;
  readonly transform: ((image: Tensor) => I) | undefined;
  readonly targetTransform: ((label: number) => L) | undefined;
  readonly classes: readonly string[];
  private readonly labels: Uint8Array;

  constructor(root?: string | MNISTOptions<I, L>, options: MNISTOptions<I, L> = {}) {
    super();
    const ctor = this.constructor as typeof MNIST;
    const name = ctor.name;
    if (isPlainObject(root)) { options = root as MNISTOptions<I, L>; root = options.root; }
    if (!isPlainObject(options as unknown)) throw argTypeError(name, 'options', 'an object', options);
    for (const key of Object.keys(options)) {
      if (!['train', 'transform', 'targetTransform', 'download', 'root'].includes(key)) {
        throw new TypeError(`${name}: unknown option '${key}'; options are train, transform, targetTransform, download, root`);
      }
    }
    if (root !== undefined && typeof root !== 'string') throw argTypeError(name, 'root', 'a folder path', root);
    const train = options.train ?? true;
    if (typeof train !== 'boolean') throw argTypeError(name, 'option train', 'a boolean', train);
    if (options.transform !== undefined && typeof options.transform !== 'function') throw argTypeError(name, 'option transform', 'a function', options.transform);
    if (options.targetTransform !== undefined && typeof options.targetTransform !== 'function') throw argTypeError(name, 'option targetTransform', 'a function', options.targetTransform);
    this.train = train;
    this.transform = options.transform;
    this.targetTransform = options.targetTransform;
    this.classes = ctor.classes;

    const [imagesName, labelsName] = train ? FILES.train : FILES.test;
    const allFiles = [...FILES.train, ...FILES.test].map((f) => `${f}.gz`).join(', ');
    const noDownload = options.download === true ? ' (download: true is not supported: torch-node does not download datasets)' : '';
    const hint = `${name} expects the IDX files ${allFiles} (gzipped or not) in root or in root/${name}/raw. ${ctor.howToGet} torch-node does not download datasets.`;
    if (root === undefined) {
      const def = ctor.defaultRoot;
      if (def === undefined || !existsSync(def)) {
        throw Object.assign(new Error(`${name}: no root given${def !== undefined ? ` and the default root ${def} does not exist` : ''}${noDownload}. ${hint}`), { code: 'ENOENT' });
      }
      root = def;
    }
    this.root = resolve(root);
    if (!existsSync(this.root) || !statSync(this.root).isDirectory()) {
      throw Object.assign(new Error(`${name}: root ${this.root} does not exist or is not a folder${noDownload}. ${hint}`), { code: 'ENOENT' });
    }
    const find = (base: string): string => {
      for (const dir of [this.root, join(this.root, name, 'raw')]) {
        for (const file of [`${base}.gz`, base]) {
          const p = join(dir, file);
          if (existsSync(p)) return p;
        }
      }
      throw Object.assign(new Error(`${name}: cannot find ${base}.gz (or ${base}) in ${this.root} or ${join(this.root, name, 'raw')}${noDownload}. ${hint}`), { code: 'ENOENT' });
    };
    const images = readIdx(find(imagesName), 0x00000803, 'images');
    const labels = readIdx(find(labelsName), 0x00000801, 'labels');
    if (images.dims.length !== 3 || labels.dims.length !== 1 || images.dims[0] !== labels.dims[0]) {
      throw new RangeError(`${name}: the images file holds [${images.dims.join(', ')}] and the labels file [${labels.dims.join(', ')}]; expected [N, rows, cols] and [N]`);
    }
    // Kept alive by the dataset even when it is built inside torch.tidy().
    this.data = escapeScopes(fromBuffer(images.bytes, { shape: images.dims }));
    this.labels = labels.bytes;
    const labelBytes = fromBuffer(labels.bytes);
    this.targets = escapeScopes(labelBytes.to('int64'));
    labelBytes.dispose();
  }

  get length(): number {
    return this.labels.length;
  }

  /** `[image, label]`, each transformed when a transform is set. @example const [img, label] = ds.getItem(0); */
  getItem(index: number): [I, L] {
    const i = checkIndex(index, this.labels.length);
    const img = this.data.select(0, i);
    const label = this.labels[i]!;
    return [
      this.transform === undefined ? (img as unknown as I) : this.transform(img),
      this.targetTransform === undefined ? (label as unknown as L) : this.targetTransform(label),
    ];
  }

  /**
   * The collated batch `[images, labels]` made natively (one indexSelect per field, then the
   * transform's batch version), identical to collating getItem results; undefined when a
   * transform has no batch version or a targetTransform is set.
   */
  getBatch(indices: readonly number[]): [Tensor, Tensor] | undefined {
    if (this.targetTransform !== undefined) return undefined;
    const batchTransform = this.transform === undefined ? undefined : (this.transform as { batch?: (x: Tensor) => Tensor }).batch;
    if (this.transform !== undefined && typeof batchTransform !== 'function') return undefined;
    const idx = indexTensor(indices, this.labels.length);
    let images = this.data.indexSelect(0, idx);
    if (batchTransform !== undefined) {
      const out = batchTransform(images);
      if (out !== images) images.dispose();
      images = out;
    }
    const labels = this.targets.indexSelect(0, idx);
    idx.dispose();
    return [images, labels];
  }

  /** torchvision's repr. */
  override toString(): string {
    const name = (this.constructor as typeof MNIST).name;
    let s = `Dataset ${name}\n    Number of datapoints: ${this.length}\n    Root location: ${this.root}\n    Split: ${this.train ? 'Train' : 'Test'}`;
    if (this.transform !== undefined) s += `\n    StandardTransform\nTransform: ${String(this.transform)}`;
    return s;
  }
}

/**
 * Fashion-MNIST (torchvision.datasets.FashionMNIST): Zalando's clothing images, in MNIST's format.
 * The default root is Debian's `/usr/share/datasets/fashion-mnist` (package dataset-fashion-mnist).
 * @example
 * const trainset = new datasets.FashionMNIST(undefined, { train: true, transform: transforms.ToTensor() });
 * const loader = new torch.utils.data.DataLoader(trainset, { batchSize: 64, shuffle: true });
 */
export class FashionMNIST<I = Tensor, L = number> extends MNIST<I, L> {
  static override readonly classes: readonly string[] = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];
  static override readonly defaultRoot: string | undefined = '/usr/share/datasets/fashion-mnist';
  protected static override readonly howToGet: string = 'On Debian or Ubuntu, `apt-get install dataset-fashion-mnist` puts them in /usr/share/datasets/fashion-mnist (the default root); otherwise get them from Zalando Research\'s fashion-mnist repository and pass their folder as root.';
}
