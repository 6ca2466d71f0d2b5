// torch.save and torch.load within Node: values, sharing, cycles, mmap, mapLocation, bad arguments.
import { describe, expect, it } from 'vitest';
import * as torch from '../../lib/index.js';
import type { Tensor } from '../../lib/index.js';
import { tempFiles } from './helpers.js';

const file = tempFiles('tn-ser-node-');

describe('Node save -> Node load', () => {
  it('round-trips values, sharing and cycles through a Buffer', () => {
    const base = torch.arange(6, { dtype: 'int64' });
    const list: unknown[] = [1, 2];
    list.push(list);
    const obj = { a: base, v: base.narrow(0, 2, 3), m: new Map([[7, 'x']]), list, big: 2n ** 60n, x: 1.25, u: new Uint8Array([1, 2]) };
    const buf = torch.save(obj);
    expect(Buffer.isBuffer(buf)).toBe(true);
    const d = torch.load(buf) as typeof obj;
    expect(d.a.tolist()).toEqual([0, 1, 2, 3, 4, 5]);
    d.a.fill_(9);
    expect(d.v.tolist()).toEqual([9, 9, 9]);
    expect(d.m.get(7)).toBe('x');
    expect((d.list as unknown[])[2]).toBe(d.list);
    expect(d.big).toBe(2n ** 60n);
    expect(d.x).toBe(1.25);
    expect([...d.u]).toEqual([1, 2]);
  });

  it('mmap: tensors over the mapped file, copy-on-write', () => {
    const w = torch.arange(1000, { dtype: 'float32' });
    torch.save({ h: torch.tensor([1, 2], { dtype: 'float16' }), w, v: w.narrow(0, 10, 5) }, file('mm.pt'));
    const d = torch.load(file('mm.pt'), { mmap: true }) as { h: Tensor; w: Tensor; v: Tensor };
    expect(d.h.tolist()).toEqual([1, 2]);
    expect(d.w.sum().item()).toBe(499500);
    expect(d.v.tolist()).toEqual([10, 11, 12, 13, 14]);
    d.w.fill_(1);
    expect(d.v.tolist()).toEqual([1, 1, 1, 1, 1]);
    const again = torch.load(file('mm.pt')) as { w: Tensor };
    expect(again.w.sum().item()).toBe(499500);
  });

  it('mapLocation and bad arguments', () => {
    torch.save({ w: torch.ones(2) }, file('ml.pt'));
    const seen: string[] = [];
    torch.load(file('ml.pt'), { mapLocation: (loc) => { seen.push(loc); return 'cpu'; } });
    expect(seen).toEqual(['cpu']);
    expect(() => torch.load(file('ml.pt'), { map_location: 'cpu' } as never)).toThrow(/mapLocation/);
    expect(() => torch.load(42 as never)).toThrow(TypeError);
    expect(() => torch.save({ f: () => 1 }, file('bad.pt'))).toThrow(/cannot save a function \(at obj\.f\)/);
    expect(() => torch.save({ d: new Date() }, file('bad.pt'))).toThrow(/cannot save a Date/);
    const selfSet = new Set<unknown>();
    selfSet.add(selfSet);
    expect(() => torch.save({ selfSet })).toThrow(/a Set cannot contain itself \(at obj\.selfSet item 0\)/);
    expect(() => torch.load(file('does-not-exist.pt'))).toThrow(/ENOENT|No such file/);
    const base = torch.zeros(4);
    expect(() => torch.save([base, base.view('int32')])).toThrow(/view the same data as different types/);
    // Sparse arrays are refused at their first hole, before a walk of 2^32 - 1 indices.
    expect(() => torch.save(Object.assign([], { length: 2 ** 32 - 1 }))).toThrow(/hole at index 0 \(a sparse array of length 4294967295\)/);
    expect(() => torch.save({ a: Object.assign([1, 2], { length: 5 }) })).toThrow(/array at obj\.a: the array has a hole at index 2/);
    expect(torch.load(torch.save([1, undefined, 3]))).toEqual([1, null, 3]);
  });
});
