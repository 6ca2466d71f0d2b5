import { describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import { transforms } from '../../../lib/vision/index.js';
import { INPUTS, SEEDS, runCases, type Case, type Spec } from './_helpers.js';

const MODULE = 'vision/transforms/color';
const ALL = Object.keys(INPUTS);

const CASES: Case[] = [];
function add(name: string, transform: Spec, inputs: readonly string[] = ALL, seeds: number[] = SEEDS): void {
  if (inputs.length === 0) CASES.push({ name: `${transform.t} ${name}`, transform });
  for (const i of inputs) CASES.push({ name: `${transform.t} ${name} on ${i}`, transform, input: INPUTS[i]!, seeds });
}

add('()', { t: 'Grayscale' }, ALL, [0]);
add('(3)', { t: 'Grayscale', args: [3] }, ALL, [0]);
add('(0.5)', { t: 'RandomGrayscale', args: [0.5] });
add('()', { t: 'RandomGrayscale' }, ['u3'], [0, 1, 2]);
add('(0.4, 0.4, 0.4, 0.1)', { t: 'ColorJitter', args: [0.4, 0.4, 0.4, 0.1] });
add('brightness range', { t: 'ColorJitter', kwargs: { brightness: [0.5, 1.5] } });
add('hue only', { t: 'ColorJitter', kwargs: { hue: [-0.2, 0.3] } }, ['u3', 'f3']);
add('saturation, contrast', { t: 'ColorJitter', args: [0, 0.6], kwargs: { saturation: 0.9 } }, ['u3', 'fb']);
add('()', { t: 'ColorJitter' }, ['u3'], [0]);
add('(3)', { t: 'GaussianBlur', args: [3] });
add('([5, 3], 1.5)', { t: 'GaussianBlur', args: [[5, 3], 1.5] });
add('(3, [0.5, 0.9])', { t: 'GaussianBlur', args: [3], kwargs: { sigma: [0.5, 0.9] } });
add('()', { t: 'RandomInvert' });
add('(0.3)', { t: 'RandomInvert', args: [0.3] }, ['u3', 'f3']);
add('(2)', { t: 'RandomPosterize', args: [2] }, ['u3', 'u1', 'ub']);
add('(5, 0.9)', { t: 'RandomPosterize', args: [5, 0.9] }, ['u3']);
add('(128)', { t: 'RandomSolarize', args: [128] }, ['u3', 'u1', 'ub']);
add('(0.5, p=0.7)', { t: 'RandomSolarize', args: [0.5], kwargs: { p: 0.7 } }, ['f3', 'f1', 'fb']);
add('(2)', { t: 'RandomAdjustSharpness', args: [2] });
add('(0.1, 0.8)', { t: 'RandomAdjustSharpness', args: [0.1, 0.8] }, ['u3', 'f3']);
add('()', { t: 'RandomAutocontrast' });
add('(0.9)', { t: 'RandomAutocontrast', args: [0.9] }, ['u3']);
add('()', { t: 'RandomEqualize' }, ['u3', 'u1', 'ub']);
const eye = (n: number): number[][] => Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0.5 * ((i + j) % 3 === 0 ? 1 : 0))));
add('(square, mean)', { t: 'LinearTransformation', args: [{ tensor: eye(30), dtype: 'float32' }, { tensor: Array.from({ length: 30 }, (_, i) => i / 30), dtype: 'float32' }] },
  [], [0]);
CASES.push({ name: 'LinearTransformation on a float image', transform: CASES[CASES.length - 1]!.transform, input: { shape: [1, 5, 6], dtype: 'float32', seed: 9 }, seeds: [0] });
CASES.push({ name: 'LinearTransformation on a batch', transform: CASES[CASES.length - 1]!.transform, input: { shape: [2, 1, 5, 6], dtype: 'float32', seed: 10 }, seeds: [0] });
// torchvision's errors
add('negative brightness (error)', { t: 'ColorJitter', args: [-1] }, []);
add('hue 0.7 (error)', { t: 'ColorJitter', kwargs: { hue: 0.7 } }, []);
add('contrast range backwards (error)', { t: 'ColorJitter', kwargs: { contrast: [1.5, 0.5] } }, []);
add('3 values (error)', { t: 'ColorJitter', args: [[1, 2, 3]] }, []);
add('even kernel (error)', { t: 'GaussianBlur', args: [4] }, []);
add('negative sigma (error)', { t: 'GaussianBlur', args: [3, -1] }, []);
add('sigma backwards (error)', { t: 'GaussianBlur', args: [3, [2, 1]] }, []);
add('3 kernel sizes (error)', { t: 'GaussianBlur', args: [[3, 3, 3]] }, []);
add('(3) on 4 channels (error)', { t: 'Grayscale', args: [3] }, []);
CASES[CASES.length - 1]!.input = { shape: [4, 3, 3], dtype: 'uint8', seed: 1 };
add('rectangular (error)', { t: 'LinearTransformation', args: [{ tensor: [[1, 0, 0], [0, 1, 0]], dtype: 'float32' }, { tensor: [0, 0], dtype: 'float32' }] }, []);
add('mean length (error)', { t: 'LinearTransformation', args: [{ tensor: [[1, 0], [0, 1]], dtype: 'float32' }, { tensor: [0, 0, 0], dtype: 'float32' }] }, []);
add('dtypes (error)', { t: 'LinearTransformation', args: [{ tensor: [[1, 0], [0, 1]], dtype: 'float32' }, { tensor: [0, 0], dtype: 'float64' }] }, []);

describe("color transforms give torchvision's results for the same seeds", () => {
  runCases(MODULE, CASES);
});

describe('color transforms: the rest', () => {
  it('ColorJitter.getParams draws as torchvision (randperm(4), then one uniform per range)', () => {
    torch.manualSeed(3);
    const p = transforms.ColorJitter.getParams([0.5, 1.5], null, [0, 2], [-0.1, 0.1]);
    torch.manualSeed(3);
    const perm = torch.randperm(4).tolist();
    const b = torch.empty([1]).uniform_(0.5, 1.5).item();
    const s = torch.empty([1]).uniform_(0, 2).item();
    const h = torch.empty([1]).uniform_(-0.1, 0.1).item();
    expect(p).toEqual({ fnIdx: (perm as number[]).map(Number), brightnessFactor: b, contrastFactor: null, saturationFactor: s, hueFactor: h });
  });

  it('names bad arguments', () => {
    expect(() => transforms.RandomInvert('x' as never)).toThrow(/p must be a number/);
    expect(() => transforms.RandomPosterize(2.5)).toThrow(/bits must be an integer/);
    expect(() => transforms.Grayscale({ channels: 3 } as never)).toThrow(/unknown option 'channels'/);
    expect(() => transforms.ColorJitter({ brightness: 'a' } as never)).toThrow('brightness should be a single number or a list/tuple with length 2.');
  });

  it('are callable with and without new', () => {
    const a = new transforms.RandomInvert(1);
    const img = torch.tensor([[[0.25]]]);
    expect(a(img).tolist()).toEqual([[[0.75]]]);
  });
});
