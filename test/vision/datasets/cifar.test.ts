// CIFAR10 / CIFAR100 against torchvision's, over Python 2 style batches written by
// test/oracles/vision/datasets/fixtures.py (a committed script) into a temp dir.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import { datasets, transforms, Image } from '../../../lib/vision/index.js';
import { UnpicklingError } from '../../../lib/serialization/unpickler.js';
import { WEIGHTS_ONLY_ALLOWED } from '../../../lib/serialization/allowlist.js';
import { oracles } from '../../helpers/python.js';
import { tempDir } from '../../helpers/tmp.js';

interface Read {
  len: number; classes: string[]; classToIdx: Record<string, number>; targets: number[]; dataShape: number[]; data: number[];
  last: { mode: string; size: number[]; data: number[]; label: number }; repr: string;
}

const root = tempDir('torch-node-cifar-');
let py: { c10train: Read; c10test: Read; c100train: Read; c100test: Read; checked: string };

beforeAll(() => {
  const r = oracles<[unknown, unknown, Read, Read, Read, Read, string, unknown, unknown]>([
    ['vision/datasets/fixtures', 'cifar10', root],
    ['vision/datasets/fixtures', 'cifar100', root],
    ['vision/datasets/cifar', 'read', root, 'CIFAR10', true],
    ['vision/datasets/cifar', 'read', root, 'CIFAR10', false],
    ['vision/datasets/cifar', 'read', root, 'CIFAR100', true],
    ['vision/datasets/cifar', 'read', root, 'CIFAR100', false],
    ['vision/datasets/cifar', 'checked', root, 'CIFAR10'],
    ['vision/datasets/fixtures', 'repickle_py3', root, join(root, 'py3-protocol2'), 2],
    ['vision/datasets/fixtures', 'repickle_py3', root, join(root, 'py3-protocol5'), 5],
  ]);
  py = { c10train: r[2], c10test: r[3], c100train: r[4], c100test: r[5], checked: r[6] };
});

function compare(ds: datasets.CIFAR10, want: Read): void {
  expect(ds.length).toBe(want.len);
  expect(ds.classes).toEqual(want.classes);
  expect(ds.classToIdx).toEqual(want.classToIdx);
  expect(ds.targets).toEqual(want.targets);
  expect(ds.data.shape).toEqual(want.dataShape);
  expect(ds.data.dtype).toBe('uint8');
  expect(Array.from(ds.data.contiguous().dataSync() as Uint8Array)).toEqual(want.data);
  const [img, label] = ds.getItem(ds.length - 1);
  expect(img).toBeInstanceOf(Image);
  expect(img.mode).toBe(want.last.mode);
  expect(img.size).toEqual(want.last.size);
  expect(Array.from(img.data.dataSync() as Uint8Array)).toEqual(want.last.data);
  expect(label).toBe(want.last.label);
  expect(String(ds)).toBe(want.repr.replace(root, ds.root));
}

describe('CIFAR10 / CIFAR100', () => {
  it('read the Python 2 batches as torchvision does (data, targets, classes, items, repr)', () => {
    compare(new datasets.CIFAR10(root, { checkIntegrity: false }), py.c10train);
    compare(new datasets.CIFAR10(root, { train: false, checkIntegrity: false }), py.c10test);
    compare(new datasets.CIFAR100(root, { checkIntegrity: false }) as datasets.CIFAR10, py.c100train);
    compare(new datasets.CIFAR100({ root, train: false, checkIntegrity: false }) as datasets.CIFAR10, py.c100test);
  });

  it('reads the same batches pickled again by Python 3 (protocol 2: _codecs.encode bytes; protocol 5: NumPy\'s _frombuffer)', () => {
    for (const sub of ['py3-protocol2', 'py3-protocol5']) {
      const c10 = new datasets.CIFAR10(join(root, sub), { checkIntegrity: false });
      expect(c10.targets).toEqual(py.c10train.targets);
      expect(c10.classes).toEqual(py.c10train.classes);
      expect(Array.from(c10.data.contiguous().dataSync() as Uint8Array)).toEqual(py.c10train.data);
      const c100 = new datasets.CIFAR100(join(root, sub), { train: false, checkIntegrity: false });
      expect(c100.targets).toEqual(py.c100test.targets);
      expect(Array.from(c100.data.contiguous().dataSync() as Uint8Array)).toEqual(py.c100test.data);
    }
  });

  it('checks the md5 of the release on construction, as torchvision (the fixtures are not the release)', () => {
    expect(py.checked).toBe('Dataset not found or corrupted. You can use download=True to download it');
    expect(() => new datasets.CIFAR10(root)).toThrow(py.checked);
    expect(() => new datasets.CIFAR10(root)).toThrow(/checkIntegrity: false/);
    const empty = tempDir('torch-node-cifar-empty-');
    expect(() => new datasets.CIFAR10(empty, { checkIntegrity: false })).toThrow(/Dataset not found or corrupted.*cifar-10-python\.tar\.gz/s);
    // download: true names the archive, its URL and the folder it makes.
    const dl = (() => { try { new datasets.CIFAR100(empty, { download: true }); } catch (e) { return e as Error & { code: string }; } return undefined; })()!;
    expect(dl.code).toBe('ERR_DATASET_DOWNLOAD_UNAVAILABLE');
    expect(dl.message).toMatch(/never use the network/);
    expect(dl.message).toContain('https://www.cs.toronto.edu/~kriz/cifar-100-python.tar.gz');
    expect(dl.message).toContain(join(empty, 'cifar-100-python'));
    // With the files present, download: true is a no-op, as torchvision's (it checks first).
    expect(new datasets.CIFAR10(root, { download: true, checkIntegrity: false }).length).toBe(py.c10train.len);
  });

  it('options: transforms, unknown keys, bad values', () => {
    const ds = new datasets.CIFAR10(root, { checkIntegrity: false, transform: transforms.ToTensor(), targetTransform: (t: number) => t * 10 });
    const [x, y] = ds.getItem(0);
    expect(x.shape).toEqual([3, 32, 32]);
    expect(x.dtype).toBe('float32');
    expect(y).toBe(ds.targets[0]! * 10);
    expect(String(ds)).toContain('\n    StandardTransform\nTransform: ToTensor()\nTarget transform: <function targetTransform>');
    expect(() => new datasets.CIFAR10(root, { trian: true } as never)).toThrow("CIFAR10: unknown option 'trian'");
    expect(() => new datasets.CIFAR10(root, { train: 1 } as never)).toThrow(/option train must be a boolean/);
    expect(() => new datasets.CIFAR10(undefined as never)).toThrow(/root must be a folder path/);
    expect(() => ds.getItem(ds.length)).toThrow(RangeError);
    // Items are copies: a transform writing in place leaves the dataset as it was.
    const plain = new datasets.CIFAR10(root, { checkIntegrity: false });
    const before = plain.data.sum().item();
    plain.getItem(0)[0].data.zero_();
    expect(plain.data.sum().item()).toBe(before);
    // Built inside a scope, the dataset's tensors survive it.
    const scoped = torch.tidy(() => new datasets.CIFAR10(root, { checkIntegrity: false }));
    expect(scoped.getItem(1)[0].data.shape).toEqual([3, 32, 32]);
  });

  it('a pickle naming anything but plain data and NumPy arrays is refused; torch.load\'s allow-list is unchanged', () => {
    const evil = tempDir('torch-node-cifar-evil-');
    const folder = join(evil, 'cifar-10-batches-py');
    mkdirSync(folder);
    for (const f of ['data_batch_1', 'data_batch_2', 'data_batch_3', 'data_batch_4', 'data_batch_5', 'test_batch', 'batches.meta']) {
      copyFileSync(join(root, 'cifar-10-batches-py', f), join(folder, f));
    }
    // os.system('echo') as Python 2's protocol-2 pickle.
    writeFileSync(join(folder, 'data_batch_3'), Buffer.from('\x80\x02cos\nsystem\nq\x00U\x04echoq\x01\x85q\x02Rq\x03.', 'latin1'));
    expect(() => new datasets.CIFAR10(evil, { checkIntegrity: false })).toThrow(UnpicklingError);
    expect(() => new datasets.CIFAR10(evil, { checkIntegrity: false })).toThrow(/data_batch_3: the dataset file names the Python global os\.system/);
    expect(WEIGHTS_ONLY_ALLOWED.has('numpy.core.multiarray._reconstruct')).toBe(false);
    // A truncated batch is an UnpicklingError naming the file.
    writeFileSync(join(folder, 'data_batch_3'), readFileSync(join(root, 'cifar-10-batches-py', 'data_batch_3')).subarray(0, 300));
    expect(() => new datasets.CIFAR10(evil, { checkIntegrity: false })).toThrow(/data_batch_3: .*truncated|data_batch_3: .*runs past/);
    // Any truncation or corrupted byte is a JS error (or, for a byte inside the pixels, a dataset).
    const good = readFileSync(join(root, 'cifar-10-batches-py', 'data_batch_3'));
    for (let k = 0; k < 40; k++) {
      const at = Math.floor((k * 7919) % good.length);
      const bad = k % 2 === 0 ? good.subarray(0, at) : Buffer.from(good).fill((k * 37) & 0xff, at, at + 1);
      writeFileSync(join(folder, 'data_batch_3'), bad);
      try {
        expect(new datasets.CIFAR10(evil, { checkIntegrity: false }).length).toBeGreaterThan(0);
      } catch (e) {
        expect(e).toBeInstanceOf(Error);
      }
    }
  });
});
