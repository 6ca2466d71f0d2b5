// SVHN against torchvision's (scipy.io.loadmat), over .mat files written by scipy.io.savemat
// (test/oracles/vision/datasets/fixtures.py): train compressed (miCOMPRESSED), test not.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { datasets, transforms, Image } from '../../../lib/vision/index.js';
import { oracles } from '../../helpers/python.js';
import { tempDir } from '../../helpers/tmp.js';

interface Read {
  len: number; labels: number[]; dataShape: number[]; data: number[];
  item1: { mode: string; data: number[]; label: number }; repr: string;
}

const root = tempDir('torch-node-svhn-');
let py: { train: Read; test: Read; checked: string };

beforeAll(() => {
  const r = oracles<[unknown, Read, Read, string]>([
    ['vision/datasets/fixtures', 'svhn', root],
    ['vision/datasets/svhn', 'read', root, 'train'],
    ['vision/datasets/svhn', 'read', root, 'test'],
    ['vision/datasets/svhn', 'checked', root],
  ]);
  py = { train: r[1], test: r[2], checked: r[3] };
});

describe('SVHN', () => {
  it('reads compressed and plain .mat files as torchvision (data N x 3 x 32 x 32, label 10 -> 0, items, repr)', () => {
    for (const split of ['train', 'test'] as const) {
      const ds = new datasets.SVHN(root, split, { checkIntegrity: false });
      const want = py[split];
      expect(ds.length).toBe(want.len);
      expect(ds.labels).toEqual(want.labels);
      expect(ds.data.shape).toEqual(want.dataShape);
      expect(Array.from(ds.data.contiguous().dataSync() as Uint8Array)).toEqual(want.data);
      expect(ds.data.isContiguous()).toBe(false);
      const [img, label] = ds.getItem(1);
      expect(img).toBeInstanceOf(Image);
      expect(img.mode).toBe(want.item1.mode);
      expect(Array.from(img.data.dataSync() as Uint8Array)).toEqual(want.item1.data);
      expect(label).toBe(want.item1.label);
      expect(String(ds)).toBe(want.repr);
    }
    expect(py.train.labels[0]).toBe(0);
  });

  it('md5 check, download, options and errors', () => {
    expect(py.checked).toBe('Dataset not found or corrupted. You can use download=True to download it');
    expect(() => new datasets.SVHN(root)).toThrow(`SVHN: ${py.checked}`);
    const empty = tempDir('torch-node-svhn-empty-');
    expect(() => new datasets.SVHN(empty, 'extra', { download: true })).toThrow(`http://ufldl.stanford.edu/housenumbers/extra_32x32.mat\n    -> ${join(empty, 'extra_32x32.mat')}`);
    expect(() => new datasets.SVHN(root, 'valid' as never)).toThrow("SVHN: Unknown value 'valid' for argument split. Valid values are {'train', 'test', 'extra'}.");
    expect(() => new datasets.SVHN(root, { split: 'test', chekIntegrity: false } as never)).toThrow("SVHN: unknown option 'chekIntegrity'");
    const ds = new datasets.SVHN({ root, split: 'test', checkIntegrity: false, transform: transforms.ToTensor() });
    expect(ds.getItem(0)[0].shape).toEqual([3, 32, 32]);
    // A truncated file and a v7.3 (HDF5) file are errors naming the file.
    const bad = tempDir('torch-node-svhn-bad-');
    writeFileSync(join(bad, 'test_32x32.mat'), readFileSync(join(root, 'test_32x32.mat')).subarray(0, 2000));
    expect(() => new datasets.SVHN(bad, 'test', { checkIntegrity: false })).toThrow(/test_32x32\.mat: .*truncated/);
    const h5 = Buffer.alloc(512);
    h5.write('MATLAB 7.3 MAT-file, Platform: GLNXA64, Created on: Mon Jan  1 00:00:00 2024 HDF5 schema 1.00 .', 0, 'latin1');
    h5.writeUInt16LE(0x0200, 124);
    h5.write('IM', 126, 'latin1');
    writeFileSync(join(bad, 'test_32x32.mat'), h5);
    expect(() => new datasets.SVHN(bad, 'test', { checkIntegrity: false })).toThrow(/v7\.3 \(HDF5\)/);
    // Any truncation or corrupted byte of either file is a JS error, or a dataset.
    for (const file of ['train_32x32.mat', 'test_32x32.mat']) {
      const good = readFileSync(join(root, file));
      for (let k = 0; k < 40; k++) {
        const at = Math.floor((k * 7919) % good.length);
        writeFileSync(join(bad, 'test_32x32.mat'), k % 2 === 0 ? good.subarray(0, at) : Buffer.from(good).fill((k * 37) & 0xff, at, at + 1));
        try {
          expect(new datasets.SVHN(bad, 'test', { checkIntegrity: false }).length).toBeGreaterThan(0);
        } catch (e) {
          expect(e).toBeInstanceOf(Error);
        }
      }
    }
    copyFileSync(join(root, 'train_32x32.mat'), join(bad, 'train_32x32.mat'));
    expect(new datasets.SVHN(bad, { checkIntegrity: false }).length).toBe(py.train.len);
  });
});
