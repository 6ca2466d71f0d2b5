// PyTorch's legacy file format (before 1.6, and `_use_new_zipfile_serialization=False` since):
// pickles back to back (magic number, protocol version, sys_info, the object, the list of storage
// keys), then each storage as an int64 element count and its bytes. This turns such a file into
// the same parts a zip archive gives (the object's pickle and one uint8 tensor per storage), so
// that torch.load decodes both alike, with the same allow-list.
import { native, type SerializedArchive } from '../binding.js';
import type { Tensor } from '../tensor.js';
import { Unpickler, UnpicklingError, isPyDict, type PickleResolver } from './unpickler.js';
import { PythonGlobal, PythonObject } from './python_types.js';
import { STORAGE_DTYPES } from './allowlist.js';

const MAGIC_NUMBER = 0x1950a86a20f9469cfc6cn;
const PROTOCOL_VERSION = 1001;
const ELEMENT_SIZE: Record<string, number> = {
  float16: 2, bfloat16: 2, float32: 4, float64: 8, int8: 1, int16: 2, int32: 4, int64: 8, uint8: 1, bool: 1,
  complex64: 8, complex128: 16,
};

/** True when the bytes start like a legacy file (a protocol-2 pickle of the magic number). */
export function isLegacyFile(head: Uint8Array): boolean {
  return head.length >= 14 && head[0] === 0x80 && head[2] === 0x8a && head[3] === 0x0a &&
    head[4] === 0x6c && head[5] === 0xfc && head[6] === 0x9c && head[7] === 0x46;
}

/**
 * Reads a pickle only to find where it ends (and what its persistent ids name): nothing is
 * resolved, every call becomes an inert record.
 */
function skimmer(onStorage?: (key: string, cls: string, viewMetadata: unknown) => void): PickleResolver {
  return {
    global: (module, name) => new PythonGlobal(module, name),
    reduce: (fn, args) => new PythonObject(fn instanceof PythonGlobal ? fn : new PythonGlobal('', '?'), args),
    newObject: (cls, args) => new PythonObject(cls instanceof PythonGlobal ? cls : new PythonGlobal('', '?'), args, true),
    build: (inst) => inst,
    persistentLoad(pid) {
      if (onStorage && Array.isArray(pid) && pid[1] instanceof PythonGlobal && typeof pid[2] === 'string') onStorage(pid[2], pid[1].name, pid[5]);
      return null;
    },
  };
}

/** The parts of a legacy file: the object's pickle and its storages (copied, natively, into tensors). */
export function legacyArchive(bytes: Uint8Array): SerializedArchive {
  let pos = 0;
  const next = (resolver: PickleResolver): unknown => {
    const u = new Unpickler(bytes, resolver, pos);
    const v = u.load();
    pos = u.position;
    return v;
  };
  if (next(skimmer()) !== MAGIC_NUMBER) throw new UnpicklingError('torch.load: Invalid magic number; corrupt file?');
  const protocol = next(skimmer());
  if (protocol !== PROTOCOL_VERSION) throw new UnpicklingError(`torch.load: Invalid protocol version: ${String(protocol)}`);
  const sysInfo = next(skimmer());
  const littleEndian = isPyDict(sysInfo) ? sysInfo.get('little_endian') !== false : true;
  const objectStart = pos;
  const classes = new Map<string, string>();
  next(skimmer((key, cls, view) => {
    if (view !== null && view !== undefined) throw new UnpicklingError('torch.load: legacy storage views (view_metadata) are not supported');
    classes.set(key, cls);
  }));
  const objectEnd = pos;
  const keys = next(skimmer());
  if (!Array.isArray(keys) || !keys.every((k) => typeof k === 'string')) throw new UnpicklingError('torch.load: corrupted legacy file: the storage key list');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const storages: Tensor[] = [];
  try {
    for (const key of keys as string[]) {
      const cls = classes.get(key);
      const dtype = cls === undefined ? undefined : STORAGE_DTYPES[cls];
      if (dtype === undefined) throw new UnpicklingError(`torch.load: corrupted legacy file: storage ${key} has no known type (${String(cls)})`);
      if (pos + 8 > bytes.length) throw new UnpicklingError('torch.load: the legacy file is truncated');
      const numel = Number(view.getBigInt64(pos, true));
      pos += 8;
      const nbytes = numel * ELEMENT_SIZE[dtype]!;
      if (!Number.isSafeInteger(nbytes) || nbytes < 0 || nbytes > bytes.length - pos) throw new UnpicklingError('torch.load: the legacy file is truncated');
      storages.push(native.fromTypedArray(bytes.subarray(pos, pos + nbytes), 'uint8', [nbytes], false) as Tensor);
      pos += nbytes;
    }
  } catch (e) {
    for (const t of storages) t.dispose();
    throw e;
  }
  return {
    pickle: Buffer.from(bytes.buffer, bytes.byteOffset + objectStart, objectEnd - objectStart),
    byteorder: littleEndian ? 'little' : 'big',
    keys: keys as string[],
    storages,
  };
}
