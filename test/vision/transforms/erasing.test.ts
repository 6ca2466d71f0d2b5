import { describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import { Image, transforms } from '../../../lib/vision/index.js';
import { INPUTS, runCases, type Case, type Spec } from './_helpers.js';

const MODULE = 'vision/transforms/erasing';
const SEEDS = Array.from({ length: 12 }, (_, i) => i);

const CASES: Case[] = [];
function add(name: string, transform: Spec, inputs: readonly string[] = ['u3', 'f3', 'fb'], seeds: number[] = SEEDS): void {
  if (inputs.length === 0) CASES.push({ name: `${transform.t} ${name}`, transform });
  for (const i of inputs) CASES.push({ name: `${transform.t} ${name} on ${i}`, transform, input: INPUTS[i]!, seeds });
}

add('()', { t: 'RandomErasing' });
add('p=1 value random', { t: 'RandomErasing', args: [1], kwargs: { value: 'random' } });
add('p=1 value per channel', { t: 'RandomErasing', kwargs: { p: 1, value: [0.1, 0.2, 0.3] } });
add('p=1 value 7 scale ratio', { t: 'RandomErasing', args: [1, [0.1, 0.5], [0.5, 2], 7] });
add('inplace', { t: 'RandomErasing', kwargs: { p: 0.9, inplace: true } });
add('large scale (falls back to the whole image)', { t: 'RandomErasing', args: [1, [0.9, 1]] }, ['f3'], [0, 1]);
add('value str (error)', { t: 'RandomErasing', kwargs: { value: 'noise' } }, []);
add('value null (error)', { t: 'RandomErasing', kwargs: { value: null } }, []);
add('scale (error)', { t: 'RandomErasing', kwargs: { scale: [0.1, 1.5] } }, []);
add('p (error)', { t: 'RandomErasing', args: [1.5] }, []);
add('2 values on 3 channels (error)', { t: 'RandomErasing', kwargs: { p: 1, value: [1, 2] } }, ['f3'], [0]);

describe("RandomErasing gives torchvision's results for the same seeds", () => {
  runCases(MODULE, CASES, { image: false });
});

describe('RandomErasing: the rest', () => {
  it('erases in place when asked, and takes tensors only (as torchvision)', () => {
    const x = torch.rand([3, 8, 8]);
    torch.manualSeed(0);
    const y = transforms.RandomErasing({ p: 1, inplace: true })(x);
    expect(y).toBe(x);
    expect(() => transforms.RandomErasing(1)(new Image(torch.zeros([3, 4, 4], { dtype: 'uint8' })) as never)).toThrow(/Tensor image/);
  });

  it('getParams draws as get_params', () => {
    const img = torch.zeros([3, 10, 10]);
    torch.manualSeed(5);
    const [i, j, h, w, v] = transforms.RandomErasing.getParams(img, [0.02, 0.33], [0.3, 3.3], [0]);
    expect(h).toBeLessThan(10);
    expect(i + h).toBeLessThanOrEqual(10);
    expect(j + w).toBeLessThanOrEqual(10);
    expect(v.tolist()).toEqual([[[0]]]);
  });
});
