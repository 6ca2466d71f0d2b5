// torch.save: pickles the object graph here (small), then hands the pickle and the storages to the
// native writer (lib/binding.ts serializationWrite*), which writes PyTorch's zip archive straight
// from the tensors' memory, to a temporary file renamed over the target (atomic), or to memory.
import { randomBytes } from 'node:crypto';
import { lstatSync, realpathSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Writable } from 'node:stream';
import { native } from '../binding.js';
import { Tensor } from '../tensor.js';
import { type DType } from '../dtype.js';
import { describeValue } from '../validate.js';
import { camelToSnake } from '../names.js';
import { Parameter } from '../nn/parameter.js';
import { OP, Pickler } from './pickler.js';
import { asTuple } from './python_types.js';
import { storageClassOf } from './allowlist.js';

/** Where torch.save writes: a path (string or file: URL), a Writable stream, or nothing (the bytes are returned). */
export type SaveTarget = string | URL | Writable;

/** Options of torch.save / torch.saveAsync. */
export interface SaveOptions {
  /**
   * Saving to a path: fsync the new file before renaming it over the path, and the directory
   * after (default true). Without it the replacement is still atomic for other processes and
   * survives the saving process being killed, but not an OS crash or power loss: the bytes may
   * still be in the page cache. Python's torch.save never fsyncs; false matches its speed.
   */
  fsync?: boolean;
}

function fsyncOption(options: SaveOptions | undefined): boolean {
  if (options === undefined) return true;
  if (options === null || typeof options !== 'object') throw new TypeError(`torch.save: options must be an object (got ${describeValue(options)})`);
  const v = options.fsync;
  if (v === undefined) return true;
  if (typeof v !== 'boolean') throw new TypeError(`torch.save: options.fsync must be a boolean (got ${describeValue(v)})`);
  return v;
}

interface PickledObject { pickle: Uint8Array; keys: string[]; storages: Tensor[] }

function isPlain(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false;
  const p = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
}

/**
 * An optimizer.stateDict() (`{ state, paramGroups }` with camelCase keys) in PyTorch's form:
 * `{ state: {int: {snake_case: ...}}, param_groups: [{snake_case: ..., params: [int]}] }`, so that
 * Python's optimizer.load_state_dict accepts the file. undefined for anything else.
 */
function optimizerStateInPythonForm(v: Record<string, unknown>): unknown {
  const keys = Object.keys(v);
  if (keys.length !== 2 || !('state' in v) || !('paramGroups' in v)) return undefined;
  const groups = v.paramGroups;
  const state = v.state;
  if (!Array.isArray(groups) || !groups.every((g) => isPlain(g) && Array.isArray(g.params) && g.params.every(Number.isInteger))) return undefined;
  if (!(state instanceof Map) && !isPlain(state)) return undefined;
  const pyState = new Map<unknown, unknown>();
  for (const [k, s] of state instanceof Map ? state.entries() : Object.entries(state)) {
    const id = typeof k === 'string' && /^\d+$/.test(k) ? Number(k) : k;
    if (!isPlain(s)) {
      pyState.set(id, s);
      continue;
    }
    const entry: Record<string, unknown> = {};
    // LBFGS's H_diag is the one state key PyTorch does not spell in snake_case.
    for (const [sk, sv] of Object.entries(s)) entry[sk === 'hDiag' ? 'H_diag' : camelToSnake(sk)] = sv;
    // A plain dict in PyTorch's optimizers, though all its values may be tensors.
    plainDicts.add(entry);
    pyState.set(id, entry);
  }
  const pyGroups = (groups as Record<string, unknown>[]).map((g) => {
    const out: Record<string, unknown> = {};
    for (const [gk, gv] of Object.entries(g)) {
      const k = camelToSnake(gk);
      // PyTorch's optimizers keep betas (Adam's family) as a tuple.
      out[k] = k === 'betas' && Array.isArray(gv) ? asTuple([...gv]) : gv;
    }
    return out;
  });
  return { state: pyState, param_groups: pyGroups };
}

/** Objects written as `dict` even when all their values are tensors. */
const plainDicts = new WeakSet<object>();

/** A plain object of tensors only (a module's stateDict()): saved as an OrderedDict, as PyTorch's state_dict. */
function looksLikeStateDict(v: Record<string, unknown>): boolean {
  if (plainDicts.has(v)) return false;
  let n = 0;
  for (const key in v) {
    if (!(v[key] instanceof Tensor)) return false;
    n++;
  }
  return n > 0;
}

function pickleObject(obj: unknown): PickledObject {
  const keyOf = new Map<number, { key: string; dtype: DType }>();
  const keys: string[] = [];
  const storages: Tensor[] = [];
  const pickle = Pickler.dump(obj, {
    orderedObject: looksLikeStateDict,
    rewriteObject: optimizerStateInPythonForm,
    tensor(v, p, path) {
      if (!(v instanceof Tensor)) return false;
      if (v.isDisposed) throw new TypeError(`torch.save: the tensor at ${path} was disposed`);
      const [id, nbytes, offset, elementSize, device] = native.serializationStorageInfo(v);
      const dtype = v.dtype;
      let entry = keyOf.get(id);
      if (entry === undefined) {
        entry = { key: String(keyOf.size), dtype };
        keyOf.set(id, entry);
        keys.push(entry.key);
        storages.push(v);
      } else if (entry.dtype !== dtype) {
        throw new TypeError(`torch.save: Cannot save multiple tensors or storages that view the same data as different types (at ${path}: ${dtype} and ${entry.dtype})`);
      }
      if (nbytes % elementSize !== 0) throw new RangeError(`torch.save: the storage of the tensor at ${path} is not a whole number of ${dtype} elements`);
      const isParam = v instanceof Parameter;
      const requiresGrad = v.requiresGrad;
      const storageClass = storageClassOf(dtype);
      if (isParam) p.global('torch._utils', '_rebuild_parameter');
      p.global('torch._utils', storageClass ? '_rebuild_tensor_v2' : '_rebuild_tensor_v3');
      p.op(OP.MARK);
      // The persistent id: ('storage', storage class, key, location, numel).
      p.op(OP.MARK);
      p.string('storage');
      if (storageClass) p.global('torch', storageClass);
      else p.global('torch.storage', 'UntypedStorage');
      p.string(entry.key);
      p.string(device);
      p.int(storageClass ? nbytes / elementSize : nbytes);
      p.op(OP.TUPLE);
      p.op(OP.BINPERSID);
      p.int(offset);
      p.tuple(v.shape.map((s) => () => p.int(s)));
      p.tuple(v.stride().map((s) => () => p.int(s)));
      p.bool(isParam ? false : requiresGrad);
      p.emptyOrderedDict();
      if (!storageClass) p.global('torch', dtype);
      p.op(OP.TUPLE);
      p.op(OP.REDUCE);
      if (isParam) {
        p.bool(requiresGrad);
        p.emptyOrderedDict();
        p.op(OP.TUPLE3);
        p.op(OP.REDUCE);
      }
      p.remember(v);
      return true;
    },
  });
  return { pickle, keys, storages };
}

function isWritable(v: unknown): v is Writable {
  return v !== null && typeof v === 'object' && typeof (v as Writable).write === 'function' && typeof (v as Writable).on === 'function';
}

function targetPath(target: unknown): string | undefined {
  if (target instanceof URL) {
    if (target.protocol !== 'file:') throw new TypeError(`torch.save: only file: URLs can be written (got ${target.protocol})`);
    return resolveLinks(fileURLToPath(target));
  }
  if (typeof target === 'string') {
    if (target.length === 0) throw new TypeError('torch.save(obj, target): the path is empty');
    return resolveLinks(target);
  }
  return undefined;
}

/** A symlink's target: the file is replaced there, as Python's open() writes through the link. */
function resolveLinks(path: string): string {
  try {
    return lstatSync(path).isSymbolicLink() ? realpathSync(path) : path;
  } catch {
    return path; // a dangling link or a new file: written at path itself
  }
}

function tmpPathFor(path: string): string {
  return join(dirname(path), `${basename(path)}.tmp-${randomBytes(6).toString('hex')}`);
}

function checkTarget(target: unknown): void {
  if (target === undefined || typeof target === 'string' || target instanceof URL || isWritable(target)) return;
  throw new TypeError(`torch.save(obj, target): target must be a path, a file: URL or a Writable stream, or omitted to get a Buffer (got ${describeValue(target)})`);
}

/**
 * Saves obj in PyTorch's zip format (what Python's torch.save writes; Python's torch.load reads
 * it). To a path: written to `<path>.tmp-<random>` in the same directory, fsynced, renamed over
 * the path, and the directory fsynced, so the path holds either the old file or the complete new
 * one. Without a target it returns the archive as a Buffer; to a Writable it writes that Buffer
 * (one write() call; flushing is the stream's business).
 *
 * Blocks the JS thread for all of it (pickling, CRC32, file writes, fsync); saveAsync does all
 * but the pickling off the JS thread. JS values map to Python as in docs/serialization.md
 * (objects -> dict, a module stateDict() -> OrderedDict, an optimizer stateDict() -> PyTorch's
 * keys, integral numbers -> int, other numbers -> float, bigint -> int, arrays -> list).
 * `options.fsync: false` skips the fsyncs (see SaveOptions): still atomic, not power-loss safe.
 * @example
 * torch.save(model.stateDict(), 'model.pt');
 * torch.save(checkpoint, 'ckpt.pt', { fsync: false }); // a frequent checkpoint, at Python's speed
 * const bytes = torch.save({ step: 10, weights: w }); // a Buffer
 */
export function save(obj: unknown, target: SaveTarget, options?: SaveOptions): undefined;
export function save(obj: unknown): Buffer;
export function save(obj: unknown, target?: SaveTarget, options?: SaveOptions): Buffer | undefined {
  checkTarget(target);
  const fsync = fsyncOption(options);
  const { pickle, keys, storages } = pickleObject(obj);
  const path = targetPath(target);
  if (path !== undefined) {
    native.serializationWrite(path, tmpPathFor(path), pickle, keys, storages, fsync);
    return undefined;
  }
  const bytes = native.serializationWrite(null, null, pickle, keys, storages) as Buffer;
  if (target === undefined) return bytes;
  (target as Writable).write(bytes);
  return undefined;
}

/**
 * torch.save with the archive writing (storage bytes, CRC32, file writes, fsync, rename) on
 * libuv's thread pool; only the pickling of the object graph (small) runs on the JS thread. The
 * tensors must not be modified until the promise settles (their memory is read while it runs).
 * Resolves to the Buffer without a target; to a Writable, after the stream accepted the bytes.
 * @example await torch.saveAsync(model.stateDict(), 'model.pt');
 */
export function saveAsync(obj: unknown, target: SaveTarget, options?: SaveOptions): Promise<undefined>;
export function saveAsync(obj: unknown): Promise<Buffer>;
export async function saveAsync(obj: unknown, target?: SaveTarget, options?: SaveOptions): Promise<Buffer | undefined> {
  checkTarget(target);
  const fsync = fsyncOption(options);
  const { pickle, keys, storages } = pickleObject(obj);
  const path = targetPath(target);
  const result = await new Promise<Buffer | undefined>((resolve, reject) => {
    native.serializationWriteAsync(path ?? null, path === undefined ? null : tmpPathFor(path), pickle, keys, storages,
      (err, out) => (err ? reject(err) : resolve(out)), fsync);
  });
  if (path !== undefined || target === undefined) return path !== undefined ? undefined : result;
  const stream = target as Writable;
  await new Promise<void>((resolve, reject) => {
    stream.write(result!, (err) => (err ? reject(err) : resolve()));
  });
  return undefined;
}
