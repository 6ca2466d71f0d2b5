// Table-driven loss cases: the same table runs here and in Python (test/oracles/nn/loss_cases.py).
// A case seeds the generator, builds its tensors in order (the forward inputs, then those among
// the constructor or function arguments), constructs `new nn[cls](...args, kwargs)` and calls it
// on the inputs, or calls `F[fn](...inputs, ...args, kwargs)`; then backpropagates the sum of the
// output. It runs once per reduction ('none', 'mean', 'sum', given as the `reduction` keyword)
// unless it names its own, and compares output, gradients of the inputs that require grad,
// parameters and their gradients, and (modules) the repr.
import { expect } from 'vitest';
import * as torch from '../../lib/torch.js';
import type { Tensor } from '../../lib/torch.js';
import * as nn from '../../lib/nn/index.js';
import { expectClose } from './helpers.js';

/**
 * A tensor both sides draw: `{ randn: shape }`, `{ rand: shape, add? }`, `{ randint: [low, high, shape] }`,
 * `{ sign: shape }` (random ±1 floats), `{ logSoftmax: shape, dim }`, `{ tensor: values, dtype? }`;
 * `grad: true` makes it a leaf that requires grad. `{ fn: name }` is a distance function (NAMED_FNS).
 */
export type Spec = Record<string, unknown>;

/** One case of the table. */
export interface LossCase {
  name: string;
  /** A loss module, nn[cls]... */
  cls?: string;
  /** ...or a function, F[fn]. */
  fn?: string;
  /** Constructor arguments (module) or positional arguments after the inputs (function). */
  args?: unknown[];
  /** Options in camelCase (Python gets them in snake_case). */
  kwargs?: Record<string, unknown>;
  /** The forward (or function) tensor arguments, or plain values. */
  inputs: unknown[];
  seed?: number;
  /** Run once as given instead of once per reduction. */
  once?: boolean;
}

export const REDUCTIONS = ['none', 'mean', 'sum'] as const;

/** The runs of a case: the reductions it is run with (null: as given). */
export function runsOf(c: LossCase): (string | null)[] {
  return c.once === true ? [null] : [...REDUCTIONS];
}

const NAMED_FNS: Record<string, () => unknown> = {
  cosineDistance: () => (a: Tensor, b: Tensor) => torch.sub(1, nn.functional.cosineSimilarity(a, b)),
  pairwiseL1: () => new nn.PairwiseDistance(1),
};

function isSpec(v: unknown): v is Spec {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof torch.Tensor)
    && ['randn', 'rand', 'randint', 'sign', 'logSoftmax', 'tensor', 'fn'].some((k) => k in v);
}

function build(spec: Spec, leaves: Tensor[]): unknown {
  if ('fn' in spec) return NAMED_FNS[spec.fn as string]!();
  let t: Tensor;
  if ('randn' in spec) t = torch.randn(spec.randn as number[]);
  else if ('rand' in spec) t = torch.rand(spec.rand as number[]).add((spec.add as number | undefined) ?? 0);
  else if ('randint' in spec) {
    const [lo, hi, shape] = spec.randint as [number, number, number[]];
    t = torch.randint(lo, hi, shape);
  } else if ('sign' in spec) t = torch.randint(0, 2, spec.sign as number[]).float().mul(2).sub(1);
  else if ('logSoftmax' in spec) t = torch.randn(spec.logSoftmax as number[]).logSoftmax(spec.dim as number).detach();
  else t = torch.tensor(spec.tensor as number[], { dtype: (spec.dtype as 'int64' | 'float32' | undefined) ?? 'float32' });
  if (spec.grad === true) {
    t.requiresGrad_();
    leaves.push(t);
  }
  return t;
}

/** Builds and calls a case (one run); returns the output, the module (if any) and the grad leaves. */
export function callCase(c: LossCase, reduction: string | null): { out: unknown; module: nn.Module | null; leaves: Tensor[] } {
  torch.manualSeed(c.seed ?? 0);
  const leaves: Tensor[] = [];
  const map = (v: unknown): unknown => (isSpec(v) ? build(v, leaves) : v);
  const inputs = c.inputs.map(map);
  const args = (c.args ?? []).map(map);
  const kwargs: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(c.kwargs ?? {})) kwargs[k] = map(v);
  if (reduction !== null) kwargs.reduction = reduction;
  const tail = Object.keys(kwargs).length > 0 ? [kwargs] : [];
  if (c.cls !== undefined) {
    const Cls = (nn as unknown as Record<string, new (...a: unknown[]) => nn.Module>)[c.cls];
    expect(Cls, c.cls).toBeTypeOf('function');
    const m = new Cls!(...args, ...tail);
    return { out: (m as unknown as (...a: unknown[]) => unknown)(...inputs), module: m, leaves };
  }
  const fn = (nn.functional as unknown as Record<string, (...a: unknown[]) => unknown>)[c.fn!];
  expect(fn, c.fn).toBeTypeOf('function');
  return { out: fn!(...inputs, ...args, ...tail), module: null, leaves };
}

/** What the oracle gives back for one run of a case. */
export type LossRun = Record<string, unknown> & { shape: number[]; repr?: string };

/** Runs every reduction of `c` here and compares each with the oracle's `want[reduction]`. */
export function checkLossCase(c: LossCase, want: Record<string, LossRun>, tol = 1e-5): void {
  for (const r of runsOf(c)) {
    const key = r ?? 'once';
    const w = want[key]!;
    const label = `${c.name} [${key}]`;
    const { out, module, leaves } = callCase(c, r);
    const y = out as Tensor;
    expect(y.shape, label).toEqual(w.shape);
    try { expectClose(y, w.out, tol); } catch (e) { throw new Error(`${label} out: ${(e as Error).message}`); }
    y.sum().backward();
    const got: Record<string, unknown> = {};
    leaves.forEach((t, i) => { got[`grad${i}`] = t.grad; });
    if (module !== null) {
      expect(String(module), label).toBe(w.repr);
      for (const [name, p] of module.namedParameters()) {
        got[`param.${name}`] = p;
        got[`grad.${name}`] = p.grad;
      }
    }
    expect(Object.keys(got).sort(), label).toEqual(Object.keys(w).filter((k) => !['out', 'shape', 'repr'].includes(k)).sort());
    for (const [k, v] of Object.entries(got)) {
      try { expectClose(v, w[k], tol); } catch (e) { throw new Error(`${label} ${k}: ${(e as Error).message}`); }
    }
  }
}

/** The message of the error a case throws here (it must throw). */
export function errorOf(c: LossCase): string {
  try {
    callCase(c, null);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error(`${c.name}: no error thrown`);
}
