// The datasets cross to DataLoader worker threads: 2 workers give the batches 0 workers give, for
// each dataset of the package (their files written by test/oracles/vision/datasets/fixtures.py).
// Each run is a child process over the built package (the workers import dist/).
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { childJsonLines } from '../../helpers/child.js';
import { oracles } from '../../helpers/python.js';
import { tempDir } from '../../helpers/tmp.js';

const base = tempDir('torch-node-datasets-workers-');
const vision = fileURLToPath(new URL('../../../dist/lib/vision/index.js', import.meta.url));

beforeAll(() => {
  oracles([
    ['vision/datasets/fixtures', 'image_folder', join(base, 'tree')],
    ['vision/datasets/fixtures', 'cifar10', base],
    ['vision/datasets/fixtures', 'mnist_family', base],
    ['vision/datasets/fixtures', 'svhn', base],
  ]);
});

const CASES: Record<string, string> = {
  imageFolder: `new datasets.ImageFolder(${JSON.stringify(join(base, 'tree'))}, { transform: transforms.Compose([transforms.Resize([6, 5]), transforms.PILToTensor()]) })`,
  cifar10: `new datasets.CIFAR10(${JSON.stringify(base)}, { checkIntegrity: false, transform: transforms.ToTensor() })`,
  qmnist: `new datasets.QMNIST(${JSON.stringify(base)}, 'nist', { compat: false })`,
  emnist: `new datasets.EMNIST(${JSON.stringify(base)}, 'letters', { targetTransform: (t) => t * 2 })`,
  svhn: `new datasets.SVHN(${JSON.stringify(base)}, 'test', { checkIntegrity: false, transform: transforms.PILToTensor() })`,
  fakeData: `new datasets.FakeData(9, [3, 4, 5], 6, { transform: transforms.PILToTensor() })`,
};

describe('datasets in DataLoader workers', () => {
  it('each dataset gives the same batches with 2 workers as with none (for...of and for await)', () => {
    const [got] = childJsonLines<Record<string, { none: unknown; two: unknown; twoAsync: unknown }>>(`
const { datasets, transforms } = await import(${JSON.stringify(vision)});
const lists = (b) => b instanceof torch.Tensor ? b.tolist() : Array.isArray(b) ? b.map(lists) : b;
const out = {};
for (const [name, make] of Object.entries({ ${Object.entries(CASES).map(([k, v]) => `${k}: () => ${v}`).join(', ')} })) {
  const ds = make();
  const none = [...new torch.utils.data.DataLoader(ds, { batchSize: 3 })].map(lists);
  const two = [...new torch.utils.data.DataLoader(ds, { batchSize: 3, numWorkers: 2 })].map(lists);
  const twoAsync = [];
  for await (const b of new torch.utils.data.DataLoader(ds, { batchSize: 3, numWorkers: 2 })) twoAsync.push(lists(b));
  out[name] = { none, two, twoAsync };
}
emit(out);`, 240_000);
    expect(Object.keys(got!)).toEqual(Object.keys(CASES));
    for (const [name, r] of Object.entries(got!)) {
      expect((r.none as unknown[]).length, name).toBeGreaterThan(0);
      expect(r.two, name).toEqual(r.none);
      expect(r.twoAsync, name).toEqual(r.none);
    }
  });
});
