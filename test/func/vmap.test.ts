// torch.func.vmap: inDims/outDims, nesting, pytrees, chunking, randomness modes and errors,
// against live PyTorch (test/oracles/func/transforms.py).
import { describe, it, expect } from 'vitest';
import * as torch from '../../lib/index.js';
import { Tensor } from '../../lib/index.js';
import { oracle } from '../helpers/python.js';

const { vmap, grad } = torch.func;

interface Modes {
  in_dims_1: number[][][]; out_dims_1: number[][]; nested: number[][]; tree: { s: number[][]; t: number[][] };
  tuple_out: [number[][], number[]]; none_out: number; chunked: number[][]; same: number[]; different: number[];
  [msg: `msg_${string}`]: string;
}
const py = (() => { let r: Modes | undefined; return () => (r ??= oracle<Modes>('func/transforms', 'vmap_modes')); })();

// Python names a lambda `<lambda>`; the functions here are named `f`.
const named = (msg: string) => msg.replaceAll('<lambda>', 'f');

describe('func.vmap', () => {
  const x = torch.arange(24, { dtype: torch.float32 }).reshape(2, 3, 4);
  const y = torch.tensor([1, -1, 2]);

  it('maps over inDims and places outDims as PyTorch', () => {
    const want = py();
    expect(vmap((a: Tensor, b: Tensor) => a.mul(b), { inDims: [1, 0] })(x, y).tolist()).toEqual(want.in_dims_1);
    expect(vmap((a: Tensor) => a.sum(0), { inDims: 2, outDims: 1 })(x).tolist()).toEqual(want.out_dims_1);
    const [mx, mn] = vmap((a: Tensor) => [a.max(0).values, a.min()], { outDims: [1, 0] })(x) as Tensor[];
    expect([mx.tolist(), mn.tolist()]).toEqual(want.tuple_out);
    const [, five] = vmap((a: Tensor) => [a.mul(2), 5], { outDims: [0, null] })(y) as [Tensor, number];
    expect(five).toBe(want.none_out);
  });

  it('nests, maps pytrees of arrays and objects, and chunks', () => {
    const want = py();
    const dot = vmap(vmap((a: Tensor, b: Tensor) => a.dot(b), { inDims: [0, null] }), { inDims: [0, null] });
    expect(dot(x, torch.ones(4)).tolist()).toEqual(want.nested);
    const tree = vmap((d: { a: Tensor; b: [Tensor, Tensor] }) => ({ s: d.a.add(d.b[0]), t: d.b[1].mul(2) }),
      { inDims: [{ a: 0, b: [null, 1] }] });
    const x0 = x.select(1, 0);
    const x1 = x.select(1, 1);
    const out = tree({ a: x0, b: [torch.ones(4), x1.t()] });
    expect({ s: out.s.tolist(), t: out.t.tolist() }).toEqual(want.tree);
    expect(vmap((a: Tensor) => a.cumsum(0), { chunkSize: 2 })(x.reshape(6, 4)).tolist()).toEqual(want.chunked);
    expect(vmap((a: Tensor) => a.cumsum(0), { chunkSize: 4 })(x.reshape(6, 4)).tolist()).toEqual(want.chunked);
  });

  it("randomness 'same' and 'different' draw PyTorch's numbers; 'error' refuses random ops", () => {
    const want = py();
    torch.manualSeed(3);
    expect(vmap((a: Tensor) => a.add(torch.rand([])), { randomness: 'same' })(torch.zeros(3)).tolist()).toEqual(want.same);
    torch.manualSeed(3);
    expect(vmap((a: Tensor) => a.add(torch.rand([])), { randomness: 'different' })(torch.zeros(3)).tolist()).toEqual(want.different);
    expect(() => vmap((a: Tensor) => a.add(torch.rand([])))(torch.zeros(3))).toThrow(want.msg_random);
    // The level is popped after the error: the next vmap works.
    expect(vmap((a: Tensor) => a.mul(2))(y).tolist()).toEqual([2, -2, 4]);
  });

  it("gives PyTorch's errors", () => {
    const want = py();
    const f = (a: Tensor, b?: unknown) => (b === undefined ? a : a.add(b as Tensor));
    expect(() => vmap(f)(torch.ones(2), torch.ones(3))).toThrow(want.msg_sizes);
    expect(() => vmap(f, { inDims: 2 })(torch.ones(2, 3))).toThrow(named(want.msg_in_dim_range));
    expect(() => (vmap(f) as (...a: unknown[]) => unknown)()).toThrow(named(want.msg_no_inputs));
    expect(() => vmap(f, { inDims: [0, 0] })(torch.ones(2), 3)).toThrow(named(want.msg_non_tensor).split(' of type ')[0]);
    expect(() => vmap(f, { inDims: [0, 0, 0] })(torch.ones(2), torch.ones(2))).toThrow(named(want.msg_structure).split(' in_dims has')[0]);
    expect(() => vmap((a: Tensor) => a.mul(2), { outDims: null })(torch.ones(2))).toThrow(
      want.msg_out_none_batched.replaceAll('<lambda>', 'fn'));
    expect(() => vmap(function f(_a: Tensor) { return 3; })(torch.ones(2))).toThrow(named(want.msg_out_non_tensor).split(', got type')[0]);
    expect(() => vmap((a: Tensor) => a.max(), { outDims: 1 })(x)).toThrow(want.msg_out_dim_range);
    expect(() => vmap(f, { randomness: 'sometimes' as 'same' })).toThrow(want.msg_randomness);
    expect(() => grad((a: Tensor) => a.mul(2))(torch.ones(2))).toThrow(want.msg_grad_not_scalar);
    expect(() => grad((a: Tensor) => a.sum(), { argnums: 2 })(torch.ones(2))).toThrow(want.msg_argnum);
    expect(() => vmap(f, { inDims: null as unknown as number })(torch.ones(2))).toThrow(
      named(want.msg_none).split(', got:')[0]);
  });

  it('prints BatchedTensor and GradTrackingTensor wrappers as PyTorch', () => {
    const want = oracle<string[]>('func/transforms', 'wrapper_reprs');
    const got: string[] = [];
    const x = torch.tensor([[1, 2], [3, 4]]);
    vmap((a: Tensor) => { got.push(String(a)); return a; })(x);
    vmap(vmap((a: Tensor) => { got.push(String(a)); return a; }))(x);
    grad((a: Tensor) => { got.push(String(a)); return a.sum(); })(torch.tensor([1, 2]));
    expect(got).toEqual(want);
  });
});
