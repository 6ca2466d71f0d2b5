// Table-driven nn.functional cases that suit in-place and random functions: the same table runs
// here and in Python (test/oracles/nn/inplace_function_cases.py). A case seeds the generator,
// builds the arguments in order (an argument { randn: shape } is a fresh randn leaf that requires
// grad, passed as a clone so in-place functions work under autograd), calls F[fn](...args, kwargs)
// (kwargs in camelCase; Python gets snake_case), backpropagates a randn gradient unless grad is
// false, then draws once more: random functions must leave the generator where PyTorch leaves it.
import { expect } from 'vitest';
import * as torch from '../../lib/torch.js';
import * as nn from '../../lib/nn/index.js';
import { expectClose } from './helpers.js';

/** One case: `F[fn](...args, kwargs)`. */
export interface InplaceFunctionCase {
  name: string;
  fn: string;
  /** Values as they are, but `{ randn: shape }`: a fresh randn tensor requiring grad (passed as a clone). */
  args?: unknown[];
  kwargs?: Record<string, unknown>;
  seed?: number;
  /** Backpropagate a randn gradient and compare the gradients (default true). */
  grad?: boolean;
}

/** What the oracle gives back for a case. */
export interface InplaceFunctionResult { out: unknown; shape: number[]; dtype: string; grads?: unknown[]; after: unknown }

function isRandn(a: unknown): a is { randn: number[] } {
  return typeof a === 'object' && a !== null && !Array.isArray(a) && 'randn' in a;
}

/** Runs `c` here and compares output, gradients and the next draw with `want`. */
export function checkInplaceFunctionCase(c: InplaceFunctionCase, want: InplaceFunctionResult, tol = 1e-5): void {
  torch.manualSeed(c.seed ?? 0);
  const grad = c.grad ?? true;
  const leaves: torch.Tensor[] = [];
  const args = (c.args ?? []).map((a) => {
    if (!isRandn(a)) return a;
    const t = torch.randn(a.randn).requiresGrad_(grad);
    leaves.push(t);
    return t.clone();
  });
  if (c.kwargs !== undefined) args.push(c.kwargs);
  const fn = (nn.functional as unknown as Record<string, (...a: unknown[]) => torch.Tensor>)[c.fn];
  expect(fn, c.fn).toBeTypeOf('function');
  const y = fn!(...args);
  expect(y.shape, c.name).toEqual(want.shape);
  expect(y.dtype, c.name).toBe(want.dtype);
  try { expectClose(y, want.out, tol); } catch (e) { throw new Error(`${c.name} out: ${(e as Error).message}`); }
  if (grad) {
    y.backward(torch.randnLike(y));
    leaves.forEach((t, i) => {
      try { expectClose(t.grad, want.grads![i], tol); } catch (e) { throw new Error(`${c.name} grad ${i}: ${(e as Error).message}`); }
    });
  }
  try { expectClose(torch.rand(2), want.after, tol); } catch (e) { throw new Error(`${c.name} after: ${(e as Error).message}`); }
}
