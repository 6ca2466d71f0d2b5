// Random numbers: the same seed and the same calls give the same numbers as Python PyTorch.
import { describe, expect, it, beforeAll } from 'vitest';
import * as torch from '../lib/index.js';
import { Tensor } from '../lib/index.js';
import { oracleBatch } from './helpers/python.js';

// Python's results for this file, computed in one python3 run (test/oracles/generator.py).
const oracle = oracleBatch<{
  defaultGenerator: Record<string, Values>;
  largeDraws: Record<string, number[]>;
  explicitGenerator: Record<string, Values>;
  stateRoundTrip: { state: number[]; next: number[] };
}>({
  defaultGenerator: ['generator', 'default_generator'],
  largeDraws: ['generator', 'large_draws'],
  explicitGenerator: ['generator', 'explicit_generator'],
  stateRoundTrip: ['generator', 'state_round_trip'],
});

type Values = unknown;
const V = (t: Tensor): Values => t.tolist();

function expectClose(got: unknown, want: unknown, path = ''): void {
  if (Array.isArray(want)) {
    expect(Array.isArray(got), `${path} is an array`).toBe(true);
    expect((got as unknown[]).length, `${path} length`).toBe(want.length);
    want.forEach((w, i) => expectClose((got as unknown[])[i], w, `${path}[${i}]`));
  } else if (typeof want === 'number' && !Number.isInteger(want)) {
    expect(Math.abs((got as number) - want), `${path}: ${got} vs ${want}`).toBeLessThan(1e-6 * Math.max(1, Math.abs(want)));
  } else {
    expect(got, path).toEqual(want);
  }
}

describe('default generator parity with torch.manual_seed', () => {
  let want: Record<string, Values>;
  beforeAll(() => {
    want = oracle().defaultGenerator;
  });

  it('rand, randn, randint, randperm, normal_, uniform_, bernoulli, dropout in sequence', () => {
    torch.manualSeed(0);
    const got: Record<string, Values> = {};
    got.rand = V(torch.rand(3));
    got.randn = V(torch.randn(2, 3));
    got.randn_big = V(torch.randn(40));
    got.rand_big = V(torch.rand(2, 50));
    got.randint = V(torch.randint(0, 10, [5]));
    got.randint_high = V(torch.randint(100, [2, 3]));
    got.randperm = V(torch.randperm(10));
    got.randperm_big = V(torch.randperm(100));
    got['normal_'] = V(torch.empty(4).normal_());
    got.normal_args = V(torch.empty(3).normal_(2, 0.5));
    got['uniform_'] = V(torch.empty(4).uniform_(-1, 1));
    got.bernoulli = V(torch.bernoulli(torch.full([20], 0.5)));
    got.bernoulli_p = V(torch.empty(10).bernoulli_(0.3));
    got.dropout = V(torch.dropout(torch.ones(16), 0.5, true));
    got['F.dropout'] = V(torch.dropout(torch.ones(4, 4), { p: 0.3, train: true }));
    got.dropout_eval = V(torch.dropout(torch.ones(4), 0.5, false));
    got.randn_f64 = V(torch.randn(3, { dtype: 'float64' }));
    got.normal_fn = V(torch.normal(0, 1, [3]));
    got.normal_tensor = V(torch.normal(torch.zeros(3), torch.ones(3)));
    got.rand_like = V(torch.randLike(torch.zeros(2)));
    got.randn_like = V(torch.randnLike(torch.zeros(2)));
    got.multinomial = V(torch.multinomial(torch.tensor([0.1, 0.2, 0.7]), 4, { replacement: true }));
    got['exponential_'] = V(torch.empty(3).exponential_());
    torch.manualSeed(1234);
    got.after_reseed = V(torch.rand(2));
    for (const key of Object.keys(want)) expectClose(got[key], want[key], key);
    expect(Object.keys(got).sort()).toEqual(Object.keys(want).sort());
  });

  it('large draws (DataLoader-sized randperm, vectorised paths) match Python', () => {
    const w = oracle().largeDraws;
    torch.manualSeed(3);
    const g = new torch.Generator().manualSeed(9);
    const p = torch.randperm(60000, { generator: g });
    expect(p.index([':20']).tolist()).toEqual(w.perm_head);
    expect(p.index([':30000']).mul(torch.arange(30000)).sum().item()).toBe(w.perm_sig![0]);
    expect(p.index(['30000:']).sum().item()).toBe(w.perm_sig![1]);
    const u = torch.empty(10000).uniform_();
    expectClose([u.sum().item(), u.index(['-5:']).sum().item(), ...(u.index([':5']).tolist() as number[])], w.uniform);
    const n = torch.randn(1000, 3, { dtype: 'float64' });
    expectClose([n.sum().item(), n.mul(n).sum().item(), ...(n.index([-1]).tolist() as number[])], w.normal);
    const r = torch.randint(-(2 ** 40), 2 ** 40, [4]);
    expect(r.tolist()).toEqual(w.randint_big);
  });

  it('manualSeed accepts bigints and returns the default generator', () => {
    const g = torch.manualSeed(5n);
    expect(g).toBe(torch.defaultGenerator);
    expect(torch.initialSeed()).toBe(5n);
    const a = torch.rand(3).tolist();
    torch.manualSeed(5);
    expect(torch.rand(3).tolist()).toEqual(a);
    expect(() => torch.manualSeed(1.5)).toThrow(TypeError);
    expect(() => torch.manualSeed('1' as never)).toThrow(/seed must be an integer/);
  });

  it('rejects an array-like seed without joining its elements (a Proxy reporting length 1e9 hung the message)', () => {
    const lying = new Proxy([1, 2], { get: (t, k) => (k === 'length' ? 1e9 : Reflect.get(t, k)) });
    const started = Date.now();
    expect(() => torch.manualSeed(lying as never)).toThrow('seed must be an integer number or bigint (got an array)');
    expect(() => new torch.Generator().manualSeed(lying as never)).toThrow(TypeError);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('torch.Generator', () => {
  let want: Record<string, Values>;
  beforeAll(() => {
    want = oracle().explicitGenerator;
  });

  it('gives Python\'s numbers and leaves the default generator alone', () => {
    torch.manualSeed(7);
    const g = new torch.Generator().manualSeed(42);
    const got: Record<string, Values> = {};
    got.rand = V(torch.rand(3, { generator: g }));
    got.default1 = V(torch.rand(2));
    got.randn = V(torch.randn(2, 2, { generator: g }));
    got.randint = V(torch.randint(0, 5, [4], { generator: g }));
    got.randperm = V(torch.randperm(6, { generator: g }));
    got['normal_'] = V(torch.empty(3).normal_({ generator: g }));
    got['uniform_'] = V(torch.empty(3).uniform_(0, 2, { generator: g }));
    got.bernoulli = V(torch.bernoulli(torch.full([8], 0.5), { generator: g }));
    got.default2 = V(torch.rand(2));
    got.initial_seed = Number(g.initialSeed());
    const s = g.getState();
    got.state_len = s.numel();
    got.state_dtype = `torch.${s.dtype}`;
    got.after_state = V(torch.rand(3, { generator: g }));
    const h = new torch.Generator();
    got.fresh_seed = Number(h.initialSeed());
    got.fresh = V(torch.rand(2, { generator: h }));
    for (const key of Object.keys(want)) expectClose(got[key], want[key], key);
  });

  it('getState / setState round trip', () => {
    const g = new torch.Generator().manualSeed(3);
    torch.rand(5, { generator: g });
    const state = g.getState();
    const a = torch.randn(4, { generator: g }).tolist();
    const b = torch.randint(0, 100, [3], { generator: g }).tolist();
    expect(g.setState(state)).toBe(g);
    expect(torch.randn(4, { generator: g }).tolist()).toEqual(a);
    expect(torch.randint(0, 100, [3], { generator: g }).tolist()).toEqual(b);
    // The default generator too, through torch.defaultGenerator.
    const saved = torch.defaultGenerator.getState();
    const c = torch.rand(3).tolist();
    torch.defaultGenerator.setState(saved);
    expect(torch.rand(3).tolist()).toEqual(c);
    expect(() => g.setState([1, 2] as never)).toThrow(TypeError);
    const rng = torch.getRngState();
    expect(rng.dtype).toBe('uint8');
    const d = torch.randn(3).tolist();
    torch.setRngState(rng);
    expect(torch.randn(3).tolist()).toEqual(d);
    expect(() => torch.setRngState(null as never)).toThrow(/setRngState\(state\): state must be a Tensor/);
  });

  it('a state from Python restores Python\'s stream', () => {
    const r = oracle().stateRoundTrip;
    const g = new torch.Generator();
    g.setState(torch.tensor(r.state, { dtype: 'uint8' }));
    expectClose(torch.rand(3, { generator: g }).tolist(), r.next);
  });

  it('seed() and initialSeed()', () => {
    const s = torch.seed();
    expect(typeof s).toBe('bigint');
    expect(torch.initialSeed()).toBe(s);
    const a = torch.rand(2).tolist();
    torch.manualSeed(s);
    expect(torch.rand(2).tolist()).toEqual(a);
    const g = new torch.Generator();
    const gs = g.seed();
    expect(g.initialSeed()).toBe(gs);
    expect(g.device).toBe('cpu');
    expect(() => new torch.Generator(1 as never)).toThrow(TypeError);
    expect(new torch.Generator({ device: 'cpu' }).device).toBe('cpu');
    expect(new torch.Generator({}).initialSeed()).toBe(67280421310721n);
  });
});
