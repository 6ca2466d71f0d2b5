// torchvision.datasets.VisionDataset and what every dataset of the package shares: option checks,
// torchvision's repr, its integrity check (md5 of the files) and the error `download: true` gives
// (torch-node's datasets never use the network, so that error says which files to put where).
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, sep } from 'node:path';
import { Dataset } from '../../utils/data/dataset.js';
import { argTypeError, describeValue, isPlainObject } from '../../validate.js';

/**
 * The base of torchvision's datasets (torchvision.datasets.VisionDataset): the root folder, the
 * transform applied to each sample, the transform applied to each target, and torchvision's
 * repr (`String(ds)`: `Dataset CIFAR10\n    Number of datapoints: 50000\n    Root location: ...`).
 * @example
 * class Noise extends datasets.VisionDataset<[Tensor, number]> {
 *   constructor() { super(undefined); }
 *   get length() { return 10; }
 *   getItem(i: number): [Tensor, number] { return [torch.randn(3, 8, 8), i % 2]; }
 * }
 * String(new Noise()) // 'Dataset Noise\n    Number of datapoints: 10'
 */
export abstract class VisionDataset<T> extends Dataset<T> {
  /** The root folder (with `~` expanded as Python's os.path.expanduser), or undefined. */
  readonly root: string | undefined;
  /** Applied to each sample (an image), or undefined. */
  readonly transform: ((sample: never) => unknown) | undefined;
  /** Applied to each target, or undefined. */
  readonly targetTransform: ((target: never) => unknown) | undefined;

  /**
   * @param root the dataset's folder; only `toString` uses it here.
   * @param transform applied to each sample by the subclass's getItem.
   * @param targetTransform applied to each target by the subclass's getItem.
   */
  constructor(root: string | undefined, transform?: (sample: never) => unknown, targetTransform?: (target: never) => unknown) {
    super();
    this.root = root === undefined ? undefined : expandUser(root);
    this.transform = transform;
    this.targetTransform = targetTransform;
  }

  /** The lines torchvision's `extra_repr` adds to the repr (e.g. `Split: Train`). @example ds.extraRepr() */
  extraRepr(): string {
    return '';
  }

  /** torchvision's repr. @example console.log(String(ds)) */
  override toString(): string {
    const body = [`Number of datapoints: ${this.length}`];
    if (this.root !== undefined) body.push(`Root location: ${this.root}`);
    const extra = this.extraRepr();
    if (extra !== '') body.push(...extra.split(/\r?\n/));
    if (this.transform !== undefined || this.targetTransform !== undefined) {
      // StandardTransform's repr, one entry of the body (only its first line is indented, as Python's).
      const lines = ['StandardTransform'];
      if (this.transform !== undefined) lines.push(...formatTransformRepr(this.transform, 'Transform: '));
      if (this.targetTransform !== undefined) lines.push(...formatTransformRepr(this.targetTransform, 'Target transform: '));
      body.push(lines.join('\n'));
    }
    return [`Dataset ${this.constructor.name}`, ...body.map((l) => `    ${l}`)].join('\n');
  }
}

/** A transform's repr: its own toString (torchvision's transforms have one), else `<function name>`. */
function transformRepr(t: unknown): string {
  if (typeof t === 'function') {
    const own = (t as { toString?: unknown }).toString;
    if (own !== Function.prototype.toString && typeof own === 'function') return String(t);
    return `<function ${t.name === '' ? '<lambda>' : t.name}>`;
  }
  return String(t);
}

function formatTransformRepr(t: unknown, head: string): string[] {
  const lines = transformRepr(t).split(/\r?\n/);
  return [`${head}${lines[0]}`, ...lines.slice(1).map((l) => `${' '.repeat(head.length)}${l}`)];
}

/** Python's os.path.expanduser for `~` and `~/...`. */
export function expandUser(p: string): string {
  if (p === '~') return homedir();
  if (p.startsWith('~/')) return homedir() + p.slice(1);
  return p;
}

/**
 * Python's os.path.join of two parts: no normalisation (`./data` stays `./data`, as in the paths
 * torchvision's datasets list), an absolute second part replacing the first.
 * @internal
 */
export function pyJoin(a: string, b: string): string {
  if (isAbsolute(b)) return b;
  return a === '' || a.endsWith(sep) || a.endsWith('/') ? a + b : a + sep + b;
}

/** Throws a TypeError naming the first key of `options` not in `allowed`. @internal */
export function checkOptions(name: string, options: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (options === undefined) return {};
  if (!isPlainObject(options)) throw argTypeError(name, 'options', 'an object', options);
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) throw new TypeError(`${name}: unknown option '${key}'; options are ${allowed.join(', ')}`);
  }
  return options;
}

/** An optional function option. @internal */
export function fnOption<F>(name: string, key: string, v: unknown): F | undefined {
  if (v !== undefined && v !== null && typeof v !== 'function') throw argTypeError(name, `option ${key}`, 'a function', v);
  return (v ?? undefined) as F | undefined;
}

/** An optional boolean option. @internal */
export function boolOption(name: string, key: string, v: unknown, dflt: boolean): boolean {
  if (v === undefined) return dflt;
  if (typeof v !== 'boolean') throw argTypeError(name, `option ${key}`, 'a boolean', v);
  return v;
}

/** torchvision's verify_str_arg: a string among `valid`, else its ValueError message. @internal */
export function verifyStrArg(name: string, value: unknown, arg: string, valid: readonly string[]): string {
  if (typeof value !== 'string') throw new TypeError(`${name}: Expected type str for argument ${arg}, but got type ${describeValue(value, 'python')}.`);
  if (!valid.includes(value)) {
    throw new RangeError(`${name}: Unknown value '${value}' for argument ${arg}. Valid values are {${valid.map((v) => `'${v}'`).join(', ')}}.`);
  }
  return value;
}

/** The md5 of a file, read in 1 MiB chunks (torchvision's calculate_md5). @internal */
export function md5File(path: string): string {
  const hash = createHash('md5');
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      hash.update(buf.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

/** torchvision's check_integrity: the file exists, and when md5 is given, its md5 matches. @internal */
export function checkIntegrity(path: string, md5?: string): boolean {
  let isFile = false;
  try {
    isFile = statSync(path).isFile();
  } catch {
    return false;
  }
  if (!isFile) return false;
  return md5 === undefined || md5File(path) === md5;
}

/** One file the user must fetch: where torchvision downloads it from and where it goes. @internal */
export interface ManualFile {
  url: string;
  /** The path the dataset reads (or the folder an archive is extracted into). */
  dest: string;
  /** How to unpack it, when it is an archive. */
  unpack?: string;
}

/**
 * What `download: true` throws when the files are not there: torch-node's datasets never use the
 * network, so the message lists each file torchvision would download and where to put it.
 * @internal
 */
export function downloadUnavailable(name: string, files: readonly ManualFile[]): Error {
  const lines = files.map((f) => `  ${f.url}\n    -> ${f.dest}${f.unpack === undefined ? '' : ` (${f.unpack})`}`);
  const e = new Error(`${name}: download=True is not available: torch-node's datasets never use the network. ` +
    `Download these files yourself (from the URLs torchvision uses, or any mirror) and put them here:\n${lines.join('\n')}`);
  return Object.assign(e, { code: 'ERR_DATASET_DOWNLOAD_UNAVAILABLE' });
}

/** Python's sort order of strings: by code point (JS's default sort compares UTF-16 units). @internal */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // A surrogate (an astral code point) sorts above every BMP unit; two surrogates compare as units do.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}
