// Reads the pickles dataset archives ship (CIFAR-10/100's batches): plain data plus NumPy arrays.
// Its resolver is separate from torch.load's and allows only NumPy's array reconstruction
// (`numpy.core.multiarray._reconstruct` + `ndarray.__setstate__`, `numpy.dtype`, and protocol 5's
// `_frombuffer`), so torch.load's allow-list stays as PyTorch's. Python 2 pickles (the real CIFAR
// files) hold byte strings, read as latin1 text as Python's `pickle.load(f, encoding='latin1')` does;
// an array's raw data given that way is turned back into its bytes as NumPy does.
import { readFileSync } from 'node:fs';
import { canonicalGlobal } from '../../serialization/allowlist.js';
import { PythonGlobal } from '../../serialization/python_types.js';
import { Unpickler, UnpicklingError, isPyDict } from '../../serialization/unpickler.js';
import type { PickleResolver } from '../../serialization/unpickler.js';
import { fromBuffer } from '../../creation.js';
import type { DType } from '../../dtype.js';
import type { Tensor } from '../../tensor.js';

/** A NumPy array read from a pickle: its dtype (NumPy's descr, e.g. '|u1', '<i8'), shape, order and bytes. */
export interface NdArray {
  readonly descr: string;
  readonly shape: number[];
  readonly fortranOrder: boolean;
  readonly data: Uint8Array;
}

class NpDtype {
  endian = '|';
  constructor(readonly kind: string) {}
  /** NumPy's descr: byte order ('|' for single bytes, '<' for native little-endian) and kind + size. */
  get descr(): string {
    const kind = this.kind.replace(/^[<>|=]/, '');
    const order = kind.endsWith('1') ? '|' : this.endian === '>' ? '>' : '<';
    return `${order}${kind}`;
  }
}

class PendingArray {
  result: NdArray | undefined;
}

const RECONSTRUCT = new Set(['numpy.core.multiarray._reconstruct', 'numpy._core.multiarray._reconstruct']);
const FROMBUFFER = new Set(['numpy.core.numeric._frombuffer', 'numpy._core.numeric._frombuffer']);
const ALLOWED = new Set([...RECONSTRUCT, ...FROMBUFFER, 'numpy.ndarray', 'numpy.dtype', '_codecs.encode']);

function fail(path: string, message: string): never {
  throw new UnpicklingError(`${path}: ${message}`);
}

/** A Python 2 `str` of at least this many bytes is kept as bytes ({@link Py2Bytes}). */
const LONG_STRING = 1 << 16;

/** A long Python 2 `str`, its bytes (text only where something asks for it). */
class Py2Bytes {
  constructor(readonly bytes: Uint8Array) {}
  toString(): string { return Buffer.from(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength).toString('latin1'); }
}

function toBytes(path: string, v: unknown): Uint8Array {
  if (v instanceof Py2Bytes) return v.bytes;
  if (v instanceof Uint8Array) return v;
  if (typeof v === 'string') return Buffer.from(v, 'latin1');
  return fail(path, 'an array\'s data is neither bytes nor a latin1 string');
}

function makeResolver(path: string): PickleResolver {
  return {
    global(module: string, name: string): unknown {
      const [m, n] = canonicalGlobal(module, name);
      const full = `${m}.${n}`;
      if (!ALLOWED.has(full)) fail(path, `the dataset file names the Python global ${full}; a dataset pickle may hold only plain data and NumPy arrays`);
      return new PythonGlobal(m, n);
    },
    reduce(callable: unknown, args: unknown[]): unknown {
      const full = callable instanceof PythonGlobal ? callable.fullName : '';
      if (RECONSTRUCT.has(full)) return new PendingArray();
      if (full === 'numpy.dtype') {
        if (typeof args[0] !== 'string') fail(path, 'numpy.dtype() without a type string');
        return new NpDtype(args[0]);
      }
      if (full === '_codecs.encode') {
        // Python 3's protocol-2 spelling of bytes: _codecs.encode(text, 'latin1').
        if (typeof args[0] !== 'string') fail(path, '_codecs.encode of a non-string');
        return Buffer.from(args[0], args[1] === 'utf-8' || args[1] === 'utf8' ? 'utf8' : 'latin1');
      }
      if (FROMBUFFER.has(full)) {
        const [buf, dtype, shape, order] = args;
        if (!(dtype instanceof NpDtype) || !Array.isArray(shape)) fail(path, '_frombuffer with unexpected arguments');
        return { descr: dtype.descr, shape: shape.map(Number), fortranOrder: order === 'F', data: toBytes(path, buf) } satisfies NdArray;
      }
      return fail(path, `cannot call ${full || 'a non-global'} in a dataset pickle`);
    },
    newObject(): unknown {
      return fail(path, 'a dataset pickle may not construct objects (NEWOBJ)');
    },
    build(inst: unknown, state: unknown): unknown {
      if (inst instanceof NpDtype) {
        // (version, byteorder, subarray, names, fields, elsize, alignment, flags)
        if (Array.isArray(state) && typeof state[1] === 'string') inst.endian = state[1];
        return inst;
      }
      if (inst instanceof PendingArray) {
        // ndarray.__setstate__((version, shape, dtype, is_fortran, rawdata)); version is optional.
        if (!Array.isArray(state)) fail(path, 'ndarray state is not a tuple');
        const s = state.length === 5 ? state.slice(1) : state;
        const [shape, dtype, fortran, raw] = s;
        if (!Array.isArray(shape) || !(dtype instanceof NpDtype)) fail(path, 'ndarray state has no shape or dtype');
        if (Array.isArray(raw)) fail(path, 'object arrays are not supported');
        return { descr: dtype.descr, shape: shape.map(Number), fortranOrder: fortran === true, data: toBytes(path, raw) } satisfies NdArray;
      }
      return fail(path, 'BUILD of something that is not a NumPy array or dtype');
    },
    persistentLoad(): unknown {
      return fail(path, 'a dataset pickle has no persistent ids');
    },
    // A long Python 2 string is an array's raw data: kept as bytes (a latin1 round trip of a
    // CIFAR batch's 30 MB costs more than the rest of reading it).
    binString(bytes: Uint8Array): unknown {
      return bytes.length >= LONG_STRING ? new Py2Bytes(bytes) : Buffer.from(bytes).toString('latin1');
    },
  };
}

/**
 * Reads a pickle of plain data and NumPy arrays (Python 2 or 3). Dicts come back as Maps (their
 * keys can be non-strings in Python); arrays as {@link NdArray}.
 * @internal
 */
export function loadDatasetPickle(path: string): unknown {
  const bytes = readFileSync(path);
  try {
    return new Unpickler(bytes, makeResolver(path)).load();
  } catch (e) {
    if (e instanceof UnpicklingError && !e.message.startsWith(path)) throw new UnpicklingError(`${path}: ${e.message.replace(/^torch\.load: /, '')}`);
    throw e;
  }
}

/** `dict[key]` of a loaded pickle, or undefined. @internal */
export function pyGet(dict: unknown, key: string): unknown {
  return isPyDict(dict) ? dict.get(key) : undefined;
}

/** True for an array read from a dataset pickle. @internal */
export function isNdArray(v: unknown): v is NdArray {
  return typeof v === 'object' && v !== null && 'descr' in v && 'shape' in v && 'data' in v && (v as NdArray).data instanceof Uint8Array;
}

const DTYPES: Readonly<Record<string, [DType, number]>> = {
  u1: ['uint8', 1], i1: ['int8', 1], b1: ['bool', 1], i2: ['int16', 2], u2: ['uint16', 2], i4: ['int32', 4],
  u4: ['uint32', 4], i8: ['int64', 8], u8: ['uint64', 8], f2: ['float16', 2], f4: ['float32', 4], f8: ['float64', 8],
};

/**
 * A NumPy array from a pickle as a tensor of the same dtype and shape (C order; a Fortran-order
 * array is read as its transpose and permuted back, so the result is a non-contiguous view).
 * @internal
 */
export function ndarrayToTensor(path: string, a: NdArray): Tensor {
  const kind = a.descr.slice(1);
  const entry = DTYPES[kind];
  if (entry === undefined) fail(path, `NumPy dtype ${a.descr} is not supported`);
  const [dtype, size] = entry;
  const count = a.shape.reduce((x, y) => x * y, 1);
  if (a.data.byteLength !== count * size) fail(path, `an array of shape (${a.shape.join(', ')}) and dtype ${a.descr} holds ${a.data.byteLength} bytes, expected ${count * size}`);
  // Wider elements are copied into an aligned buffer of our own (the file's bytes may sit at any
  // offset); bytes are used in place.
  const bytes = size === 1 ? a.data : new Uint8Array(a.data);
  if (a.descr[0] === '>' && size > 1) {
    for (let i = 0; i < bytes.length; i += size) bytes.subarray(i, i + size).reverse();
  }
  if (!a.fortranOrder) return fromBuffer(bytes, { dtype, shape: a.shape });
  const reversed = fromBuffer(bytes, { dtype, shape: [...a.shape].reverse() });
  return reversed.permute(a.shape.map((_, i) => a.shape.length - 1 - i));
}
