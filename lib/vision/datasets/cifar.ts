// torchvision.datasets.CIFAR10 and CIFAR100, from the extracted python-format batches (the
// pickles of cifar-10-python.tar.gz / cifar-100-python.tar.gz). No downloads.
import { join } from 'node:path';
import { cat } from '../../generated/functions.js';
import type { Tensor } from '../../tensor.js';
import { escapeScopes } from '../../scope.js';
import { checkIndex } from '../../utils/data/dataset.js';
import { argTypeError, isPlainObject } from '../../validate.js';
import { Image } from '../image.js';
import { isNdArray, loadDatasetPickle, ndarrayToTensor, pyGet } from './pickle.js';
import { VisionDataset, boolOption, checkIntegrity, checkOptions, downloadUnavailable, fnOption } from './vision.js';

export interface CIFAROptions<I = Image, L = number> {
  /** The training batches (default true) or the test batch. */
  train?: boolean;
  /** Applied to each image, an RGB {@link Image} 32 x 32 (e.g. `transforms.ToTensor()`). */
  transform?: (image: Image) => I;
  /** Applied to each label (a number). */
  targetTransform?: (label: number) => L;
  /**
   * torchvision's `download`: when the files are missing, true throws an error listing what to
   * download and where to put it (torch-node's datasets never use the network).
   */
  download?: boolean;
  /**
   * Check every file's md5 against the released archive's, as torchvision does on construction
   * (default true). `false` checks only that the files exist: for re-pickled or subset batches.
   */
  checkIntegrity?: boolean;
  /** The folder holding `cifar-10-batches-py` (or `cifar-100-python`), when not given as the first argument. */
  root?: string;
}

interface CIFARSpec {
  baseFolder: string;
  url: string;
  filename: string;
  trainList: readonly (readonly [string, string])[];
  testList: readonly (readonly [string, string])[];
  meta: { filename: string; key: string; md5: string };
}

const OPTIONS = ['train', 'transform', 'targetTransform', 'download', 'checkIntegrity', 'root'] as const;

/**
 * The CIFAR-10 dataset (torchvision.datasets.CIFAR10): 32 x 32 colour images in 10 classes, read
 * from the python-format batches in `root/cifar-10-batches-py` (`data_batch_1` ... `data_batch_5`,
 * `test_batch`, `batches.meta`: the contents of cifar-10-python.tar.gz). `getItem(i)` returns
 * `[image, label]`, the image an RGB {@link Image}. `data` holds all images as one uint8 tensor
 * [N, 32, 32, 3] (torchvision's NumPy array, a view in the same layout), `targets` the labels.
 * As torchvision, construction checks the md5 of every file of the release; pass
 * `checkIntegrity: false` to accept other files of the same format.
 * @example
 * const trainset = new datasets.CIFAR10('./data', { train: true, transform: transforms.ToTensor() });
 * const [image, label] = trainset.getItem(0); // float32 [3, 32, 32], a number in 0..9
 * trainset.classes[label] // e.g. 'frog'
 */
export class CIFAR10<I = Image, L = number> extends VisionDataset<[I, L]> {
  /** @internal the files of the release, their md5s and where torchvision downloads them. */
  protected static readonly spec: CIFARSpec = {
    baseFolder: 'cifar-10-batches-py',
    url: 'https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz',
    filename: 'cifar-10-python.tar.gz',
    trainList: [
      ['data_batch_1', 'c99cafc152244af753f735de768cd75f'],
      ['data_batch_2', 'd4bba439e000b95fd0a9bffe97cbabec'],
      ['data_batch_3', '54ebc095f3ab1f0389bbae665268c751'],
      ['data_batch_4', '634d18415352ddfa80567beed471001a'],
      ['data_batch_5', '482c414d41f54cd18b22e5b47cb7c3cb'],
    ],
    testList: [['test_batch', '40351d587109b95175f43aff81a1287e']],
    meta: { filename: 'batches.meta', key: 'label_names', md5: '5ff9c542aee3614f3951f8cda6e48888' },
  };

  declare readonly root: string;
  declare readonly transform: ((image: Image) => I) | undefined;
  declare readonly targetTransform: ((label: number) => L) | undefined;
  readonly train: boolean;
  /** All images, uint8 [N, 32, 32, 3] (height, width, RGB), as torchvision's `data`. */
  readonly data: Tensor;
  /** The labels, by index. */
  readonly targets: number[];
  /** The class names, by label. */
  readonly classes: string[];
  /** Class name -> label. */
  readonly classToIdx: Record<string, number>;
  /** The images as [N, 3, 32, 32] (the files' layout; `data` is a view of it). */
  private readonly chw: Tensor;

  constructor(root?: string | CIFAROptions<I, L>, options?: CIFAROptions<I, L>);
  constructor(root?: string | CIFAROptions<I, L>, options: CIFAROptions<I, L> = {}) {
    const ctor = new.target as unknown as typeof CIFAR10;
    const name = ctor.name;
    if (isPlainObject(root)) { options = root as CIFAROptions<I, L>; root = options.root; }
    const opts = checkOptions(name, options, OPTIONS);
    if (typeof root !== 'string') throw argTypeError(name, 'root', 'a folder path', root);
    super(root, fnOption(name, 'transform', opts.transform), fnOption(name, 'targetTransform', opts.targetTransform));
    this.train = boolOption(name, 'train', opts.train, true);
    const download = boolOption(name, 'download', opts.download, false);
    const verify = boolOption(name, 'checkIntegrity', opts.checkIntegrity, true);
    const spec = ctor.spec;
    const folder = join(this.root, spec.baseFolder);
    const intact = (): boolean => [...spec.trainList, ...spec.testList].every(([f, md5]) => checkIntegrity(join(folder, f), verify ? md5 : undefined));
    if (!intact()) {
      if (download) {
        throw downloadUnavailable(name, [{ url: spec.url, dest: this.root, unpack: `tar xzf ${spec.filename} -C ${this.root}: it makes ${folder}` }]);
      }
      throw Object.assign(new Error(`${name}: Dataset not found or corrupted. You can use download=True to download it ` +
        `(torch-node does not download: extract ${spec.url} into ${this.root}, which makes ${folder}` +
        `${verify ? '; files of the same format that are not the release\'s can be read with checkIntegrity: false' : ''})`), { code: 'ENOENT' });
    }
    const chunks: Tensor[] = [];
    const targets: number[] = [];
    for (const [file] of this.train ? spec.trainList : spec.testList) {
      const path = join(folder, file);
      const entry = loadDatasetPickle(path);
      const data = pyGet(entry, 'data');
      if (!isNdArray(data)) throw new TypeError(`${name}: ${path} has no 'data' array`);
      const labels = pyGet(entry, 'labels') ?? pyGet(entry, 'fine_labels');
      if (!Array.isArray(labels) || labels.some((l) => typeof l !== 'number')) throw new TypeError(`${name}: ${path} has no 'labels' (or 'fine_labels') list`);
      chunks.push(ndarrayToTensor(path, data));
      targets.push(...(labels as number[]));
    }
    // np.vstack(data).reshape(-1, 3, 32, 32).transpose((0, 2, 3, 1)): a view, as NumPy's.
    const stacked = chunks.length === 1 ? chunks[0]! : cat(chunks.map((c) => c.reshape(-1, c.shape[c.shape.length - 1]!)));
    this.chw = escapeScopes(stacked.reshape(-1, 3, 32, 32).contiguous());
    if (this.chw.shape[0] !== targets.length) throw new RangeError(`${name}: ${this.chw.shape[0]} images but ${targets.length} labels`);
    this.data = escapeScopes(this.chw.permute(0, 2, 3, 1));
    this.targets = targets;
    const metaPath = join(folder, spec.meta.filename);
    if (!checkIntegrity(metaPath, verify ? spec.meta.md5 : undefined)) {
      throw Object.assign(new Error(`${name}: Dataset metadata file not found or corrupted. You can use download=True to download it (torch-node does not download: ${metaPath} comes from ${spec.url})`), { code: 'ENOENT' });
    }
    const classes = pyGet(loadDatasetPickle(metaPath), spec.meta.key);
    if (!Array.isArray(classes) || classes.some((c) => typeof c !== 'string')) throw new TypeError(`${name}: ${metaPath} has no '${spec.meta.key}' list of names`);
    this.classes = classes as string[];
    this.classToIdx = Object.fromEntries(this.classes.map((c, i) => [c, i]));
  }

  get length(): number {
    return this.targets.length;
  }

  /** `[image, label]`: an RGB {@link Image} 32 x 32 (its own copy) and the label, each transformed when set. @example const [img, label] = ds.getItem(0); */
  getItem(index: number): [I, L] {
    const i = checkIndex(index, this.targets.length);
    const img = new Image(this.chw.select(0, i).clone(), 'RGB');
    const target = this.targets[i]!;
    return [
      this.transform === undefined ? (img as unknown as I) : this.transform(img),
      this.targetTransform === undefined ? (target as unknown as L) : this.targetTransform(target),
    ];
  }

  /** `Split: Train` or `Split: Test`. @example ds.extraRepr() */
  override extraRepr(): string {
    return `Split: ${this.train ? 'Train' : 'Test'}`;
  }
}

/**
 * The CIFAR-100 dataset (torchvision.datasets.CIFAR100): as {@link CIFAR10}, with 100 classes, from
 * `root/cifar-100-python` (`train`, `test`, `meta`). Labels are the fine labels (as torchvision);
 * `classes` the 100 fine label names.
 * @example
 * const testset = new datasets.CIFAR100('./data', { train: false });
 * const [img, label] = testset.getItem(0);
 */
export class CIFAR100<I = Image, L = number> extends CIFAR10<I, L> {
  /** @internal */
  protected static override readonly spec: CIFARSpec = {
    baseFolder: 'cifar-100-python',
    url: 'https://www.cs.toronto.edu/~kriz/cifar-100-python.tar.gz',
    filename: 'cifar-100-python.tar.gz',
    trainList: [['train', '16019d7e3df5f24257cddd939b257f8d']],
    testList: [['test', 'f0ef6b0ae62326f3e7ffdfab6717acfc']],
    meta: { filename: 'meta', key: 'fine_label_names', md5: '7973b15100ade9c7d40fb424638fde48' },
  };
}
