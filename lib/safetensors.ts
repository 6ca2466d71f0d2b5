// torch.safetensors: Hugging Face's safetensors format, as Python's `safetensors.torch` module
// reads and writes it (save/load/saveFile/loadFile/safeOpen). The format: an 8-byte little-endian
// header length N, N bytes of JSON (padded with spaces to a multiple of 8), then the tensors'
// bytes, back to back. Output is byte-identical to Python's for the same tensors (tensors sorted
// by dtype, widest first as the Rust writer orders its dtype enum, then by name in UTF-8 byte
// order), except that metadata keys keep their insertion order: Python writes them in HashMap
// order, which changes from run to run. Reading validates as the Rust reference does, and also
// refuses duplicate keys in the header (JSON.parse, and serde, would keep the last silently).
import { closeSync, constants as fsConstants, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { native, type MappedFile } from './binding.js';
import { Tensor } from './tensor.js';
import { type DType, type Device } from './dtype.js';
import { deviceName } from './device.js';
import { dtypeInfo, dtypeNames } from './generated/dtypes.js';
import { describeValue } from './validate.js';
import type { Indices } from './indexing.js';

/**
 * Raised for a file or buffer that is not valid safetensors (as Python's SafetensorError).
 * @example
 * try { torch.safetensors.load(new Uint8Array(4)); }
 * catch (e) { if (e instanceof torch.safetensors.SafetensorError) console.error(e.message); }
 */
export class SafetensorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SafetensorError';
  }
}

/** The tensors to save: a plain object or a Map from names to tensors. */
export type TensorDict = Record<string, Tensor> | Map<string, Tensor>;

/** Options of save() and saveFile(). */
export interface SaveOptions {
  /** Text-only information stored in the header's `__metadata__` (keys keep their order). */
  metadata?: Record<string, string> | Map<string, string> | null;
}

/** Options of loadFile() and safeOpen(). */
export interface LoadFileOptions {
  /** Where the tensors go after loading (default 'cpu'). */
  device?: Device;
  /**
   * true (the default, as Python's `load_file`): the file is memory-mapped and CPU tensors are
   * views of it, read from disk only when touched; in-place writes to them are copy-on-write and
   * never reach the file. false: the tensors' bytes are read into memory.
   */
  mmap?: boolean;
}

// The format's dtypes in the order of the Rust crate's Dtype enum (its writer sorts tensors by
// it, descending), with their sizes in bits.
const FORMAT_DTYPES: readonly (readonly [string, number])[] = [
  ['BOOL', 8], ['F4', 4], ['F6_E2M3', 6], ['F6_E3M2', 6], ['U8', 8], ['I8', 8], ['F8_E5M2', 8], ['F8_E4M3', 8],
  ['F8_E8M0', 8], ['F8_E4M3FNUZ', 8], ['F8_E5M2FNUZ', 8], ['I16', 16], ['U16', 16], ['F16', 16], ['BF16', 16],
  ['I32', 32], ['U32', 32], ['F32', 32], ['C64', 64], ['F64', 64], ['I64', 64], ['U64', 64],
];
const FORMAT_BITS = new Map(FORMAT_DTYPES);
const FORMAT_RANK = new Map(FORMAT_DTYPES.map(([name], i) => [name, i]));
// The format's names of torch-node's dtypes: native/dtypes.def.
const FROM_FORMAT = new Map<string, DType>(
  dtypeNames.flatMap((d) => (dtypeInfo[d].safetensors === null ? [] : [[dtypeInfo[d].safetensors!, d] as const])));
const TO_FORMAT = new Map<string, string>([...FROM_FORMAT].map(([format, dtype]) => [dtype, format]));

/** Readers refuse headers above this size (the Rust crate's MAX_HEADER_SIZE). */
const MAX_HEADER_SIZE = 100_000_000;
const MAX_USIZE = (1n << 64n) - 1n;
const LONE_SURROGATE = /\p{Surrogate}/u;

// ---------------------------------------------------------------------------------------------
// Writing

interface SaveItem { name: string; tensor: Tensor; format: string; shape: number[]; nbytes: number; begin: number }

function entriesOf(tensors: unknown, what: string): [string, unknown][] {
  if (tensors instanceof Map) {
    const out: [string, unknown][] = [];
    for (const [k, v] of tensors) {
      if (typeof k !== 'string') throw new TypeError(`${what}: tensor names must be strings (got ${describeValue(k)})`);
      out.push([k, v]);
    }
    return out;
  }
  if (tensors === null || typeof tensors !== 'object' || Array.isArray(tensors) || tensors instanceof Tensor) {
    throw new TypeError(`${what}: tensors must be a Record<string, Tensor> or a Map<string, Tensor> (got ${describeValue(tensors)})`);
  }
  return Object.entries(tensors);
}

function metadataEntries(metadata: unknown, what: string): [string, string][] | null {
  if (metadata === undefined || metadata === null) return null;
  let entries: [unknown, unknown][];
  if (metadata instanceof Map) entries = [...(metadata as Map<unknown, unknown>)];
  else if (typeof metadata === 'object' && !Array.isArray(metadata)) entries = Object.entries(metadata);
  else throw new TypeError(`${what}: metadata must be a Record<string, string>, a Map or null (got ${describeValue(metadata)})`);
  for (const [k, v] of entries) {
    if (typeof k !== 'string' || typeof v !== 'string') {
      throw new TypeError(`${what}: metadata must map strings to strings (${typeof k === 'string' ? `key \`${k}\` has ${describeValue(v)}` : `key ${describeValue(k)}`})`);
    }
    if (LONE_SURROGATE.test(k) || LONE_SURROGATE.test(v)) throw new TypeError(`${what}: metadata key \`${k}\` or its value is not valid Unicode (a lone surrogate)`);
  }
  return entries as [string, string][];
}

// Python's _find_shared_tensors + _filter_shared_not_shared: tensors over one storage whose byte
// ranges overlap (each compared with the previous one's end, as Python does).
function sharedGroups(items: { name: string; tensor: Tensor; span: [string, number, number, number, number] }[]): string[][] {
  const byStorage = new Map<string, typeof items>();
  for (const item of items) {
    const [, storage, storageBytes] = item.span;
    if (storage === 0 || storageBytes === 0) continue;
    const key = `${item.tensor.device}|${storage}|${storageBytes}`;
    const group = byStorage.get(key);
    if (group) group.push(item);
    else byStorage.set(key, [item]);
  }
  const failing: string[][] = [];
  for (const group of byStorage.values()) {
    if (group.length < 2) continue;
    const areas = group.map((g) => [g.span[3], g.span[4], g.name] as const)
      .sort((a, b) => a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0));
    let current = [areas[0]![2]];
    let lastStop = areas[0]![1];
    for (const [start, stop, name] of areas.slice(1)) {
      if (start >= lastStop) {
        if (current.length > 1) failing.push(current);
        current = [name];
      } else {
        current.push(name);
      }
      lastStop = stop;
    }
    if (current.length > 1) failing.push(current);
  }
  return failing.map((names) => names.sort());
}

function compareUtf8(a: Buffer, b: Buffer): number {
  return Buffer.compare(a, b);
}

// Checks the tensors as Python's _flatten_as_ptr does (same messages) and lays out the file.
function prepare(tensors: TensorDict, options: SaveOptions, what: string): { header: Buffer; items: SaveItem[]; total: number } {
  if (options === null || typeof options !== 'object') throw new TypeError(`${what}: options must be an object (got ${describeValue(options)})`);
  for (const key of Object.keys(options)) {
    if (key !== 'metadata') throw new TypeError(`${what}: unknown option '${key}'`);
  }
  const entries = entriesOf(tensors, what);
  const metadata = metadataEntries(options.metadata, what);
  const checked: { name: string; tensor: Tensor; span: [string, number, number, number, number] }[] = [];
  const sparse: string[] = [];
  for (const [name, value] of entries) {
    if (!(value instanceof Tensor)) throw new TypeError(`${what}: Key \`${name}\` is invalid, expected a Tensor but received ${describeValue(value)}`);
    if (value.isDisposed) throw new TypeError(`${what}: tensor \`${name}\` is disposed`);
    if (name === '__metadata__') throw new TypeError(`${what}: the name \`__metadata__\` is reserved for the header's metadata`);
    if (LONE_SURROGATE.test(name)) throw new TypeError(`${what}: tensor name ${JSON.stringify(name)} is not valid Unicode (a lone surrogate)`);
    const span = native.tensorMemorySpan(value);
    if (span[0] !== 'strided') sparse.push(name);
    checked.push({ name, tensor: value, span });
  }
  if (sparse.length > 0) {
    throw new TypeError(`${what}: You are trying to save a sparse tensors: \`${JSON.stringify(sparse)}\` which this library does not support. ` +
      'You can make it a dense tensor before saving with `.toDense()` but be aware this might make a much larger file than needed.');
  }
  const failing = sharedGroups(checked);
  if (failing.length > 0) {
    throw new Error(`${what}: Some tensors share memory, this will lead to duplicate memory on disk and potential differences when loading them again: ` +
      `${JSON.stringify(failing)}. Save each shared tensor once (or clone() the others). ` +
      'More information at https://huggingface.co/docs/safetensors/torch_shared_tensors');
  }
  const items: (SaveItem & { key: Buffer })[] = [];
  for (const { name, tensor } of checked) {
    if (!tensor.isContiguous()) {
      throw new Error(`${what}: You are trying to save a non contiguous tensor: \`${name}\` which is not allowed. It either means you ` +
        'are trying to save tensors which are reference of each other in which case it\'s recommended to save only the full tensors, ' +
        'and reslice at load time, or simply call `.contiguous()` on your tensor to pack it before saving.');
    }
    const format = TO_FORMAT.get(tensor.dtype);
    if (format === undefined) {
      throw new TypeError(`${what}: tensor \`${name}\` has dtype ${tensor.dtype}, which the safetensors format cannot store`);
    }
    let t = tensor.device === 'cpu' ? tensor : tensor.to('cpu');
    t = t.resolveConj().resolveNeg();
    const shape = t.shape;
    const nbytes = shape.reduce((a, b) => a * b, 1) * dtypeInfo[t.dtype].itemsize;
    items.push({ name, tensor: t, format, shape, nbytes, begin: 0, key: Buffer.from(name, 'utf8') });
  }
  items.sort((a, b) => FORMAT_RANK.get(b.format)! - FORMAT_RANK.get(a.format)! || compareUtf8(a.key, b.key));
  const parts: string[] = [];
  if (metadata !== null) {
    parts.push(`"__metadata__":{${metadata.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`);
  }
  let offset = 0;
  for (const item of items) {
    item.begin = offset;
    offset += item.nbytes;
    parts.push(`${JSON.stringify(item.name)}:{"dtype":"${item.format}","shape":[${item.shape.join(',')}],"data_offsets":[${item.begin},${offset}]}`);
  }
  const json = Buffer.from(`{${parts.join(',')}}`, 'utf8');
  const padded = json.length + ((8 - (json.length % 8)) % 8);
  if (padded > MAX_HEADER_SIZE) {
    throw new RangeError(`${what}: the header would take ${padded} bytes; readers refuse headers over ${MAX_HEADER_SIZE} bytes`);
  }
  const header = Buffer.alloc(8 + padded, 0x20);
  header.writeBigUInt64LE(BigInt(padded), 0);
  json.copy(header, 8);
  return { header, items, total: header.length + offset };
}

/**
 * The safetensors bytes of `tensors` (Python's `safetensors.torch.save`). Tensors must be dense
 * and contiguous, and may not share memory (as in Python; `clone()` one of them); CUDA tensors
 * are copied to the CPU. complex128 has no safetensors dtype and is refused.
 * @example const bytes = torch.safetensors.save({ weight: torch.randn([2, 3]) }, { metadata: { format: 'pt' } });
 */
export function save(tensors: TensorDict, options: SaveOptions = {}): Buffer {
  const { header, items, total } = prepare(tensors, options, 'save()');
  const out = Buffer.allocUnsafeSlow(total);
  header.copy(out, 0);
  for (const item of items) native.copyTensorBytes(item.tensor, out, header.length + item.begin, 0, item.nbytes);
  return out;
}

function writeAll(fd: number, bytes: Uint8Array): void {
  for (let done = 0; done < bytes.length;) done += writeSync(fd, bytes, done, bytes.length - done);
}

function pathOf(path: unknown, what: string): string {
  if (path instanceof URL) return fileURLToPath(path);
  if (typeof path !== 'string') throw new TypeError(`${what}: path must be a string or a file: URL (got ${describeValue(path)})`);
  return path;
}

/**
 * Writes `tensors` to the file at `path` in safetensors format (Python's
 * `safetensors.torch.save_file`; the same checks as save()). Blocks until written.
 * @example torch.safetensors.saveFile(model.stateDict(), 'model.safetensors', { metadata: { format: 'pt' } });
 */
export function saveFile(tensors: TensorDict, path: string | URL, options: SaveOptions = {}): void {
  const file = pathOf(path, 'saveFile()');
  const { header, items } = prepare(tensors, options, 'saveFile()');
  const fd = openSync(file, 'w');
  try {
    writeAll(fd, header);
    // Straight from each tensor's memory, as the Rust writer does: no copy through a JS buffer.
    for (const item of items) native.writeTensorBytes(item.tensor, fd);
  } finally {
    closeSync(fd);
  }
}

// ---------------------------------------------------------------------------------------------
// Reading: a strict JSON parser for the header (duplicate keys and non-integer numbers are
// errors; JSON.parse would hide both), then the Rust crate's validation.

// A number as written, for any number but plain digits of at most 15 (those parse to a JS number,
// exact, with no allocation: every number of a valid header).
class JsonNumber { constructor(readonly text: string) {} }
// An object as parallel key/value arrays: a header holds one small object per tensor, and a Map
// each made parsing several times slower than JSON.parse (mostly in garbage collection).
class JsonObject {
  readonly keys: string[] = [];
  readonly values: Json[] = [];
  #index: Set<string> | null = null;
  /** False when key is already present. */
  add(key: string, value: Json): boolean {
    if (this.#index !== null) {
      if (this.#index.has(key)) return false;
      this.#index.add(key);
    } else if (this.keys.includes(key)) {
      return false;
    } else if (this.keys.length >= 16) {
      this.#index = new Set(this.keys).add(key);
    }
    this.keys.push(key);
    this.values.push(value);
    return true;
  }
  get(key: string): Json | undefined {
    const i = this.keys.indexOf(key);
    return i < 0 ? undefined : this.values[i];
  }
}
type Json = null | boolean | string | number | JsonNumber | Json[] | JsonObject;

const MAX_DEPTH = 64;
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

class HeaderParser {
  private pos = 0;
  constructor(private readonly text: string) {}

  fail(why: string): never {
    throw new SafetensorError(`Error while deserializing: invalid JSON in header: ${why} at character ${this.pos}`);
  }

  private skipSpace(): void {
    const s = this.text;
    while (this.pos < s.length) {
      const c = s.charCodeAt(this.pos);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
      this.pos++;
    }
  }

  parseDocument(): Json {
    const value = this.value(0);
    this.skipSpace();
    if (this.pos !== this.text.length) this.fail('trailing characters');
    return value;
  }

  private value(depth: number): Json {
    this.skipSpace();
    const s = this.text;
    if (this.pos >= s.length) this.fail('EOF while parsing a value');
    const c = s[this.pos]!;
    if (c === '{' || c === '[') {
      if (depth >= MAX_DEPTH) this.fail('nesting too deep');
      return c === '{' ? this.object(depth + 1) : this.array(depth + 1);
    }
    if (c === '"') return this.string();
    if (c === 't' && s.startsWith('true', this.pos)) { this.pos += 4; return true; }
    if (c === 'f' && s.startsWith('false', this.pos)) { this.pos += 5; return false; }
    if (c === 'n' && s.startsWith('null', this.pos)) { this.pos += 4; return null; }
    // Plain digits (every valid header number) without the regex; anything else through it.
    const start = this.pos;
    let end = start;
    while (end < s.length) {
      const d = s.charCodeAt(end);
      if (d < 0x30 || d > 0x39) break;
      end++;
    }
    const next = end < s.length ? s.charCodeAt(end) : 0;
    if (end > start && end - start <= 15 && next !== 0x2e && next !== 0x65 && next !== 0x45 &&
        (s.charCodeAt(start) !== 0x30 || end - start === 1)) {
      this.pos = end;
      return Number(s.slice(start, end));
    }
    NUMBER.lastIndex = start;
    const m = NUMBER.exec(s);
    if (m === null) this.fail('expected a value');
    this.pos += m[0].length;
    return new JsonNumber(m[0]);
  }

  private string(): string {
    const s = this.text;
    const start = this.pos;
    let escaped = false;
    let i = start + 1;
    for (;; i++) {
      if (i >= s.length) { this.pos = i; this.fail('EOF while parsing a string'); }
      const c = s.charCodeAt(i);
      if (c === 0x22) break;
      if (c < 0x20) { this.pos = i; this.fail('control character in a string'); }
      if (c === 0x5c) { escaped = true; i++; }
    }
    this.pos = i + 1;
    // Text decoded from valid UTF-8 holds no lone surrogate; only a \u escape can make one.
    if (!escaped) return s.slice(start + 1, i);
    let value: string;
    try { value = JSON.parse(s.slice(start, i + 1)) as string; } catch { this.pos = start; this.fail('invalid escape in a string'); }
    if (LONE_SURROGATE.test(value)) { this.pos = start; this.fail('lone surrogate in a string'); }
    return value;
  }

  private array(depth: number): Json[] {
    this.pos++;
    const out: Json[] = [];
    this.skipSpace();
    if (this.text[this.pos] === ']') { this.pos++; return out; }
    for (;;) {
      out.push(this.value(depth));
      this.skipSpace();
      const c = this.text[this.pos++];
      if (c === ']') return out;
      if (c !== ',') { this.pos--; this.fail("expected ',' or ']'"); }
    }
  }

  private object(depth: number): JsonObject {
    this.pos++;
    const out = new JsonObject();
    this.skipSpace();
    if (this.text[this.pos] === '}') { this.pos++; return out; }
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] !== '"') this.fail('expected a string key');
      const keyAt = this.pos;
      const key = this.string();
      this.skipSpace();
      if (this.text[this.pos] !== ':') this.fail("expected ':'");
      this.pos++;
      if (!out.add(key, this.value(depth))) { this.pos = keyAt; this.fail(`duplicate key \`${userString(key)}\``); }
      this.skipSpace();
      const c = this.text[this.pos++];
      if (c === '}') return out;
      if (c !== ',') { this.pos--; this.fail("expected ',' or '}'"); }
    }
  }
}

/** One tensor's entry in a header (offsets relative to the data section). */
interface HeaderEntry { name: string; format: string; shape: number[]; begin: number; end: number }
interface Header { dataStart: number; entries: HeaderEntry[]; metadata: Record<string, string> | null }

function invalid(why: string): never {
  throw new SafetensorError(`Error while deserializing: ${why}`);
}

// A header integer (Rust's usize): a number when it is a safe integer, else a bigint (so a bigint
// is always above Number.MAX_SAFE_INTEGER, and === never equates a number with a bigint).
type UInt = number | bigint;
const DIGITS = /^(?:0|[1-9][0-9]*)$/;

function usize(value: Json | undefined, field: string, name: string): UInt {
  if (typeof value === 'number') return value;
  const text = value instanceof JsonNumber ? value.text : '';
  if (!DIGITS.test(text)) {
    invalid(`invalid JSON in header: ${field} of tensor \`${userString(name)}\` must be a non-negative integer (got ${value instanceof JsonNumber ? value.text : describeJson(value)})`);
  }
  if (text.length <= 15) return Number(text);
  const n = BigInt(text);
  if (n > MAX_USIZE) invalid(`invalid JSON in header: ${field} of tensor \`${userString(name)}\` is out of range (${text})`);
  return n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
}

// The byte size of a tensor of this shape and dtype, as the Rust reader computes it.
function byteSize(shape: UInt[], bits: number, name: string): UInt {
  let elements = 1;
  let exact = true;
  for (const d of shape) {
    if (typeof d === 'bigint') { exact = false; break; }
    elements *= d;
    if (elements > Number.MAX_SAFE_INTEGER) { exact = false; break; }
  }
  if (exact && elements <= Math.floor(Number.MAX_SAFE_INTEGER / 64)) {
    const nbits = elements * bits;
    if (nbits % 8 !== 0) invalid(`misaligned slice for tensor \`${userString(name)}\``);
    return nbits / 8;
  }
  let big = 1n;
  for (const d of shape) {
    big *= BigInt(d);
    if (big > MAX_USIZE) invalid('overflow computing buffer size from shape and/or element type');
  }
  const nbits = big * BigInt(bits);
  if (nbits > MAX_USIZE) invalid('overflow computing buffer size from shape and/or element type');
  if (nbits % 8n !== 0n) invalid(`misaligned slice for tensor \`${userString(name)}\``);
  const size = nbits / 8n;
  return size <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(size) : size;
}

function describeJson(value: Json | undefined): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (value instanceof JsonObject) return 'an object';
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return 'an array';
  if (value instanceof JsonNumber) return value.text;
  return JSON.stringify(value);
}

function userString(s: string): string {
  return JSON.stringify(s).slice(1, -1);
}

// Parses and validates a header. read(offset, length) gives bytes of the whole file or buffer,
// whose size is `total`.
function readHeader(read: (offset: number, length: number) => Uint8Array, total: number): Header {
  if (total < 8) invalid('header too small');
  const n64 = Buffer.from(read(0, 8)).readBigUInt64LE(0);
  if (n64 > BigInt(MAX_HEADER_SIZE)) invalid('header too large');
  const n = Number(n64);
  if (8 + n > total) invalid(`invalid header length: the header claims ${n} bytes but only ${total - 8} follow its length`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(read(8, n));
  } catch {
    invalid('invalid header: not valid UTF-8');
  }
  // JSON whitespace around the object (the padding is spaces) is all the Rust reader allows.
  const root = new HeaderParser(text).parseDocument();
  if (!(root instanceof JsonObject)) invalid(`invalid JSON in header: expected an object, got ${describeJson(root)}`);
  let metadata: Record<string, string> | null = null;
  const raw: { name: string; format: string; shape: UInt[]; begin: UInt; end: UInt }[] = [];
  for (let i = 0; i < root.keys.length; i++) {
    const name = root.keys[i]!;
    const value = root.values[i]!;
    if (name === '__metadata__') {
      if (value === null) continue;
      if (!(value instanceof JsonObject)) invalid(`invalid JSON in header: __metadata__ must be an object of strings (got ${describeJson(value)})`);
      metadata = {};
      for (let j = 0; j < value.keys.length; j++) {
        const k = value.keys[j]!;
        const v = value.values[j]!;
        if (typeof v !== 'string') invalid(`invalid JSON in header: __metadata__ value of \`${userString(k)}\` must be a string (got ${describeJson(v)})`);
        Object.defineProperty(metadata, k, { value: v, enumerable: true, writable: true, configurable: true });
      }
      continue;
    }
    if (!(value instanceof JsonObject)) invalid(`invalid JSON in header: tensor \`${userString(name)}\` must be an object (got ${describeJson(value)})`);
    const dtype = value.get('dtype');
    if (typeof dtype !== 'string') invalid(`invalid JSON in header: missing field \`dtype\` (a string) for tensor \`${userString(name)}\``);
    if (!FORMAT_BITS.has(dtype)) invalid(`invalid JSON in header: unknown dtype \`${userString(dtype)}\` for tensor \`${userString(name)}\``);
    const shape = value.get('shape');
    if (!Array.isArray(shape)) invalid(`invalid JSON in header: missing field \`shape\` (an array) for tensor \`${userString(name)}\``);
    const offsets = value.get('data_offsets');
    if (!Array.isArray(offsets) || offsets.length !== 2) {
      invalid(`invalid JSON in header: missing field \`data_offsets\` (an array of 2 integers) for tensor \`${userString(name)}\``);
    }
    const dims: UInt[] = [];
    for (const d of shape) dims.push(usize(d, 'a shape entry', name));
    raw.push({ name, format: dtype, shape: dims, begin: usize(offsets[0], 'a data offset', name), end: usize(offsets[1], 'a data offset', name) });
  }
  // Mixed number/bigint comparisons are exact in JS. Names break ties (zero-size tensors) so that
  // the order does not depend on the header's.
  raw.sort((a, b) => (a.begin < b.begin ? -1 : a.begin > b.begin ? 1 : a.end < b.end ? -1 : a.end > b.end ? 1
    : compareUtf8(Buffer.from(a.name), Buffer.from(b.name))));
  let start: UInt = 0;
  for (const t of raw) {
    if (t.begin !== start || t.end < t.begin) invalid(`invalid offset for tensor \`${userString(t.name)}\``);
    start = t.end;
    const size = byteSize(t.shape, FORMAT_BITS.get(t.format)!, t.name);
    const span = typeof t.end === 'number' && typeof t.begin === 'number' ? t.end - t.begin : BigInt(t.end) - BigInt(t.begin);
    if (span !== size) invalid(`invalid shape, data type, or offset for tensor \`${userString(t.name)}\``);
  }
  if (8 + n + Number(start) !== total || typeof start === 'bigint') invalid('incomplete metadata, file not fully covered');
  const entries = raw.map((t): HeaderEntry => {
    if (t.shape.length > 64) invalid(`tensor \`${userString(t.name)}\` has ${t.shape.length} dimensions; torch-node supports at most 64`);
    for (const d of t.shape) {
      if (typeof d === 'bigint') invalid(`tensor \`${userString(t.name)}\` has a dimension of ${d}, beyond Number.MAX_SAFE_INTEGER`);
    }
    return { name: t.name, format: t.format, shape: t.shape as number[], begin: t.begin as number, end: t.end as number };
  });
  return { dataStart: 8 + n, entries, metadata };
}

function dtypeOf(entry: HeaderEntry): DType {
  const dtype = FROM_FORMAT.get(entry.format);
  if (dtype === undefined) {
    throw new TypeError(`tensor \`${userString(entry.name)}\` has safetensors dtype ${entry.format}, which torch-node has no dtype for`);
  }
  return dtype;
}

// A tensor over bytes held in JS memory: shared when aligned (the tensor keeps the memory alive),
// else copied.
function tensorFromBytes(bytes: Uint8Array, entry: HeaderEntry, share: boolean): Tensor {
  const dtype = dtypeOf(entry);
  const view = bytes.subarray(entry.begin, entry.end);
  const aligned = (view.byteOffset % dtypeInfo[dtype].itemsize) === 0;
  return native.fromTypedArray(view, dtype, entry.shape, share && aligned && view.byteLength > 0);
}

function defineEntry(out: Record<string, Tensor>, name: string, value: Tensor): void {
  // defineProperty: a tensor named `__proto__` must become an own property, not the prototype.
  Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
}

function bytesOf(data: unknown, what: string): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  throw new TypeError(`${what}: data must be a Buffer, Uint8Array or ArrayBuffer (got ${describeValue(data)})`);
}

/**
 * The tensors in safetensors bytes (Python's `safetensors.torch.load`): CPU tensors with their
 * own copies of the bytes, in file order. Invalid bytes throw a SafetensorError.
 * @example const tensors = torch.safetensors.load(fs.readFileSync('model.safetensors'));
 */
export function load(data: Uint8Array | ArrayBuffer): Record<string, Tensor> {
  const bytes = bytesOf(data, 'load()');
  const header = readHeader((offset, length) => bytes.subarray(offset, offset + length), bytes.byteLength);
  const body = bytes.subarray(header.dataStart);
  const out: Record<string, Tensor> = {};
  for (const entry of header.entries) defineEntry(out, entry.name, tensorFromBytes(body, entry, false));
  return out;
}

function loadOptions(options: unknown, what: string): { device: Device; mmap: boolean } {
  if (options === null || typeof options !== 'object') throw new TypeError(`${what}: options must be an object (got ${describeValue(options)})`);
  const o = options as LoadFileOptions;
  for (const key of Object.keys(o)) {
    if (key !== 'device' && key !== 'mmap') throw new TypeError(`${what}: unknown option '${key}'`);
  }
  const device = deviceName(o.device);
  if (device !== undefined && typeof device !== 'string') throw new TypeError(`${what}: device must be a string such as 'cpu' or 'cuda', or a torch.device (got ${describeValue(o.device)})`);
  if (o.mmap !== undefined && typeof o.mmap !== 'boolean') throw new TypeError(`${what}: mmap must be a boolean (got ${describeValue(o.mmap)})`);
  return { device: device ?? 'cpu', mmap: o.mmap ?? true };
}

function readExactly(fd: number, position: number, length: number, file: string): Buffer {
  const out = Buffer.allocUnsafeSlow(length);
  for (let done = 0; done < length;) {
    const n = readSync(fd, out, done, length - done, position + done);
    if (n === 0) throw new SafetensorError(`Error while deserializing: '${file}' ended early (it shrank while being read)`);
    done += n;
  }
  return out;
}

/**
 * An open safetensors file (Python's `safe_open(path, framework="pt")`): the header is read and
 * validated at once, tensors when asked for. With `mmap` (the default) the file is mapped and
 * tensors are zero-copy views of it; else each is read with pread. close() (or `using`) releases
 * the file; tensors already returned stay valid.
 * @example
 * using f = torch.safetensors.safeOpen('model.safetensors');
 * for (const name of f.keys()) console.log(name, f.getTensor(name).shape);
 */
export class SafeOpen {
  readonly #file: string;
  readonly #device: Device;
  readonly #header: Header;
  readonly #byName: Map<string, HeaderEntry>;
  #mapping: MappedFile | null = null;
  #fd: number | null = null;
  #closed = false;

  constructor(path: string | URL, options: LoadFileOptions = {}) {
    this.#file = pathOf(path, 'safeOpen()');
    const { device, mmap } = loadOptions(options, 'safeOpen()');
    this.#device = device;
    // O_NONBLOCK: a FIFO must be refused below, not waited on for a writer.
    const fd = openSync(this.#file, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK);
    try {
      const stat = fstatSync(fd);
      if (!stat.isFile()) throw new TypeError(`safeOpen(): '${this.#file}' is not a regular file`);
      this.#header = readHeader((offset, length) => readExactly(fd, offset, length, this.#file), stat.size);
      if (mmap && stat.size > this.#header.dataStart) {
        // Mapped by path: a file replaced in between would not match the header read above.
        this.#mapping = native.mapFile(this.#file);
        if (native.mappedFileByteLength(this.#mapping) !== stat.size) {
          throw new SafetensorError(`Error while deserializing: '${this.#file}' changed while being opened`);
        }
      }
    } catch (e) {
      closeSync(fd);
      throw e;
    }
    if (this.#mapping === null) this.#fd = fd;
    else closeSync(fd);
    this.#byName = new Map(this.#header.entries.map((e) => [e.name, e]));
  }

  /** The tensor names, sorted (as Python's `keys()`, by UTF-8 bytes). @example f.keys() */
  keys(): string[] {
    return this.#header.entries.map((e) => [e.name, Buffer.from(e.name)] as const)
      .sort((a, b) => compareUtf8(a[1], b[1])).map(([name]) => name);
  }

  /** The tensor names in the order of their bytes in the file. @example f.offsetKeys() */
  offsetKeys(): string[] {
    return this.#header.entries.map((e) => e.name);
  }

  /** The header's `__metadata__`, or null when it has none. @example f.metadata()?.format */
  metadata(): Record<string, string> | null {
    return this.#header.metadata === null ? null : { ...this.#header.metadata };
  }

  #entry(name: unknown, what: string): HeaderEntry {
    if (typeof name !== 'string') throw new TypeError(`${what}: name must be a string (got ${describeValue(name)})`);
    if (this.#closed) throw new Error(`${what}: the file is closed`);
    const entry = this.#byName.get(name);
    if (entry === undefined) throw new RangeError(`${what}: File does not contain tensor ${name}`);
    return entry;
  }

  #cpuTensor(entry: HeaderEntry): Tensor {
    const dtype = dtypeOf(entry);
    if (entry.end === entry.begin) return native.fromTypedArray(new Uint8Array(0), dtype, entry.shape, false);
    if (this.#mapping !== null) return native.tensorFromMapping(this.#mapping, this.#header.dataStart + entry.begin, dtype, entry.shape);
    const bytes = readExactly(this.#fd!, this.#header.dataStart + entry.begin, entry.end - entry.begin, this.#file);
    return tensorFromBytes(bytes, { ...entry, begin: 0, end: bytes.length }, true);
  }

  /**
   * The tensor `name` on the file's device (Python's `get_tensor`).
   * @example const w = f.getTensor('weight');
   */
  getTensor(name: string): Tensor {
    const t = this.#cpuTensor(this.#entry(name, 'getTensor()'));
    return this.#device === 'cpu' ? t : t.to(this.#device);
  }

  /**
   * A lazy view of the tensor `name` (Python's `get_slice`): its shape and dtype without reading
   * it, and index() to read part of it (with mmap only the touched pages are read).
   * @example const firstRows = f.getSlice('embeddings').index([torch.slice(0, 10)]);
   */
  getSlice(name: string): SafeSlice {
    const entry = this.#entry(name, 'getSlice()');
    return new SafeSlice(entry.shape, entry.format, (indices) => {
      if (this.#closed) throw new Error('SafeSlice.index(): the file is closed');
      const full = this.#cpuTensor(entry);
      const part = full.index(indices).clone();
      return this.#device === 'cpu' ? part : part.to(this.#device);
    });
  }

  /** Releases the file (tensors already returned stay valid). @example f.close() */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#mapping = null;
    if (this.#fd !== null) closeSync(this.#fd);
    this.#fd = null;
  }

  [Symbol.dispose](): void {
    this.close();
  }
}

/**
 * One tensor of an open file, not yet read (from SafeOpen.getSlice).
 * @example const s = f.getSlice('w'); s.getShape(); s.index([0, torch.slice(null, 5)])
 */
export class SafeSlice {
  /** @internal */
  constructor(readonly shape: readonly number[], private readonly format: string,
    private readonly read: (indices: Indices) => Tensor) {}

  /** The tensor's shape. @example s.getShape() // [1024, 768] */
  getShape(): number[] {
    return [...this.shape];
  }

  /** The safetensors dtype string, as Python's `get_dtype()` ('F32', 'BF16', ...). @example s.getDtype() */
  getDtype(): string {
    return this.format;
  }

  /** The indexed part of the tensor, as `x.index(indices)` would give it, in memory of its own. @example s.index([torch.slice(0, 2)]) */
  index(indices: Indices): Tensor {
    return this.read(indices);
  }
}

/**
 * Opens a safetensors file (Python's `safe_open`); see SafeOpen.
 * @example
 * using f = torch.safetensors.safeOpen('model.safetensors');
 * console.log(f.metadata(), f.keys());
 */
export function safeOpen(path: string | URL, options: LoadFileOptions = {}): SafeOpen {
  return new SafeOpen(path, options);
}

/**
 * The tensors of a safetensors file (Python's `safetensors.torch.load_file`), in file order. By
 * default (`mmap: true`, as Python) CPU tensors are copy-on-write views of the mapped file, read
 * from disk as they are touched; `mmap: false` reads their bytes into memory.
 * @example const stateDict = torch.safetensors.loadFile('model.safetensors');
 * @example const onGpu = torch.safetensors.loadFile('model.safetensors', { device: 'cuda' });
 */
export function loadFile(path: string | URL, options: LoadFileOptions = {}): Record<string, Tensor> {
  const f = new SafeOpen(path, options);
  try {
    const out: Record<string, Tensor> = {};
    for (const name of f.offsetKeys()) defineEntry(out, name, f.getTensor(name));
    return out;
  } finally {
    f.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Models with tied (shared) weights: Python's save_model / load_model.

/** What saveModel() and loadModel() use of a module: an `nn.Module` has both. */
export interface StateDictModule {
  stateDict(): Record<string, Tensor>;
  loadStateDict(stateDict: Record<string, Tensor>, options: { strict: boolean }): { missingKeys: string[]; unexpectedKeys: string[] };
}

/** Options of saveModel(). */
export interface SaveModelOptions extends SaveOptions {
  /** Save non-contiguous tensors as contiguous copies instead of refusing them (default false). */
  forceContiguous?: boolean;
}

/** Options of loadModel(). */
export interface LoadModelOptions {
  /** Require the file's names to match the model's exactly (default true). */
  strict?: boolean;
  /** Where the loaded tensors go before being copied into the model (default 'cpu'). */
  device?: Device;
}

function compareNames(a: string, b: string): number {
  return compareUtf8(Buffer.from(a), Buffer.from(b));
}

// Python's _remove_duplicate_names: for each group of tensors sharing memory, the name to keep
// (one covering its whole storage, preferring `preferred`, then the first in sorted order) and
// the names to drop.
function duplicateNames(stateDict: Record<string, Tensor>, preferred: ReadonlySet<string>): Map<string, string[]> {
  const items = Object.entries(stateDict).map(([name, tensor]) => ({ name, tensor, span: native.tensorMemorySpan(tensor) }));
  const byName = new Map(items.map((i) => [i.name, i]));
  const out = new Map<string, string[]>();
  for (const group of sharedGroups(items)) {
    const complete = group.filter((name) => {
      const { tensor, span } = byName.get(name)!;
      return span[3] === span[1] && tensor.numel() * dtypeInfo[tensor.dtype].itemsize === span[2];
    }).sort(compareNames);
    if (complete.length === 0) {
      throw new Error(`Error while trying to find names to remove to save state dict, but found no suitable name to keep for saving amongst: ${JSON.stringify(group)}. ` +
        'None is covering the entire storage. Refusing to save/load the model since you could be storing much more memory than needed. ' +
        'Please refer to https://huggingface.co/docs/safetensors/torch_shared_tensors for more information.');
    }
    const keep = complete.find((name) => preferred.has(name)) ?? complete[0]!;
    out.set(keep, group.filter((name) => name !== keep).sort(compareNames));
  }
  return out;
}

function moduleOf(model: unknown, what: string): StateDictModule {
  const m = model as Partial<StateDictModule> | null;
  // nn.Module instances are callable: typeof 'function'.
  if (m === null || (typeof m !== 'object' && typeof m !== 'function') || typeof m.stateDict !== 'function' || typeof m.loadStateDict !== 'function') {
    throw new TypeError(`${what}: model must be an nn.Module (got ${describeValue(model)})`);
  }
  return m as StateDictModule;
}

/**
 * Saves a model's state dict to `path` (Python's `safetensors.torch.save_model`): tensors that
 * share memory (tied weights) are saved once, under the name that sorts first, and the metadata
 * records each dropped name with the name kept (`{ 'lmHead.weight': 'embed.weight' }`), as Python
 * does; loadModel() restores them.
 * @example torch.safetensors.saveModel(model, 'model.safetensors');
 */
export function saveModel(model: StateDictModule, path: string | URL, options: SaveModelOptions = {}): void {
  const m = moduleOf(model, 'saveModel()');
  if (options === null || typeof options !== 'object') throw new TypeError(`saveModel(): options must be an object (got ${describeValue(options)})`);
  const { forceContiguous = false, ...saveOptions } = options;
  if (typeof forceContiguous !== 'boolean') throw new TypeError(`saveModel(): forceContiguous must be a boolean (got ${describeValue(forceContiguous)})`);
  const stateDict: Record<string, Tensor> = { ...m.stateDict() };
  let metadata = metadataEntries(saveOptions.metadata, 'saveModel()');
  for (const [kept, dropped] of duplicateNames(stateDict, new Set())) {
    for (const name of dropped) {
      metadata ??= [];
      if (!metadata.some(([k]) => k === name)) metadata.push([name, kept]);
      delete stateDict[name];
    }
  }
  if (forceContiguous) for (const [k, v] of Object.entries(stateDict)) defineEntry(stateDict, k, v.contiguous());
  try {
    saveFile(stateDict, path, { ...saveOptions, metadata: metadata === null ? null : new Map(metadata) });
  } catch (e) {
    if (e instanceof Error && e.message.includes('non contiguous tensor')) {
      e.message += ' Or use saveModel(..., { forceContiguous: true }), read the docs for potential caveats.';
    }
    throw e;
  }
}

/**
 * Loads a file saved by saveModel() (or Python's `save_model`) into `model` (Python's
 * `safetensors.torch.load_model`): tied weights saved once are restored through the name kept.
 * Returns the names the model has but the file lacks, and those the file has but the model does
 * not use; with `strict` (the default) either throws.
 * @example const { missingKeys, unexpectedKeys } = torch.safetensors.loadModel(model, 'model.safetensors');
 */
export function loadModel(model: StateDictModule, path: string | URL, options: LoadModelOptions = {}): { missingKeys: string[]; unexpectedKeys: string[] } {
  const m = moduleOf(model, 'loadModel()');
  if (options === null || typeof options !== 'object') throw new TypeError(`loadModel(): options must be an object (got ${describeValue(options)})`);
  const { strict = true, ...rest } = options;
  if (typeof strict !== 'boolean') throw new TypeError(`loadModel(): strict must be a boolean (got ${describeValue(strict)})`);
  const stateDict = loadFile(path, rest);
  const dropped = duplicateNames(m.stateDict(), new Set(Object.keys(stateDict)));
  const result = m.loadStateDict(stateDict, { strict: false });
  const missing = new Set(result.missingKeys);
  const unexpected = [...result.unexpectedKeys];
  for (const group of dropped.values()) {
    for (const name of group) {
      if (missing.has(name)) missing.delete(name);
      else unexpected.push(name);
    }
  }
  if (strict && (missing.size > 0 || unexpected.length > 0)) {
    const list = (names: Iterable<string>) => [...names].sort(compareNames).map((k) => `"${k}"`).join(', ');
    let error = `Error(s) in loading state_dict for ${(model as object).constructor.name}:`;
    if (missing.size > 0) error += `\n    Missing key(s) in state_dict: ${list(missing)}`;
    if (unexpected.length > 0) error += `\n    Unexpected key(s) in state_dict: ${list(unexpected)}`;
    throw new Error(error);
  }
  return { missingKeys: [...missing], unexpectedKeys: unexpected };
}
