// torchvision.datasets.DatasetFolder and ImageFolder: samples found by walking one folder per
// class, in Python's order (class folders and files sorted by code point), loaded by a loader
// (for ImageFolder, an image decoder: sharp, through lib/vision/io).
import { readdirSync, statSync } from 'node:fs';
import { checkIndex } from '../../utils/data/dataset.js';
import { argTypeError, isPlainObject } from '../../validate.js';
import { Image } from '../image.js';
import { readImage, readImageAsync } from '../io/index.js';
import { VisionDataset, boolOption, checkOptions, compareCodePoints, expandUser, fnOption, pyJoin } from './vision.js';

/** The file extensions ImageFolder accepts (torchvision's IMG_EXTENSIONS). */
export const IMG_EXTENSIONS: readonly string[] = Object.freeze(['.jpg', '.jpeg', '.png', '.ppm', '.bmp', '.pgm', '.tif', '.tiff', '.webp']);

/**
 * True when `filename` ends (case-insensitively) with one of `extensions` (torchvision's
 * has_file_allowed_extension).
 * @example datasets.hasFileAllowedExtension('a/B.PNG', ['.png']) // true
 */
export function hasFileAllowedExtension(filename: string, extensions: string | readonly string[]): boolean {
  const lower = filename.toLowerCase();
  return (typeof extensions === 'string' ? [extensions] : extensions).some((e) => lower.endsWith(e));
}

/**
 * True for a file name with one of {@link IMG_EXTENSIONS} (torchvision's is_image_file).
 * @example datasets.isImageFile('cat.jpg') // true
 */
export function isImageFile(filename: string): boolean {
  return hasFileAllowedExtension(filename, IMG_EXTENSIONS);
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The class folders of `directory`, sorted as Python sorts strings (by code point), and the map
 * from each to its index (torchvision's find_classes). Throws when there is none.
 * @example const [classes, classToIdx] = datasets.findClasses('./data/train');
 */
export function findClasses(directory: string): [string[], Record<string, number>] {
  const dir = expandUser(directory);
  // os.scandir's entry.is_dir() follows symbolic links, as statSync does.
  const classes = readdirSync(dir).filter((name) => isDir(pyJoin(dir, name))).sort(compareCodePoints);
  if (classes.length === 0) throw Object.assign(new Error(`Couldn't find any class folder in ${directory}.`), { code: 'ENOENT' });
  return [classes, Object.fromEntries(classes.map((c, i) => [c, i]))];
}

/** os.walk(top, followlinks=True) top-down: [folder, file names] for the folder and each below it. */
function walk(top: string, out: [string, string[]][] = []): [string, string[]][] {
  let names: string[];
  try {
    names = readdirSync(top);
  } catch {
    return out;
  }
  const dirs: string[] = [];
  const files: string[] = [];
  for (const name of names) (isDir(pyJoin(top, name)) ? dirs : files).push(name);
  out.push([top, files]);
  for (const d of dirs) walk(pyJoin(top, d), out);
  return out;
}

/**
 * The samples `[path, classIndex]` of the class folders of `directory` (torchvision's
 * make_dataset): every file below each class folder that `isValidFile` accepts (or whose name
 * has one of `extensions`; exactly one of the two must be given), in Python's order. Throws
 * torchvision's FileNotFoundError message when a class has no valid file, unless `allowEmpty`.
 * @example const samples = datasets.makeDataset('./data/train', undefined, datasets.IMG_EXTENSIONS);
 */
export function makeDataset(directory: string, classToIdx?: Record<string, number>, extensions?: string | readonly string[],
  isValidFile?: (path: string) => boolean, allowEmpty = false): [string, number][] {
  const dir = expandUser(directory);
  if (classToIdx === undefined) classToIdx = findClasses(dir)[1];
  else if (Object.keys(classToIdx).length === 0) throw new RangeError("'class_to_index' must have at least one entry to collect any samples.");
  if ((extensions === undefined) === (isValidFile === undefined)) {
    throw new TypeError('Both extensions and is_valid_file cannot be None or not None at the same time');
  }
  const valid = isValidFile ?? ((p: string) => hasFileAllowedExtension(p, extensions!));
  const instances: [string, number][] = [];
  const available = new Set<string>();
  for (const targetClass of Object.keys(classToIdx).sort(compareCodePoints)) {
    const classIndex = classToIdx[targetClass]!;
    const targetDir = pyJoin(dir, targetClass);
    if (!isDir(targetDir)) continue;
    // sorted(os.walk(...)): the (folder, dirs, files) tuples sorted by folder path.
    const folders = walk(targetDir).sort((a, b) => compareCodePoints(a[0], b[0]));
    for (const [root, fnames] of folders) {
      for (const fname of fnames.sort(compareCodePoints)) {
        const path = pyJoin(root, fname);
        if (valid(path)) {
          instances.push([path, classIndex]);
          available.add(targetClass);
        }
      }
    }
  }
  const empty = Object.keys(classToIdx).filter((c) => !available.has(c));
  if (empty.length > 0 && !allowEmpty) {
    let msg = `Found no valid file for the classes ${empty.sort(compareCodePoints).join(', ')}. `;
    if (extensions !== undefined) msg += `Supported extensions are: ${typeof extensions === 'string' ? extensions : extensions.join(', ')}`;
    throw Object.assign(new Error(msg), { code: 'ENOENT' });
  }
  return instances;
}

/**
 * torchvision's default_loader (pil_loader): the image file decoded and converted to RGB (a gray
 * image's value copied to the three channels, alpha dropped, a palette expanded). Decodes with
 * sharp; the calling thread waits for the decode (see {@link defaultLoaderAsync}).
 * @example const img = datasets.defaultLoader('cat.png'); // Image, mode 'RGB'
 */
export function defaultLoader(path: string): Image {
  return new Image(readImage(path, 'RGB'), 'RGB');
}

/**
 * {@link defaultLoader} without blocking: sharp decodes in libuv's thread pool.
 * @example const img = await datasets.defaultLoaderAsync('cat.png');
 */
export async function defaultLoaderAsync(path: string): Promise<Image> {
  return new Image(await readImageAsync(path, 'RGB'), 'RGB');
}

export interface DatasetFolderOptions<S, I = S, L = number> {
  /** Loads a sample from its path (required for DatasetFolder). */
  loader?: (path: string) => S;
  /** An async loader for getItemAsync (default: the sync loader's result). */
  loaderAsync?: (path: string) => Promise<S>;
  /** The accepted file extensions, lowercase (`['.npy']`); give this or isValidFile. */
  extensions?: string | readonly string[];
  /** Applied to each sample. */
  transform?: (sample: S) => I;
  /** Applied to each class index. */
  targetTransform?: (target: number) => L;
  /** Decides which files are samples, from their path; give this or extensions. */
  isValidFile?: (path: string) => boolean;
  /** Accept class folders with no valid file (default false: they are an error). */
  allowEmpty?: boolean;
}

const FOLDER_OPTIONS = ['loader', 'loaderAsync', 'extensions', 'transform', 'targetTransform', 'isValidFile', 'allowEmpty'];

/**
 * A dataset of files arranged one folder per class (torchvision.datasets.DatasetFolder):
 * `root/<class>/.../<file>`. `classes` are the class folders sorted (by code point, as Python),
 * `classToIdx` maps them to indices, `samples` lists `[path, classIndex]` and `targets` the class
 * indices. `getItem(i)` gives `[transform(loader(path)), targetTransform(classIndex)]`, and
 * `getItemAsync(i)` the same through the async loader (what a DataLoader's workers prefer).
 * Subclasses may override `findClasses` and `makeDataset` as in torchvision.
 * @example
 * const ds = new datasets.DatasetFolder('./data', {
 *   loader: (p) => torch.load(p) as Tensor, extensions: ['.pt'],
 * });
 * const [x, y] = ds.getItem(0);
 */
export class DatasetFolder<S = unknown, I = S, L = number> extends VisionDataset<[I, L]> {
  declare readonly root: string;
  declare readonly transform: ((sample: S) => I) | undefined;
  declare readonly targetTransform: ((target: number) => L) | undefined;
  /** Loads a sample from its path. */
  readonly loader: (path: string) => S;
  /** Loads a sample from its path without blocking, when the dataset has such a loader. */
  readonly loaderAsync: ((path: string) => Promise<S>) | undefined;
  /** The accepted extensions, or undefined when isValidFile decides. */
  readonly extensions: string | readonly string[] | undefined;
  /** The class names (folder names), sorted. */
  readonly classes: string[];
  /** Class name -> index. */
  readonly classToIdx: Record<string, number>;
  /** `[path, classIndex]` of every sample. */
  readonly samples: [string, number][];
  /** The class index of every sample. */
  readonly targets: number[];

  constructor(root: string, options: DatasetFolderOptions<S, I, L> & { loader: (path: string) => S });
  constructor(root: string, loader: (path: string) => S, options?: DatasetFolderOptions<S, I, L>);
  constructor(root: string, loaderOrOptions: ((path: string) => S) | DatasetFolderOptions<S, I, L>, options?: DatasetFolderOptions<S, I, L>) {
    super(DatasetFolder.checkRoot(new.target.name, root), undefined, undefined);
    const name = new.target.name;
    if (typeof loaderOrOptions === 'function') {
      if (options !== undefined && !isPlainObject(options)) throw argTypeError(name, 'options', 'an object', options);
      if (options?.loader !== undefined) throw new TypeError(`${name}: got loader both as an argument and as an option`);
      options = { ...options, loader: loaderOrOptions };
    } else {
      options = loaderOrOptions;
    }
    const opts = checkOptions(name, options, FOLDER_OPTIONS) as DatasetFolderOptions<S, I, L>;
    (this as { transform: unknown }).transform = fnOption(name, 'transform', opts.transform);
    (this as { targetTransform: unknown }).targetTransform = fnOption(name, 'targetTransform', opts.targetTransform);
    const loader = fnOption<(path: string) => S>(name, 'loader', opts.loader);
    if (loader === undefined) throw argTypeError(name, 'option loader', 'a function', opts.loader);
    this.loader = loader;
    this.loaderAsync = fnOption(name, 'loaderAsync', opts.loaderAsync);
    const isValidFile = fnOption<(path: string) => boolean>(name, 'isValidFile', opts.isValidFile);
    const ext = opts.extensions;
    if (ext !== undefined && typeof ext !== 'string' && !(Array.isArray(ext) && ext.every((e) => typeof e === 'string'))) {
      throw argTypeError(name, 'option extensions', 'a string or an array of strings', ext);
    }
    const allowEmpty = boolOption(name, 'allowEmpty', opts.allowEmpty, false);
    const [classes, classToIdx] = this.findClasses(this.root);
    this.samples = this.makeDataset(this.root, classToIdx, ext, isValidFile, allowEmpty);
    this.extensions = ext;
    this.classes = classes;
    this.classToIdx = classToIdx;
    this.targets = this.samples.map((s) => s[1]);
  }

  private static checkRoot(name: string, root: unknown): string {
    if (typeof root !== 'string') throw argTypeError(name, 'root', 'a folder path', root);
    return root;
  }

  /**
   * The class folders of `directory` and their indices; override to pick classes differently.
   * @example ds.findClasses(ds.root)
   */
  findClasses(directory: string): [string[], Record<string, number>] {
    return findClasses(directory);
  }

  /**
   * The samples of `directory` (see {@link makeDataset}); override to read them from elsewhere.
   * @example ds.makeDataset(ds.root, ds.classToIdx, ['.png'])
   */
  makeDataset(directory: string, classToIdx: Record<string, number>, extensions?: string | readonly string[],
    isValidFile?: (path: string) => boolean, allowEmpty = false): [string, number][] {
    if (classToIdx === undefined || classToIdx === null) throw new TypeError('The class_to_idx parameter cannot be None.');
    return makeDataset(directory, classToIdx, extensions, isValidFile, allowEmpty);
  }

  get length(): number {
    return this.samples.length;
  }

  /** `[sample, classIndex]`, each transformed when a transform is set. @example const [img, label] = ds.getItem(0); */
  getItem(index: number): [I, L] {
    const [path, target] = this.samples[checkIndex(index, this.samples.length)]!;
    return this.finish(this.loader(path), target);
  }

  /**
   * As getItem, loading through the async loader (for ImageFolder: sharp decodes in libuv's
   * thread pool, so the calling thread is free meanwhile).
   * @example const [img, label] = await ds.getItemAsync(0);
   */
  async getItemAsync(index: number): Promise<[I, L]> {
    const [path, target] = this.samples[checkIndex(index, this.samples.length)]!;
    const sample = this.loaderAsync === undefined ? this.loader(path) : await this.loaderAsync(path);
    return this.finish(sample, target);
  }

  private finish(sample: S, target: number): [I, L] {
    return [
      this.transform === undefined ? (sample as unknown as I) : this.transform(sample),
      this.targetTransform === undefined ? (target as unknown as L) : this.targetTransform(target),
    ];
  }
}

export interface ImageFolderOptions<I = Image, L = number, S = Image> {
  /** Applied to each image (an RGB {@link Image} from the default loader). */
  transform?: (image: S) => I;
  /** Applied to each class index. */
  targetTransform?: (target: number) => L;
  /** Loads an image from its path (default {@link defaultLoader}; e.g. `io.readImage` for uint8 tensors). */
  loader?: (path: string) => S;
  /** The async loader of getItemAsync (default {@link defaultLoaderAsync} with the default loader). */
  loaderAsync?: (path: string) => Promise<S>;
  /** Decides which files are images (default: the extensions of {@link IMG_EXTENSIONS}). */
  isValidFile?: (path: string) => boolean;
  /** Accept class folders with no image (default false: they are an error). */
  allowEmpty?: boolean;
}

const IMAGE_FOLDER_OPTIONS = ['transform', 'targetTransform', 'loader', 'loaderAsync', 'isValidFile', 'allowEmpty'];

/**
 * Images arranged one folder per class (torchvision.datasets.ImageFolder): `root/dog/xxx.png`,
 * `root/cat/123.jpg`, ... Files with an extension of {@link IMG_EXTENSIONS} (case-insensitive)
 * are decoded with sharp into RGB {@link Image}s, as torchvision's default loader converts to
 * 'RGB' (another `loader`, such as `io.readImage`, gives what it returns). `imgs` is `samples`. `getItem` decodes on a worker thread and waits for it;
 * `getItemAsync` decodes without blocking.
 * @example
 * const train = new datasets.ImageFolder('./data/train', {
 *   transform: transforms.Compose([transforms.ToTensor(), transforms.Normalize([0.5, 0.5, 0.5], [0.5, 0.5, 0.5])]),
 * });
 * train.classes // ['cat', 'dog']
 * const loader = new torch.utils.data.DataLoader(train, { batchSize: 32, shuffle: true });
 */
export class ImageFolder<I = Image, L = number, S = Image> extends DatasetFolder<S, I, L> {
  constructor(root: string, options: ImageFolderOptions<I, L, S> = {}) {
    const name = new.target.name;
    const opts = checkOptions(name, options, IMAGE_FOLDER_OPTIONS) as ImageFolderOptions<I, L, S>;
    const customLoader = opts.loader !== undefined;
    super(root, {
      loader: opts.loader ?? (defaultLoader as unknown as (path: string) => S),
      ...(opts.loaderAsync !== undefined ? { loaderAsync: opts.loaderAsync } : customLoader ? {} : { loaderAsync: defaultLoaderAsync as unknown as (path: string) => Promise<S> }),
      ...(opts.isValidFile === undefined ? { extensions: IMG_EXTENSIONS } : { isValidFile: opts.isValidFile }),
      ...(opts.transform === undefined ? {} : { transform: opts.transform }),
      ...(opts.targetTransform === undefined ? {} : { targetTransform: opts.targetTransform }),
      ...(opts.allowEmpty === undefined ? {} : { allowEmpty: opts.allowEmpty }),
    });
  }

  /** torchvision's `imgs`: the same list as `samples`. @example ds.imgs[0] // ['root/cat/1.png', 0] */
  get imgs(): [string, number][] {
    return this.samples;
  }
}
