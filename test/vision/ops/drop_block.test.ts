// dropBlock2d/3d and DropBlock2d/3d against torchvision: the same Bernoulli draws after the same
// seed, so the same dropped blocks and the same rescaled values (test/oracles/vision/ops/drop_block.py).
import { describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import type { Tensor } from '../../../lib/torch.js';
import { ops } from '../../../lib/vision/index.js';
import { oracleBatch } from '../../helpers/python.js';

interface Results {
  x2: number[]; x3: number[]; d2: unknown[]; d2_eps: unknown; d2_eval: unknown; d3: unknown[]; m2: unknown; m3_inplace: unknown;
  reprs: [string, string]; errors: [string, string, string];
}

const py = oracleBatch<{ r: Results }>({ r: ['vision/ops/drop_block', 'results'] });

describe('DropBlock', () => {
  it('drops torchvision\'s blocks after the same seed (2-d and 3-d, functions and modules, in place, eval)', () => {
    const r = py().r;
    const x2 = torch.tensor(r.x2), x3 = torch.tensor(r.x3);
    torch.manualSeed(0);
    const cases: [number, number][] = [[0.1, 3], [0.5, 5], [0.3, 1], [0.9, 15], [0.2, 3]];
    cases.forEach(([p, b], i) => expect(ops.dropBlock2d(x2, p, b).tolist()).toEqual(r.d2[i]));
    expect(ops.dropBlock2d(x2, 0.3, 3, { eps: 0.5 }).tolist()).toEqual(r.d2_eps);
    const same = ops.dropBlock2d(x2, 0.3, 3, { training: false });
    expect(same).toBe(x2);
    expect(same.tolist()).toEqual(r.d2_eval);
    expect(ops.dropBlock3d(x3, 0.1, 3).tolist()).toEqual(r.d3[0]);
    expect(ops.dropBlock3d(x3, { p: 0.4, blockSize: 5 }).tolist()).toEqual(r.d3[1]);
    const m = new ops.DropBlock2d(0.25, 3);
    expect(m(x2).tolist()).toEqual(r.m2);
    const m3 = new ops.DropBlock3d(0.25, 3, { inplace: true });
    const y: Tensor = x3.clone();
    m3(y);
    expect(y.tolist()).toEqual(r.m3_inplace);
    expect([String(m), String(m3)]).toEqual(r.reprs);
    m.eval();
    expect(m(x2)).toBe(x2);
  });

  it('errors as torchvision\'s', () => {
    const r = py().r;
    const x = torch.randn(2, 3, 9, 11);
    expect(() => ops.dropBlock2d(x, 1.5, 3)).toThrow(r.errors[0]);
    expect(() => ops.dropBlock2d(x.index([0]), 0.1, 3)).toThrow(r.errors[1]);
    expect(() => ops.dropBlock2d(x, 0.1, 4)).toThrow(r.errors[2]);
    expect(() => ops.dropBlock2d(x, 0.1, 4)).toThrow(RangeError);
    // @ts-expect-error: blockSize is required
    expect(() => ops.dropBlock2d(x, 0.1)).toThrow(/missing required argument 'blockSize'/);
  });
});
