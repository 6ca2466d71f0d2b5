// The transforms tests' side of test/oracles/vision/transforms/_common.py: the same JSON specs
// build the transforms here, the same seeds drive them, and the results are compared.
import { expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import type { Tensor } from '../../../lib/torch.js';
import { Image, transforms } from '../../../lib/vision/index.js';
import { oracleBatch, type OracleCall } from '../../helpers/python.js';

export interface Input { shape: number[]; dtype: 'uint8' | 'float32' | 'float64'; seed: number }
export interface Spec { t: string; args?: unknown[]; kwargs?: Record<string, unknown> }
export interface Case { name: string; transform: Spec; input?: Input; seeds?: number[] }

export const INPUTS: Record<string, Input> = {
  u3: { shape: [3, 6, 7], dtype: 'uint8', seed: 1 },
  f3: { shape: [3, 6, 7], dtype: 'float32', seed: 2 },
  u1: { shape: [1, 5, 6], dtype: 'uint8', seed: 3 },
  f1: { shape: [1, 5, 6], dtype: 'float32', seed: 4 },
  ub: { shape: [2, 3, 4, 5], dtype: 'uint8', seed: 5 },
  fb: { shape: [2, 3, 4, 5], dtype: 'float32', seed: 6 },
};

export const SEEDS = [0, 1, 2, 3, 4, 5, 6, 7];

const camel = (k: string): string => k.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());

function value(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(value);
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('t' in o) return build(o as unknown as Spec);
    if ('tensor' in o) return torch.tensor(o.tensor as number[], { dtype: o.dtype as 'float32' });
    if ('dtype' in o) return o.dtype;
    if ('interpolation' in o) return o.interpolation;
    if ('policy' in o) return o.policy;
  }
  return v;
}

/** The transform a spec names, built as a port would write it (positional args, then options). */
export function build(spec: Spec): (x: unknown) => unknown {
  const f = (transforms as unknown as Record<string, (...a: unknown[]) => (x: unknown) => unknown>)[spec.t]!;
  const args = (spec.args ?? []).map(value);
  const kw = Object.fromEntries(Object.entries(spec.kwargs ?? {}).map(([k, v]) => [camel(k), value(v)]));
  return Object.keys(kw).length > 0 ? f(...args, kw) : f(...args);
}

type Out = { dtype: string; data: unknown } | { error: string; message: string } | string;
export type Result = Record<string, { input?: unknown; repr?: string; outputs?: Out[]; image_outputs?: Out[]; error?: string; message?: string }>;

export function errorClass(pyError: string): typeof Error {
  return pyError === 'TypeError' ? TypeError : pyError === 'ValueError' ? RangeError : Error;
}

/**
 * One `it` per case: the repr, the output after each seed (torch.manualSeed and
 * transforms.random.seed, as the oracle seeds torch and Python's random), and for 3-dim uint8
 * inputs the same pixels through an `Image` (first three seeds); or the error torchvision raises.
 */
export function runCases(module: string, cases: readonly Case[],
  options: { image?: boolean; extra?: Record<string, OracleCall> } = {}): () => Result & { extra: Record<string, unknown> } {
  // the file's other oracle calls ride in the same python3 process
  const extraKeys = Object.keys(options.extra ?? {});
  const py = oracleBatch<{ cases: Result } & Record<string, unknown>>({ cases: [module, 'run', cases], ...options.extra });
  it('has a result for every case', () => {
    expect(Object.keys(py().cases).sort()).toEqual(cases.map((c) => c.name).sort());
  });
  for (const c of cases) {
    it(c.name, () => {
      const r = py().cases[c.name]!;
      if (r.error !== undefined) {
        const attempt = (): unknown => {
          const t = build(c.transform);
          if (c.input !== undefined) t(torch.tensor(r.input as number[], { dtype: c.input.dtype }));
          return t;
        };
        expect(attempt).toThrow(errorClass(r.error));
        expect(attempt).toThrow(r.message!);
        return;
      }
      const t = build(c.transform);
      expect(String(t)).toBe(r.repr);
      if (c.input === undefined) return;
      const input = torch.tensor(r.input as number[], { dtype: c.input.dtype });
      const seeds = c.seeds ?? [0];
      seeds.forEach((seed, k) => {
        torch.manualSeed(seed);
        transforms.random.seed(seed);
        const want = r.outputs![k]!;
        if (typeof want === 'string') throw new Error(`the oracle gave ${want}`);
        if ('error' in want) {
          expect(() => t(input.clone()), `seed ${seed}`).toThrow(errorClass(want.error));
          torch.manualSeed(seed);
          transforms.random.seed(seed);
          expect(() => t(input.clone()), `seed ${seed}`).toThrow(want.message);
          return;
        }
        const out = t(input.clone()) as Tensor;
        expect(out.dtype, `seed ${seed}`).toBe(want.dtype);
        expect(out.tolist(), `seed ${seed}`).toEqual(want.data);
      });
      if (options.image !== false && c.input.dtype === 'uint8' && c.input.shape.length === 3 && c.input.shape[0] !== 2) {
        // the first seeds suffice: the Image path runs the same tensor code, but for resizing
        // L and RGB images, which it does as Pillow (the oracle's image_outputs)
        seeds.slice(0, 3).forEach((seed, k) => {
          const want = (r.image_outputs ?? r.outputs)![k]! as { dtype?: string; data: unknown };
          if (want.dtype !== 'uint8') return;
          torch.manualSeed(seed);
          transforms.random.seed(seed);
          const out = t(new Image(input.clone()));
          expect(out, `seed ${seed}`).toBeInstanceOf(Image);
          expect((out as Image).data.tolist(), `seed ${seed}`).toEqual(want.data);
        });
      }
    });
  }
  return () => Object.assign(py().cases, { extra: Object.fromEntries(extraKeys.map((k) => [k, py()[k]])) });
}
