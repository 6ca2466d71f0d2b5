// torchvision.models._api: the weights enums (Weights, WeightsEnum) and the model registry
// (getModel, getModelBuilder, getModelWeights, getWeight, listModels).
//
// Nothing is downloaded: a Weights entry names the file torchvision would fetch (its URL, its file
// name, the sha256 prefix in that name) and `getStateDict` reads it from the folder torch.hub
// would have saved it in (`$TORCH_HOME/hub/checkpoints`, or an explicit `modelDir`). A missing
// file is an error that names the path and the URL to fetch it from.
//
// Builder names: torchvision's, with `_` + letter camelCased and `_` + digit kept, so the digits
// that are part of a name stay readable: `resnet18`, `resnext50_32x4d`, `wide_resnet50_2` ->
// `wideResnet50_2`, `vgg11_bn` -> `vgg11Bn`, `squeezenet1_0`, `mobilenet_v3_small` ->
// `mobilenetV3Small`, `vit_b_16` -> `vitB_16`. The registry keeps Python's names (`listModels()`
// lists them; `getModel` takes either form). Weights enums keep Python's class names
// (`ResNet18_Weights`, `Wide_ResNet50_2_Weights`) and member names (`IMAGENET1K_V1`, `DEFAULT`).
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import type { Module, StateDict } from '../../nn/modules/module.js';
import { load, type MapLocation } from '../../serialization/index.js';
import { argTypeError, describeValue, isPlainObject } from '../../validate.js';

/**
 * What torchvision's `Weights.meta` holds, with camelCased keys: `num_params` -> `numParams`,
 * `min_size` -> `minSize`, `_metrics` -> `metrics`, `_ops` -> `ops` (GFLOPS), `_file_size` ->
 * `fileSize` (MB), `_docs` -> `docs`. The metric tables keep Python's keys (`'ImageNet-1K'`,
 * `'acc@1'`).
 */
export interface WeightsMeta {
  /** Number of parameters of the model these weights fit. */
  numParams?: number;
  /** Smallest input (height, width) the model accepts. */
  minSize?: readonly [number, number];
  /** Class names, in output order (ImageNet's 1000 for the classification weights). */
  categories?: readonly string[] | null;
  /** Link to the training recipe. */
  recipe?: string;
  /** Accuracy tables: dataset -> metric -> value. */
  metrics?: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** GFLOPS of one forward pass at the preset's crop size. */
  ops?: number;
  /** Size of the file in MB. */
  fileSize?: number;
  /** torchvision's description of the weights. */
  docs?: string;
  /** Further keys some weights carry (e.g. `license`). */
  readonly [key: string]: unknown;
}

/** The inference preset `Weights.transforms()` builds: a callable module, e.g. `ImageClassification`. */
export interface WeightsTransforms extends Module {
  /** torchvision's one-paragraph description of what the preset does. */
  describe(): string;
}

/** What one weights entry is defined from. */
export interface WeightsInit {
  /** Where torchvision downloads the file from. */
  url: string;
  /** Builds the inference preset (torchvision's `functools.partial(ImageClassification, ...)`). */
  transforms: () => WeightsTransforms;
  meta: WeightsMeta;
}

/** Options of `Weights.getStateDict` and `Weights.path`. */
export interface GetStateDictOptions {
  /** The folder holding the file. Default: `$TORCH_HOME/hub/checkpoints` (torch.hub's folder). */
  modelDir?: string;
  /** Accepted for torchvision's signature; nothing is downloaded, so nothing is shown. */
  progress?: boolean;
  /** Check the file's sha256 against the prefix in its name, as torchvision does (default true). */
  checkHash?: boolean;
  /** Device for the loaded tensors (torch.load's mapLocation). */
  mapLocation?: MapLocation;
  /** torch.hub's `file_name`: the file's name in `modelDir`. Default: the URL's last component. */
  fileName?: string;
}

/**
 * The folder torch.hub keeps its files in: `$TORCH_HOME`, else `$XDG_CACHE_HOME/torch`, else
 * `~/.cache/torch` (torch.hub.get_dir()).
 * @example models.hubDir() // '/home/me/.cache/torch/hub'
 */
export function hubDir(): string {
  const torchHome = process.env.TORCH_HOME ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'torch');
  return join(torchHome, 'hub');
}

/** torch.hub's HASH_REGEX, `-([a-f0-9]*)\.`: the sha256 prefix in a checkpoint's file name. */
const HASH_REGEX = /-([a-f0-9]*)\./;

function sha256File(path: string): string {
  const hash = createHash('sha256');
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

const GET_STATE_DICT_KEYS = new Set(['modelDir', 'progress', 'checkHash', 'mapLocation', 'fileName']);

/**
 * One entry of a weights enum (a member of torchvision's `WeightsEnum`, e.g.
 * `ResNet18_Weights.IMAGENET1K_V1`): the file's URL, the inference transforms and the metadata.
 * @example
 * const w = models.ResNet18_Weights.DEFAULT;
 * w.url;                 // 'https://download.pytorch.org/models/resnet18-f37072fd.pth'
 * w.meta.categories![0]; // 'tench'
 * const preprocess = w.transforms();
 */
export class Weights {
  /** The enum this entry belongs to (`ResNet18_Weights`). */
  readonly enumName: string;
  /** The member's name (`IMAGENET1K_V1`); Python's `_name_`. */
  readonly name: string;
  /** Where torchvision downloads the file from. */
  readonly url: string;
  /** Builds the inference preset (a new one per call, as torchvision's partial). */
  readonly transforms: () => WeightsTransforms;
  /** The weights' metadata (categories, numParams, metrics, ...). */
  readonly meta: Readonly<WeightsMeta>;

  constructor(enumName: string, name: string, init: WeightsInit) {
    this.enumName = enumName;
    this.name = name;
    this.url = init.url;
    this.transforms = init.transforms;
    this.meta = Object.freeze({ ...init.meta });
    Object.freeze(this);
  }

  /** The file's name, the URL's last component (`resnet18-f37072fd.pth`). @example w.fileName */
  get fileName(): string {
    return basename(new URL(this.url).pathname);
  }

  /** The sha256 prefix torch.hub checks, from the file's name (`f37072fd`), or null. @example w.hashPrefix */
  get hashPrefix(): string | null {
    return HASH_REGEX.exec(this.fileName)?.[1] ?? null;
  }

  /**
   * Where the file is expected: `modelDir` (default `$TORCH_HOME/hub/checkpoints`) joined with
   * its name.
   * @example models.ResNet18_Weights.DEFAULT.path() // '~/.cache/torch/hub/checkpoints/resnet18-f37072fd.pth'
   */
  path(options: { modelDir?: string; fileName?: string } = {}): string {
    return join(options.modelDir ?? join(hubDir(), 'checkpoints'), options.fileName ?? this.fileName);
  }

  /**
   * Reads the state dict from the file torch.hub would have downloaded (no download happens):
   * the file must already be in `modelDir` (default `$TORCH_HOME/hub/checkpoints`). Its sha256 is
   * checked against the prefix in its name unless `checkHash` is false.
   * @example model.loadStateDict(models.ResNet18_Weights.DEFAULT.getStateDict({ modelDir: './weights' }));
   */
  getStateDict(options: GetStateDictOptions = {}): StateDict {
    if (!isPlainObject(options as unknown)) throw argTypeError(`${this}.getStateDict`, 'options', 'an options object', options);
    for (const key of Object.keys(options)) {
      if (!GET_STATE_DICT_KEYS.has(key)) throw new TypeError(`${this}.getStateDict: unexpected option '${key}'`);
    }
    if (options.modelDir !== undefined && typeof options.modelDir !== 'string') {
      throw argTypeError(`${this}.getStateDict`, 'modelDir', 'a string', options.modelDir);
    }
    const path = this.path(options);
    if (!existsSync(path)) {
      throw new Error(`${this}: the weights file ${path} does not exist. torch-node does not download; fetch ${this.url} `
        + `and save it there (or pass the folder holding it as modelDir, or set TORCH_HOME).`);
    }
    if (options.checkHash !== false) {
      const prefix = HASH_REGEX.exec(basename(path))?.[1];
      if (prefix !== undefined) {
        const digest = sha256File(path);
        if (!digest.startsWith(prefix)) throw new Error(`invalid hash value (expected "${prefix}", got "${digest}")`);
      }
    }
    const sd = load(path, options.mapLocation === undefined ? {} : { mapLocation: options.mapLocation });
    if (!isPlainObject(sd) && !(sd instanceof Map)) throw new Error(`${this}: ${path} does not hold a state dict (got ${describeValue(sd)})`);
    return (sd instanceof Map ? Object.fromEntries(sd) : sd) as StateDict;
  }

  /** `ResNet18_Weights.IMAGENET1K_V1`, Python's repr. @example String(w) */
  toString(): string {
    return `${this.enumName}.${this.name}`;
  }
}

/**
 * A weights enum (torchvision's `WeightsEnum` subclass, e.g. `ResNet18_Weights`): its members are
 * properties (`ResNet18_Weights.IMAGENET1K_V1`, and the alias `DEFAULT`); iterating gives the
 * members without aliases, as iterating a Python Enum does.
 * @example
 * [...models.ResNet50_Weights].map(String) // ['ResNet50_Weights.IMAGENET1K_V1', 'ResNet50_Weights.IMAGENET1K_V2']
 * models.ResNet50_Weights.DEFAULT === models.ResNet50_Weights.IMAGENET1K_V2 // true
 */
export class WeightsEnum {
  /** The enum's name (`ResNet18_Weights`). */
  readonly name: string;
  readonly #members: Map<string, Weights>;
  readonly #aliases: Map<string, Weights>;

  constructor(name: string, members: Map<string, Weights>, aliases: Map<string, Weights>) {
    this.name = name;
    this.#members = members;
    this.#aliases = aliases;
    for (const [key, w] of [...members, ...aliases]) Object.defineProperty(this, key, { value: w, enumerable: true });
  }

  /** The member (or alias) named `key`, as Python's `ResNet18_Weights['IMAGENET1K_V1']`. @example models.ResNet18_Weights.get('DEFAULT') */
  get(key: string): Weights {
    const w = this.#members.get(key) ?? this.#aliases.get(key);
    if (w === undefined) throw new Error(`'${key}' is not a member of ${this.name}`);
    return w;
  }

  /** The members' names, aliases left out (Python's `list(E.__members__)` without aliases). @example models.ResNet50_Weights.keys() */
  keys(): string[] {
    return [...this.#members.keys()];
  }

  /** The members, aliases left out. @example for (const w of models.ResNet50_Weights) console.log(String(w)); */
  [Symbol.iterator](): IterableIterator<Weights> {
    return this.#members.values();
  }

  /**
   * torchvision's `WeightsEnum.verify`: null/undefined give null; a string (`'IMAGENET1K_V1'` or
   * `'ResNet18_Weights.IMAGENET1K_V1'`) gives that member; a member of this enum is returned; anything
   * else is a TypeError.
   * @example models.ResNet18_Weights.verify('DEFAULT') === models.ResNet18_Weights.IMAGENET1K_V1 // true
   */
  verify(obj: unknown): Weights | null {
    if (obj === null || obj === undefined) return null;
    if (typeof obj === 'string') {
      const key = obj.replace(`${this.name}.`, '');
      const w = this.#members.get(key) ?? this.#aliases.get(key);
      if (w === undefined) throw new Error(`'${key}' is not a member of ${this.name}`);
      return w;
    }
    if (obj instanceof Weights && obj.enumName === this.name && this.#members.get(obj.name) === obj) return obj;
    const got = obj instanceof Weights ? obj.enumName : describeValue(obj, 'python');
    throw new TypeError(`Invalid Weight class provided; expected ${this.name} but received ${got}.`);
  }

  /** The enum's name. @example String(models.ResNet18_Weights) // 'ResNet18_Weights' */
  toString(): string {
    return this.name;
  }
}

/** A weights enum with its member names typed: `ResNet18_Weights.IMAGENET1K_V1`, `.DEFAULT`. */
export type WeightsEnumOf<K extends string> = WeightsEnum & { readonly [P in K | 'DEFAULT']: Weights };

const ENUMS = new Map<string, WeightsEnum>();

/**
 * Defines a weights enum: its members (name -> url, transforms, meta) and its `DEFAULT` alias
 * (the name of the member it stands for). Registered for `getWeight`.
 * @example
 * const MyNet_Weights = models.defineWeightsEnum('MyNet_Weights', {
 *   V1: { url: 'https://example.com/mynet-0123abcd.pth', transforms: () => new transforms._presets.ImageClassification({ cropSize: 224 }), meta: {} },
 * }, 'V1');
 */
export function defineWeightsEnum<M extends Readonly<Record<string, WeightsInit>>>(name: string, members: M, defaultMember: keyof M & string): WeightsEnumOf<keyof M & string> {
  if (ENUMS.has(name)) throw new Error(`A weights enum is already defined under the name '${name}'.`);
  const map = new Map<string, Weights>();
  for (const key of Object.keys(members)) map.set(key, new Weights(name, key, members[key]!));
  const def = map.get(defaultMember);
  if (def === undefined) throw new Error(`defineWeightsEnum: '${defaultMember}' is not a member of ${name}`);
  const e = new WeightsEnum(name, map, new Map([['DEFAULT', def]]));
  ENUMS.set(name, e);
  return e as WeightsEnumOf<keyof M & string>;
}

// ---- builders ------------------------------------------------------------------------------------

/** The options every model builder takes (torchvision's `weights`, `progress`, plus where the file is). */
export interface WeightsOptions {
  /** Pretrained weights: a member of the model's enum, its name (`'IMAGENET1K_V1'`, `'DEFAULT'`), or null (random init, the default). */
  weights?: Weights | string | null;
  /** Accepted for torchvision's signature; nothing is downloaded, so nothing is shown. */
  progress?: boolean;
  /** Where the weights file is (default `$TORCH_HOME/hub/checkpoints`, as torch.hub). */
  modelDir?: string;
  /** Deprecated in torchvision 0.13 (as there): `true` means `weights: <Enum>.DEFAULT` (with a warning). */
  pretrained?: boolean;
}

/** @internal the keys of WeightsOptions, for unknown-option checks. */
export const WEIGHTS_OPTION_KEYS: readonly string[] = ['weights', 'progress', 'modelDir', 'pretrained'];

/**
 * @internal Checks a builder's options object: a plain object (or undefined), no keys outside
 * `allowed` (and the WeightsOptions keys). Returns a copy.
 */
export function builderOptions<O extends object>(where: string, options: unknown, allowed: readonly string[]): O {
  if (options === undefined) return {} as O;
  if (!isPlainObject(options)) throw argTypeError(where, 'options', 'an options object', options);
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key) && !WEIGHTS_OPTION_KEYS.includes(key)) throw new TypeError(`${where}() got an unexpected keyword argument '${key}'`);
  }
  return { ...options } as O;
}

/**
 * @internal torchvision's `handle_legacy_interface` + `Enum.verify`: the weights a builder was
 * given, `pretrained: true` standing for `DEFAULT` (with torchvision's deprecation warnings).
 */
export function resolveWeights(where: string, weightsEnum: WeightsEnum, options: WeightsOptions): Weights | null {
  if (options.pretrained !== undefined) {
    const given = options.weights;
    if (given !== undefined && given !== null) {
      throw new TypeError(`${where}(): pass either weights or the deprecated pretrained, not both`);
    }
    process.emitWarning("The parameter 'pretrained' is deprecated since 0.13 and may be removed in the future, please use 'weights' instead.", 'UserWarning');
    const w = options.pretrained ? weightsEnum.get('DEFAULT') : null;
    let msg = "Arguments other than a weight enum or `None` for 'weights' are deprecated since 0.13 and may be removed in the future. "
      + `The current behavior is equivalent to passing \`weights=${w === null ? 'None' : String(w)}\`.`;
    if (w !== null) msg += ` You can also use \`weights=${weightsEnum.name}.DEFAULT\` to get the most up-to-date weights.`;
    process.emitWarning(msg, 'UserWarning');
    return w;
  }
  return weightsEnum.verify(options.weights);
}

/**
 * @internal torchvision's `_ovewrite_named_param`: sets `options[param]` to `value`, or checks
 * that the value given equals it.
 */
export function _ovewriteNamedParam<O extends object, P extends keyof O & string>(options: O, param: P, value: O[P]): void {
  const given = options[param];
  if (given !== undefined) {
    if (given !== value) throw new Error(`The parameter '${param}' expected value ${String(value)} but got ${String(given)} instead.`);
  } else {
    options[param] = value;
  }
}

/**
 * @internal Loads `weights` into `model` (torchvision's `model.load_state_dict(weights.get_state_dict(...))`).
 */
export function loadWeights(model: Module, weights: Weights, options: WeightsOptions): void {
  model.loadStateDict(weights.getStateDict({ progress: options.progress ?? true, checkHash: true, ...(options.modelDir === undefined ? {} : { modelDir: options.modelDir }) }));
}

// ---- registry -------------------------------------------------------------------------------------

/** A model builder: options in, model out. */
export type ModelBuilder = (options?: never) => Module;

interface Registered { name: string; builder: ModelBuilder; weights: WeightsEnum }

const BUILTIN_MODELS = new Map<string, Registered>();

/** The builder name for a Python model name: `_` + letter camelCased, `_` + digit kept. */
function builderName(pythonName: string): string {
  return pythonName.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

/**
 * torchvision's `register_model`: registers `builder` under Python's model name (`'resnet18'`,
 * `'wide_resnet50_2'`) with its weights enum, for getModel/listModels/getModelWeights.
 * @example models.registerModel('mynet', mynet, MyNet_Weights);
 */
export function registerModel(name: string, builder: ModelBuilder, weights: WeightsEnum): void {
  if (BUILTIN_MODELS.has(name)) throw new Error(`An entry is already registered under the name '${name}'.`);
  BUILTIN_MODELS.set(name, { name, builder, weights });
}

function lookup(name: string): Registered {
  if (typeof name !== 'string') throw argTypeError('getModelBuilder', 'name', 'a string', name);
  const lower = name.toLowerCase();
  const found = BUILTIN_MODELS.get(lower) ?? [...BUILTIN_MODELS.values()].find((r) => builderName(r.name) === name);
  if (found === undefined) throw new Error(`Unknown model ${lower}`);
  return found;
}

/** Options of `listModels`. */
export interface ListModelsOptions {
  /** Only builders found in this namespace object (e.g. `models`), as Python's `module=`. */
  module?: object;
  /** fnmatch-style filter(s) (`'resnet*'`); the union of their matches is kept. */
  include?: string | readonly string[];
  /** fnmatch-style filter(s) removed after `include`. */
  exclude?: string | readonly string[];
}

/** Python's fnmatch: `*`, `?`, `[seq]`, `[!seq]`, the whole name. */
function fnmatch(name: string, pattern: string): boolean {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) { re += '\\['; continue; }
      let body = pattern.slice(i + 1, end);
      if (body.startsWith('!')) body = `^${body.slice(1)}`;
      re += `[${body.replace(/\\/g, '\\\\')}]`;
      i = end;
    } else re += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 's').test(name);
}

/**
 * torchvision's `list_models`: the registered model names (Python's, e.g. `'wide_resnet50_2'`),
 * sorted, filtered by namespace and fnmatch patterns.
 * @example models.listModels({ include: 'resnet*' }) // ['resnet101', 'resnet152', 'resnet18', 'resnet34', 'resnet50']
 */
export function listModels(options: ListModelsOptions = {}): string[] {
  if (!isPlainObject(options as unknown)) throw argTypeError('listModels', 'options', 'an options object', options);
  for (const key of Object.keys(options)) {
    if (key !== 'module' && key !== 'include' && key !== 'exclude') throw new TypeError(`listModels() got an unexpected keyword argument '${key}'`);
  }
  const { module, include, exclude } = options;
  const inModule = module === undefined ? null : new Set(Object.values(module));
  const all = [...BUILTIN_MODELS.values()].filter((r) => inModule === null || inModule.has(r.builder)).map((r) => r.name);
  const asList = (f: string | readonly string[] | undefined): readonly string[] => (f === undefined ? [] : typeof f === 'string' ? [f] : f);
  let models = new Set(all);
  const inc = asList(include);
  if (inc.length > 0) models = new Set(all.filter((n) => inc.some((p) => fnmatch(n, p))));
  for (const p of asList(exclude)) for (const n of all) if (fnmatch(n, p)) models.delete(n);
  return [...models].sort();
}

/**
 * torchvision's `get_model_builder`: the builder registered under `name` (Python's name or the
 * builder's camelCase name).
 * @example const build = models.getModelBuilder('resnet18'); const net = build({ numClasses: 10 });
 */
export function getModelBuilder(name: string): ModelBuilder {
  return lookup(name).builder;
}

/**
 * torchvision's `get_model`: builds the model registered under `name` with `config` (the
 * builder's options).
 * @example const net = models.getModel('resnet18', { numClasses: 10 });
 */
export function getModel(name: string, config: Record<string, unknown> = {}): Module {
  return (lookup(name).builder as unknown as (o: Record<string, unknown>) => Module)(config);
}

/**
 * torchvision's `get_model_weights`: the weights enum of a model, by name or builder.
 * @example models.getModelWeights('resnet18') === models.ResNet18_Weights // true
 */
export function getModelWeights(name: string | ((...args: never[]) => Module)): WeightsEnum {
  if (typeof name === 'function') {
    const found = [...BUILTIN_MODELS.values()].find((r) => r.builder === name);
    if (found === undefined) throw new Error("The WeightsEnum class for the specific method couldn't be retrieved. Make sure the typing info is correct.");
    return found.weights;
  }
  return lookup(name).weights;
}

/**
 * torchvision's `get_weight`: a weights entry by its full name.
 * @example models.getWeight('ResNet50_Weights.IMAGENET1K_V2').meta.numParams // 25557032
 */
export function getWeight(name: string): Weights {
  if (typeof name !== 'string') throw argTypeError('getWeight', 'name', 'a string', name);
  const parts = name.split('.');
  if (parts.length !== 2) throw new Error(`Invalid weight name provided: '${name}'.`);
  const e = ENUMS.get(parts[0]!);
  if (e === undefined) throw new Error(`The weight enum '${parts[0]}' for the specific method couldn't be retrieved.`);
  return e.get(parts[1]!);
}
