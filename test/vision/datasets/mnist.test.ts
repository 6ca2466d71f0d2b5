import { existsSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
// Imports the modules directly (rather than lib/index.js) so these tests do not depend on
// unrelated parts of the package.
import * as torch from '../../../lib/torch.js';
import type { Tensor } from '../../../lib/torch.js';
import * as data from '../../../lib/utils/data/index.js';
import { datasets, transforms } from '../../../lib/vision/index.js';
import { oracle, oracles } from '../../helpers/python.js';
import { tempDir } from '../../helpers/tmp.js';

const DEBIAN_ROOT = '/usr/share/datasets/fashion-mnist';

/** Writes a small IDX dataset (optionally gzipped) and returns its folder. */
function writeIdx(n: number, gz: boolean, split: 'train' | 't10k' = 'train'): { root: string; images: Uint8Array; labels: Uint8Array } {
  const root = tempDir('torch-node-mnist-');
  const images = new Uint8Array(n * 28 * 28).map((_, i) => (i * 7 + 3) % 256);
  const labels = new Uint8Array(n).map((_, i) => (i * 3) % 10);
  const imgHeader = Buffer.alloc(16);
  imgHeader.writeUInt32BE(0x803, 0); imgHeader.writeUInt32BE(n, 4); imgHeader.writeUInt32BE(28, 8); imgHeader.writeUInt32BE(28, 12);
  const lblHeader = Buffer.alloc(8);
  lblHeader.writeUInt32BE(0x801, 0); lblHeader.writeUInt32BE(n, 4);
  const img = Buffer.concat([imgHeader, images]);
  const lbl = Buffer.concat([lblHeader, labels]);
  writeFileSync(join(root, `${split}-images-idx3-ubyte${gz ? '.gz' : ''}`), gz ? gzipSync(img) : img);
  writeFileSync(join(root, `${split}-labels-idx1-ubyte${gz ? '.gz' : ''}`), gz ? gzipSync(lbl) : lbl);
  return { root, images, labels };
}

describe('transforms', () => {
  it('ToTensor turns a uint8 H x W image into float32 [1, H, W] in [0, 1]', () => {
    const img = torch.tensor([[0, 255], [51, 102]], { dtype: 'uint8' });
    const t = transforms.ToTensor()(img);
    expect(t.shape).toEqual([1, 2, 2]);
    expect(t.dtype).toBe('float32');
    expect(t.tolist()).toEqual([[[0, 1], [0.2, 0.4].map(Math.fround)]]);
    const hwc = torch.zeros([2, 3, 3], { dtype: 'uint8' });
    expect(new transforms.ToTensor()(hwc).shape).toEqual([3, 2, 3]);
  });

  it('Normalize, Compose and Lambda', () => {
    const x = torch.ones(1, 2, 2);
    const n = transforms.Normalize({ mean: [0.5], std: [0.25] });
    expect(n(x).tolist()).toEqual([[[2, 2], [2, 2]]]);
    expect(x.tolist()).toEqual([[[1, 1], [1, 1]]]);
    const c = transforms.Compose([transforms.ToTensor(), transforms.Normalize([0.5], [0.5]), transforms.Lambda((t: Tensor) => t.mul(2))]);
    expect(c(torch.full([2, 2], 255, { dtype: 'uint8' })).tolist()).toEqual([[[2, 2], [2, 2]]]);
    expect(c.batch).toBeUndefined();
    expect(transforms.Compose([transforms.ToTensor(), transforms.Normalize([0.5], [0.5])]).batch).toBeTypeOf('function');
    expect(String(n)).toBe('Normalize(mean=[0.5], std=[0.25])');
    expect(() => transforms.Normalize({ mean: [0], std: [0] })).toThrow(/division by zero/);
    expect(() => n(torch.ones(2, 2))).toThrow(/tensor image of size/);
  });
});

describe('MNIST / FashionMNIST', () => {
  it('reads gzipped and plain IDX files, zero-copy, with transforms', () => {
    for (const gz of [true, false]) {
      const { root, images, labels } = writeIdx(5, gz);
      const ds = new datasets.MNIST(root, { train: true });
      expect(ds.length).toBe(5);
      expect(ds.data.shape).toEqual([5, 28, 28]);
      expect(ds.data.dtype).toBe('uint8');
      expect(ds.targets.dtype).toBe('int64');
      const [img, label] = ds.getItem(3);
      expect(label).toBe(labels[3]);
      expect(Array.from(img.reshape(-1).dataSync() as Uint8Array)).toEqual(Array.from(images.subarray(3 * 784, 4 * 784)));
      const t = new datasets.MNIST(root, { transform: transforms.ToTensor(), targetTransform: (l: number) => l + 100 });
      const [timg, tl] = t.getItem(1);
      expect(timg.shape).toEqual([1, 28, 28]);
      expect(timg.dtype).toBe('float32');
      expect(tl).toBe(labels[1]! + 100);
    }
    const inScope = torch.tidy(() => new datasets.MNIST(writeIdx(2, false).root));
    expect(inScope.data.isDisposed).toBe(false);
    expect(inScope.getItem(1)[0].shape).toEqual([28, 28]);
    const { root } = writeIdx(3, true, 't10k');
    mkdirSync(join(root, 'MNIST', 'raw'), { recursive: true });
    expect(new datasets.MNIST(root, { train: false }).length).toBe(3);
  });

  it('names the expected files and how to get them when the root is missing', () => {
    expect(() => new datasets.FashionMNIST('/nonexistent/fmnist')).toThrow(/root \/nonexistent\/fmnist does not exist/);
    expect(() => new datasets.FashionMNIST('/nonexistent/fmnist')).toThrow(/train-images-idx3-ubyte\.gz, train-labels-idx1-ubyte\.gz/);
    expect(() => new datasets.FashionMNIST('/nonexistent/fmnist', { train: false })).toThrow(/t10k-images-idx3-ubyte\.gz, t10k-labels-idx1-ubyte\.gz/);
    expect(() => new datasets.FashionMNIST('/nonexistent/fmnist')).toThrow(/apt-get install dataset-fashion-mnist/);
    const empty = tempDir('torch-node-empty-');
    expect(() => new datasets.MNIST(empty, { train: false })).toThrow(/cannot find t10k-images-idx3-ubyte\.gz/);
    expect(() => new datasets.MNIST(empty, { train: false })).toThrow(/^MNIST: Dataset not found\. You can use download=True to download it/);
    expect(() => new datasets.MNIST(empty, { download: true })).toThrow(/never use the network/);
    expect(() => new datasets.MNIST(empty, { download: true })).toThrow(`https://ossci-datasets.s3.amazonaws.com/mnist/train-images-idx3-ubyte.gz\n    -> ${join(empty, 'MNIST', 'raw', 'train-images-idx3-ubyte.gz')}`);
    expect(() => new datasets.MNIST(empty, { trian: true } as never)).toThrow(/unknown option 'trian'/);
  });

  it('the batch path gives the same batches as per-item ToTensor/Normalize and the default collate', () => {
    const { root } = writeIdx(10, true);
    for (const transform of [undefined, transforms.ToTensor(), transforms.Compose([transforms.ToTensor(), transforms.Normalize({ mean: [0.2860], std: [0.3530] })])]) {
      const ds = new datasets.MNIST(root, { transform });
      const idx = [9, 2, 2, 0, 5];
      const fast = ds.getBatch(idx)!;
      const slow = data.defaultCollate(idx.map((i) => ds.getItem(i)));
      expect(fast[0].shape).toEqual(slow[0].shape);
      expect(fast[0].dtype).toBe(slow[0].dtype);
      expect(torch.equal(fast[0], slow[0])).toBe(true);
      expect(fast[1].dtype).toBe('int64');
      expect(torch.equal(fast[1], slow[1])).toBe(true);
    }
    // A Subset (e.g. from randomSplit) passes the batch path through.
    const ds = new datasets.MNIST(root, { transform: transforms.ToTensor() });
    const [a, b] = data.randomSplit(ds, [6, 4], new torch.Generator().manualSeed(0));
    const viaSubset = (b!.getBatch([3, 0]) as Tensor[])[0]!;
    expect(torch.equal(viaSubset, torch.stack([ds.getItem(b!.indices[3]!)[0], ds.getItem(b!.indices[0]!)[0]]))).toBe(true);
    expect([...new data.DataLoader(a!, { batchSize: 4 })].map(([x]) => x.shape)).toEqual([[4, 1, 28, 28], [2, 1, 28, 28]]);
    // A transform without a batch version, or a targetTransform, takes the per-item path.
    expect(new datasets.MNIST(root, { transform: transforms.Lambda((t: Tensor) => t) }).getBatch([0])).toBeUndefined();
    const loader = new data.DataLoader(new datasets.MNIST(root, { transform: transforms.Lambda((t: Tensor) => t.float()) }), { batchSize: 4 });
    const [x, y] = [...loader][0]!;
    expect(x.shape).toEqual([4, 28, 28]);
    expect(y.dtype).toBe('int64');
  });
});

describe.runIf(process.platform === 'linux')('Fashion-MNIST from Debian', () => {
  let ref: { sum: number; label: number; n: number; testN: number; batch: number[]; batchSum: number };
  beforeAll(() => {
    try {
      ref = oracle('vision/datasets/mnist', 'debian_fashion_mnist', DEBIAN_ROOT);
    } catch {
      ref = undefined as never;
    }
  });

  it.runIf(existsSync(DEBIAN_ROOT))('reads the Debian files like Python, and shuffles batches like Python', () => {
    const train = new datasets.FashionMNIST(undefined, { train: true, transform: transforms.ToTensor() });
    expect(train.root).toBe(DEBIAN_ROOT);
    expect(train.length).toBe(ref.n);
    const [img, label] = train.getItem(0);
    expect(img.shape).toEqual([1, 28, 28]);
    expect(img.sum().item()).toBeCloseTo(ref.sum, 4);
    expect(label).toBe(ref.label);
    expect(new datasets.FashionMNIST(undefined, { train: false }).length).toBe(ref.testN);
    expect(train.classes[0]).toBe('T-shirt/top');
    torch.manualSeed(0);
    const loader = new data.DataLoader(train, { batchSize: 64, shuffle: true });
    expect(loader.length).toBe(Math.ceil(ref.n / 64));
    const [x, y] = loader[Symbol.iterator]().next().value!;
    expect(x.shape).toEqual([64, 1, 28, 28]);
    expect(y.tolist()).toEqual(ref.batch);
    expect(x.sum().item()).toBeCloseTo(ref.batchSum, 2);
  });
});

describe('the MNIST family against torchvision (IDX fixtures of test/oracles/vision/datasets/fixtures.py)', () => {
  interface Read {
    len: number; classes: string[]; dataShape: number[]; dataSum: number; head: number[]; tail: number[];
    targetsShape: number[]; targetsHead: unknown[]; targetsTail: unknown[]; targetsSum: number;
    first: number | number[]; last: number | number[]; firstPixels: number[]; repr: string;
  }
  const root = tempDir('torch-node-mnist-family-');
  let py: Record<string, Read> & { errors: Record<string, string> };
  beforeAll(() => {
    [, py] = oracles<[unknown, typeof py]>([['vision/datasets/fixtures', 'mnist_family', root], ['vision/datasets/mnist', 'family', root]]);
  });
  const cases: Record<string, () => datasets.MNIST<Tensor, unknown>> = {
    mnist_train: () => new datasets.MNIST(root, { train: true }),
    mnist_test: () => new datasets.MNIST(root, { train: false }),
    fashion_train: () => new datasets.FashionMNIST(root),
    kmnist_test: () => new datasets.KMNIST(root, { train: false }),
    emnist_letters_train: () => new datasets.EMNIST(root, 'letters'),
    emnist_balanced_test: () => new datasets.EMNIST(root, { split: 'balanced', train: false }),
    qmnist_train: () => new datasets.QMNIST(root, 'train'),
    qmnist_test: () => new datasets.QMNIST(root, { train: false }),
    qmnist_test10k: () => new datasets.QMNIST(root, 'test10k'),
    qmnist_test50k_full: () => new datasets.QMNIST<Tensor, Tensor>(root, 'test50k', { compat: false }),
    qmnist_nist_full: () => new datasets.QMNIST<Tensor, Tensor>(root, { what: 'nist', compat: false }),
  };
  const flat = (t: Tensor): number[] => Array.from(t.contiguous().reshape(-1).dataSync() as Uint8Array, Number);
  const target = (t: unknown): unknown => (t instanceof torch.Tensor ? t.tolist() : t);

  it('each case has an oracle', () => {
    expect(Object.keys(cases).sort()).toEqual(Object.keys(py).filter((k) => k !== 'errors').sort());
  });

  for (const [name, make] of Object.entries(cases)) {
    it(`${name}: data, targets, classes, items and repr as torchvision's`, () => {
      const ds = make();
      const want = py[name]!;
      expect(ds.length).toBe(want.len);
      expect([...ds.classes]).toEqual(want.classes);
      expect(ds.data.shape).toEqual(want.dataShape);
      expect(Number(ds.data.to('int64').sum().item())).toBe(want.dataSum);
      expect(flat(ds.data.narrow(0, 0, 2))).toEqual(want.head);
      expect(flat(ds.data.select(0, ds.length - 1))).toEqual(want.tail);
      expect(ds.targets.dtype).toBe('int64');
      expect(ds.targets.shape).toEqual(want.targetsShape);
      expect(ds.targets.narrow(0, 0, 3).tolist()).toEqual(want.targetsHead);
      expect(ds.targets.narrow(0, ds.length - 3, 3).tolist()).toEqual(want.targetsTail);
      expect(Number(ds.targets.sum().item())).toBe(want.targetsSum);
      const [img, first] = ds.getItem(0);
      expect(target(first)).toEqual(want.first);
      expect(target(ds.getItem(ds.length - 1)[1])).toEqual(want.last);
      expect(flat(img)).toEqual(want.firstPixels);
      expect(String(ds)).toBe(want.repr);
      // The native batch path collates what getItem gives.
      const idx = [ds.length - 1, 0, 1];
      const fast = ds.getBatch(idx)!;
      const slow = data.defaultCollate(idx.map((i) => ds.getItem(i)));
      expect(torch.equal(fast[0], slow[0] as Tensor)).toBe(true);
      expect(torch.equal(fast[1], slow[1] as Tensor)).toBe(true);
    });
  }

  it('EMNIST classes per split, QMNIST and EMNIST argument errors as torchvision', () => {
    expect(datasets.EMNIST.classesSplitDict.byclass.join('')).toBe('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz');
    expect(datasets.EMNIST.classesSplitDict.bymerge.length).toBe(47);
    expect(new datasets.EMNIST(root, 'letters').classToIdx['N/A']).toBe(0);
    expect(() => new datasets.EMNIST(root, 'bogus' as never)).toThrow(`EMNIST: ${py.errors.emnist_split}`);
    expect(() => new datasets.QMNIST(root, 'nope' as never)).toThrow(`QMNIST: ${py.errors.qmnist_what}`);
    expect(() => new datasets.EMNIST(root, { train: true } as never)).toThrow(/Expected type str for argument split/);
    expect(() => new datasets.EMNIST(root, 'letters', { split: 'digits' } as never)).toThrow(/split both/);
    expect(() => new datasets.MNIST(join(root, 'nowhere'))).toThrow(/Dataset not found/);
    expect(py.errors.missing).toBe('Dataset not found. You can use download=True to download it');
    // download: true names NIST's archive and where its gzip files go; QMNIST's nist files are .xz.
    const empty = tempDir('torch-node-emnist-');
    expect(() => new datasets.EMNIST(empty, 'digits', { download: true })).toThrow(/https:\/\/biometrics\.nist\.gov\/cs_links\/EMNIST\/gzip\.zip[\s\S]*emnist-digits-train-images-idx3-ubyte\.gz/);
    expect(() => new datasets.QMNIST(empty, 'nist', { download: true })).toThrow(/xnist-images-idx3-ubyte\.xz[\s\S]*xz -d/);
    expect(() => new datasets.KMNIST(empty, { download: true })).toThrow('http://codh.rois.ac.jp/kmnist/dataset/kmnist/train-images-idx3-ubyte.gz');
  });
});
