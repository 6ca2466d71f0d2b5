// native/mapped_file.cpp: mapFile / mappedFileByteLength / tensorFromMapping. Values come from
// files PyTorch writes; lifetime is checked in child processes (--expose-gc) through
// /proc/self/maps, which lists the mapping for exactly as long as it exists.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as torch from '../lib/index.js';
import { native } from '../lib/binding.js';
import { oracle } from './helpers/python.js';
import { childJsonLines } from './helpers/child.js';

let dir = '';
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'tn-mapped-')); });
afterAll(() => { rmSync(dir, { recursive: true, force: true }); });

const distBinding = fileURLToPath(new URL('../dist/lib/binding.js', import.meta.url));

describe('tensorFromMapping', () => {
  it('reads the values PyTorch wrote, for several dtypes, offsets and strides', () => {
    const path = join(dir, 'values.bin');
    // Layout: 8 bytes of 'x', float32 [2,3], int64 [3], bfloat16 [4], float64 [2,2], one odd byte.
    const expected = oracle<{ f32: number[][]; i64: string[]; bf16: number[]; f64: number[][]; tf64: number[][] }>('mapped_file', 'read_written_values', path);
    const m = native.mapFile(path);
    expect(native.mappedFileByteLength(m)).toBe(8 + 24 + 24 + 8 + 32 + 1);
    const a = native.tensorFromMapping(m, 8, 'float32', [2, 3]);
    expect(a.dtype).toBe('float32');
    expect(a.device).toBe('cpu');
    expect(a.tolist()).toEqual(expected.f32);
    const b = native.tensorFromMapping(m, 32, 'int64', [3]);
    expect(Array.from(b.dataSync() as BigInt64Array, String)).toEqual(expected.i64);
    expect(native.tensorFromMapping(m, 56, 'bfloat16', [4]).float().tolist()).toEqual(expected.bf16);
    expect(native.tensorFromMapping(m, 64, 'float64', [2, 2]).tolist()).toEqual(expected.f64);
    // Transposed view through explicit strides (in elements).
    const t = native.tensorFromMapping(m, 64, 'float64', [2, 2], [1, 2]);
    expect(t.stride()).toEqual([1, 2]);
    expect(t.tolist()).toEqual(expected.tf64);
    // A 0-dim tensor and a 0-size tensor (at the very end of the file: nothing to read).
    expect(native.tensorFromMapping(m, 8, 'float32', []).item()).toBe(expected.f32[0]![0]);
    expect(native.tensorFromMapping(m, 97, 'float32', [0, 5]).shape).toEqual([0, 5]);
    // The last byte: a uint8 tensor that ends exactly at the end of the file.
    expect(native.tensorFromMapping(m, 96, 'uint8', [1]).tolist()).toEqual([33]);
  });

  it('copies memory not aligned to the element size (same values, not file-backed)', () => {
    const path = join(dir, 'unaligned.bin');
    const values = oracle<number[]>('mapped_file', 'unaligned_values', path);
    const m = native.mapFile(path);
    const t = native.tensorFromMapping(m, 1, 'float32', [3]);
    expect(t.tolist()).toEqual(values);
    t.mul_(2); // a private copy: the file and the mapping stay as they were
    expect(native.tensorFromMapping(m, 1, 'float32', [3]).tolist()).toEqual(values);
  });

  it('is copy-on-write: in-place ops change the tensor, never the file', () => {
    const path = join(dir, 'cow.bin');
    const original = Buffer.from(new Float32Array([1, 2, 3, 4]).buffer);
    writeFileSync(path, original);
    const m = native.mapFile(path);
    const t = native.tensorFromMapping(m, 0, 'float32', [4]);
    t.add_(10);
    expect(t.tolist()).toEqual([11, 12, 13, 14]);
    // Another tensor over the same mapping sees the private write (one mapping, one private copy)...
    expect(native.tensorFromMapping(m, 0, 'float32', [4]).tolist()).toEqual([11, 12, 13, 14]);
    // ...but the file does not, nor does a new mapping of it.
    expect(readFileSync(path).equals(original)).toBe(true);
    expect(native.tensorFromMapping(native.mapFile(path), 0, 'float32', [4]).tolist()).toEqual([1, 2, 3, 4]);
    // The mapping cannot grow: resizing past it is refused, not a write past the end.
    expect(() => t.resize_([1 << 20])).toThrow(/not resizable/);
    expect(t.tolist()).toEqual([11, 12, 13, 14]);
  });

  it('validates every argument natively', () => {
    const path = join(dir, 'small.bin');
    writeFileSync(path, Buffer.alloc(16));
    const m = native.mapFile(path);
    const f = native.tensorFromMapping as unknown as (...args: unknown[]) => unknown;
    const cases: [unknown[], RegExp, ErrorConstructor][] = [
      [[{}, 0, 'float32', [1]], /handle must be a mapped file handle/, TypeError],
      [[torch.ones(1), 0, 'float32', [1]], /handle must be a mapped file handle/, TypeError],
      [[torch.defaultGenerator.handle, 0, 'float32', [1]], /handle must be a mapped file handle/, TypeError],
      [[m, -8, 'float32', [1]], /byteOffset must be a non-negative safe integer/, TypeError],
      [[m, 0.5, 'float32', [1]], /byteOffset must be a non-negative safe integer/, TypeError],
      [[m, 2 ** 53, 'float32', [1]], /byteOffset must be a non-negative safe integer/, TypeError],
      [[m, '0', 'float32', [1]], /byteOffset must be a non-negative safe integer/, TypeError],
      [[m, 0, 'float128', [1]], /dtype 'float128' is not a torch-node dtype/, TypeError],
      [[m, 0, 7, [1]], /dtype must be a string/, TypeError],
      [[m, 0, 'float32', 4], /shape must be an array/, TypeError],
      [[m, 0, 'float32', [-1]], /shape\[0\] must be a non-negative safe integer/, TypeError],
      [[m, 0, 'float32', [2, NaN]], /shape\[1\] must be a non-negative safe integer/, TypeError],
      [[m, 0, 'float32', new Array(65).fill(1)], /at most 64/, RangeError],
      [[m, 0, 'float32', [5]], /reaches past the end of the 16-byte file/, RangeError],
      [[m, 4, 'float32', [4]], /reaches past the end/, RangeError],
      [[m, 17, 'uint8', [0]], /byteOffset 17 is past the end/, RangeError],
      [[m, 0, 'float32', [2, 2], [2]], /strides has 1 entries but shape has 2/, RangeError],
      [[m, 0, 'float32', [2, 2], [1, -1]], /strides\[1\] must be a non-negative safe integer/, TypeError],
      [[m, 0, 'float32', [2, 2], [3, 1]], /reaches past the end/, RangeError],
      // Sizes and strides whose extent overflows int64 in every way.
      [[m, 0, 'float32', [2 ** 40, 2 ** 40]], /overflows int64/, RangeError],
      [[m, 0, 'float32', [2, 2], [2 ** 53 - 1, 2 ** 53 - 1]], /reaches past the end|overflows/, RangeError],
      [[m, 0, 'float32', [2 ** 52, 2 ** 11], [2 ** 52, 1]], /overflows/, RangeError],
    ];
    for (const [args, message, type] of cases) {
      let thrown: unknown;
      try { f(...args); } catch (e) { thrown = e; }
      expect(thrown, `${String(message)}`).toBeInstanceOf(type);
      expect((thrown as Error).message).toMatch(message);
    }
    expect(() => native.mappedFileByteLength({} as never)).toThrow(TypeError);
    // A stride of 0 repeats one element, which stays inside the file.
    expect(native.tensorFromMapping(m, 12, 'float32', [1000], [0]).sum().item()).toBe(0);
  });
});

describe('mapFile', () => {
  it('refuses missing files, directories, empty and non-regular files with clear errors', () => {
    const missing = join(dir, 'missing.bin');
    expect(() => native.mapFile(missing)).toThrow(expect.objectContaining({
      code: 'ENOENT', syscall: 'open', path: missing, message: expect.stringMatching(/No such file or directory \(ENOENT\)/) as unknown,
    }));
    expect(() => native.mapFile(dir)).toThrow(expect.objectContaining({ code: 'EISDIR' }));
    const empty = join(dir, 'empty.bin');
    writeFileSync(empty, '');
    expect(() => native.mapFile(empty)).toThrow(RangeError);
    expect(() => native.mapFile(empty)).toThrow(/is empty/);
    // A FIFO: opened without waiting for a writer, then refused.
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    expect(() => native.mapFile(fifo)).toThrow(/is not a regular file/);
    expect(() => native.mapFile('/dev/null')).toThrow(TypeError);
    const sub = join(dir, 'noperm');
    mkdirSync(sub);
    symlinkSync(join(sub, 'nowhere'), join(dir, 'dangling'));
    expect(() => native.mapFile(join(dir, 'dangling'))).toThrow(expect.objectContaining({ code: 'ENOENT' }));
    expect(() => native.mapFile(42 as never)).toThrow(TypeError);
    expect(() => native.mapFile('a\0b')).toThrow(/null bytes/);
  });

  it('keeps the mapping alive while a tensor uses it, and unmaps it when all are gone', () => {
    const path = join(dir, 'lifetime.bin');
    writeFileSync(path, Buffer.from(new Float64Array(1 << 16).map((_, i) => i).buffer));
    const [r] = childJsonLines<Record<string, unknown>>(`
const { native } = await import(${JSON.stringify(distBinding)});
const { readFileSync } = await import('node:fs');
const mapped = () => readFileSync('/proc/self/maps', 'utf8').split('\\n').filter((l) => l.endsWith(${JSON.stringify(path)})).length;
const settle = async () => { for (let i = 0; i < 4; i++) { gc(); torch.zeros(1); await new Promise((r) => setImmediate(r)); } };
const out = { before: mapped() };
let handle = native.mapFile(${JSON.stringify(path)});
let t = native.tensorFromMapping(handle, 8 * 100, 'float64', [4]);
let u = native.tensorFromMapping(handle, 8 * 65000, 'float64', [2]);
out.mapped = mapped();
handle = null;
await settle();
out.afterHandleGone = mapped();
out.values = t.tolist();
t.dispose();
await settle();
out.afterOneTensor = mapped();
out.u = u.tolist();
u = null;
await settle();
out.afterAll = mapped();
emit(out);`, { nodeArgs: ['--expose-gc'] });
    expect(r).toEqual({
      before: 0, mapped: 1, afterHandleGone: 1, values: [100, 101, 102, 103],
      afterOneTensor: 1, u: [65000, 65001], afterAll: 0,
    });
  });
});
