import { describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import { Image, transforms } from '../../../lib/vision/index.js';
import { runCases, type Case, type Input, type Spec } from './_helpers.js';

const MODULE = 'vision/transforms/autoaugment';
const SEEDS = Array.from({ length: 16 }, (_, i) => i);

// uint8 images (Posterize and Solarize take uint8 tensors only, as torchvision documents)
const INPUTS: Record<string, Input> = {
  u3: { shape: [3, 10, 12], dtype: 'uint8', seed: 1 },
  u1: { shape: [1, 9, 8], dtype: 'uint8', seed: 2 },
  ub: { shape: [2, 3, 8, 9], dtype: 'uint8', seed: 3 },
};

const CASES: Case[] = [];
function add(name: string, transform: Spec, inputs: readonly string[] = ['u3', 'u1', 'ub'], seeds: number[] = SEEDS): void {
  if (inputs.length === 0) CASES.push({ name: `${transform.t} ${name}`, transform });
  for (const i of inputs) CASES.push({ name: `${transform.t} ${name} on ${i}`, transform, input: INPUTS[i]!, seeds });
}

add('()', { t: 'AutoAugment' });
add('(CIFAR10)', { t: 'AutoAugment', args: [{ policy: 'cifar10' }] });
add('(SVHN, bilinear, fill 128)', { t: 'AutoAugment', args: [{ policy: 'svhn' }, { interpolation: 'bilinear' }, 128] }, ['u3']);
add('(SVHN, fill per channel)', { t: 'AutoAugment', args: [{ policy: 'svhn' }], kwargs: { fill: [10, 20, 30] } }, ['u3']);
add('()', { t: 'RandAugment' });
add('(3, 5, 11, bilinear)', { t: 'RandAugment', args: [3, 5, 11, { interpolation: 'bilinear' }], kwargs: { fill: 7 } }, ['u3', 'ub']);
add('()', { t: 'TrivialAugmentWide' });
add('(15, fill)', { t: 'TrivialAugmentWide', args: [15], kwargs: { fill: [200] } }, ['u3', 'u1']);
add('()', { t: 'AugMix' }, ['u3', 'u1', 'ub'], SEEDS.slice(0, 6));
add('(severity 7, width 2, depth 2, alpha 0.5, not all ops)', { t: 'AugMix', args: [7, 2, 2, 0.5, false] }, ['u3'], SEEDS.slice(0, 6));
add('(nearest, fill)', { t: 'AugMix', kwargs: { interpolation: { interpolation: 'nearest' }, fill: [50, 60, 70] } }, ['u3'], SEEDS.slice(0, 4));
// float images: the ops that take uint8 only raise torchvision's errors (seed by seed)
add('() on floats', { t: 'AutoAugment' }, [], []);
CASES.pop();
for (const t of ['AutoAugment', 'RandAugment', 'TrivialAugmentWide']) {
  CASES.push({ name: `${t} () on f3`, transform: { t }, input: { shape: [3, 8, 9], dtype: 'float32', seed: 4 }, seeds: SEEDS.slice(0, 8) });
}
add('severity 11 (error)', { t: 'AugMix', args: [11] }, []);
add('magnitude out of range (error)', { t: 'RandAugment', kwargs: { num_ops: 20, magnitude: 40 } }, ['u3'], [0]);

describe("automatic augmentation gives torchvision's results for the same seeds", () => {
  runCases(MODULE, CASES);
});

describe('automatic augmentation: the rest', () => {
  it('AutoAugmentPolicy and getParams', () => {
    expect(transforms.AutoAugmentPolicy.IMAGENET).toBe('imagenet');
    torch.manualSeed(0);
    const p = transforms.AutoAugment.getParams(25);
    torch.manualSeed(0);
    expect(p.policyId).toBe(Number(torch.randint(25, [1]).item()));
    expect(p.probs.tolist()).toEqual(torch.rand([2]).tolist());
    expect(p.signs.tolist()).toEqual(torch.randint(2, [2]).tolist());
  });

  it('keeps Images Images', () => {
    const img = new Image(torch.randint(0, 256, [3, 8, 8], { dtype: 'uint8' }));
    for (const t of [transforms.AutoAugment(), transforms.RandAugment(), transforms.TrivialAugmentWide(), transforms.AugMix()]) {
      const out = t(img);
      expect(out).toBeInstanceOf(Image);
      expect(out.mode).toBe('RGB');
    }
  });

  it('names bad arguments', () => {
    expect(() => transforms.AutoAugment('cifar' as never)).toThrow('The provided policy cifar is not recognized.');
    expect(() => transforms.RandAugment({ numOps: 1.5 })).toThrow(/numOps must be an integer/);
    expect(() => transforms.TrivialAugmentWide({ interpolation: 'box' as never })).toThrow(/interpolation must be an InterpolationMode/);
    expect(() => transforms.AugMix({ fill: 'x' as never })).toThrow(/fill must be a number/);
  });
});
