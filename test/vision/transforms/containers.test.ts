import { describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import { transforms } from '../../../lib/vision/index.js';
import { INPUTS, SEEDS, runCases, type Case, type Spec } from './_helpers.js';

const MODULE = 'vision/transforms/containers';

const CASES: Case[] = [];
function add(name: string, transform: Spec, inputs: readonly string[] = ['u3', 'f3', 'fb'], seeds: number[] = SEEDS): void {
  if (inputs.length === 0) CASES.push({ name: `${transform.t} ${name}`, transform });
  for (const i of inputs) CASES.push({ name: `${transform.t} ${name} on ${i}`, transform, input: INPUTS[i]!, seeds });
}

const invert = { t: 'RandomInvert', args: [1] };
const gray = { t: 'Grayscale', args: [3] };
const jitter = { t: 'ColorJitter', args: [0.5, 0.5] };
const poster = { t: 'RandomSolarize', args: [0.3, 1] };
add('[invert, gray]', { t: 'RandomApply', args: [[invert, gray]] });
add('[jitter] p=0.8', { t: 'RandomApply', args: [[jitter]], kwargs: { p: 0.8 } });
add('[invert, gray, jitter]', { t: 'RandomChoice', args: [[invert, gray, jitter]] });
add('weighted', { t: 'RandomChoice', args: [[invert, gray, jitter], [0.1, 0.3, 0.6]] });
add('[invert, gray, jitter, solarize]', { t: 'RandomOrder', args: [[invert, gray, jitter, poster]] }, ['f3', 'fb']);
add('[invert, jitter]', { t: 'RandomOrder', args: [[invert, jitter]] }, ['u3']);
add('of everything', { t: 'Compose', args: [[{ t: 'RandomOrder', args: [[invert, jitter]] }, { t: 'RandomApply', args: [[gray]], kwargs: { p: 0.3 } }, { t: 'RandomChoice', args: [[invert, gray]] }]] });
add('p not a sequence (error)', { t: 'RandomChoice', args: [[invert], 0.5] }, []);
add('not a sequence (error)', { t: 'RandomChoice', args: [5] }, []);
add('not a sequence (error)', { t: 'RandomOrder', args: [5] }, []);
add('not callable (error)', { t: 'Lambda', args: [5] }, []);

let py: ReturnType<typeof runCases>;
describe("random containers give torchvision's results for the same torch and Python seeds", () => {
  py = runCases(MODULE, CASES, { extra: { pythonRandom: [MODULE, 'python_random'] } });
});

describe("transforms.random is Python's random", () => {
  it('gives the draws of random.seed(n): random(), getrandbits, shuffle, choices', () => {
    const want = py().extra.pythonRandom as { random: number[]; bits: number[]; shuffle: number[][]; choices: number[][]; big: number[] };
    const r = new transforms.PythonRandom(1234);
    expect(Array.from({ length: 5 }, () => r.random())).toEqual(want.random);
    expect([1, 7, 31, 32, 33, 53].map((k) => r.getrandbits(k))).toEqual(want.bits);
    const lists = [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [0, 1]];
    for (const l of lists) r.shuffle(l);
    expect(lists).toEqual(want.shuffle);
    expect([r.choices([0, 1, 2, 3], null, 6), r.choices([0, 1, 2], [0.2, 0, 5], 6)]).toEqual(want.choices);
    const big = new transforms.PythonRandom(2n ** 70n + 5n);
    const neg = new transforms.PythonRandom(-77);
    expect([big.random(), neg.random()]).toEqual(want.big);
  });

  it('checks its arguments as Python', () => {
    const r = new transforms.PythonRandom(0);
    expect(() => r.choices([1, 2], [1])).toThrow('The number of weights does not match the population');
    expect(() => r.choices([1, 2], [0, 0])).toThrow('Total of weights must be greater than zero');
    expect(() => r.seed(1.5)).toThrow(/a must be an integer/);
  });

  it('RandomApply draws from torch (seeded by torch.manualSeed)', () => {
    const t = transforms.RandomApply<torch.Tensor>([transforms.RandomInvert(1)], 0.5);
    const x = torch.tensor([[[0.25]]]);
    torch.manualSeed(0);
    const a = t(x).tolist();
    torch.manualSeed(0);
    const u = torch.rand([1]).item();
    expect(a).toEqual(u > 0.5 ? [[[0.25]]] : [[[0.75]]]);
  });
});
