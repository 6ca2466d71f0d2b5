import { describe, expect, it } from 'vitest';
import * as torch from '../lib/torch.js';
import { oracle } from './helpers/python.js';

describe('torch.Size', () => {
  it("x.size() prints as Python's torch.Size and counts elements as numel()", () => {
    const py = oracle<{ str: string[]; numel: number[] }>('size', 'reprs');
    const shapes = [[], [3], [64, 1, 28, 28], [0, 5]];
    expect(shapes.map((s) => String(torch.zeros(s).size()))).toEqual(py.str);
    expect(shapes.map((s) => `${torch.zeros(s).size()}`)).toEqual(py.str);
    expect(shapes.map((s) => new torch.Size(s).numel())).toEqual(py.numel);
  });

  it('is an array of numbers as x.shape is, whose derived arrays are plain', () => {
    const s = torch.zeros(2, 3).size();
    expect(s).toBeInstanceOf(torch.Size);
    expect(Array.isArray(s)).toBe(true);
    expect([...s]).toEqual([2, 3]);
    const [a, b] = s;
    expect([a, b, s.length, JSON.stringify(s)]).toEqual([2, 3, 2, '[2,3]']);
    const mapped = s.map((d) => d * 2);
    expect(mapped).not.toBeInstanceOf(torch.Size);
    expect(mapped).toEqual([4, 6]);
    expect(torch.zeros(2, 3).size(-1)).toBe(3);
  });

  it('new torch.Size(iterable) checks its items', () => {
    expect(String(new torch.Size([4, 5]))).toBe('torch.Size([4, 5])');
    expect(() => new torch.Size([1.5])).toThrow(TypeError);
    expect(() => new torch.Size(['a' as unknown as number])).toThrow(TypeError);
  });
});
