// torchvision.transforms' random containers: RandomApply (torch.rand), RandomChoice and
// RandomOrder (Python's `random`: random.choices and random.shuffle, reproduced by
// `transforms.random`, a Mersenne Twister seeded as Python's; see python_random.ts).
import * as torch from '../../generated/functions.js';
import { argTypeError, parseArgs } from '../../validate.js';
import { checkDense } from '../../arrays.js';
import { makeTransform, factory, type Transform } from './core.js';
import { pyNumber } from './functional/_utils.js';
import { random } from './python_random.js';

function transformList(where: string, list: unknown): ((x: unknown) => unknown)[] {
  if (!Array.isArray(list)) throw new TypeError('Argument transforms should be a sequence');
  checkDense(`${where}: transforms`, list);
  list.forEach((f: unknown, i: number) => { if (typeof f !== 'function') throw argTypeError(where, `transforms[${i}]`, 'a function (a transform)', f); });
  return [...list] as ((x: unknown) => unknown)[];
}

function listRepr(name: string, fns: readonly unknown[], head = ''): string {
  return `${name}(${head}${fns.map((f) => `\n    ${String(f)}`).join('')}\n)`;
}

/**
 * Applies a list of transforms with probability `p` (default 0.5), as torchvision's RandomApply
 * (one torch.rand(1) draw per call).
 * @example transforms.RandomApply([transforms.ColorJitter(0.4, 0.4, 0.4, 0.1)], 0.8)
 */
export const RandomApply: {
  <I = unknown, O = I>(transforms: readonly ((x: never) => unknown)[], p?: number): Transform<I, I | O>;
  <I = unknown, O = I>(transforms: readonly ((x: never) => unknown)[], options: { p?: number }): Transform<I, I | O>;
  <I = unknown, O = I>(options: { transforms: readonly ((x: never) => unknown)[]; p?: number }): Transform<I, I | O>;
  new <I = unknown, O = I>(transforms: readonly ((x: never) => unknown)[], p?: number): Transform<I, I | O>;
  new <I = unknown, O = I>(transforms: readonly ((x: never) => unknown)[], options: { p?: number }): Transform<I, I | O>;
  new <I = unknown, O = I>(options: { transforms: readonly ((x: never) => unknown)[]; p?: number }): Transform<I, I | O>;
} = factory((...args: unknown[]) => {
  const o = parseArgs<{ transforms: unknown; p: number }>('RandomApply', args, ['transforms', 'p'], { p: 0.5 }, ['transforms']);
  const fns = transformList('RandomApply', o.transforms);
  const p = o.p;
  if (typeof p !== 'number' || Number.isNaN(p)) throw argTypeError('RandomApply', 'p', 'a number', p);
  return makeTransform((img: unknown) => {
    // `if self.p < torch.rand(1)`: a float32 tensor comparison.
    if (torch.rand([1]).gt(p).item()) return img;
    for (const f of fns) img = f(img);
    return img;
  }, listRepr('RandomApply', fns, `\n    p=${pyNumber(p)}`));
}) as never;

/**
 * Applies one transform picked at random (weighted by `p` when given), as torchvision's
 * RandomChoice. torchvision picks with Python's `random.choices`; here `transforms.random` draws
 * the same way, so `transforms.random.seed(n)` reproduces Python's `random.seed(n)` picks.
 * @example transforms.RandomChoice([transforms.RandomInvert(1), transforms.Grayscale(3)], [0.3, 0.7])
 */
export const RandomChoice: {
  <I = unknown, O = unknown>(transforms: readonly ((x: never) => unknown)[], p?: readonly number[] | null): Transform<I, O>;
  <I = unknown, O = unknown>(transforms: readonly ((x: never) => unknown)[], options: { p?: readonly number[] | null }): Transform<I, O>;
  <I = unknown, O = unknown>(options: { transforms: readonly ((x: never) => unknown)[]; p?: readonly number[] | null }): Transform<I, O>;
  new <I = unknown, O = unknown>(transforms: readonly ((x: never) => unknown)[], p?: readonly number[] | null): Transform<I, O>;
  new <I = unknown, O = unknown>(transforms: readonly ((x: never) => unknown)[], options: { p?: readonly number[] | null }): Transform<I, O>;
  new <I = unknown, O = unknown>(options: { transforms: readonly ((x: never) => unknown)[]; p?: readonly number[] | null }): Transform<I, O>;
} = factory((...args: unknown[]) => {
  const o = parseArgs<{ transforms: unknown; p: unknown }>('RandomChoice', args, ['transforms', 'p'], { p: null }, ['transforms']);
  const fns = transformList('RandomChoice', o.transforms);
  const p = o.p;
  if (p !== null && !Array.isArray(p)) throw new TypeError('Argument p should be a sequence');
  if (Array.isArray(p)) {
    checkDense('RandomChoice: p', p);
    p.forEach((x: unknown, i: number) => { if (typeof x !== 'number' || Number.isNaN(x)) throw argTypeError('RandomChoice', `p[${i}]`, 'a number', x); });
  }
  const weights = p === null ? null : [...(p as number[])];
  const pRepr = weights === null ? 'None' : `[${weights.map(pyNumber).join(', ')}]`;
  return makeTransform((img: unknown) => random.choices(fns, weights)[0]!(img), `${listRepr('RandomChoice', fns)}(p=${pRepr})`);
}) as never;

/**
 * Applies a list of transforms in a random order, as torchvision's RandomOrder, which shuffles
 * with Python's `random.shuffle`; here `transforms.random.shuffle`, the same draws for the same
 * `transforms.random.seed(n)`.
 * @example transforms.RandomOrder([transforms.RandomInvert(), transforms.RandomEqualize()])
 */
export const RandomOrder: {
  <I = unknown, O = I>(transforms: readonly ((x: never) => unknown)[]): Transform<I, O>;
  new <I = unknown, O = I>(transforms: readonly ((x: never) => unknown)[]): Transform<I, O>;
} = factory((...args: unknown[]) => {
  const o = parseArgs<{ transforms: unknown }>('RandomOrder', args, ['transforms'], {}, ['transforms']);
  const fns = transformList('RandomOrder', o.transforms);
  return makeTransform((img: unknown) => {
    const order = fns.map((_, i) => i);
    random.shuffle(order);
    for (const i of order) img = fns[i]!(img);
    return img;
  }, listRepr('RandomOrder', fns));
}) as never;
