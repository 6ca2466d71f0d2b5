// Table-driven cases of layers called on one input (activations, dropouts, flattening): the same
// table runs here and in Python (test/oracles/nn/unary_layer_cases.py). A case seeds the
// generator, constructs `new nn[cls](...args, kwargs)` (kwargs in camelCase; Python gets
// snake_case), switches to eval mode if asked, calls the layer on a clone of a randn input (so
// in-place layers work under autograd), backpropagates a randn gradient, then draws once more:
// the random layers must leave the generator where PyTorch leaves it.
import { expect } from 'vitest';
import * as torch from '../../lib/torch.js';
import * as nn from '../../lib/nn/index.js';
import { expectClose } from './helpers.js';

/** One case of the table. */
export interface UnaryLayerCase {
  name: string;
  cls: string;
  args?: unknown[];
  kwargs?: Record<string, unknown>;
  input: number[];
  eval?: boolean;
  seed?: number;
}

/** What the oracle gives back for a case. */
export type UnaryLayerResult = Record<string, unknown> & { repr: string; shape: number[] };

/** Runs `c` here and compares output, gradients, parameters, repr and the next draw with `want`. */
export function checkUnaryLayerCase(c: UnaryLayerCase, want: UnaryLayerResult, tol = 1e-5): void {
  torch.manualSeed(c.seed ?? 0);
  const Cls = (nn as unknown as Record<string, new (...a: unknown[]) => nn.Module>)[c.cls];
  expect(Cls, c.cls).toBeTypeOf('function');
  const m = new Cls!(...(c.args ?? []), ...(c.kwargs === undefined ? [] : [c.kwargs]));
  if (c.eval === true) m.eval();
  const x = torch.randn(c.input).requiresGrad_();
  const y = (m as unknown as (t: torch.Tensor) => torch.Tensor)(x.clone());
  y.backward(torch.randnLike(y));
  const got: Record<string, unknown> = { out: y, inputGrad: x.grad, after: torch.rand(2) };
  for (const [name, p] of m.namedParameters()) {
    got[`param.${name}`] = p;
    got[`grad.${name}`] = p.grad;
  }
  expect(Object.keys(got).sort(), c.name).toEqual(Object.keys(want).filter((k) => k !== 'repr' && k !== 'shape').sort());
  expect(y.shape, c.name).toEqual(want.shape);
  expect(String(m), c.name).toBe(want.repr);
  for (const key of Object.keys(got)) {
    try { expectClose(got[key], want[key], tol); } catch (e) { throw new Error(`${c.name} ${key}: ${(e as Error).message}`); }
  }
}
