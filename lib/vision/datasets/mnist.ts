// torchvision.datasets.MNIST, FashionMNIST, KMNIST, EMNIST and QMNIST: the IDX files (gzipped or
// not) read into one tensor over the decompressed bytes (no copy), labels as int64. No downloads.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { fromBuffer, fromTypedArray } from '../../creation.js';
import type { DType } from '../../dtype.js';
import type { Tensor } from '../../tensor.js';
import { argTypeError, isPlainObject } from '../../validate.js';
import { escapeScopes } from '../../scope.js';
import { checkIndex, indexTensor } from '../../utils/data/dataset.js';
import { VisionDataset, downloadUnavailable, expandUser, verifyStrArg } from './vision.js';
import type { ManualFile } from './vision.js';

export interface MNISTOptions<I = Tensor, L = number> {
  /** The training split (default true) or the test split. */
  train?: boolean;
  /** Applied to each image, a uint8 tensor [28, 28] (e.g. `transforms.ToTensor()`). */
  transform?: (image: Tensor) => I;
  /** Applied to each label (a number). */
  targetTransform?: (label: number) => L;
  /**
   * torchvision's `download`: when the files are missing, true throws an error listing what to
   * download and where to put it (torch-node's datasets never use the network).
   */
  download?: boolean;
  /** The folder with the IDX files, when not given as the first argument. */
  root?: string;
}

/** The files one split of an MNIST-like dataset reads, and where torchvision downloads them from. */
interface Resources {
  images: string;
  labels: string;
  /** IDX element type and rank of the labels file: 8/1 (uint8 [N]) for MNIST, 12/2 (int32 [N, 8]) for QMNIST. */
  labelsType: [number, number];
  /** [url, file the url gives] for each file to fetch. */
  urls: readonly (readonly [string, string])[];
  /** How to unpack what the urls give, when not plain .gz files. */
  unpack?: string;
  /** Rows of the files this split keeps (QMNIST's test10k / test50k). */
  rows?: [number, number | undefined];
}

/** Set by subclasses whose files depend on more than `train` (EMNIST's split, QMNIST's what). */
const RESOURCES = Symbol('resources');
type WithResources = { [RESOURCES]?: Resources };

const OPTIONS = ['train', 'transform', 'targetTransform', 'download', 'root'];

const IDX_TYPES: Readonly<Record<number, [DType, number]>> = {
  8: ['uint8', 1], 9: ['int8', 1], 11: ['int16', 2], 12: ['int32', 4], 13: ['float32', 4], 14: ['float64', 8],
};

/**
 * Reads an IDX file ("SN3 Pascal Vincent" format), gzipped (by content) or not, as a tensor of its
 * element type (big-endian elements converted). uint8 data shares the decompressed file's memory.
 */
function readIdx(path: string, type: number, ndim: number, what: string): Tensor {
  let buf = readFileSync(path);
  if (buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) buf = gunzipSync(buf, { chunkSize: 1 << 20 });
  if (buf.length < 4) throw new RangeError(`${path}: not an IDX file (too short)`);
  const magic = buf.readUInt32BE(0);
  const expected = (type << 8) | ndim;
  if (magic !== expected) {
    throw new RangeError(`${path}: not an IDX ${what} file (magic number ${magic}, expected ${expected})`);
  }
  const header = 4 + 4 * ndim;
  if (buf.length < header) throw new RangeError(`${path}: truncated IDX header`);
  const dims: number[] = [];
  for (let i = 0; i < ndim; i++) dims.push(buf.readUInt32BE(4 + 4 * i));
  const [dtype, size] = IDX_TYPES[type]!;
  const count = dims.reduce((a, b) => a * b, 1);
  if (buf.length < header + count * size) throw new RangeError(`${path}: truncated IDX file (${buf.length - header} data bytes, header says ${count * size})`);
  if (size === 1) return fromBuffer(buf.subarray(header, header + count), { dtype, shape: dims });
  const out = new Uint8Array(count * size);
  for (let i = 0; i < count; i++) {
    for (let b = 0; b < size; b++) out[i * size + b] = buf[header + i * size + size - 1 - b]!;
  }
  return fromBuffer(out, { dtype, shape: dims });
}

/**
 * The MNIST handwritten digits (torchvision.datasets.MNIST), from the four IDX files
 * (`train-images-idx3-ubyte`, `train-labels-idx1-ubyte`, `t10k-images-idx3-ubyte`,
 * `t10k-labels-idx1-ubyte`, each gzipped or not) in `root/MNIST/raw` (torchvision's layout) or
 * in `root` itself.
 * `getItem(i)` returns `[image, label]`: the image a uint8 [28, 28] tensor (or what `transform`
 * makes of it: with `transforms.ToTensor()` a float32 [1, 28, 28] in [0, 1]), the label a number.
 * `data` holds all images as one uint8 tensor [N, 28, 28], `targets` the labels (int64 [N]).
 * A DataLoader batches it natively when the transform is ToTensor, Normalize or a Compose of them.
 * @example
 * const trainset = new datasets.MNIST('/data/mnist', { train: true, transform: transforms.ToTensor() });
 * const [image, label] = trainset.getItem(0);
 */
export class MNIST<I = Tensor, L = number> extends VisionDataset<[I, L]> {
  /** The class names, by label. */
  static readonly classes: readonly string[] = ['0 - zero', '1 - one', '2 - two', '3 - three', '4 - four', '5 - five', '6 - six', '7 - seven', '8 - eight', '9 - nine'];
  /** The folder used when no root is given, if it exists. */
  static readonly defaultRoot: string | undefined = '/usr/share/datasets/mnist';
  /** Where torchvision downloads the files from (the first mirror it tries). */
  protected static readonly mirror: string = 'https://ossci-datasets.s3.amazonaws.com/mnist/';
  /** How to get the files, for the error message when they are missing. */
  protected static readonly howToGet: string = 'Get them from the MNIST database (the four files of yann.lecun.com/exdb/mnist, or any mirror) and pass their folder as root.';

  declare readonly root: string;
  declare readonly transform: ((image: Tensor) => I) | undefined;
  declare readonly targetTransform: ((label: number) => L) | undefined;
  readonly train: boolean;
  /** All images, uint8 [N, rows, cols], sharing the decompressed file's memory. */
  readonly data: Tensor;
  /** All labels, int64 [N] (QMNIST: [N, 8]). */
  readonly targets: Tensor;
  readonly classes: readonly string[];
  /** The label of each sample, read once. */
  protected readonly labels: Int32Array;
  /** What getBatch collates as the labels: `targets`, or QMNIST's class column. */
  protected readonly batchTargets: Tensor;

  constructor(root?: string | MNISTOptions<I, L>, options?: MNISTOptions<I, L>);
  constructor(root?: string | MNISTOptions<I, L>, options: MNISTOptions<I, L> = {}) {
    const ctor = new.target as unknown as typeof MNIST;
    const name = ctor.name;
    if (isPlainObject(root)) { options = root as MNISTOptions<I, L>; root = options.root; }
    if (!isPlainObject(options as unknown)) throw argTypeError(name, 'options', 'an object', options);
    for (const key of Object.keys(options)) {
      if (!OPTIONS.includes(key)) throw new TypeError(`${name}: unknown option '${key}'; options are ${OPTIONS.join(', ')}`);
    }
    if (root !== undefined && typeof root !== 'string') throw argTypeError(name, 'root', 'a folder path', root);
    const train = options.train ?? true;
    if (typeof train !== 'boolean') throw argTypeError(name, 'option train', 'a boolean', train);
    if (options.transform !== undefined && typeof options.transform !== 'function') throw argTypeError(name, 'option transform', 'a function', options.transform);
    if (options.targetTransform !== undefined && typeof options.targetTransform !== 'function') throw argTypeError(name, 'option targetTransform', 'a function', options.targetTransform);
    if (options.download !== undefined && typeof options.download !== 'boolean') throw argTypeError(name, 'option download', 'a boolean', options.download);
    const res = (options as WithResources)[RESOURCES] ?? defaultResources(ctor, train);
    const allFiles = [res.images, res.labels].map((f) => `${f}.gz`).join(', ');
    const hint = `${name} expects the IDX files ${allFiles} (gzipped or not) in root/${name}/raw or in root. ${ctor.howToGet}`;
    const dl = (dir: string): Error => downloadUnavailable(name, res.urls.map(([url, file]): ManualFile => ({ url, dest: join(dir, file), ...(res.unpack === undefined ? {} : { unpack: res.unpack }) })));
    if (root === undefined) {
      const def = ctor.defaultRoot;
      if (def === undefined || !existsSync(def)) {
        if (options.download === true) throw dl(join('<root>', name, 'raw'));
        throw Object.assign(new Error(`${name}: Dataset not found: no root given${def !== undefined ? ` and the default root ${def} does not exist` : ''}. ${hint}`), { code: 'ENOENT' });
      }
      root = def;
    }
    // Kept as given (torchvision's repr shows it so); files are looked up from its absolute form.
    const givenRoot = expandUser(root);
    const absRoot = resolve(givenRoot);
    if (options.download !== true && !(existsSync(absRoot) && statSync(absRoot).isDirectory())) {
      throw Object.assign(new Error(`${name}: Dataset not found: root ${absRoot} does not exist or is not a folder. ${hint}`), { code: 'ENOENT' });
    }
    super(givenRoot, options.transform, options.targetTransform);
    this.train = train;
    this.classes = ctor.classes;
    const rawFolder = join(absRoot, name, 'raw');
    const find = (base: string): string | undefined => {
      for (const dir of [rawFolder, absRoot]) {
        for (const file of [base, `${base}.gz`]) {
          const p = join(dir, file);
          if (existsSync(p) && statSync(p).isFile()) return p;
        }
      }
      return undefined;
    };
    const imagesPath = find(res.images);
    const labelsPath = find(res.labels);
    if (imagesPath === undefined || labelsPath === undefined) {
      if (options.download === true) throw dl(rawFolder);
      const missing = imagesPath === undefined ? res.images : res.labels;
      const xz = [rawFolder, absRoot].map((d) => join(d, `${missing}.xz`)).find((p) => existsSync(p));
      throw Object.assign(new Error(`${name}: Dataset not found. You can use download=True to download it ` +
        `(torch-node does not download: it cannot find ${missing}.gz (or ${missing}) in ${rawFolder} or ${absRoot}` +
        `${xz === undefined ? '' : `; decompress ${xz} with xz -d`}). ${hint}`), { code: 'ENOENT' });
    }
    let images = readIdx(imagesPath, 8, 3, 'images');
    let targets = readIdx(labelsPath, res.labelsType[0], res.labelsType[1], 'labels');
    if (targets.dtype !== 'int64') {
      const t = targets.to('int64');
      targets.dispose();
      targets = t;
    }
    if (images.shape[0] !== targets.shape[0]) {
      throw new RangeError(`${name}: the images file holds [${images.shape.join(', ')}] and the labels file [${targets.shape.join(', ')}]; expected as many labels as images`);
    }
    if (res.rows !== undefined) {
      const [start, stop] = res.rows;
      const n = images.shape[0]!;
      const end = Math.min(stop ?? n, n);
      const s = Math.min(start, end);
      images = images.narrow(0, s, end - s);
      targets = targets.narrow(0, s, end - s);
    }
    // Kept alive by the dataset even when it is built inside torch.tidy().
    this.data = escapeScopes(images);
    this.targets = escapeScopes(targets);
    this.batchTargets = this.targets.dim() === 1 ? this.targets : escapeScopes(this.targets.select(1, 0));
    const column = this.batchTargets.to('int32').contiguous();
    this.labels = Int32Array.from(column.dataSync() as Int32Array);
    column.dispose();
  }

  get length(): number {
    return this.labels.length;
  }

  /** The target getItem gives before targetTransform. */
  protected targetAt(i: number): unknown {
    return this.labels[i]!;
  }

  /** `[image, label]`, each transformed when a transform is set. @example const [img, label] = ds.getItem(0); */
  getItem(index: number): [I, L] {
    const i = checkIndex(index, this.labels.length);
    const img = this.data.select(0, i);
    const label = this.targetAt(i);
    return [
      this.transform === undefined ? (img as unknown as I) : this.transform(img),
      this.targetTransform === undefined ? (label as L) : this.targetTransform(label as never),
    ];
  }

  /**
   * The collated batch `[images, labels]` made natively (one indexSelect per field, then the
   * transform's batch version), identical to collating getItem results; undefined when a
   * transform has no batch version or a targetTransform is set.
   * @example const [x, y] = ds.getBatch([0, 1, 2])!;
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
    const labels = this.batchTargets.indexSelect(0, idx);
    idx.dispose();
    return [images, labels];
  }

  /** torchvision's `class_to_idx`: class name -> label. @example ds.classToIdx['3 - three'] // 3 */
  get classToIdx(): Record<string, number> {
    return Object.fromEntries(this.classes.map((c, i) => [c, i]));
  }

  /** `Split: Train` or `Split: Test`. @example ds.extraRepr() */
  override extraRepr(): string {
    return `Split: ${this.train ? 'Train' : 'Test'}`;
  }
}

function defaultResources(ctor: typeof MNIST, train: boolean): Resources {
  const prefix = train ? 'train' : 't10k';
  const images = `${prefix}-images-idx3-ubyte`;
  const labels = `${prefix}-labels-idx1-ubyte`;
  const mirror = (ctor as unknown as { mirror: string }).mirror;
  return { images, labels, labelsType: [8, 1], urls: [[`${mirror}${images}.gz`, `${images}.gz`], [`${mirror}${labels}.gz`, `${labels}.gz`]] };
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
  protected static override readonly mirror: string = 'http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/';
  protected static override readonly howToGet: string = 'On Debian or Ubuntu, `apt-get install dataset-fashion-mnist` puts them in /usr/share/datasets/fashion-mnist (the default root); otherwise get them from Zalando Research\'s fashion-mnist repository and pass their folder as root.';
}

/**
 * Kuzushiji-MNIST (torchvision.datasets.KMNIST): cursive Japanese characters, in MNIST's format
 * and file names, in `root/KMNIST/raw` (or `root`).
 * @example
 * const trainset = new datasets.KMNIST('./data', { transform: transforms.ToTensor() });
 * trainset.classes // ['o', 'ki', 'su', 'tsu', 'na', 'ha', 'ma', 'ya', 're', 'wo']
 */
export class KMNIST<I = Tensor, L = number> extends MNIST<I, L> {
  static override readonly classes: readonly string[] = ['o', 'ki', 'su', 'tsu', 'na', 'ha', 'ma', 'ya', 're', 'wo'];
  static override readonly defaultRoot: string | undefined = undefined;
  protected static override readonly mirror: string = 'http://codh.rois.ac.jp/kmnist/dataset/kmnist/';
  protected static override readonly howToGet: string = 'Get them from the Kuzushiji-MNIST release (github.com/rois-codh/kmnist).';
}

/** EMNIST's splits. */
export type EMNISTSplit = 'byclass' | 'bymerge' | 'balanced' | 'letters' | 'digits' | 'mnist';

export interface EMNISTOptions<I = Tensor, L = number> extends MNISTOptions<I, L> {
  /** Which of EMNIST's six splits (required, here or as the second argument). */
  split?: EMNISTSplit;
}

const DIGITS = [...'0123456789'];
const UPPER = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'];
const LOWER = [...'abcdefghijklmnopqrstuvwxyz'];
const MERGED = new Set([...'cijklmopsuvwxyz']);

/**
 * EMNIST (torchvision.datasets.EMNIST): handwritten digits and letters, one of six splits, from
 * `root/EMNIST/raw/emnist-<split>-<train|test>-{images-idx3,labels-idx1}-ubyte` (gzipped or not:
 * the files in the `gzip` folder of NIST's gzip.zip). The images are as the files store them,
 * transposed (as torchvision gives them: `img.t()` shows a letter upright). `classes` depends on
 * the split (`letters` labels 1..26, with 'N/A' for 0).
 * @example
 * const letters = new datasets.EMNIST('./data', 'letters', { train: true });
 * const [img, label] = letters.getItem(0);
 * letters.classes[label] // e.g. 'w'
 */
export class EMNIST<I = Tensor, L = number> extends MNIST<I, L> {
  /** The splits, as torchvision's `splits`. */
  static readonly splits: readonly EMNISTSplit[] = ['byclass', 'bymerge', 'balanced', 'letters', 'digits', 'mnist'];
  /** The class names of each split (torchvision's `classes_split_dict`). */
  static readonly classesSplitDict: Readonly<Record<EMNISTSplit, readonly string[]>> = {
    byclass: [...DIGITS, ...UPPER, ...LOWER],
    bymerge: [...DIGITS, ...UPPER, ...LOWER.filter((c) => !MERGED.has(c))],
    balanced: [...DIGITS, ...UPPER, ...LOWER.filter((c) => !MERGED.has(c))],
    letters: ['N/A', ...LOWER],
    digits: DIGITS,
    mnist: DIGITS,
  };
  static override readonly defaultRoot: string | undefined = undefined;
  protected static override readonly howToGet: string = 'Get gzip.zip from NIST (biometrics.nist.gov/cs_links/EMNIST/gzip.zip) and put the .gz files of its gzip folder in root/EMNIST/raw.';

  readonly split: EMNISTSplit;
  declare readonly classes: readonly string[];

  constructor(root: string | undefined, split: EMNISTSplit, options?: MNISTOptions<I, L>);
  constructor(root: string | undefined, options: EMNISTOptions<I, L> & { split: EMNISTSplit });
  constructor(options: EMNISTOptions<I, L> & { split: EMNISTSplit });
  constructor(root?: string | EMNISTOptions<I, L>, split?: EMNISTSplit | EMNISTOptions<I, L>, options: EMNISTOptions<I, L> = {}) {
    if (isPlainObject(root)) { options = root as EMNISTOptions<I, L>; root = options.root; split = undefined; }
    if (isPlainObject(split)) { options = split as EMNISTOptions<I, L>; split = undefined; }
    if (!isPlainObject(options as unknown)) throw argTypeError('EMNIST', 'options', 'an object', options);
    const { split: optSplit, ...rest } = options;
    if (split !== undefined && optSplit !== undefined) throw new TypeError("EMNIST: got split both as an argument and as an option");
    const s = verifyStrArg('EMNIST', split ?? optSplit, 'split', EMNIST.splits) as EMNISTSplit;
    const train = rest.train ?? true;
    const prefix = `emnist-${s}-${train === false ? 'test' : 'train'}`;
    const url = 'https://biometrics.nist.gov/cs_links/EMNIST/gzip.zip';
    const res: Resources = {
      images: `${prefix}-images-idx3-ubyte`, labels: `${prefix}-labels-idx1-ubyte`, labelsType: [8, 1],
      urls: [[url, 'gzip.zip']], unpack: `unzip it and move the .gz files of its gzip folder, e.g. ${prefix}-images-idx3-ubyte.gz, into this folder`,
    };
    super(root as string | undefined, { ...rest, [RESOURCES]: res } as MNISTOptions<I, L>);
    this.split = s;
    this.classes = EMNIST.classesSplitDict[s];
  }
}

/** QMNIST's subsets. */
export type QMNISTWhat = 'train' | 'test' | 'test10k' | 'test50k' | 'nist';

export interface QMNISTOptions<I = Tensor, L = number> extends MNISTOptions<I, L> {
  /** The subset: 'train', 'test' (60k), 'test10k' (MNIST's test images), 'test50k' (the rest), 'nist'. Default: 'train' or 'test' by `train`. */
  what?: QMNISTWhat;
  /** Targets as class numbers (default true), or, with false, each target the int64 [8] row of QMNIST's extended information. */
  compat?: boolean;
}

const QMNIST_BASE = 'https://raw.githubusercontent.com/facebookresearch/qmnist/master/';
const QMNIST_FILES: Readonly<Record<'train' | 'test' | 'nist', [string, string, string]>> = {
  train: ['qmnist-train-images-idx3-ubyte', 'qmnist-train-labels-idx2-int', '.gz'],
  test: ['qmnist-test-images-idx3-ubyte', 'qmnist-test-labels-idx2-int', '.gz'],
  nist: ['xnist-images-idx3-ubyte', 'xnist-labels-idx2-int', '.xz'],
};

/**
 * QMNIST (torchvision.datasets.QMNIST): MNIST reconstructed from NIST, with 8 columns of
 * information per image (class, NIST series, writer id, digit index, ...). Files in
 * `root/QMNIST/raw`: `qmnist-{train,test}-images-idx3-ubyte`, `qmnist-{train,test}-labels-idx2-int`
 * (gzipped or not), `xnist-images-idx3-ubyte` / `xnist-labels-idx2-int` (decompressed from .xz).
 * `targets` is int64 [N, 8]; items give the class (compat, the default) or the whole row.
 * @example
 * const test10k = new datasets.QMNIST('./data', 'test10k');
 * const full = new datasets.QMNIST<Tensor, Tensor>('./data', { what: 'train', compat: false });
 * full.getItem(0)[1] // int64 [8]
 */
export class QMNIST<I = Tensor, L = number> extends MNIST<I, L> {
  /** torchvision's `subsets`: which files each subset reads. */
  static readonly subsets: Readonly<Record<QMNISTWhat, 'train' | 'test' | 'nist'>> = { train: 'train', test: 'test', test10k: 'test', test50k: 'test', nist: 'nist' };
  static override readonly defaultRoot: string | undefined = undefined;
  protected static override readonly howToGet: string = 'Get them from github.com/facebookresearch/qmnist.';

  readonly what: QMNISTWhat;
  readonly compat: boolean;

  constructor(root?: string, what?: QMNISTWhat, options?: QMNISTOptions<I, L>);
  constructor(root?: string | QMNISTOptions<I, L>, options?: QMNISTOptions<I, L>);
  constructor(root?: string | QMNISTOptions<I, L>, what?: QMNISTWhat | QMNISTOptions<I, L>, options: QMNISTOptions<I, L> = {}) {
    if (isPlainObject(root)) { options = root as QMNISTOptions<I, L>; root = options.root; what = undefined; }
    if (isPlainObject(what)) { options = what as QMNISTOptions<I, L>; what = undefined; }
    if (!isPlainObject(options as unknown)) throw argTypeError('QMNIST', 'options', 'an object', options);
    const { what: optWhat, compat = true, ...rest } = options;
    if (what !== undefined && optWhat !== undefined) throw new TypeError('QMNIST: got what both as an argument and as an option');
    if (typeof compat !== 'boolean') throw argTypeError('QMNIST', 'option compat', 'a boolean', compat);
    const w = verifyStrArg('QMNIST', what ?? optWhat ?? (rest.train === false ? 'test' : 'train'), 'what', Object.keys(QMNIST.subsets)) as QMNISTWhat;
    const [images, labels, ext] = QMNIST_FILES[QMNIST.subsets[w]];
    const res: Resources = {
      images, labels, labelsType: [12, 2],
      urls: [[`${QMNIST_BASE}${images}${ext}`, `${images}${ext}`], [`${QMNIST_BASE}${labels}${ext}`, `${labels}${ext}`]],
      ...(ext === '.xz' ? { unpack: 'decompress with xz -d' } : {}),
      ...(w === 'test10k' ? { rows: [0, 10000] as [number, number] } : w === 'test50k' ? { rows: [10000, undefined] as [number, undefined] } : {}),
    };
    super(root, { ...rest, [RESOURCES]: res } as MNISTOptions<I, L>);
    this.what = w;
    this.compat = compat;
    if (!compat) (this as unknown as { batchTargets: Tensor }).batchTargets = this.targets;
  }

  /** The class (compat) or the int64 [8] row of the target. */
  protected override targetAt(i: number): unknown {
    return this.compat ? this.labels[i]! : this.targets.select(0, i);
  }

  /** `Split: <what>`. @example ds.extraRepr() // 'Split: test10k' */
  override extraRepr(): string {
    return `Split: ${this.what}`;
  }
}
