// Tensors are iterable (Python's `for row in x`), and vitest's deep equality (toEqual, and the hint
// toBe computes when it fails) walks iterables element by element: it would compare tensors slice
// by slice down to 0-d ones, whose iteration is PyTorch's TypeError. This tester answers for two
// tensors before that: equal when they are one object or their own enumerable properties are
// equal, as vitest compared them before tensors were iterable. Tests compare values through
// tolist() or torch.equal. Duck-typed, so that this file loads no addon.
import { expect } from 'vitest';

type Tester = Parameters<typeof expect.addEqualityTesters>[0][number];

function isTensor(v: unknown): boolean {
  if (v === null || typeof v !== 'object') return false;
  for (let p = Object.getPrototypeOf(v) as object | null; p !== null; p = Object.getPrototypeOf(p) as object | null) {
    if (Object.prototype.hasOwnProperty.call(p, 'constructor') && (p as { constructor: { name?: string } }).constructor.name === 'Tensor'
      && Object.prototype.hasOwnProperty.call(p, Symbol.iterator)) return true;
  }
  return false;
}

const tensorEquality: Tester = function (a: unknown, b: unknown): boolean | undefined {
  if (!isTensor(a) || !isTensor(b)) return undefined;
  if (a === b) return true;
  return (a as object).constructor === (b as object).constructor && this.equals({ ...(a as object) }, { ...(b as object) });
};

expect.addEqualityTesters([tensorEquality]);
