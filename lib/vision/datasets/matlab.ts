// A reader of MATLAB level-5 .mat files (what scipy.io.loadmat reads, and what SVHN ships): the
// numeric arrays of the file, by variable name, each as a tensor of its MATLAB class with
// MATLAB's dimensions (data is column-major: read as the reversed shape, then permuted back).
// Compressed variables (miCOMPRESSED) are inflated with node:zlib. Cells, structs, sparse and
// complex arrays are skipped (SVHN has none); v7.3 files (HDF5) are refused with a message.
import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { fromBuffer } from '../../creation.js';
import type { DType } from '../../dtype.js';
import type { Tensor } from '../../tensor.js';

const miMATRIX = 14;
const miCOMPRESSED = 15;

/** Data element types: [byte size, reader of one element as a number]. */
const MI_TYPES: Readonly<Record<number, [number, (v: DataView, at: number, le: boolean) => number]>> = {
  1: [1, (v, at) => v.getInt8(at)], 2: [1, (v, at) => v.getUint8(at)],
  3: [2, (v, at, le) => v.getInt16(at, le)], 4: [2, (v, at, le) => v.getUint16(at, le)],
  5: [4, (v, at, le) => v.getInt32(at, le)], 6: [4, (v, at, le) => v.getUint32(at, le)],
  7: [4, (v, at, le) => v.getFloat32(at, le)], 9: [8, (v, at, le) => v.getFloat64(at, le)],
  12: [8, (v, at, le) => Number(v.getBigInt64(at, le))], 13: [8, (v, at, le) => Number(v.getBigUint64(at, le))],
};

/** Array classes -> [dtype, the mi type storing that class without conversion]. */
const MX_CLASSES: Readonly<Record<number, [DType, number]>> = {
  6: ['float64', 9], 7: ['float32', 7], 8: ['int8', 1], 9: ['uint8', 2], 10: ['int16', 3], 11: ['uint16', 4],
  12: ['int32', 5], 13: ['uint32', 6], 14: ['int64', 12], 15: ['uint64', 13],
};

class MatError extends Error {
  override name = 'MatError';
}

interface Element { type: number; data: Uint8Array; }

/** The data elements of a level-5 stream from `pos` on (each padded to 8 bytes; small ones packed in 8). */
function* elements(buf: Uint8Array, le: boolean, path: string): Generator<Element> {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let pos = 0;
  while (pos + 8 <= buf.length) {
    const first = view.getUint32(pos, le);
    if (first >>> 16 !== 0) {
      // Small data element: type in the low 16 bits, size in the high ones, data in the next 4 bytes.
      const type = first & 0xffff;
      const n = first >>> 16;
      if (n > 4) throw new MatError(`${path}: malformed small data element`);
      yield { type, data: buf.subarray(pos + 4, pos + 4 + n) };
      pos += 8;
      continue;
    }
    const type = first;
    const n = view.getUint32(pos + 4, le);
    if (pos + 8 + n > buf.length) throw new MatError(`${path}: a data element runs past the end of the file (truncated?)`);
    yield { type, data: buf.subarray(pos + 8, pos + 8 + n) };
    // Compressed elements are not padded; the others are, to 8 bytes.
    pos += 8 + (type === miCOMPRESSED ? n : Math.ceil(n / 8) * 8);
  }
}

function numbers(el: Element, le: boolean, path: string): number[] {
  const t = MI_TYPES[el.type];
  if (t === undefined) throw new MatError(`${path}: unexpected data type ${el.type}`);
  const view = new DataView(el.data.buffer, el.data.byteOffset, el.data.byteLength);
  const out: number[] = [];
  for (let at = 0; at + t[0] <= el.data.length; at += t[0]) out.push(t[1](view, at, le));
  return out;
}

/** A miMATRIX element as [name, tensor], or undefined for what is not a real numeric array. */
function readMatrix(data: Uint8Array, le: boolean, path: string): [string, Tensor] | undefined {
  const parts = [...elements(data, le, path)];
  if (parts.length < 2) throw new MatError(`${path}: malformed array element`);
  const flags = numbers(parts[0]!, le, path);
  const cls = flags[0]! & 0xff;
  const complex = (flags[0]! & 0x800) !== 0;
  const entry = MX_CLASSES[cls];
  if (entry === undefined || complex || parts.length < 4) return undefined;
  const dims = numbers(parts[1]!, le, path);
  const name = Buffer.from(parts[2]!.data).toString('latin1');
  const real = parts[3]!;
  const [dtype, nativeType] = entry;
  const count = dims.reduce((a, b) => a * b, 1);
  const reversed = [...dims].reverse();
  let bytes: Uint8Array;
  const size = MI_TYPES[nativeType]![0];
  if (real.type === nativeType && (le || size === 1)) {
    // Bytes are used in place (the tensor keeps the file's or the inflated buffer alive); wider
    // elements are copied into an aligned buffer of our own.
    bytes = size === 1 ? real.data : new Uint8Array(real.data);
  } else {
    // MATLAB stores values in the smallest type that holds them (a double array of 0..255 as
    // miUINT8); convert to the array's class.
    const values = numbers(real, le, path);
    if (values.length !== count) throw new MatError(`${path}: variable ${name} holds ${values.length} values for dimensions ${dims.join('x')}`);
    const ctor = { float64: Float64Array, float32: Float32Array, int8: Int8Array, uint8: Uint8Array, int16: Int16Array, uint16: Uint16Array, int32: Int32Array, uint32: Uint32Array } as const;
    if (dtype === 'int64' || dtype === 'uint64') {
      const a = dtype === 'int64' ? BigInt64Array.from(values, (v) => BigInt(v)) : BigUint64Array.from(values, (v) => BigInt(v));
      bytes = new Uint8Array(a.buffer);
    } else {
      const a = ctor[dtype as keyof typeof ctor].from(values);
      bytes = new Uint8Array(a.buffer);
    }
  }
  if (bytes.byteLength !== count * size) throw new MatError(`${path}: variable ${name} holds ${bytes.byteLength} bytes for dimensions ${dims.join('x')}`);
  const t = fromBuffer(bytes, { dtype, shape: reversed });
  return [name, dims.length < 2 ? t : t.permute(dims.map((_, i) => dims.length - 1 - i))];
}

/**
 * The numeric variables of a level-5 .mat file, by name, as tensors with MATLAB's dimensions
 * (as scipy.io.loadmat gives them; permuted views of column-major data).
 * @internal
 */
export function loadMat(path: string): Map<string, Tensor> {
  const file = readFileSync(path);
  if (file.length < 128) throw new MatError(`${path}: not a MATLAB .mat file (too short)`);
  const text = file.subarray(0, 116).toString('latin1');
  const version = file.readUInt16LE(124);
  const endian = file.subarray(126, 128).toString('latin1');
  if (text.startsWith('MATLAB 7.3') || (endian === 'IM' && version === 0x0200) || (endian === 'MI' && file.readUInt16BE(124) === 0x0200)) {
    throw new MatError(`${path}: a MATLAB v7.3 (HDF5) file; only level-5 .mat files (scipy.io.savemat's, MATLAB's -v7 and older) can be read`);
  }
  if (endian !== 'IM' && endian !== 'MI') throw new MatError(`${path}: not a MATLAB level-5 .mat file (no endian indicator)`);
  const le = endian === 'IM';
  const out = new Map<string, Tensor>();
  for (const el of elements(file.subarray(128), le, path)) {
    let matrix: Element | undefined = el;
    if (el.type === miCOMPRESSED) {
      // 1 MiB output chunks: zlib's default 16 KiB ones cost more in concatenation than the inflate itself.
      const inflated = inflateSync(el.data, { chunkSize: 1 << 20 });
      matrix = elements(inflated, le, path).next().value ?? undefined;
    }
    if (matrix === undefined || matrix.type !== miMATRIX) continue;
    const v = readMatrix(matrix.data, le, path);
    if (v !== undefined) out.set(v[0], v[1]);
  }
  return out;
}
