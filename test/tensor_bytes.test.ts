// native/tensor_bytes.cpp: the memory span and the bounded byte copy that serializers use.
import { describe, expect, it } from 'vitest';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as torch from '../lib/index.js';
import { native } from '../lib/binding.js';

describe('tensorMemorySpan', () => {
  it('gives the storage and the bytes a view reaches', () => {
    const x = torch.zeros([4, 4]);
    const [layout, storage, storageBytes, start, end] = native.tensorMemorySpan(x);
    expect([layout, storageBytes, end - start]).toEqual(['strided', 64, 64]);
    expect(start).toBe(storage);
    const row = x.index([1]);
    const span = native.tensorMemorySpan(row);
    expect([span[1], span[3] - start, span[4] - span[3]]).toEqual([storage, 16, 16]);
    // A column reaches from its first to its last element: 3 rows of 16 bytes and one float.
    const col = x.index([torch.slice(null, null), 2]);
    expect((native.tensorMemorySpan(col).slice(3) as number[]).map((v) => v - start)).toEqual([8, 8 + 3 * 16 + 4]);
    expect(native.tensorMemorySpan(torch.zeros([0]))[4] - native.tensorMemorySpan(torch.zeros([0]))[3]).toBe(0);
    expect(native.tensorMemorySpan(torch.eye(2).toSparse())).toEqual(['sparse_coo', 0, 0, 0, 0]);
  });
});

describe('copyTensorBytes', () => {
  it('copies the requested bytes and checks every range natively', () => {
    const x = torch.tensor([1, 2, 3, 4], { dtype: 'int32' });
    const out = new Uint8Array(20).fill(9);
    native.copyTensorBytes(x, out, 2, 4, 8);
    expect(Array.from(out)).toEqual([9, 9, 2, 0, 0, 0, 3, 0, 0, 0, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9]);
    const f = native.copyTensorBytes as unknown as (...a: unknown[]) => void;
    expect(() => f(x, out, 0, 12, 8)).toThrow(/outside the tensor's 16 bytes/);
    expect(() => f(x, out, 16, 0, 8)).toThrow(/do not fit the 20-byte dest/);
    expect(() => f(x, new Float32Array(8), 0, 0, 4)).toThrow(/dest must be a Uint8Array/);
    expect(() => f(x, [1, 2], 0, 0, 4)).toThrow(/dest must be a Uint8Array/);
    expect(() => f(x, out, -1, 0, 4)).toThrow(/destOffset must be a non-negative safe integer/);
    expect(() => f(x, out, 0, 2 ** 53, 4)).toThrow(/srcOffset must be a non-negative safe integer/);
    expect(() => f(x, out, 0, 0, NaN)).toThrow(/byteLength must be a non-negative safe integer/);
    expect(() => f(torch.zeros([2, 2]).t(), out, 0, 0, 4)).toThrow(/not contiguous/);
    expect(() => f({}, out, 0, 0, 4)).toThrow(TypeError);
    const detached = new Uint8Array(8);
    structuredClone(detached.buffer, { transfer: [detached.buffer] });
    expect(() => f(x, detached, 0, 0, 0)).toThrow(/detached/);
    expect(() => f(torch.complex(torch.ones([1]), torch.ones([1])).conj(), out, 0, 0, 8)).toThrow(/conjugate/);
  });
});

describe('writeTensorBytes', () => {
  it('appends the tensor\'s bytes to the descriptor, and reports write errors with their code', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tn-bytes-'));
    try {
      const path = join(dir, 'out.bin');
      const fd = openSync(path, 'w');
      native.writeTensorBytes(torch.tensor([1, 2], { dtype: 'int16' }), fd);
      native.writeTensorBytes(torch.zeros([0]), fd);
      native.writeTensorBytes(torch.tensor([true]), fd);
      closeSync(fd);
      expect(Array.from(readFileSync(path))).toEqual([1, 0, 2, 0, 1]);
      const readOnly = openSync(path, 'r');
      expect(() => native.writeTensorBytes(torch.ones([1]), readOnly)).toThrow(expect.objectContaining({ code: 'EBADF', syscall: 'write' }));
      closeSync(readOnly);
      expect(() => native.writeTensorBytes(torch.ones([1]), -1)).toThrow(/fd must be a non-negative safe integer/);
      expect(() => native.writeTensorBytes(torch.ones([2, 2]).t(), 1)).toThrow(/not contiguous/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
