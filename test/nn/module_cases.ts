// Table-driven module cases: the same table runs here and in Python
// (test/oracles/nn/module_cases.py), and each case compares parameters after the default
// initialisation, the output, the gradients of input and parameters, and the repr.
import { expect } from 'vitest';
import * as torch from '../../lib/torch.js';
import * as nn from '../../lib/nn/index.js';
import { expectClose } from './helpers.js';

/** One case: `new nn[cls](...args, kwargs)` on `randn(...input)`, then `forward(x, ...forward)`. */
export interface ModuleCase {
  name: string;
  cls: string;
  args?: unknown[];
  /** Options in camelCase (Python gets them in snake_case). */
  kwargs?: Record<string, unknown>;
  input: number[];
  forward?: unknown[];
  seed?: number;
}

/** What the oracle gives back for a case. */
export type CaseResult = Record<string, unknown> & { repr: string; shape: number[] };

/** Runs `c` here and compares every value with `want` (the oracle's result for it). */
export function checkCase(c: ModuleCase, want: CaseResult, tol = 1e-5): void {
  torch.manualSeed(c.seed ?? 0);
  const Cls = (nn as unknown as Record<string, new (...a: unknown[]) => nn.Module>)[c.cls]!;
  const args = [...(c.args ?? [])];
  if (c.kwargs !== undefined) args.push(c.kwargs);
  const m = new Cls(...args);
  const x = torch.randn(c.input).requiresGrad_();
  const y = (m as unknown as (...a: unknown[]) => torch.Tensor)(x, ...(c.forward ?? []));
  const g = torch.randnLike(y);
  y.backward(g);
  const got: Record<string, unknown> = { out: y, inputGrad: x.grad };
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
