// Table-driven nn.functional cases: the same table runs here and in Python
// (test/oracles/nn/function_cases.py); each case compares the output and the gradients of its
// randn arguments.
import { expect } from 'vitest';
import * as torch from '../../lib/torch.js';
import * as nn from '../../lib/nn/index.js';
import type { DType } from '../../lib/dtype.js';
import { expectClose } from './helpers.js';

/** A fresh randn tensor argument (requires grad unless the case says grad: false). */
export interface RandnArg { randn: number[]; dtype?: DType }

/** One case: `F[fn](...args, kwargs)`. */
export interface FunctionCase {
  name: string;
  fn: string;
  args?: unknown[];
  /** Options in camelCase (Python gets them in snake_case). */
  kwargs?: Record<string, unknown>;
  seed?: number;
  /** Backpropagate a randn gradient and compare the gradients (default true). */
  grad?: boolean;
}

/** What the oracle gives back for a case. */
export interface FunctionResult { out: unknown; shape: number[]; dtype: string; grads?: unknown[] }

function isRandn(a: unknown): a is RandnArg {
  return typeof a === 'object' && a !== null && !Array.isArray(a) && 'randn' in a;
}

/** Runs `c` here and compares output and gradients with `want` (the oracle's result for it). */
export function checkFunctionCase(c: FunctionCase, want: FunctionResult, tol = 1e-5): void {
  torch.manualSeed(c.seed ?? 0);
  const grad = c.grad ?? true;
  const leaves: torch.Tensor[] = [];
  const args = (c.args ?? []).map((a) => {
    if (!isRandn(a)) return a;
    const t = torch.randn(a.randn, { dtype: a.dtype ?? 'float32' }).requiresGrad_(grad);
    leaves.push(t);
    return t;
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
}
