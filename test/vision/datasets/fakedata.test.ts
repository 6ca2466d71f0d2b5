// FakeData against torchvision's: the same images and targets for the same index (per-index
// seeding through the global generator, restored afterwards), ToPILImage's uint8 conversion.
import { describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import { datasets, transforms, Image } from '../../../lib/vision/index.js';
import { oracleBatch } from '../../helpers/python.js';

interface Items { items: { mode: string; size: number[]; data: number[]; target: number }[]; repr: string }

const py = oracleBatch<{ rgb: Items; gray: Items; rgba: Items; offset: Items; rng: number[] }>({
  rgb: ['vision/datasets/fakedata', 'items', 10, [3, 5, 7], 10, 0, [0, 1, 9]],
  gray: ['vision/datasets/fakedata', 'items', 4, [1, 6, 4], 3, 0, [2]],
  rgba: ['vision/datasets/fakedata', 'items', 4, [4, 3, 3], 1000, 0, [3]],
  offset: ['vision/datasets/fakedata', 'items', 5, [3, 4, 4], 7, 123, [0, 4]],
  rng: ['vision/datasets/fakedata', 'rng_restored', 11],
});

function check(ds: datasets.FakeData, want: Items, indices: number[]): void {
  indices.forEach((index, k) => {
    const [img, target] = ds.getItem(index);
    const w = want.items[k]!;
    expect(img).toBeInstanceOf(Image);
    expect(img.mode).toBe(w.mode);
    expect(img.size).toEqual(w.size);
    expect(Array.from(img.data.dataSync() as Uint8Array)).toEqual(w.data);
    expect(target).toBe(w.target);
  });
  expect(String(ds)).toBe(want.repr);
}

describe('FakeData', () => {
  it('gives torchvision\'s images and targets for the same index, size and offset', () => {
    check(new datasets.FakeData(10, [3, 5, 7], 10), py().rgb, [0, 1, 9]);
    check(new datasets.FakeData({ size: 4, imageSize: [1, 6, 4], numClasses: 3 }), py().gray, [2]);
    check(new datasets.FakeData(4, [4, 3, 3], 1000), py().rgba, [3]);
    check(new datasets.FakeData(5, [3, 4, 4], 7, { randomOffset: 123 }), py().offset, [0, 4]);
  });

  it('restores the global random state around each item', () => {
    const ds = new datasets.FakeData(4, [3, 4, 4]);
    torch.manualSeed(11);
    ds.getItem(2);
    expect(torch.rand(3).tolist()).toEqual(py().rng.map(Math.fround));
  });

  it('transforms (targetTransform gets torchvision\'s 0-dim int64 tensor), defaults and errors', () => {
    const ds = new datasets.FakeData(3, [3, 8, 8], 5, { transform: transforms.ToTensor(), targetTransform: (t) => t.add(100) });
    const [x, y] = ds.getItem(1);
    expect(x.shape).toEqual([3, 8, 8]);
    expect(y).toBe(new datasets.FakeData(3, [3, 8, 8], 5).getItem(1)[1] + 100);
    const def = new datasets.FakeData();
    expect([def.length, def.imageSize, def.numClasses, def.randomOffset]).toEqual([1000, [3, 224, 224], 10, 0]);
    expect(() => ds.getItem(3)).toThrow('FakeData index out of range');
    expect(() => new datasets.FakeData(3, [5, 2, 2])).toThrow('pic should not have > 4 channels');
    expect(() => new datasets.FakeData(-1)).toThrow(/size must be a non-negative integer/);
    expect(() => new datasets.FakeData({ sise: 3 } as never)).toThrow(/unknown option 'sise'/);
  });
});
