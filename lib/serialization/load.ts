// torch.load: reads the archive natively (lib/binding.ts serializationRead*), then the pickle
// with the never-executing unpickler, resolving what it names through PyTorch's allow-list.
import { open as openAsync, readFile, stat as statAsync } from 'node:fs/promises';
import { closeSync, openSync, readFileSync, readSync, statSync, type Stats } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { native, type MappedFile, type SerializedArchive } from '../binding.js';
import { Tensor } from '../tensor.js';
import { type DType } from '../dtype.js';
import { isDevice, type Device } from '../device.js';
import { describeValue } from '../validate.js';
import { Parameter } from '../nn/parameter.js';
import { Unpickler, UnpicklingError, finish, isPyDict, newDict, type PickleResolver } from './unpickler.js';
import { isLegacyFile, legacyArchive } from './legacy.js';
import { PythonComplex, PythonGlobal, PythonObject, asTuple, isOrderedDict, setDictAttributes } from './python_types.js';
import {
  STORAGE_DTYPES, TORCH_DTYPES, WEIGHTS_ONLY_ALLOWED, canonicalGlobal, codeExecutionReason, notAllowedMessage,
  unsupportedRebuild,
} from './allowlist.js';

/** Where loaded storages go: a device for all, a map from saved location to device, or a function of the saved location. */
export type MapLocation = Device | Record<string, string> | ((location: string) => string);

/** Options of torch.load / torch.loadAsync. */
export interface LoadOptions {
  /** Device for the loaded tensors (PyTorch's map_location). Default: the device each was saved from. */
  mapLocation?: MapLocation;
  /**
   * Default true (as PyTorch 2.6+): only PyTorch's weights_only allow-list of globals may appear
   * in the file. false also loads unknown classes as inert PythonObject records. Code is never run.
   */
  weightsOnly?: boolean;
  /** Map the file (copy-on-write, native/mapped_file.cpp) instead of reading it: tensors are views of the mapping. Paths only. */
  mmap?: boolean;
}

/** What torch.load reads: a path (string or file: URL) or the bytes of a file. */
export type LoadSource = string | URL | Uint8Array;

const ELEMENT_SIZE: Record<DType, number> = {
  float16: 2, bfloat16: 2, float32: 4, float64: 8, int8: 1, int16: 2, int32: 4, int64: 8, uint8: 1, bool: 1,
  complex64: 8, complex128: 16, uint16: 2, uint32: 4, uint64: 8,
};

interface CheckedOptions { mapLocation: MapLocation | undefined; weightsOnly: boolean; mmap: boolean }

function checkOptions(options: unknown): CheckedOptions {
  if (options === undefined) return { mapLocation: undefined, weightsOnly: true, mmap: false };
  if (options === null || typeof options !== 'object') throw new TypeError(`torch.load(source, options): options must be an object (got ${describeValue(options)})`);
  const o = options as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (!['mapLocation', 'weightsOnly', 'mmap'].includes(k)) {
      const hint = k === 'map_location' ? ' (did you mean mapLocation?)' : k === 'weights_only' ? ' (did you mean weightsOnly?)' : '';
      throw new TypeError(`torch.load: unknown option '${k}'${hint}; options are mapLocation, weightsOnly, mmap`);
    }
  }
  const weightsOnly = o.weightsOnly ?? true;
  const mmap = o.mmap ?? false;
  if (typeof weightsOnly !== 'boolean') throw new TypeError(`torch.load: weightsOnly must be a boolean (got ${describeValue(weightsOnly)})`);
  if (typeof mmap !== 'boolean') throw new TypeError(`torch.load: mmap must be a boolean (got ${describeValue(mmap)})`);
  // A torch.device is its string.
  const ml = isDevice(o.mapLocation) ? String(o.mapLocation) : o.mapLocation;
  if (ml !== undefined && ml !== null && typeof ml !== 'string' && typeof ml !== 'function' && (typeof ml !== 'object' || Array.isArray(ml))) {
    throw new TypeError(`torch.load: mapLocation must be a device string, an object mapping locations to devices, or a function (got ${describeValue(ml)})`);
  }
  return { mapLocation: (ml ?? undefined) as MapLocation | undefined, weightsOnly, mmap };
}

function checkSource(source: unknown, mmap: boolean): string | Uint8Array {
  if (source instanceof URL) {
    if (source.protocol !== 'file:') throw new TypeError(`torch.load: only file: URLs can be loaded (got ${source.protocol})`);
    return fileURLToPath(source);
  }
  if (typeof source === 'string') {
    if (source.length === 0) throw new TypeError('torch.load(source): the path is empty');
    return source;
  }
  if (source instanceof Uint8Array) {
    if (mmap) throw new TypeError('torch.load: mmap needs a file path, not bytes');
    return source;
  }
  throw new TypeError(`torch.load(source): source must be a path, a file: URL, a Buffer or a Uint8Array (got ${describeValue(source)})`);
}

/** 'zip' (PyTorch's format since 1.6) or 'legacy' (the older pickle stream), or a clear error. */
function formatOf(head: Uint8Array, what: string): 'zip' | 'legacy' {
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'zip';
  if (head.length === 0) throw new UnpicklingError(`torch.load: ${what} is empty`);
  if (isLegacyFile(head)) return 'legacy';
  if (head.length >= 262 && Buffer.from(head.subarray(257, 262)).toString('latin1') === 'ustar') {
    throw new UnpicklingError(`torch.load: ${what} is in PyTorch's oldest (tar) format, which torch-node does not read. ` +
      'Re-save it with Python\'s PyTorch: torch.save(torch.load(old, weights_only=True), new).');
  }
  if (head[0] === 0x80) throw new UnpicklingError(`torch.load: ${what} is a bare pickle, not a torch.save file`);
  throw new UnpicklingError(`torch.load: ${what} is not a file written by torch.save: it is neither a zip archive (PyTorch's format since 1.6) nor the legacy format`);
}

function legacyNoMmap(format: 'zip' | 'legacy', mmap: boolean, what: string): void {
  if (format === 'legacy' && mmap) {
    throw new UnpicklingError(`torch.load: ${what} is in the legacy (pre-1.6) format, which cannot be mapped: load it without mmap ` +
      '(or re-save it, as Python\'s torch.load says: mmap can only be used with files saved with the zip format)');
  }
}

/** Refuses what is not a regular file before opening it (opening a FIFO would wait for a writer). */
function checkRegular(path: string, st: Stats): void {
  if (st.isDirectory()) throw new TypeError(`torch.load: '${path}' is a directory (EISDIR), not a file`);
  if (!st.isFile()) throw new TypeError(`torch.load: '${path}' is not a regular file`);
}

function headOfFile(path: string): Uint8Array {
  checkRegular(path, statSync(path));
  const fd = openSync(path, 'r');
  try {
    const b = Buffer.alloc(512);
    const n = readSync(fd, b, 0, 512, 0);
    return b.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

async function headOfFileAsync(path: string): Promise<Uint8Array> {
  checkRegular(path, await statAsync(path));
  const fh = await openAsync(path, 'r');
  try {
    const b = Buffer.alloc(512);
    const { bytesRead } = await fh.read(b, 0, 512, 0);
    return b.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** A storage named by the pickle: a record of the archive seen as elements of one dtype. */
class StorageRef {
  constructor(readonly key: string, readonly dtype: DType, readonly raw: Tensor, readonly numel: number) {}
}

function targetDevice(location: string, mapLocation: MapLocation | undefined): string {
  if (mapLocation === undefined) return location;
  if (typeof mapLocation === 'string') return mapLocation;
  if (isDevice(mapLocation)) return String(mapLocation);
  if (typeof mapLocation === 'function') {
    const d = mapLocation(location);
    if (typeof d !== 'string') throw new TypeError(`torch.load: mapLocation(${JSON.stringify(location)}) must return a device string (got ${describeValue(d)})`);
    return d;
  }
  const d = mapLocation[location];
  return typeof d === 'string' ? d : location;
}

function intArg(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw new UnpicklingError(`torch.load: corrupted file: ${what} is ${describeValue(v)}`);
  return v;
}

function intList(v: unknown, what: string): number[] {
  if (!Array.isArray(v)) throw new UnpicklingError(`torch.load: corrupted file: ${what} is not a tuple`);
  return v.map((x, i) => intArg(x, `${what}[${i}]`));
}

/** Decodes an archive read natively: the object the pickle describes, tensors over the records. */
function decode(archive: SerializedArchive, opts: CheckedOptions): unknown {
  const records = new Map<string, Tensor>();
  archive.keys.forEach((k, i) => records.set(k, archive.storages[i]!));
  const made: Tensor[] = [];
  try {
    if (archive.byteorder !== 'little') {
      throw new UnpicklingError(`torch.load: the file's byte order is ${JSON.stringify(archive.byteorder)}; only little-endian files are supported`);
    }
    const storages = new Map<string, StorageRef>();
    const globals = new Map<string, PythonGlobal>();

    const persistentLoad = (pid: unknown): StorageRef => {
      if (!Array.isArray(pid) || pid.length < 5) throw new UnpicklingError('torch.load: persistent_load id must be a storage tuple');
      const tag = Buffer.isBuffer(pid[0]) ? pid[0].toString('latin1') : pid[0];
      if (tag !== 'storage') throw new UnpicklingError(`torch.load: Only persistent_load of storage is allowed, but got ${describeValue(tag)}`);
      const [, cls, key, location, numel] = pid as [unknown, unknown, unknown, unknown, unknown];
      if (!(cls instanceof PythonGlobal)) throw new UnpicklingError('torch.load: corrupted file: the storage type is not a class');
      if (typeof key !== 'string' || typeof location !== 'string') throw new UnpicklingError('torch.load: corrupted file: the storage key and location must be strings');
      const cached = storages.get(key);
      if (cached) return cached;
      let dtype: DType | undefined = STORAGE_DTYPES[cls.name];
      if (cls.name === 'UntypedStorage' || cls.name === 'TypedStorage') dtype = 'uint8';
      if (dtype === undefined) throw new UnpicklingError(`torch.load: storages of type ${cls.fullName} are not supported by torch-node`);
      const n = intArg(numel, 'the storage size');
      let raw = records.get(key);
      if (raw === undefined) throw new UnpicklingError(`torch.load: corrupted file: the storage record data/${key} is missing`);
      const nbytes = raw.numel();
      if (nbytes !== n * ELEMENT_SIZE[dtype]) {
        throw new UnpicklingError(`torch.load: corrupted file: the storage record data/${key} has ${nbytes} bytes, but the pickle says ${n} elements of ${dtype}`);
      }
      const device = targetDevice(location, opts.mapLocation);
      if (device !== 'cpu') {
        try {
          raw = raw.to(device);
        } catch (e) {
          throw new Error(`torch.load: cannot place a storage saved on ${location} on ${device}: ${(e as Error).message}. ` +
            "Pass { mapLocation: 'cpu' } to load it on the CPU.", { cause: e });
        }
        made.push(raw);
      }
      const ref = new StorageRef(key, dtype, raw, n);
      storages.set(key, ref);
      return ref;
    };

    const rebuild = (storage: unknown, offset: unknown, size: unknown, stride: unknown, requiresGrad: unknown, dtype?: DType): Tensor => {
      if (!(storage instanceof StorageRef)) throw new UnpicklingError('torch.load: corrupted file: a tensor is rebuilt from something that is not a storage');
      const t = native.serializationTensor(storage.raw, dtype ?? storage.dtype, intList(size, 'size'), intList(stride, 'stride'),
        intArg(offset, 'the storage offset')) as Tensor;
      if (requiresGrad === true) t.requiresGrad_(true);
      return t;
    };

    const dtypeOf = (g: unknown): DType => {
      const d = g instanceof PythonGlobal && g.module === 'torch' ? TORCH_DTYPES[g.name] : undefined;
      if (d === undefined) throw new UnpicklingError(`torch.load: dtype ${g instanceof PythonGlobal ? g.fullName : describeValue(g)} is not supported by torch-node`);
      return d;
    };

    const toParameter = (data: unknown, requiresGrad: unknown): Parameter => {
      if (!(data instanceof Tensor)) throw new UnpicklingError('torch.load: corrupted file: a Parameter of something that is not a tensor');
      const p = new Parameter(data, requiresGrad !== false);
      data.dispose();
      return p;
    };

    const reduce = (fn: unknown, args: unknown[]): unknown => {
      if (!(fn instanceof PythonGlobal)) throw new UnpicklingError(`torch.load: the pickle calls ${describeValue(fn)}, which is not a class or function`);
      const full = fn.fullName;
      switch (full) {
        case 'collections.OrderedDict': {
          const d = newDict(true);
          if (Array.isArray(args[0])) for (const kv of args[0]) if (Array.isArray(kv) && kv.length === 2) d.set(kv[0], kv[1]);
          return d;
        }
        case 'collections.Counter': {
          const d = newDict();
          if (isPyDict(args[0])) for (const [k, v] of args[0]) d.set(k, v);
          return d;
        }
        case 'builtins.set':
        case 'builtins.frozenset':
          return new Set(Array.isArray(args[0]) ? args[0] : []);
        case 'builtins.bytearray':
        case '_codecs.encode': {
          const [s, enc] = args;
          if (s === undefined) return Buffer.alloc(0);
          if (Buffer.isBuffer(s)) return s;
          if (typeof s !== 'string') throw new UnpicklingError(`torch.load: ${full} of ${describeValue(s)}`);
          const e = typeof enc === 'string' ? enc.toLowerCase() : 'latin1';
          if (e === 'latin1' || e === 'latin-1' || e === 'iso-8859-1') return Buffer.from(s, 'latin1');
          if (e === 'utf-8' || e === 'utf8' || e === 'ascii') return Buffer.from(s, 'utf8');
          throw new UnpicklingError(`torch.load: ${full} with encoding ${JSON.stringify(enc)} is not supported`);
        }
        case 'builtins.complex': {
          const [re = 0, im = 0] = args;
          if (typeof re !== 'number' || typeof im !== 'number') throw new UnpicklingError('torch.load: complex() of non-numbers');
          return new PythonComplex(re, im);
        }
        case 'torch.Size':
          return asTuple(Array.isArray(args[0]) ? [...args[0]] : []);
        case 'torch.device': {
          const [type, index] = args;
          if (typeof type !== 'string') throw new UnpicklingError('torch.load: torch.device() of a non-string');
          return typeof index === 'number' ? `${type}:${index}` : type;
        }
        case 'torch.serialization._get_layout':
          return typeof args[0] === 'string' ? args[0].replace(/^torch\./, '') : args[0];
        case 'torch._utils._rebuild_tensor':
          return rebuild(args[0], args[1], args[2], args[3], false);
        case 'torch._utils._rebuild_tensor_v2':
          return rebuild(args[0], args[1], args[2], args[3], args[4]);
        case 'torch._utils._rebuild_tensor_v3':
          return rebuild(args[0], args[1], args[2], args[3], args[4], dtypeOf(args[6]));
        case 'torch._utils._rebuild_parameter':
        case 'torch._utils._rebuild_parameter_with_state':
          return toParameter(args[0], args[1]);
        case 'torch._utils._rebuild_device_tensor_from_cpu_tensor': {
          const [data, , device, requiresGrad] = args;
          if (!(data instanceof Tensor) || typeof device !== 'string') throw new UnpicklingError('torch.load: corrupted file: _rebuild_device_tensor_from_cpu_tensor');
          const moved = data.to(targetDevice(device, opts.mapLocation));
          if (requiresGrad === true) moved.requiresGrad_(true);
          return moved;
        }
        case 'torch._tensor._rebuild_from_type_v2': {
          const [func, type, fargs] = args;
          if (!Array.isArray(fargs)) throw new UnpicklingError('torch.load: corrupted file: _rebuild_from_type_v2 arguments');
          const r = reduce(func, fargs);
          if (type instanceof PythonGlobal && type.fullName === 'torch.nn.parameter.Parameter' && r instanceof Tensor && !(r instanceof Parameter)) {
            return toParameter(r, r.requiresGrad);
          }
          return r;
        }
        default: {
          const unsupported = fn.module === 'torch._utils' ? unsupportedRebuild(fn.name) : undefined;
          if (unsupported) throw new UnpicklingError(`torch.load: ${full}: ${unsupported} are not supported by torch-node`);
          if (opts.weightsOnly) throw new UnpicklingError(`Weights only load failed: Trying to call reduce for unrecognized function ${full}`);
          return new PythonObject(fn, args);
        }
      }
    };

    const resolver: PickleResolver = {
      global(rawModule, rawName) {
        const [module, name] = canonicalGlobal(rawModule, rawName);
        const full = `${module}.${name}`;
        let g = globals.get(full);
        if (g) return g;
        if (opts.weightsOnly) {
          if (!WEIGHTS_ONLY_ALLOWED.has(full)) throw new UnpicklingError(notAllowedMessage(module, name));
        } else {
          const reason = codeExecutionReason(module, name) ?? codeExecutionReason(rawModule, rawName);
          if (reason) throw new UnpicklingError(`torch.load: refusing GLOBAL ${full}: ${reason}. torch-node never runs code from a file, even with weightsOnly: false.`);
        }
        g = new PythonGlobal(module, name);
        globals.set(full, g);
        return g;
      },
      reduce,
      newObject(cls, args) {
        if (cls instanceof PythonGlobal && cls.fullName === 'torch.nn.parameter.Parameter') return toParameter(args[0], args[1]);
        if (!opts.weightsOnly && cls instanceof PythonGlobal) return new PythonObject(cls, args, true);
        throw new UnpicklingError(`Weights only load failed: Can only create new object for nn.Parameter, but got ${describeValue(cls)}`);
      },
      build(inst, state) {
        if (isPyDict(inst) && isOrderedDict(inst)) {
          setDictAttributes(inst, state);
          return inst;
        }
        if (inst instanceof Tensor) return inst; // Parameter.__setstate__ of a legacy state: the tensor is complete already
        if (inst instanceof PythonObject) {
          inst.state = state;
          return inst;
        }
        throw new UnpicklingError(`Weights only load failed: Can only build Tensor, Parameter, OrderedDict or types allowlisted via add_safe_globals, but got ${describeValue(inst)}`);
      },
      persistentLoad,
    };

    const root = new Unpickler(archive.pickle, resolver).load();
    return finish(root, (v) => {
      if (v instanceof StorageRef) {
        // A storage saved on its own: a 1-D tensor over all of it.
        return native.serializationTensor(v.raw, v.dtype, [v.numel], [1], 0);
      }
      if (v instanceof PythonGlobal && v.module === 'torch' && TORCH_DTYPES[v.name] !== undefined) return TORCH_DTYPES[v.name];
      return v;
    });
  } finally {
    for (const t of archive.storages) t.dispose();
    for (const t of made) t.dispose();
  }
}

/**
 * Loads what torch.save (Node's or Python's) wrote: a path, a file: URL, or the file's bytes, in
 * PyTorch's zip format or its legacy (pre-1.6) one.
 * Tensors come back on the device they were saved from unless `mapLocation` says otherwise;
 * views that shared a storage when saved share one again. Python values map to JS as described
 * in docs/serialization.md (dict -> object or Map, tuple/list -> array, int -> number or bigint).
 *
 * Blocks the JS thread for the whole read (file IO and record copies included); loadAsync does
 * those off the JS thread.
 *
 * Safety: `weightsOnly` defaults to true, and nothing in the file is ever executed.
 * @example
 * const sd = torch.load('model.pt');
 * model.loadStateDict(sd);
 * @example
 * const ckpt = torch.load('ckpt.pt', { mapLocation: 'cpu', mmap: true });
 */
export function load(source: LoadSource, options?: LoadOptions): unknown {
  const opts = checkOptions(options);
  const src = checkSource(source, opts.mmap);
  const what = typeof src === 'string' ? `'${src}'` : 'the buffer';
  const format = formatOf(typeof src === 'string' ? headOfFile(src) : src.subarray(0, 512), what);
  legacyNoMmap(format, opts.mmap, what);
  if (format === 'legacy') return decode(legacyArchive(typeof src === 'string' ? readFileSync(src) : src), opts);
  if (opts.mmap) {
    const mapped = mapWhole(src as string);
    try {
      return decode(withMappedRecords(mapped, native.serializationRead(mapped.whole)), opts);
    } finally {
      mapped.whole.dispose();
    }
  }
  return decode(native.serializationRead(src), opts);
}

interface Mapped { handle: MappedFile; whole: Tensor }

/**
 * The file mapped copy-on-write (native/mapped_file.cpp), with a uint8 tensor over all of it: the
 * zip directory is read from these same bytes, so a file replaced meanwhile cannot mismatch.
 */
function mapWhole(path: string): Mapped {
  const handle = native.mapFile(path);
  return { handle, whole: native.tensorFromMapping(handle, 0, 'uint8', [native.mappedFileByteLength(handle)]) as Tensor };
}

function withMappedRecords(mapped: Mapped, layout: SerializedArchive): SerializedArchive {
  const storages = layout.keys.map((_k, i) => native.tensorFromMapping(mapped.handle, layout.offsets![i]!, 'uint8', [layout.sizes![i]!]));
  return { ...layout, storages };
}

/**
 * torch.load with the file IO and the storage reads on libuv's thread pool: the JS thread only
 * reads the pickle (small) and makes the tensor objects. Resolves to what load() returns. (A
 * legacy-format file is read off the JS thread but parsed, storages included, on it.)
 * @example const sd = await torch.loadAsync('model.pt');
 */
export async function loadAsync(source: LoadSource, options?: LoadOptions): Promise<unknown> {
  const opts = checkOptions(options);
  const src = checkSource(source, opts.mmap);
  const what = typeof src === 'string' ? `'${src}'` : 'the buffer';
  const format = formatOf(typeof src === 'string' ? await headOfFileAsync(src) : src.subarray(0, 512), what);
  legacyNoMmap(format, opts.mmap, what);
  if (format === 'legacy') return decode(legacyArchive(typeof src === 'string' ? await readFile(src) : src), opts);
  const mapped = opts.mmap ? mapWhole(src as string) : undefined;
  try {
    const archive = await new Promise<SerializedArchive>((resolve, reject) => {
      native.serializationReadAsync(mapped ? mapped.whole : src, (err, result) => (err ? reject(err) : resolve(result!)));
    });
    return decode(mapped ? withMappedRecords(mapped, archive) : archive, opts);
  } finally {
    mapped?.whole.dispose();
  }
}
