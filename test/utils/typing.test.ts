import { describe, expect, it } from 'vitest';
import * as torch from '../../lib/torch.js';
import type { Tensor } from '../../lib/torch.js';
import * as data from '../../lib/utils/data/index.js';
import * as optim from '../../lib/optim/index.js';
import { datasets, transforms } from '../../lib/vision/index.js';

// Compile-time checks of the public typing (`npm run typecheck` type-checks these files under
// strict TS, test/tsconfig.json); the runtime asserts are secondary.

// The article's signature: a DataLoader with no type arguments accepts any loader, and
// destructures into tensors.
function trainModel(loader: data.DataLoader, opt: optim.Optimizer): number {
  let n = 0;
  for (const [images, labels] of loader) {
    const a: Tensor = images;
    const b: Tensor = labels;
    n += a.shape[0]! + b.shape[0]!;
  }
  return n + opt.paramGroups.length;
}

// Python's `len(test_loader.dataset)` on a loader parameter: a map-style dataset has a length.
function averageOver(loader: data.DataLoader, total: number): number {
  return total / loader.dataset.length;
}

describe('typing of data loaders and optimizers', () => {
  it('infers batch types from datasets and accepts every loader and optimizer in general signatures', () => {
    const images = torch.zeros([4, 28, 28], { dtype: 'uint8' });
    const ds = new data.TensorDataset(images, torch.zeros([4], { dtype: 'int64' }));
    const loader = new data.DataLoader(ds, { batchSize: 2 });
    const [x, y]: Tensor[] = [...loader][0]!;
    expect(x!.shape).toEqual([2, 28, 28]);
    expect(y!.shape).toEqual([2]);
    class Pairs extends data.Dataset<[Tensor, number]> {
      readonly length = 3;
      getItem(i: number): [Tensor, number] { return [torch.ones(2), i]; }
    }
    const pl = new data.DataLoader(new Pairs(), { batchSize: 3 });
    const [px, py]: [Tensor, Tensor] = [...pl][0]!;
    expect(py.dtype).toBe('int64');
    expect(px.shape).toEqual([3, 2]);
    const custom = new data.DataLoader(new Pairs(), { batchSize: 3, collateFn: (items) => items.length });
    const count: number = [...custom][0]!;
    expect(count).toBe(3);
    const w = torch.zeros(2).requiresGrad_();
    expect(averageOver(loader, 8)).toBe(2);
    expect(averageOver(pl, 6)).toBe(2);
    const squared: number = new Pairs()[1]![1];
    expect(squared).toBe(1);
    expect(trainModel(loader, new optim.Adam([w])) + trainModel(pl, new optim.SGD([w]))).toBe(9 + 7);
    // @ts-expect-error batchSize must be a number or null
    expect(() => new data.DataLoader(ds, { batchSize: '2' })).toThrow(RangeError);
    // @ts-expect-error options are camelCase
    expect(() => new optim.Adam([w], { weight_decay: 0 })).toThrow(TypeError);
    const sched = new optim.lr_scheduler.StepLR(new optim.AdamW([w]), { stepSize: 1 });
    expect(sched.getLastLr()).toEqual([0.001]);
    const t: transforms.Transform<Tensor, Tensor> = transforms.Compose([transforms.ToTensor(), transforms.Normalize({ mean: [0.5], std: [0.5] })]);
    expect(t(images.select(0, 0)).shape).toEqual([1, 28, 28]);
    const opts: datasets.MNISTOptions<Tensor, number> = { train: false, transform: transforms.ToTensor() };
    expect(opts.train).toBe(false);
  });
});
