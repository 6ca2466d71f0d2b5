// The optimizer tests' shared table-driven harness: a table of cases (optimizer class, options,
// dtype, groups), run here and by PyTorch (test/oracles/optim/_harness.py, re-exported by each
// test file's oracle module). Parameters after every step and the state must be bit-identical
// (JSON carries each float exactly); the state dict round trips through our own stateDict(),
// through Python's torch.save'd file (torch.load here) and back (Python loads ours).
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../../lib/torch.js';
import { Tensor } from '../../lib/torch.js';
import * as optim from '../../lib/optim/index.js';
import { load, save } from '../../lib/serialization/index.js';
import { oracle, oracleBatch } from './python.js';
import { tempDir } from './tmp.js';

/** One row of an optimizer table. */
export interface OptimizerCase {
  /** Unique in its file; also the name of the saved state dict files. */
  name: string;
  /** The optim class name ('SGD', 'AdamW', ...). */
  cls: string;
  /** camelCase options (Python gets them as snake_case keywords). */
  options: Record<string, unknown>;
  dtype?: 'float32' | 'float64';
  /** Two parameter groups, the second with lr 0.1. */
  groups?: boolean;
  /** Sparse COO gradients (SparseAdam), with its parameter shapes. */
  sparse?: boolean;
  /** The three parameters' shapes (default [3, 4], [5], [2, 2]). */
  shapes?: number[][];
}

type Flat = number[];
type StateValue = Flat | number | null | (Flat | number | null)[];
type PyState = Record<string, Record<string, StateValue>>;
interface SparseGrad { indices: number[]; values: Flat }
interface PyCase { init: Flat[]; grads: (Flat | SparseGrad)[][]; after: Flat[][]; midState: PyState; finalState: PyState; loaded: Flat[] }

const DENSE_SHAPES = [[3, 4], [5], [2, 2]];
const SPARSE_SHAPES = [[6, 3], [5]];

export const snakeToCamel = (k: string): string => k.replace(/_([a-z])/g, (_m, ch: string) => ch.toUpperCase());
const rows = (t: Tensor): Flat => t.detach().reshape(-1).tolist() as Flat;
const valueOf = (v: unknown): unknown => {
  if (v instanceof Tensor) return v.dim() === 0 ? v.item() : rows(v);
  if (Array.isArray(v)) return v.map(valueOf);
  return v;
};

type Ctor = new (params: unknown, options?: unknown) => optim.Optimizer;
/** The optim class named `cls`. */
export const ctorOf = (cls: string): Ctor => (optim as unknown as Record<string, Ctor>)[cls]!;

/** An optimizer's state as stateDict() gives it, tensors as flat lists. */
export function dumpState(opt: optim.Optimizer): PyState {
  const out: PyState = {};
  for (const [i, s] of Object.entries(opt.stateDict().state)) {
    out[i] = {};
    for (const [k, v] of Object.entries(s)) out[i][k] = valueOf(v) as StateValue;
  }
  return out;
}

/** Python's dumped state with our (camelCase) key names. */
export function camelState(st: PyState): PyState {
  const out: PyState = {};
  for (const [i, s] of Object.entries(st)) {
    out[i] = {};
    for (const [k, v] of Object.entries(s)) out[i][snakeToCamel(k)] = v;
  }
  return out;
}

/** A file's table: its cases and, optionally, refused options and the classes whose defaults to check. */
export interface OptimizerTable {
  cases: readonly OptimizerCase[];
  /** `[cls, options]` PyTorch refuses with a ValueError (a RangeError here, with its message). */
  bad?: readonly [string, Record<string, unknown>][];
  /**
   * Classes whose defaults must be PyTorch's, but for the options each lists (PyTorch's options
   * that only matter on accelerators or under torch.compile: capturable, differentiable, fused).
   */
  defaults?: Record<string, readonly string[]>;
  steps?: number;
  split?: number;
}

/**
 * Runs a table here and in PyTorch (the oracle module `module`, e.g. 'optim/sgd', all in one
 * python3 process): `steps` steps (default 20), the state dict taken after `split` (default 10).
 * One test per case, one for Python loading our saved state dicts, one each for bad options and
 * defaults.
 */
export function describeOptimizerTable(module: string, table: OptimizerTable): void {
  const { cases, bad = [], defaults = {}, steps = 20, split = 10 } = table;
  expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  const dir = tempDir('torch-node-optim-');
  const py = oracleBatch<{ cases: PyCase[]; bad: [string, string][]; defaults: Record<string, Record<string, unknown>> }>({
    cases: [module, 'steps_and_states', cases, steps, split, dir],
    bad: [module, 'bad_option_messages', bad],
    defaults: [module, 'defaults', Object.keys(defaults)],
  });
  const classes = [...new Set(cases.map((c) => c.cls))];

  describe(`${classes.join(', ')} match PyTorch bit for bit`, () => {
    let results: PyCase[];
    beforeAll(() => { results = py().cases; });

    cases.forEach((c, ci) => {
      it(`${c.name}: ${steps} steps, state, stateDict round trips (ours, torch.save'd by Python)`, () => {
        const ref = results[ci]!;
        const dtype = c.dtype ?? 'float32';
        const shapes = c.sparse ? SPARSE_SHAPES : c.shapes ?? DENSE_SHAPES;
        const ctor = ctorOf(c.cls);
        const mk = (): Tensor[] => ref.init.map((v, i) => torch.tensor(v, { dtype }).reshape(shapes[i]!).requiresGrad_());
        const struct = (ps: Tensor[], lr?: number): unknown =>
          (c.groups ? [{ params: ps.slice(0, 2) }, lr === undefined ? { params: ps.slice(2) } : { params: ps.slice(2), lr }] : ps);
        const setGrads = (ps: Tensor[], s: number): void => {
          ps.forEach((p, i) => {
            const g = ref.grads[s]![i]!;
            if (c.sparse) {
              const sg = g as SparseGrad;
              const indices = torch.tensor(sg.indices, { dtype: 'int64' }).reshape(1, -1);
              p.grad = torch.sparseCooTensor(indices, torch.tensor(sg.values, { dtype }).reshape(-1, ...shapes[i]!.slice(1)), shapes[i]!);
            } else {
              p.grad = torch.tensor(g as Flat, { dtype }).reshape(shapes[i]!);
            }
          });
          if (s === 2) ps[1]!.grad = null;
        };

        const a = mk();
        const optA = new ctor(struct(a, 0.1), c.options);
        let b: Tensor[] = [];
        let d: Tensor[] = [];
        let optB: optim.Optimizer | null = null;
        let optD: optim.Optimizer | null = null;
        for (let s = 0; s < steps; s++) {
          setGrads(a, s);
          optA.step();
          a.forEach((p, i) => expect(rows(p), `step ${s + 1} param ${i}`).toEqual(ref.after[s]![i]!));
          if (s + 1 > split) {
            for (const [ps, opt] of [[b, optB!], [d, optD!]] as const) {
              ps.forEach((p, i) => { p.grad = a[i]!.grad; });
              opt.step();
            }
          }
          if (s + 1 === split) {
            expect(dumpState(optA)).toEqual(camelState(ref.midState));
            const sd = optA.stateDict();
            for (const g of sd.paramGroups) expect(Object.keys(g).sort()).toEqual([...Object.keys(optA.defaults), 'params'].sort());
            save(sd, join(dir, `${c.name}.ours.pt`));
            // Our own state dict, into an optimizer with other options over copies of the parameters.
            b = mk();
            torch.noGrad(() => b.forEach((p, i) => p.copy_(a[i]!)));
            optB = new ctor(struct(b), { lr: 0.123 });
            optB.loadStateDict(sd);
            expect(optB.paramGroups.map((g) => g.lr)).toEqual(optA.paramGroups.map((g) => g.lr));
            const [sa, sb] = [optA.state.get(a[0]!) ?? {}, optB.state.get(b[0]!) ?? {}];
            for (const k of Object.keys(sa)) if (sa[k] instanceof Tensor) expect(sb[k], `${k} copied`).not.toBe(sa[k]);
            // PyTorch's state dict (snake_case keys, step tensors), as Python's torch.save wrote it.
            d = mk();
            torch.noGrad(() => d.forEach((p, i) => p.copy_(a[i]!)));
            optD = new ctor(struct(d));
            optD.loadStateDict(load(join(dir, `${c.name}.pt`)) as Record<string, unknown>);
          }
        }
        expect(dumpState(optA)).toEqual(camelState(ref.finalState));
        b.forEach((p, i) => expect(rows(p), `loaded from stateDict(): param ${i}`).toEqual(ref.loaded[i]!));
        d.forEach((p, i) => expect(rows(p), `loaded from Python's file: param ${i}`).toEqual(ref.loaded[i]!));
      });
    });

    it("Python's optimizers load the state dicts torch.save wrote here and continue as from their own", () => {
      const ours = oracle<Flat[][]>(module, 'load_ours', cases, steps, split, dir);
      cases.forEach((c, ci) => {
        ours[ci]!.forEach((p, i) => expect(p, `${c.name} param ${i}`).toEqual(results[ci]!.loaded[i]!));
      });
    });
  });

  if (bad.length === 0 && Object.keys(defaults).length === 0) return;
  describe(`${classes.join(', ')} options`, () => {
    if (bad.length > 0) {
      it("rejects bad options with PyTorch's ValueError text, naming the option", () => {
        // 2-D, as Muon takes nothing else.
        const p = torch.zeros(2, 2).requiresGrad_();
        bad.forEach(([cls, options], i) => {
          const [type, message] = py().bad[i]!;
          expect(type, `${cls} ${JSON.stringify(options)}`).toBe('ValueError');
          const escaped = message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          const option = Object.keys(options)[0]!.replace(/[[\]]/g, '\\$&');
          expect(() => new (ctorOf(cls))([p], options)).toThrow(RangeError);
          expect(() => new (ctorOf(cls))([p], options)).toThrow(new RegExp(`^${escaped} \\(${cls} option ${option}`));
        });
      });
    }
    if (Object.keys(defaults).length > 0) {
      it("defaults are PyTorch's", () => {
        const p = torch.zeros(1, 1).requiresGrad_();
        for (const [cls, absent] of Object.entries(defaults)) {
          const expected: Record<string, unknown> = {};
          for (const [k, v] of Object.entries(py().defaults[cls]!)) if (!absent.includes(k)) expected[k] = v;
          expect(new (ctorOf(cls))([p]).defaults, cls).toEqual(expected);
        }
      });
    }
  });
}
