// torch.jit.trace of JS code: the traced module runs here without JS, and its saved file loads in
// Python (python3's torch.jit.load) with the same outputs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as torch from '../../lib/index.js';
import { nn, Tensor } from '../../lib/index.js';
import { expectClose } from '../nn/helpers.js';
import { oracle } from '../helpers/python.js';

let dir = '';
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'torch-node-trace-')); });
afterAll(() => { rmSync(dir, { recursive: true, force: true }); });

/** Python's outputs of the saved module on the given inputs. */
function pythonRun(path: string, inputs: Tensor[]): { out: number[][]; params: string[]; code: string } {
  return oracle('jit/trace', 'run_saved', path, inputs.map((x) => x.tolist()));
}

class SiLU extends nn.Module {
  forward(input: Tensor): Tensor { return input.mul(torch.sigmoid(input)); }
}

describe('torch.jit.trace', () => {
  it('traces an nn.Sequential of our modules; Python loads it and agrees', () => {
    torch.manualSeed(0);
    const act = new SiLU();
    const model = new nn.Sequential(new Map<string, nn.Module>([
      ['fc1', new nn.Linear(12, 16)], ['activation1', act], ['bn', new nn.BatchNorm1d(16)],
      ['fc2', new nn.Linear(16, 4)], ['logsoftmax', new nn.LogSoftmax({ dim: 1 })],
    ])).eval();
    const traced = torch.jit.trace(model, [torch.randn(3, 12)]);
    expect(traced).toBeInstanceOf(torch.jit.ScriptModule);
    const x = torch.randn(5, 12);
    expectClose(traced(x), (model(x) as Tensor).tolist());
    // Parameters and buffers keep their names and are shared with the JS module.
    expect(traced.namedParameters().map(([n]) => n)).toEqual(model.namedParameters().map(([n]) => n));
    expect(Object.keys(traced.stateDict())).toEqual(Object.keys(model.stateDict()));
    expect(traced.graph).toContain('aten::linear');
    const path = join(dir, 'seq.pt');
    traced.save(path);
    const res = pythonRun(path, [x]);
    expectClose(res.out, (model(x) as Tensor).tolist());
    expect(res.params).toEqual(model.namedParameters().map(([n]) => n));
    // Another batch size runs too: the trace did not freeze it.
    expectClose(torch.jit.load(path)(torch.ones(2, 12)), (model(torch.ones(2, 12)) as Tensor).tolist());
  });

  it('traces a plain function with several inputs and a tuple output', () => {
    const fn = (a: Tensor, b: Tensor) => [a.mul(torch.sigmoid(b)), a.add(b).relu()];
    const traced = torch.jit.trace(fn, [torch.randn(3), torch.randn(3)]);
    const a = torch.randn(4);
    const b = torch.randn(4);
    const [y1, y2] = traced(a, b) as [Tensor, Tensor];
    expectClose(y1, a.mul(torch.sigmoid(b)).tolist());
    expectClose(y2, a.add(b).relu().tolist());
    const single = torch.jit.trace((x: Tensor) => x.mul(torch.sigmoid(x)), torch.randn(3));
    const path = join(dir, 'fn.pt');
    torch.jit.save(single, path);
    const res = pythonRun(path, [a]);
    expectClose(res.out, a.mul(torch.sigmoid(a)).tolist());
    expect(res.code).toContain('torch.sigmoid');
  });

  it('freezes JS control flow to the example, as Python\'s tracer does', () => {
    const fn = (x: Tensor) => ((x.sum().item() as number) > 0 ? x.mul(2) : x.neg());
    const traced = torch.jit.trace(fn, [torch.ones(2)]);
    expectClose(traced(torch.ones(2).neg()), [-2, -2]);
  });

  it('reports errors from the traced function and bad arguments', () => {
    expect(() => torch.jit.trace(() => { throw new Error('boom'); }, [torch.ones(1)])).toThrow('boom');
    // The tracer is left clean: tracing again works.
    expectClose(torch.jit.trace((x: Tensor) => x.add(1), [torch.ones(1)])(torch.ones(1)), [2]);
    expect(() => torch.jit.trace((x: Tensor) => { void x; return undefined; }, [torch.ones(1)])).toThrow(/didn't return any values/);
    expect(() => torch.jit.trace(42 as unknown as nn.Module, [torch.ones(1)])).toThrow(TypeError);
    expect(() => torch.jit.trace((x: Tensor) => x, 5 as unknown as Tensor)).toThrow(TypeError);
    // Lengths are bounded before any walk: a sparse array of length 2^32 - 1 is refused at once.
    const huge = Object.assign([], { length: 2 ** 32 - 1 });
    expect(() => torch.jit.trace((x: Tensor) => x, huge)).toThrow(/exampleInputs: an array of 4294967295 elements is too long/);
    expect(() => torch.jit.trace(() => huge, [torch.ones(1)])).toThrow(/result: an array of 4294967295 elements is too long/);
  });

  it('a traced module trains: gradients reach the JS module\'s own parameters', () => {
    const model = new nn.Sequential(new nn.Linear(3, 2));
    const traced = torch.jit.trace(model, [torch.randn(4, 3)]);
    (traced(torch.randn(4, 3)) as Tensor).sum().backward();
    const w = model.parameters()[0]!;
    expect(w.grad).not.toBeNull();
    expect(traced.parameters()[0]!.grad!.equal(w.grad!)).toBe(true);
  });
});
