// torch.utils.data.DistributedSampler: each rank's indices equal Python's for the same dataset
// size, replica count, rank, shuffle, seed, epoch and dropLast (live PyTorch as the oracle).
import { describe, expect, it } from 'vitest';
import * as torch from '../../../lib/index.js';
import { oracle } from '../../helpers/python.js';

const { DistributedSampler } = torch.utils.data;

interface Case { n: number; numReplicas: number; rank: number; shuffle: boolean; seed: number; epoch: number; dropLast: boolean }

const cases: Case[] = [];
for (const n of [10, 11, 3, 1, 0]) {
  for (const numReplicas of [1, 2, 3, 4]) {
    for (const dropLast of [false, true]) {
      for (const shuffle of [false, true]) {
        for (const [seed, epoch] of [[0, 0], [0, 3], [42, 1]] as const) {
          if (!shuffle && (seed !== 0 || epoch !== 0)) continue;
          for (let rank = 0; rank < numReplicas; rank++) cases.push({ n, numReplicas, rank, shuffle, seed, epoch, dropLast });
        }
      }
    }
  }
}
cases.push({ n: 1000, numReplicas: 8, rank: 5, shuffle: true, seed: 123456789, epoch: 17, dropLast: false });
cases.push({ n: 2, numReplicas: 7, rank: 6, shuffle: true, seed: 5, epoch: 2, dropLast: false });

describe('DistributedSampler', () => {
  it("gives Python's indices and length for each rank, seed, epoch and dropLast", () => {
    const expected = oracle<{ indices: number[]; length: number }[]>('utils/distributed_sampler', 'indices', cases);
    const got = cases.map((c) => {
      const s = new DistributedSampler({ length: c.n }, { numReplicas: c.numReplicas, rank: c.rank, shuffle: c.shuffle, seed: c.seed, dropLast: c.dropLast });
      s.setEpoch(c.epoch);
      return { indices: [...s], length: s.length };
    });
    expect(got).toEqual(expected);
  });

  it('the ranks of one epoch cover the dataset (padded by repetition without dropLast)', () => {
    const all = [0, 1, 2].flatMap((rank) => [...new DistributedSampler({ length: 10 }, { numReplicas: 3, rank, seed: 1 })]);
    expect(all.length).toBe(12);
    expect(new Set(all).size).toBe(10);
  });

  it('drives a DataLoader', () => {
    const ds = new torch.utils.data.TensorDataset(torch.arange(10));
    const sampler = new DistributedSampler(ds, { numReplicas: 2, rank: 1, shuffle: false });
    const loader = new torch.utils.data.DataLoader(ds, { batchSize: 2, sampler });
    expect([...loader].map((b) => (b as torch.Tensor[])[0]!.tolist())).toEqual([[1, 3], [5, 7], [9]]);
  });

  it("refuses a bad rank with Python's message, and needs a process group for defaults", () => {
    const message = oracle<string>('utils/distributed_sampler', 'invalid_rank', 2, 2);
    expect(() => new DistributedSampler({ length: 4 }, { numReplicas: 2, rank: 2 })).toThrow(message);
    expect(() => new DistributedSampler({ length: 4 }, { numReplicas: 2, rank: -1 })).toThrow('Invalid rank -1, rank should be in the interval [0, 1]');
    expect(() => new DistributedSampler({ length: 4 })).toThrow(/Default process group has not been initialized|Requires distributed package/);
    expect(() => new DistributedSampler({ length: 4 }, { numReplicas: 2, rank: 0, shufle: true } as never)).toThrow(TypeError);
    expect(() => new DistributedSampler({ length: 4 }, { numReplicas: 2, rank: 0.5 })).toThrow(TypeError);
  });
});
