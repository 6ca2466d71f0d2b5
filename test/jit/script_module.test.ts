// torch.jit.load and ScriptModule: models scripted by Python (test/oracles/jit/script_module.py
// writes them into a temp folder with Python's outputs), run here; the outputs must equal Python's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as torch from '../../lib/index.js';
import { nn, optim, Tensor } from '../../lib/index.js';
import { expectClose } from '../nn/helpers.js';
import { oracle } from '../helpers/python.js';

type Nested = number[] | Nested[];
interface Oracle {
  control_flow: { x: Nested; out: Record<string, Nested>; big: Nested };
  multi_method: {
    x: Nested; forward: Nested; scale: Nested; stats: [number, number, number]; as_dict: Record<string, Nested>;
    as_list: Nested[]; maybe: number; total: [number, number, Nested]; above: number; join: Nested; params: string[]; buffers: string[];
    state_dict: string[]; fc_weight: Nested;
  };
  dropper: { x: Nested; eval: Nested };
  recurrent: { x: Nested; h0: Nested; c0: Nested; y: Nested; h: Nested; c: Nested };
  traced: { x: Nested; out: Nested };
}

let dir = '';
let py: Oracle;
const file = (name: string) => join(dir, `${name}.pt`);
const t = (v: Nested) => torch.tensor(v as number[][]);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'torch-node-jit-'));
  py = oracle<Oracle>('jit/script_module', 'make_models', dir);
  torch.setNumThreads(1);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('torch.jit.load', () => {
  it('runs a scripted module with loops and branches on tensor values, like Python', () => {
    const m = torch.jit.load(file('control_flow'));
    const x = t(py.control_flow.x);
    for (const n of [0, 1, 2, 5]) expectClose(m(x, n), py.control_flow.out[String(n)]);
    expectClose(m.forward(x.mul(100), 1), py.control_flow.big);
    expect(m).toBeInstanceOf(nn.Module);
    expect(m).toBeInstanceOf(torch.jit.ScriptModule);
  });

  it('loads from a Buffer and maps to a device', () => {
    const bytes = readFileSync(file('control_flow'));
    const m = torch.jit.load(bytes, { mapLocation: 'cpu' });
    expectClose(m(t(py.control_flow.x), 2), py.control_flow.out['2']);
    expect(() => torch.jit.load(join(dir, 'missing.pt'))).toThrow(/open file failed|No such file|missing\.pt/);
    expect(() => torch.jit.load(Buffer.from('not a zip'))).toThrow(Error);
    expect(() => torch.jit.load(42 as unknown as string)).toThrow(TypeError);
  });

  it('calls every exported method, converting arguments by schema and results back', () => {
    const m = torch.jit.load(file('multi_method'));
    const o = py.multi_method;
    const x = t(o.x);
    expectClose(m(x), o.forward);
    // float and int parameters: 0.5 is a float, 3 an int (the schema says so).
    expectClose(m.callMethod('scale', x, 0.5, 3), o.scale);
    // An int argument given as a whole number float is still an int; a float where an int is required fails.
    const [mean, std, dim] = m.callMethod('stats', x) as [Tensor, Tensor, number];
    expect(mean.item()).toBeCloseTo(o.stats[0], 5);
    expect(std.item()).toBeCloseTo(o.stats[1], 5);
    expect(dim).toBe(o.stats[2]);
    const d = m.callMethod('as_dict', x) as Record<string, Tensor>;
    expect(Object.keys(d)).toEqual(Object.keys(o.as_dict));
    expectClose(d.pos, o.as_dict.pos);
    expectClose(d.neg, o.as_dict.neg);
    const list = m.callMethod('as_list', x) as Tensor[];
    expect(Array.isArray(list)).toBe(true);
    list.forEach((v, i) => expectClose(v, o.as_list[i]));
    expect((m.callMethod('maybe', x, true) as Tensor).item()).toBeCloseTo(o.maybe, 5);
    expect(m.callMethod('maybe', x, false)).toBeNull();
    // List[int], Dict[str, float] from a plain object, Dict[int, Tensor] from a Map and from an object.
    const keyed = new Map<number, Tensor>([[2, torch.tensor([1.5])], [3, torch.tensor([-1.0])]]);
    const [s, w, tt] = m.callMethod('total', [1, 2, 3, 4], { ab: 0.5, c: 2.0 }, keyed) as [number, number, Tensor];
    expect(s).toBe(o.total[0]);
    expect(w).toBeCloseTo(o.total[1], 10);
    expectClose(tt, o.total[2]);
    const [, , t2] = m.callMethod('total', [], {}, { 2: torch.tensor([1.5]), 3: torch.tensor([-1.0]) }) as [number, number, Tensor];
    expectClose(t2, o.total[2]);
    expect(m.callMethod('describe')).toBe('multi');
    expect(m.callMethod('describe', 'x')).toBe('multi:x');
    expect(m.callMethod('describe', null)).toBe('multi');
    // A NamedTuple comes back as an array that also has the field names; it goes in as an array or an object.
    const pair = m.callMethod('split', x) as Tensor[] & { low: Tensor; high: Tensor };
    expect(pair).toHaveLength(2);
    expect(pair.low).toBe(pair[0]);
    expect(pair.high).toBe(pair[1]);
    expectClose(m.callMethod('join', pair), o.join);
    expectClose(m.callMethod('join', { low: pair.low, high: pair.high }), o.join);
    // A Dict with int keys comes back as a Map.
    expect(m.callMethod('names', 3)).toEqual(new Map([[0, 'n0'], [10, 'n1'], [20, 'n2']]));
    // Keyword arguments: a trailing plain object (camelCase or snake_case names), unless that
    // position takes a dict (total's third argument above).
    expectClose(m.callMethod('scale', x, { factor: 0.5, times: 3 }), o.scale);
    expectClose(m.callMethod('shift', x, { shiftBy: 2 }), (x.add(2)).tolist());
    expectClose(m.callMethod('shift', x, { shift_by: 2, times: 2 }), (x.add(4)).tolist());
    expectClose(m.callMethod('shift', x), (x.add(1)).tolist());
    expect(m.callMethod('describe', { tag: 'k' })).toBe('multi:k');
    expect(() => m.callMethod('shift', x, { shiftBy: 2, nope: 1 })).toThrow(/Unknown keyword argument 'nope' for operator 'shift'/);
    expect(() => m.callMethod('shift', x, 2, { shiftBy: 2 })).toThrow(/shift\(\) got multiple values for argument 'shift_by'/);
    // Methods whose names are free are properties too.
    expect((m as unknown as { describe: (tag?: string) => string }).describe('y')).toBe('multi:y');
    expect(m.methodNames()).toEqual(expect.arrayContaining(['forward', 'scale', 'stats', 'as_dict', 'total']));
  });

  it('reports wrong arguments with TorchScript\'s own message, as JS errors', () => {
    const m = torch.jit.load(file('multi_method'));
    const x = t(py.multi_method.x);
    expect(() => m.callMethod('scale', x, 0.5)).toThrow(/scale\(\) is missing value for argument 'times'/);
    expect(() => m.callMethod('scale', x, 0.5, 3, 4)).toThrow(/Expected at most 4 argument\(s\) for operator 'scale', but received 5 argument\(s\)\. Declaration: scale\(__torch__\.oracles\.jit\.script_module\.MultiMethod self, Tensor x, float factor, int times\)/);
    expect(() => m.callMethod('scale', x, 0.5, 2.5)).toThrow(/Expected a value of type 'int' for argument 'times' but instead found type 'float'/);
    expect(() => m.callMethod('scale', 'abc', 0.5, 2)).toThrow(/Expected a value of type 'Tensor' for argument 'x' but instead found type 'str'/);
    expect(() => m.callMethod('total', [1, 'a'], {}, {})).toThrow(/Expected a value of type 'List\[int\]' for argument 'xs'/);
    expect(() => m.callMethod('nope', x)).toThrow(/has no method 'nope'/);
    expect(() => m.callMethod('scale', () => 1, 0.5, 2)).toThrow(TypeError);
    // A TorchScript exception raised by the model's code.
    expect(() => m.callMethod('fail', x.abs().neg())).toThrow(/negative input/);
    expect(m.callMethod('fail', x.abs())).toBeInstanceOf(Tensor);
  });

  it('reads and sets attributes where TorchScript allows', () => {
    const m = torch.jit.load(file('multi_method'));
    const x = t(py.multi_method.x);
    expect(m.getAttr('threshold')).toBe(0.25);
    expect(m.getAttr('label')).toBe('multi');
    expect(m.getAttr('counts')).toEqual([1, 2, 3]);
    expect(m.getAttr('scale_constant')).toBe(2);
    expect((m as unknown as { threshold: number }).threshold).toBe(0.25);
    expect((m.callMethod('above', x) as Tensor).item()).toBe(py.multi_method.above);
    m.setAttr('threshold', 100);  // a float attribute takes a whole number
    expect(m.getAttr('threshold')).toBe(100);
    expect((m.callMethod('above', x) as Tensor).item()).toBe(0);
    (m as unknown as { label: string }).label = 'renamed';
    expect(m.callMethod('describe')).toBe('renamed');
    m.setAttr('counts', [4, 5]);
    expect(m.getAttr('counts')).toEqual([4, 5]);
    expect(() => m.setAttr('label', 3)).toThrow(/Expected a value of type 'str' for field 'label', but found 'int'/);
    expect(() => m.setAttr('scale_constant', 3)).toThrow(/Can't set constant 'scale_constant'/);
    expect(() => m.setAttr('nothing', 3)).toThrow(/has no attribute 'nothing'/);
    expect(() => m.getAttr('nothing')).toThrow(/does not have a field with name 'nothing'/);
    expect(m.hasAttr('fc')).toBe(true);
    expect(m.hasAttr('nothing')).toBe(false);
  });

  it('has submodules, parameters, buffers and a state dict with PyTorch\'s names', () => {
    const m = torch.jit.load(file('multi_method'));
    const o = py.multi_method;
    expect(m.namedParameters().map(([n]) => n)).toEqual(o.params);
    expect(m.namedBuffers().map(([n]) => n)).toEqual(o.buffers);
    expect(Object.keys(m.stateDict())).toEqual(o.state_dict);
    const fc = m.getAttr('fc') as torch.jit.ScriptModule;
    expect(fc).toBeInstanceOf(torch.jit.ScriptModule);
    expect(fc.originalName).toBe('Linear');
    expect(m.getAttr('fc')).toBe(fc);  // one wrapper per submodule
    expect(m.children()).toEqual([fc]);
    const w = fc.getAttr('weight') as nn.Parameter;
    expect(w).toBeInstanceOf(nn.Parameter);
    expect(m.parameters()[0]).toBe(w);  // the same object every time
    expectClose(w, o.fc_weight);
    expect(String(m)).toBe('RecursiveScriptModule(\n  original_name=MultiMethod\n  (fc): RecursiveScriptModule(original_name=Linear)\n)');
    // loadStateDict writes into the TorchScript slots: forward sees it.
    const sd = m.stateDict();
    const zeroed = Object.fromEntries(Object.entries(sd).map(([k, v]) => [k, torch.zerosLike(v)]));
    m.loadStateDict(zeroed);
    expectClose(m(t(o.x)), [[0, 0, 0], [0, 0, 0]]);
    expect(() => m.loadStateDict({})).toThrow(/Missing key\(s\) in state_dict: "offset", "fc.weight", "fc.bias"/);
    expect(() => m.registerParameter('p', null)).toThrow(/fixed/);
  });

  it('trains: gradients reach the parameters and an optimizer updates the TorchScript module', () => {
    const m = torch.jit.load(file('multi_method'));
    const x = t(py.multi_method.x);
    const opt = new optim.SGD(m.parameters(), { lr: 0.01 });
    const before = (m(x) as Tensor).pow(2).sum().item();
    for (let i = 0; i < 5; i++) {
      opt.zeroGrad();
      const loss = (m(x) as Tensor).pow(2).sum();
      loss.backward();
      opt.step();
    }
    expect(m.parameters()[0]!.grad).not.toBeNull();
    expect((m(x) as Tensor).pow(2).sum().item()).toBeLessThan(before);
  });

  it('train()/eval() set TorchScript\'s training flags on every submodule', () => {
    const m = torch.jit.load(file('dropper'));
    const x = t(py.dropper.x);
    expect(m.training).toBe(true);
    m.eval();
    expect(m.training).toBe(false);
    expect(m.modules().every((s) => s.training === false)).toBe(true);
    expectClose(m(x), py.dropper.eval);
    m.train();
    expect(m.modules().every((s) => s.training)).toBe(true);
    // Dropout is active again: about half the outputs are zero.
    const y = m(torch.randn(64, 6)) as Tensor;
    const zeros = y.eq(0).sum().item() as number;
    expect(zeros).toBeGreaterThan(64 * 6 * 0.3);
  });

  it('to(dtype) converts parameters and buffers in place; deepCopy is independent', () => {
    const m = torch.jit.load(file('dropper')).eval();
    const x = t(py.dropper.x);
    const copy = m.deepCopy();
    m.to('float64');
    expect(m.parameters().every((p) => p.dtype === 'float64')).toBe(true);
    expect((m.getAttr('bn') as torch.jit.ScriptModule).getAttr('running_mean')).toHaveProperty('dtype', 'float64');
    expect(((m.getAttr('bn') as torch.jit.ScriptModule).getAttr('num_batches_tracked') as Tensor).dtype).toBe('int64');
    expectClose(m(x.double()), py.dropper.eval);
    expect(copy.parameters()[0]!.dtype).toBe('float32');
    expectClose(copy(x), py.dropper.eval);
  });

  it('runs an LSTM and a GRU inside a scripted module, tuple arguments and results', () => {
    const m = torch.jit.load(file('recurrent'));
    const r = py.recurrent;
    const [y, [h, c]] = m(t(r.x), [t(r.h0), t(r.c0)]) as [Tensor, [Tensor, Tensor]];
    expectClose(y, r.y);
    expectClose(h, r.h);
    expectClose(c, r.c);
    expect(() => m(t(r.x), [t(r.h0)])).toThrow(/Expected a value of type 'Tuple\[Tensor, Tensor\]' for argument 'state'/);
  });

  it('runs a traced module', () => {
    const m = torch.jit.load(file('traced'));
    expectClose(m(t(py.traced.x)), py.traced.out);
    expect(m.graph).toContain('prim::CallMethod[name="forward"]');
  });

  it('saves with save()/torch.jit.save and Python loads the copy with the same outputs', () => {
    const m = torch.jit.load(file('multi_method'));
    m.setAttr('label', 'from-node');
    const out = join(dir, 'resaved.pt');
    torch.jit.save(m, out);
    const again = torch.jit.load(m.saveToBuffer());
    expect(again.callMethod('describe')).toBe('from-node');
    const res = oracle<{ label: string; out: Nested }>('jit/script_module', 'run_resaved', out, py.multi_method.x);
    expect(res.label).toBe('from-node');
    expectClose(res.out, py.multi_method.forward);
    expect(() => torch.jit.save({} as torch.jit.ScriptModule, out)).toThrow(TypeError);
  });

  it('torch.jit.script refuses, pointing to trace and Python', () => {
    expect(() => torch.jit.script(new nn.Linear(2, 2))).toThrow(/torch\.jit\.trace.*Python/s);
  });
});
