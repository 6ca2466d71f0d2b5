// Table-driven layer tests: a case names a layer class, its constructor arguments (Python's
// keyword names) and input shapes; test/oracles/nn/modules/layer_cases.py runs the same case in
// PyTorch, and runCase here runs it in Node with the same draws in the same order.
import { expect } from 'vitest';
import * as torch from '../../lib/torch.js';
import * as nn from '../../lib/nn/index.js';
import type { Tensor } from '../../lib/torch.js';
import { expectClose } from './helpers.js';

/** One layer case, in the JSON both sides read. */
export interface LayerCase {
  cls: string;
  /** Positional arguments. */
  args?: unknown[];
  /** Keyword arguments under Python's names (snake_case); Node gets them camelCased in the options object. */
  kwargs?: Record<string, unknown>;
  seed?: number;
  /** Input shapes; none: only construction is compared. */
  inputs?: number[][];
  /** Forward calls before the one compared (running statistics). */
  steps?: number;
  train?: boolean;
  /** Add seeded noise to the parameters before forward, so gradients are not those of the default init. */
  perturb?: boolean;
}

/** What both sides record of a case. */
export interface LayerResult {
  repr: string;
  keys: string[];
  init: Record<string, unknown>;
  class?: string;
  reprAfter?: string;
  keysAfter?: string[];
  y?: unknown;
  xgrad?: unknown[];
  pgrad?: Record<string, unknown>;
  after?: Record<string, unknown>;
  yEval?: unknown;
}

const camel = (s: string): string => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

function values(sd: Record<string, Tensor>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(sd)) out[k] = v instanceof nn.UninitializedTensorMixin ? null : v.tolist();
  return out;
}

/** Builds the case's layer in Node (after seeding). */
export function construct(c: LayerCase): nn.Module {
  const ctor = (nn as unknown as Record<string, new (...a: unknown[]) => nn.Module>)[c.cls];
  if (ctor === undefined) throw new Error(`no nn.${c.cls}`);
  const kw = Object.fromEntries(Object.entries(c.kwargs ?? {}).map(([k, v]) => [camel(k), v]));
  return Object.keys(kw).length > 0 ? new ctor(...(c.args ?? []), kw) : new ctor(...(c.args ?? []));
}

/** Runs a case in Node as layer_cases.py's run_case does in Python. */
export function runCase(c: LayerCase): LayerResult {
  torch.manualSeed(c.seed ?? 0);
  const m = construct(c);
  const out: LayerResult = { repr: String(m), keys: Object.keys(m.stateDict()), init: values(m.stateDict()) };
  if (c.inputs === undefined || c.inputs.length === 0) return out;
  if (c.train === false) m.eval();
  if (c.perturb === true) {
    if (m instanceof nn.LazyModuleMixin) torch.noGrad(() => m(...c.inputs!.map((s) => torch.zeros(s))));
    torch.noGrad(() => { for (const p of m.parameters()) p.add_(torch.randn(p.shape).mul(0.5)); });
  }
  const xs = c.inputs.map((s) => torch.randn(s, { requiresGrad: true }));
  for (let i = 1; i < (c.steps ?? 1); i++) m(...xs);
  const y = m(...xs) as Tensor;
  const g = torch.randn(y.shape);
  y.mul(g).sum().backward();
  out.class = m.constructor.name;
  out.reprAfter = String(m);
  out.keysAfter = Object.keys(m.stateDict());
  out.y = y.tolist();
  out.xgrad = xs.map((x) => x.grad!.tolist());
  out.pgrad = Object.fromEntries(m.namedParameters().map(([n, p]) => [n, p.grad!.tolist()]));
  out.after = values(m.stateDict());
  m.eval();
  out.yEval = torch.noGrad(() => (m(...xs.map((x) => x.detach())) as Tensor).tolist());
  return out;
}

/** Compares a Node result with PyTorch's: text exactly, numbers within tol. */
export function expectLayerResult(name: string, js: LayerResult, py: LayerResult, tol = 1e-5): void {
  const at = (what: string) => `${name}: ${what}`;
  expect(js.repr, at('repr')).toBe(py.repr);
  expect(js.keys, at('state dict keys')).toEqual(py.keys);
  const close = (a: unknown, b: unknown, what: string) => {
    try { expectClose(a, b, tol); } catch (e) { throw new Error(`${at(what)}: ${(e as Error).message}`); }
  };
  for (const k of py.keys) {
    if (py.init[k] === null) expect(js.init[k], at(`init ${k} (uninitialised)`)).toBeNull();
    else close(js.init[k], py.init[k], `init ${k}`);
  }
  if (py.y === undefined) return;
  expect(js.class, at('class after forward')).toBe(py.class);
  expect(js.reprAfter, at('repr after forward')).toBe(py.reprAfter);
  expect(js.keysAfter, at('state dict keys after forward')).toEqual(py.keysAfter);
  close(js.y, py.y, 'output');
  py.xgrad!.forEach((g, i) => close(js.xgrad![i], g, `input ${i} grad`));
  expect(Object.keys(js.pgrad!), at('parameters')).toEqual(Object.keys(py.pgrad!));
  for (const [k, g] of Object.entries(py.pgrad!)) close(js.pgrad![k], g, `${k} grad`);
  for (const [k, v] of Object.entries(py.after!)) close(js.after![k], v, `${k} after forward`);
  close(js.yEval, py.yEval, 'eval output');
}
