import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as torch from '../../../lib/torch.js';
import * as nn from '../../../lib/nn/index.js';
import { oracle, oracleBatch } from '../../helpers/python.js';
import { childError } from '../../helpers/child.js';
import { expectClose } from '../helpers.js';

let py: Record<string, unknown> & { keys: string[][]; repr: string[] };
beforeAll(() => { py = oracle('nn/modules/rnn', 'results'); });

describe('RNN, LSTM, GRU equal PyTorch', () => {
  it('parameter names, init, forward, backward and repr', () => {
    torch.manualSeed(21);
    const lstm = new nn.LSTM(6, 5, 2, { batchFirst: true });
    const gru = new nn.GRU(6, 4, { bidirectional: true });
    const rnn = new nn.RNN(6, 3, 1, 'relu', { bias: false });
    const x = torch.randn(3, 7, 6);
    const [out, [h, c]] = lstm(x);
    const [gout, gh] = gru(x);
    const x0 = x.select(0, 0);
    const [rout, rh] = rnn(x0);
    const h0 = torch.randn(1, 3);
    const [rout2] = rnn(x0, h0);
    out.sum().add(gout.sum()).backward();
    expect([lstm, gru, rnn].map((m) => Object.keys(m.stateDict()))).toEqual(py.keys);
    expect([lstm, gru, rnn, new nn.LSTM(4, 4, { dropout: 0.5, numLayers: 2 })].map(String)).toEqual(py.repr);
    const o: Record<string, unknown> = {
      lstmW: lstm.getParameter('weight_hh_l1'), out, h, c, gout, gh, rout, rh, rout2,
      grad: lstm.getParameter('weight_ih_l0').grad, ggrad: gru.getParameter('bias_hh_l0_reverse').grad,
    };
    for (const key of Object.keys(o)) {
      try { expectClose(o[key], py[key], 1e-5); } catch (e) { throw new Error(`${key}: ${(e as Error).message}`); }
    }
    expect(() => new nn.LSTM(4, 0)).toThrow(/hiddenSize must be greater than zero/);
    expect(() => new nn.RNN(4, 2, { nonlinearity: 'sigmoid' as 'relu' })).toThrow(/nonlinearity must be one of 'tanh', 'relu'/);
    expect(() => lstm(torch.randn(2, 3, 4, 6))).toThrow('LSTM: Expected input to be 2D or 3D, got 4D instead');
  });
});

// PyTorch's errors for bad RNN arguments: [exception class, message] per case, computed live.
type PyError = [cls: string, message: string] | null;
let pe: { errors: Record<string, PyError>; warning: string; packedOk: PyError; packedHidden: number[];
  proj: Record<string, unknown> & { keys: string[]; repr: string } };
beforeAll(() => { pe = oracle('nn/modules/rnn', 'errors'); });

// Python's exception classes as torch-node throws them: RuntimeError is a plain Error, ValueError
// about a value a RangeError, TypeError a TypeError; the dtype mismatch, a ValueError in Python,
// is a TypeError here as elsewhere in torch-node.
const JS_CLASS: Record<string, ErrorConstructor> = { RuntimeError: Error, ValueError: RangeError, TypeError };

/** PyTorch's error for `key`, as the class and message torch-node must throw. */
function pyError(key: string): [ErrorConstructor, string] {
  const e = pe.errors[key];
  if (e === null || e === undefined) throw new Error(`PyTorch raised nothing for ${key}`);
  return [JS_CLASS[e[0]]!, e[1]];
}

/** Expects f to throw PyTorch's error for `key`, with the same class and exactly its message. */
function expectPyError(f: () => unknown, key: string, cls?: ErrorConstructor): void {
  const [pyCls, message] = pyError(key);
  let thrown: unknown = null;
  try { f(); } catch (e) { thrown = e; }
  expect(thrown, key).toBeInstanceOf(cls ?? pyCls);
  expect((thrown as Error).message, key).toBe(message);
}

/** Constructor errors name torch-node's argument: "LSTM(): inputSize must be ... (got 0)". */
function camel(message: string): string {
  return message.replace(/\b([a-z]+)_([a-z_]+)\b/g, (_, a: string, b: string) => a + b.replace(/_([a-z])/g, (__, c: string) => c.toUpperCase()).replace(/^[a-z]/, (c) => c.toUpperCase()));
}

describe('RNN, LSTM, GRU argument checks equal PyTorch', () => {
  afterEach(() => { vi.restoreAllMocks(); });

  it('constructor arguments: PyTorch\'s messages with torch-node\'s argument names', () => {
    const cases: [string, () => unknown, string][] = [
      ['input0', () => new nn.LSTM(0, 8), 'LSTM()'], ['inputNeg', () => new nn.GRU(-1, 8), 'GRU()'],
      ['hidden0', () => new nn.RNN(4, 0), 'RNN()'], ['layers0', () => new nn.LSTM(4, 8, 0), 'LSTM()'],
      ['dropout', () => new nn.GRU(4, 8, { dropout: 1.5 }), 'GRU()'],
      ['projNeg', () => new nn.LSTM(4, 8, { projSize: -1 }), 'LSTM()'], ['projBig', () => new nn.LSTM(4, 8, { projSize: 8 }), 'LSTM()'],
      ['projGRU', () => new nn.GRU(4, 8, { projSize: 2 } as nn.RNNOptions), 'GRU()'],
      ['projRNN', () => new nn.RNN(4, 8, { projSize: 2 } as nn.RNNModuleOptions), 'RNN()'],
    ];
    for (const [key, f, where] of cases) {
      const [cls, message] = pyError(key);
      expect(cls, key).toBe(RangeError);
      expect(f, key).toThrow(new RegExp(`^${(`${where}: ${camel(message)}`).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
      expect(f, key).toThrow(RangeError);
    }
    expect(camel('proj_size has to be smaller than hidden_size')).toBe('projSize has to be smaller than hiddenSize');
    // Python's "should be of type int" TypeErrors, in torch-node's words.
    expect(() => new nn.LSTM(2.5, 8)).toThrow(new TypeError('LSTM(): inputSize must be an integer (got number 2.5)'));
    expect(() => new nn.GRU(4, 8.5)).toThrow(TypeError);
    expect(() => new nn.RNN(4, 8, { bias: 1 as unknown as boolean })).toThrow(TypeError);
    expect(() => new nn.LSTM(4, 8, { dropout: Number.NaN })).toThrow(TypeError);
  });

  it('dropout with one layer warns as PyTorch', () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    new nn.LSTM(2, 8, { dropout: 0.5 });
    expect(warn).toHaveBeenCalledWith(pe.warning);
  });

  it('input of the wrong size or rank: batched, unbatched, batch_first', () => {
    const m = new nn.LSTM(4, 8);
    expectPyError(() => m(torch.randn(2, 1, 6)), 'lstmSize');
    expectPyError(() => m(torch.randn(2, 6)), 'lstmSizeUnbatched');
    expectPyError(() => new nn.GRU(4, 8)(torch.randn(2, 1, 6)), 'gruSize');
    expectPyError(() => new nn.RNN(4, 8, { batchFirst: true })(torch.randn(1, 2, 6)), 'rnnSize');
    expectPyError(() => m(torch.randn(4)), 'lstm1d');
    expectPyError(() => new nn.GRU(4, 8)(torch.randn(1, 1, 1, 4)), 'gru4d');
    expectPyError(() => new nn.RNN(4, 8)(torch.randn(4)), 'rnn1d');
    expectPyError(() => m(torch.randn(2, 1, 4, { dtype: 'float64' })), 'dtype', TypeError);
    expectPyError(() => new nn.GRU(4, 8)(torch.ones([2, 1, 4], { dtype: 'int64' })), 'dtypeInt', TypeError);
    expectPyError(() => m(torch.randn(0, 2, 4)), 'emptySeq');
    expect(() => m('x' as unknown as torch.Tensor)).toThrow(TypeError);
  });

  it('hidden states of the wrong shape or rank', () => {
    const m = new nn.LSTM(4, 8);
    const r = (...s: number[]): torch.Tensor => torch.randn(...s);
    expectPyError(() => m(r(2, 1, 4), [r(1, 3, 8), r(1, 3, 8)]), 'lstmH');
    expectPyError(() => m(r(2, 1, 4), [r(1, 1, 8), r(1, 1, 7)]), 'lstmC');
    expectPyError(() => m(r(2, 1, 4), [r(1, 1, 80), r(1, 1, 80)]), 'lstmHWide');
    expectPyError(() => m(r(2, 1, 4), [r(1, 8), r(1, 1, 8)]), 'lstmH2d');
    expectPyError(() => m(r(2, 4), [r(1, 1, 8), r(1, 1, 8)]), 'lstmUnbatchedH3d');
    expectPyError(() => m(r(2, 4), [r(1, 7), r(1, 8)]), 'lstmUnbatchedH');
    expectPyError(() => new nn.LSTM(4, 8, { batchFirst: true })(r(3, 2, 4), [r(1, 2, 8), r(1, 2, 8)]), 'lstmBatchFirstH');
    expectPyError(() => new nn.LSTM(4, 8, 2, { bidirectional: true })(r(3, 2, 4), [r(2, 2, 8), r(2, 2, 8)]), 'lstmBidirH');
    expectPyError(() => new nn.LSTM(4, 8, { projSize: 3 })(r(3, 2, 4), [r(1, 2, 8), r(1, 2, 8)]), 'lstmProjH');
    expectPyError(() => new nn.LSTM(4, 8, { projSize: 3 })(r(3, 2, 4), [r(1, 2, 3), r(1, 2, 3)]), 'lstmProjC');
    expectPyError(() => new nn.GRU(4, 8)(r(2, 1, 4), r(1, 3, 5)), 'gruH');
    expectPyError(() => new nn.GRU(4, 8)(r(2, 1, 4), r(1, 8)), 'gruH2d');
    expectPyError(() => new nn.GRU(4, 8)(r(2, 4), r(1, 1, 8)), 'gruUnbatchedH3d');
    expectPyError(() => new nn.GRU(4, 8)(r(2, 4), r(2, 8)), 'gruUnbatchedH');
    expectPyError(() => new nn.RNN(4, 8, 2, { batchFirst: true })(r(3, 2, 4), r(2, 2, 8)), 'rnnH');
    expectPyError(() => new nn.RNN(4, 8)(r(2, 4), r(1, 1, 8)), 'rnnUnbatchedH3d');
    // A single Tensor where LSTM takes [h, c] (Python would fail unpacking it).
    expect(() => m(r(2, 1, 4), r(1, 1, 8) as unknown as [torch.Tensor, torch.Tensor])).toThrow(TypeError);
    expect(() => m(r(2, 1, 4), [r(1, 1, 8)] as unknown as [torch.Tensor, torch.Tensor])).toThrow(/hx must be an array of two Tensors/);
  });

  it('checkInput and getExpectedHiddenSize with packed data (batchSizes)', () => {
    const m = new nn.LSTM(4, 8);
    const batchSizes = torch.tensor([3, 2]);
    expect(pe.packedOk).toBeNull();
    expect(() => m.checkInput(torch.randn(5, 4), batchSizes)).not.toThrow();
    expect(m.getExpectedHiddenSize(torch.randn(5, 4), batchSizes)).toEqual(pe.packedHidden);
    expectPyError(() => m.checkInput(torch.randn(5, 1, 4), batchSizes), 'packedDims');
    expectPyError(() => m.checkInput(torch.randn(5, 6), batchSizes), 'packedSize');
  });

  it('LSTM with projections (projSize) equals PyTorch', () => {
    torch.manualSeed(5);
    const proj = new nn.LSTM(4, 6, 2, { projSize: 3, bidirectional: true });
    const x = torch.randn(5, 2, 4);
    const [out, [h, c]] = proj(x);
    const [out2, [h2, c2]] = proj(x.select(1, 0), [torch.ones(4, 3), torch.ones(4, 6)]);
    expect(Object.keys(proj.stateDict())).toEqual(pe.proj.keys);
    expect(String(proj)).toBe(pe.proj.repr);
    const o: Record<string, unknown> = { out, h, c, out2, h2, c2 };
    for (const key of Object.keys(o)) {
      try { expectClose(o[key], pe.proj[key], 1e-5); } catch (e) { throw new Error(`${key}: ${(e as Error).message}`); }
    }
  });

  // These crashed the process (aten::lstm reads past its weights when the input is wider than
  // inputSize), so they run in a child process: a regression fails here without killing vitest.
  it('inputs that crashed the process are clean errors (child process)', () => {
    const [, big] = pyError('lstmSizeBig');
    expect(childError('new torch.nn.LSTM(4, 8).forward(torch.randn([2, 1, 1000000]))')).toEqual({ name: 'Error', message: big });
    expect(childError('new torch.nn.LSTM(4, 8, { batchFirst: true }).forward(torch.randn([1, 2, 1000000]))')).toEqual({ name: 'Error', message: big });
    expect(childError('new torch.nn.LSTM(4, 8).forward(torch.randn([2, 1000000]))')).toEqual({ name: 'Error', message: big });
    const [, zero] = pyError('input0');
    expect(childError('new torch.nn.LSTM(0, 8).forward(torch.randn([2, 1, 0]))')).toEqual({ name: 'RangeError', message: `LSTM(): ${camel(zero)} (got 0)` });
  });
});

describe('huge integral numbers', () => {
  it('a layer count beyond the safe integers is a TypeError, not a loop making 1e308 layers', () => {
    expect(() => new nn.RNN(4, 5, 1e308)).toThrow(TypeError);
    expect(() => new nn.RNN(4, 5, 1e308)).toThrow('numLayers must be an integer');
    expect(() => new nn.LSTM(4, 5, 2 ** 60)).toThrow('numLayers must be an integer');
  });
});

// The keyword, cell and packed-sequence cases, computed in one python3 run.
const more = oracleBatch<{
  keywords: { repr: string[]; params: [string, number[], number][][] };
  cells: Record<string, unknown> & { keys: string[][]; repr: string[]; errors: Record<string, [string, string]> };
  packed: Record<string, unknown>;
}>({ keywords: ['nn/modules/rnn', 'keywords'], cells: ['nn/modules/rnn', 'cells'], packed: ['nn/modules/rnn', 'packed'] });

describe('keyword constructors', () => {
  it('every argument by keyword or position builds the layer Python builds (init, names, repr)', () => {
    const kw = more().keywords;
    torch.manualSeed(3);
    const mods: nn.Module[] = [
      new nn.LSTM({ inputSize: 28, hiddenSize: 16, batchFirst: true }),
      new nn.GRU({ inputSize: 4, hiddenSize: 6, numLayers: 2, bias: false, dropout: 0.25 }),
      new nn.RNN({ inputSize: 4, hiddenSize: 5, nonlinearity: 'relu', bidirectional: true }),
      new nn.LSTM(4, 8, 1, true, false, 0.0, true, 3),
      new nn.RNN(4, 5, 2, 'relu', false, true),
      new nn.RNNCell({ inputSize: 4, hiddenSize: 5, nonlinearity: 'relu', bias: false }),
      new nn.LSTMCell({ inputSize: 4, hiddenSize: 5 }),
      new nn.GRUCell(4, 5, false),
    ];
    expect(mods.map(String)).toEqual(kw.repr);
    mods.forEach((m, i) => {
      const mine = [...m.namedParameters()].map(([k, v]) => [k, v.shape, v.sum().item()] as [string, number[], number]);
      expect(mine.map(([k, s]) => [k, s])).toEqual(kw.params[i]!.map(([k, s]) => [k, s]));
      mine.forEach(([k, , s], j) => expect(s, `${i} ${k}`).toBeCloseTo(kw.params[i]![j]![2], 4));
    });
    expect(new nn.LSTM(4, { hiddenSize: 8 }).hiddenSize).toBe(8);
    expect(() => new (nn.LSTM as unknown as new (o: object) => nn.LSTM)({ inputSize: 4 })).toThrow("LSTM(): missing required argument 'hiddenSize'");
    expect(() => new nn.GRU({ inputSize: 4, hiddenSize: 4, hidden: 3 } as unknown as nn.RNNKeywords & { inputSize: number; hiddenSize: number })).toThrow(/unknown option 'hidden'/);
    expect(() => new nn.RNN(4, 5, 1, 'relu', { nonlinearity: 'tanh' })).toThrow("RNN(): got multiple values for argument 'nonlinearity'");
    expect(() => new nn.LSTMCell(4, { inputSize: 4, hiddenSize: 3 })).toThrow("got multiple values for argument 'inputSize'");
  });
});

describe('RNNCell, LSTMCell, GRUCell equal PyTorch', () => {
  it('init for the seed, steps batched and unbatched, gradients, repr, errors', () => {
    const p = more().cells;
    torch.manualSeed(11);
    const rc = new nn.RNNCell(4, 3);
    const rr = new nn.RNNCell(4, 3, { nonlinearity: 'relu', bias: false });
    const lc = new nn.LSTMCell(4, 3);
    const gc = new nn.GRUCell(4, 3);
    const x = torch.randn(5, 2, 4);
    const h0 = torch.randn(2, 3);
    const o: Record<string, unknown> = { init: [rc.weight_ih.tolist(), rr.weight_hh.tolist(), lc.bias_hh!.tolist(), gc.weight_ih.tolist()] };
    let h = h0; let hr: torch.Tensor | null = null; let hl: [torch.Tensor, torch.Tensor] | null = null; let hg: torch.Tensor | null = null;
    for (let t = 0; t < 5; t++) {
      const xt = x.select(0, t);
      h = rc(xt, h); hr = rr(xt, hr); hl = lc(xt, hl); hg = gc(xt, hg);
    }
    Object.assign(o, { rc: h, rr: hr, lh: hl![0], lc: hl![1], gc: hg });
    h.sum().add(hr!.sum()).add(hl![0].sum()).add(hl![1].sum()).add(hg!.sum()).backward();
    o.grads = [rc.weight_hh.grad!.tolist(), rr.weight_ih.grad!.tolist(), lc.weight_ih.grad!.tolist(), gc.bias_hh!.grad!.tolist()];
    const u = x.select(0, 0).select(0, 0);
    o.unb = [rc(u).tolist(), rc(u, h0.select(0, 0)).tolist(), lc(u).map((t) => t.tolist()),
      lc(u, [h0.select(0, 0), h0.select(0, 1)]).map((t) => t.tolist()), gc(u, h0.select(0, 1)).tolist()];
    for (const key of ['init', 'rc', 'rr', 'lh', 'lc', 'gc', 'grads', 'unb']) {
      try { expectClose(o[key], p[key], 1e-5); } catch (e) { throw new Error(`${key}: ${(e as Error).message}`); }
    }
    expect([rc, rr, lc, gc].map((m) => Object.keys(m.stateDict()))).toEqual(p.keys);
    expect([rc, rr, lc, gc].map(String)).toEqual(p.repr);
    expect(rr.bias_ih).toBeNull();
    const cls: Record<string, ErrorConstructor> = { ValueError: RangeError, RuntimeError: Error };
    const errs: [string, () => unknown][] = [
      ['input3d', () => rc(torch.randn(1, 2, 4))], ['hidden3d', () => gc(torch.randn(2, 4), torch.randn(1, 2, 3))],
      ['lstmHx', () => lc(torch.randn(2, 4), [torch.randn(2, 3), torch.randn(1, 2, 3)])],
      ['size', () => rc(torch.randn(2, 5))], ['hsize', () => gc(torch.randn(2, 4), torch.randn(2, 4))],
    ];
    for (const [key, f] of errs) {
      const [c, m] = p.errors[key]!;
      expect(f, key).toThrow(cls[c]!);
      expect(f, key).toThrow(m);
    }
    expect(() => new nn.GRUCell(4, -1)).toThrow(RangeError);
    expect(() => new nn.RNNCell(4, 3, true, 'sigmoid' as 'relu')).toThrow(/nonlinearity must be one of 'tanh', 'relu'/);
  });
});

describe('RNN, LSTM, GRU over PackedSequences equal PyTorch', () => {
  it('unsorted and sorted batches, batch_first, given states, projections, gradients', () => {
    const p = more().packed;
    const { packPaddedSequence, padPackedSequence, PackedSequence } = nn.utils.rnn;
    torch.manualSeed(17);
    const lstm = new nn.LSTM(3, 4, 2, { bidirectional: true });
    const gru = new nn.GRU(3, 5, { batchFirst: true });
    const rnn = new nn.RNN(3, 2, { nonlinearity: 'relu' });
    const proj = new nn.LSTM(3, 6, { projSize: 2 });
    const x = torch.randn([6, 4, 3], { requiresGrad: true });
    const lengths = [4, 6, 2, 5];
    const pk = packPaddedSequence(x, lengths, { enforceSorted: false });
    const [out, [h, c]] = lstm(pk);
    expect(out).toBeInstanceOf(PackedSequence);
    const [padded, lens] = padPackedSequence(out);
    const h0 = torch.randn(1, 4, 5);
    const pg = packPaddedSequence(x.transpose(0, 1), lengths, true, false);
    const [gout, gh] = gru(pg, h0);
    const [gpadded] = padPackedSequence(gout, { batchFirst: true, totalLength: 7 });
    const pr = packPaddedSequence(x, [6, 5, 3, 1]);
    const [rout, rh] = rnn(pr);
    const [pout, [ph, pc]] = proj(pk);
    padded.sum().add(gpadded.sum()).add(rout.data.sum()).add(h.sum()).add(c.sum()).add(pout.data.sum()).backward();
    expect(rout.sortedIndices).toBeNull();
    expect(pk.batchSizes.dtype).toBe('int64');
    const o: Record<string, unknown> = {
      data: pk.data, batchSizes: pk.batchSizes, sorted: pk.sortedIndices, unsorted: pk.unsortedIndices, outData: out.data, padded, lens, h, c,
      gpadded, gh, rdata: rout.data, rh, ph, pc, pdata: pout.data, gradX: x.grad, gradW: lstm.getParameter('weight_hh_l1_reverse').grad,
    };
    for (const key of Object.keys(o)) {
      try { expectClose(o[key], p[key], 1e-5); } catch (e) { throw new Error(`${key}: ${(e as Error).message}`); }
    }
    // A packed batch checks the state as a batched one does.
    expect(() => rnn(pr, torch.randn(1, 3, 2))).toThrow('Expected hidden size (1, 4, 2), got [1, 3, 2]');
    expect(() => lstm(packPaddedSequence(torch.randn(3, 2, 5), [3, 2]))).toThrow('input.size(-1) must be equal to input_size. Expected 3, got 5');
  });
});

describe('RNNBase helpers', () => {
  it('allWeights groups the parameters per layer and direction; flattenParameters is a no-op on the CPU; permuteHidden', () => {
    const m = new nn.LSTM(4, 8, 2, { bidirectional: true, projSize: 3 });
    expect(m.allWeights.map((ws) => ws.length)).toEqual([5, 5, 5, 5]);
    expect(m.allWeights[3]![4]).toBe(m.getParameter('weight_hr_l1_reverse'));
    const before = m.flatWeights();
    const values = before.map((w) => w.clone());
    m.flattenParameters();
    m.flatWeights().forEach((w, i) => { expect(w).toBe(before[i]); expect(w.equal(values[i]!)).toBe(true); });
    const h = torch.arange(6).view(1, 3, 2);
    expect(m.permuteHidden(h, torch.tensor([2n, 0n, 1n])).tolist()).toEqual([[[4, 5], [0, 1], [2, 3]]]);
    const [a, b] = m.permuteHidden([h, h.neg()], null);
    expect(a).toBe(h);
    expect(b.tolist()).toEqual(h.neg().tolist());
  });
});
