// RNN, LSTM and GRU (RNNBase) and their cells (RNNCellBase), as torch/nn/modules/rnn.py:
// parameters named weight_ih_l{k}[_reverse] etc., registered in PyTorch's order, initialised from
// U(-1/sqrt(hidden), 1/sqrt(hidden)), and run by ATen's fused aten::lstm / aten::gru /
// aten::rnn_tanh / aten::rnn_relu (their `.data` overloads for a PackedSequence) and *_cell ops.
import { Tensor } from '../../tensor.js';
import { empty, zeros, lstm, gru, rnnTanh, rnnRelu, lstmCell, gruCell, rnnTanhCell, rnnReluCell } from '../../generated/functions.js';
import { Module } from './module.js';
import { Parameter } from '../parameter.js';
import * as init from '../init.js';
import { factoryKwargs, type FactoryOptions } from './linear.js';
import { describeValue, parseArgs, isPlainObject, checkInt, checkBool, checkNumber, checkChoice, checkTensor, type KwArgs } from '../../validate.js';
import { pyFloat } from '../_utils.js';
import { PackedSequence } from '../utils/rnn.js';

/** Options of RNN, LSTM and GRU. */
export interface RNNOptions extends FactoryOptions {
  /** Stacked layers (default 1). */
  numLayers?: number;
  /** Use bias weights (default true). */
  bias?: boolean;
  /** Input and output are (batch, seq, feature) instead of (seq, batch, feature). */
  batchFirst?: boolean;
  /** Dropout between layers (not after the last) when training. */
  dropout?: number;
  bidirectional?: boolean;
}

/** Options of LSTM. */
export interface LSTMOptions extends RNNOptions {
  /** Projects each hidden state h_t down to this size (0, the default, disables projections; must be < hiddenSize). */
  projSize?: number;
}

/** Every argument of GRU (and RNNBase) by name, as Python allows (`nn.GRU(input_size=8, hidden_size=16)`). */
export interface RNNKeywords extends RNNOptions {
  inputSize?: number;
  hiddenSize?: number;
}

/** Every argument of LSTM by name (`new nn.LSTM({ inputSize: 28, hiddenSize: 64, batchFirst: true })`). */
export interface LSTMKeywords extends LSTMOptions {
  inputSize?: number;
  hiddenSize?: number;
}

type RNNPositional = [inputSize: number, hiddenSize: number, numLayers: number, bias: boolean, batchFirst: boolean, dropout: number, bidirectional: boolean];
type LSTMPositional = [...RNNPositional, projSize: number];
type Required2 = ['inputSize', 'hiddenSize'];
/** RNNBase's mode: which recurrence the layer runs. */
export type RNNMode = 'LSTM' | 'GRU' | 'RNN_TANH' | 'RNN_RELU';
type Mode = RNNMode;

/** Python's tuple repr of a size, as in "Expected hidden size (1, 3, 8), got [1, 2, 8]". */
function pyTuple(size: readonly number[]): string {
  return size.length === 1 ? `(${size[0]},)` : `(${size.join(', ')})`;
}

/**
 * PyTorch's RNN/GRU `__init__` rejects `proj_size` before RNNBase sees it; here it would otherwise
 * be an unknown option, so name the real reason.
 */
function rejectProjSize(where: string, args: readonly unknown[]): void {
  const last = args[args.length - 1];
  if (last !== null && typeof last === 'object' && !Array.isArray(last) && 'projSize' in last) {
    throw new RangeError(`${where}: projSize argument is only supported for LSTM, not RNN or GRU`);
  }
}

/**
 * The shared part of RNN, LSTM and GRU (PyTorch's RNNBase), with its argument checks: the fused
 * ATen kernels trust their callers, and with a wrong input size aten::lstm reads past the weights
 * (a segfault for large inputs, garbage for small ones), so every shape is checked here first.
 * @example lstm.flatWeights().length // 4 * numLayers * directions with biases
 */
export abstract class RNNBase extends Module {
  mode: Mode;
  inputSize: number;
  hiddenSize: number;
  numLayers: number;
  bias: boolean;
  batchFirst: boolean;
  dropout: number;
  bidirectional: boolean;
  /** The size of h_t when LSTM projections are on (0: off; always 0 for RNN and GRU). */
  projSize: number;
  /** @internal the parameter names in ATen's flat-weights order. */
  _flatWeightsNames: string[];

  /**
   * PyTorch's `RNNBase(mode, input_size, hidden_size, num_layers=1, bias=True, batch_first=False,
   * dropout=0.0, bidirectional=False, proj_size=0, device=None, dtype=None)`, every argument
   * positionally or by keyword.
   */
  constructor(mode: Mode, ...args: KwArgs<LSTMPositional, Required2, LSTMKeywords>) {
    super();
    const where = mode === 'LSTM' ? 'LSTM()' : mode === 'GRU' ? 'GRU()' : 'RNN()';
    const names: (keyof LSTMKeywords & string)[] = mode === 'LSTM'
      ? ['inputSize', 'hiddenSize', 'numLayers', 'bias', 'batchFirst', 'dropout', 'bidirectional', 'projSize', 'device', 'dtype']
      : ['inputSize', 'hiddenSize', 'numLayers', 'bias', 'batchFirst', 'dropout', 'bidirectional', 'device', 'dtype'];
    const o = parseArgs<Required<Omit<LSTMKeywords, 'device' | 'dtype'>> & FactoryOptions>(where, args, names,
      { numLayers: 1, bias: true, batchFirst: false, dropout: 0, bidirectional: false, projSize: 0 }, ['inputSize', 'hiddenSize']);
    const inputSize = o.inputSize;
    const hiddenSize = o.hiddenSize;
    this.mode = mode;
    // The checks and their order are RNNBase.__init__'s.
    this.dropout = checkNumber(where, 'dropout', o.dropout);
    if (!(this.dropout >= 0 && this.dropout <= 1)) throw new RangeError(`${where}: dropout should be a number in range [0, 1] representing the probability of an element being zeroed (got ${this.dropout})`);
    this.bias = checkBool(where, 'bias', o.bias);
    this.batchFirst = checkBool(where, 'batchFirst', o.batchFirst);
    this.inputSize = checkInt(where, 'inputSize', inputSize);
    // PyTorch refuses input_size 0 at construction (a 0-column weight would make every call fail).
    if (this.inputSize <= 0) throw new RangeError(`${where}: inputSize must be greater than zero (got ${this.inputSize})`);
    this.hiddenSize = checkInt(where, 'hiddenSize', hiddenSize);
    if (this.hiddenSize <= 0) throw new RangeError(`${where}: hiddenSize must be greater than zero (got ${this.hiddenSize})`);
    this.numLayers = checkInt(where, 'numLayers', o.numLayers);
    if (this.numLayers <= 0) throw new RangeError(`${where}: numLayers must be greater than zero (got ${this.numLayers})`);
    this.projSize = checkInt(where, 'projSize', o.projSize);
    if (this.projSize < 0) throw new RangeError(`${where}: projSize should be a positive integer or zero to disable projections (got ${this.projSize})`);
    if (this.projSize >= this.hiddenSize) throw new RangeError(`${where}: projSize has to be smaller than hiddenSize (got projSize=${this.projSize}, hiddenSize=${this.hiddenSize})`);
    this.bidirectional = checkBool(where, 'bidirectional', o.bidirectional);
    if (this.dropout > 0 && this.numLayers === 1) {
      process.emitWarning('dropout option adds dropout after all but last recurrent layer, so non-zero dropout expects ' +
        `num_layers greater than 1, but got dropout=${this.dropout} and num_layers=${this.numLayers}`);
    }
    const gateSize = mode === 'LSTM' ? 4 * this.hiddenSize : mode === 'GRU' ? 3 * this.hiddenSize : this.hiddenSize;
    const directions = this.bidirectional ? 2 : 1;
    const realHidden = this.projSize > 0 ? this.projSize : this.hiddenSize;
    const kw = factoryKwargs(o);
    this._flatWeightsNames = [];
    for (let layer = 0; layer < this.numLayers; layer++) {
      for (let direction = 0; direction < directions; direction++) {
        const layerInput = layer === 0 ? this.inputSize : realHidden * directions;
        const suffix = `_l${layer}${direction === 1 ? '_reverse' : ''}`;
        const params: [string, number[]][] = [[`weight_ih${suffix}`, [gateSize, layerInput]], [`weight_hh${suffix}`, [gateSize, realHidden]]];
        if (this.bias) params.push([`bias_ih${suffix}`, [gateSize]], [`bias_hh${suffix}`, [gateSize]]);
        if (this.projSize > 0) params.push([`weight_hr${suffix}`, [this.projSize, this.hiddenSize]]);
        for (const [name, shape] of params) {
          this.registerParameter(name, new Parameter(empty(shape, kw)));
          this._flatWeightsNames.push(name);
        }
      }
    }
    this.resetParameters();
  }

  /** Re-draws every weight from U(-1/sqrt(hiddenSize), 1/sqrt(hiddenSize)). @example lstm.resetParameters() */
  resetParameters(): void {
    const stdv = this.hiddenSize > 0 ? 1.0 / Math.sqrt(this.hiddenSize) : 0;
    for (const w of this.parameters()) init.uniform_(w, -stdv, stdv);
  }

  /**
   * The parameters per layer and direction, each list in ATen's order (PyTorch's all_weights).
   * @example new nn.LSTM(4, 8, 2).allWeights[1]![0]!.shape // weight_ih_l1: [32, 8]
   */
  get allWeights(): Parameter[][] {
    const flat = this.flatWeights();
    const per = flat.length / (this.numLayers * (this.bidirectional ? 2 : 1));
    const out: Parameter[][] = [];
    for (let i = 0; i < flat.length; i += per) out.push(flat.slice(i, i + per));
    return out;
  }

  /**
   * PyTorch's flatten_parameters, which packs the weights into one buffer for cuDNN; on the CPU
   * (the only device here) PyTorch's returns without doing anything, and so does this.
   * @example lstm.flattenParameters()
   */
  flattenParameters(): void {
    // Nothing to do off cuDNN.
  }

  /**
   * hx with its batch dimension (1) reordered by `permutation` (null: unchanged), as PyTorch's
   * permute_hidden; LSTM permutes both [h, c].
   * @example gru.permuteHidden(h, packed.sortedIndices)
   */
  permuteHidden(hx: Tensor, permutation: Tensor | null): Tensor;
  permuteHidden(hx: readonly [Tensor, Tensor], permutation: Tensor | null): [Tensor, Tensor];
  permuteHidden(hx: Tensor | readonly [Tensor, Tensor], permutation: Tensor | null): Tensor | [Tensor, Tensor] {
    if (hx instanceof Tensor) return permute(hx, permutation);
    return [permute(hx[0], permutation), permute(hx[1], permutation)];
  }

  /** The parameters in ATen's flat-weights order. @example lstm.flatWeights()[0].shape */
  flatWeights(): Parameter[] {
    const self = this as unknown as Record<string, Parameter>;
    return this._flatWeightsNames.map((n) => self[n]!);
  }

  /**
   * Throws unless `input` suits the weights: its dtype is theirs (TypeError), it has 3 dimensions
   * (2 for packed data, given `batchSizes`) and its last dimension is inputSize (Error), with
   * PyTorch's messages.
   * @example lstm.checkInput(torch.randn(5, 3, 10)) // passes for new nn.LSTM(10, 20)
   */
  checkInput(input: Tensor, batchSizes: Tensor | null = null): void {
    const weightDtype = this.flatWeights()[0]!.dtype;
    if (input.dtype !== weightDtype) {
      throw new TypeError(`RNN input dtype (torch.${input.dtype}) does not match weight dtype (torch.${weightDtype}). ` +
        `Convert input: input.to(torch.${weightDtype}), or convert model: model.to(torch.${input.dtype})`);
    }
    const expectedDim = batchSizes !== null ? 2 : 3;
    if (input.dim() !== expectedDim) throw new Error(`input must have ${expectedDim} dimensions, got ${input.dim()}`);
    if (this.inputSize !== input.size(-1)) {
      throw new Error(`input.size(-1) must be equal to input_size. Expected ${this.inputSize}, got ${input.size(-1)}`);
    }
  }

  /**
   * The shape [numLayers * directions, batch, projSize || hiddenSize] the hidden state h must have
   * for `input` (batched, or packed data with `batchSizes`).
   * @example new nn.GRU(4, 8, 2).getExpectedHiddenSize(torch.randn(5, 3, 4)) // [2, 3, 8]
   */
  getExpectedHiddenSize(input: Tensor, batchSizes: Tensor | null = null): [number, number, number] {
    const directions = this.bidirectional ? 2 : 1;
    return [this.numLayers * directions, this._miniBatch(input, batchSizes), this.projSize > 0 ? this.projSize : this.hiddenSize];
  }

  /**
   * Throws an Error unless hx has the `expected` shape; `msg` has two `{}`, the expected and the
   * actual size, as in Python.
   * @example gru.checkHiddenSize(h0, [1, 3, 8])
   */
  checkHiddenSize(hx: Tensor, expected: readonly number[], msg = 'Expected hidden size {}, got {}'): void {
    const size = hx.shape;
    if (size.length !== expected.length || size.some((s, i) => s !== expected[i])) {
      throw new Error(msg.replace('{}', pyTuple(expected)).replace('{}', `[${size.join(', ')}]`));
    }
  }

  /**
   * Checks the (batched) input and the hidden state together, as every forward does before the
   * fused kernel runs.
   * @example rnn.checkForwardArgs(torch.randn(5, 3, 4), torch.zeros(1, 3, 8))
   */
  checkForwardArgs(input: Tensor, hidden: Tensor, batchSizes: Tensor | null = null): void {
    this.checkInput(input, batchSizes);
    this.checkHiddenSize(hidden, this.getExpectedHiddenSize(input, batchSizes));
  }

  /** @internal the batch size of a batched input, or the first of packed data's batch sizes. */
  _miniBatch(input: Tensor, batchSizes: Tensor | null): number {
    if (batchSizes !== null) return batchSizes.select(0, 0).item();
    return input.size(this.batchFirst ? 0 : 1);
  }

  /**
   * @internal checks that input is a 2-D or 3-D Tensor and returns it batched, with whether it was;
   * `what` is PyTorch's wording of the dimension error, which RNN words differently.
   */
  _batchedInput(name: string, input: Tensor, what = ''): [Tensor, boolean] {
    checkTensor(name, 'input', input);
    const nd = input.dim();
    if (nd !== 2 && nd !== 3) throw new RangeError(`${name}: Expected input to be 2D or 3D, got ${nd}D ${what}instead`);
    const batched = nd === 3;
    return [batched ? input : input.unsqueeze(this.batchFirst ? 0 : 1), batched];
  }

  /** @internal the zero state of `size` features for a batched input. */
  _zeros(input: Tensor, size: number): Tensor {
    const directions = this.bidirectional ? 2 : 1;
    return zeros([this.numLayers * directions, input.size(this.batchFirst ? 0 : 1), size], { dtype: input.dtype, device: input.device });
  }

  /** @internal the zero state of `size` features for packed data (batch: the first batch size). */
  _packedZeros(u: { x: Tensor; batchSizes: Tensor | null }, size: number): Tensor {
    const directions = this.bidirectional ? 2 : 1;
    return zeros([this.numLayers * directions, this._miniBatch(u.x, u.batchSizes), size], { dtype: u.x.dtype, device: u.x.device });
  }

  /** @internal GRU's and RNN's single hidden state, checked against a batched or unbatched input. */
  _hiddenState(name: string, x: Tensor, batched: boolean, hx: Tensor | null | undefined): Tensor {
    if (hx === undefined || hx === null) return this._zeros(x, this.hiddenSize);
    checkTensor(name, 'hx', hx);
    if (!batched) {
      if (hx.dim() !== 2) throw new Error(`For unbatched 2-D input, hx should also be 2-D but got ${hx.dim()}-D tensor`);
      return hx.unsqueeze(1);
    }
    if (hx.dim() !== 3) throw new Error(`For batched 3-D input, hx should also be 3-D but got ${hx.dim()}-D tensor`);
    return hx;
  }

  override extraRepr(): string {
    let s = `${this.inputSize}, ${this.hiddenSize}`;
    if (this.projSize !== 0) s += `, proj_size=${this.projSize}`;
    if (this.numLayers !== 1) s += `, num_layers=${this.numLayers}`;
    if (this.bias !== true) s += `, bias=${this.bias ? 'True' : 'False'}`;
    if (this.batchFirst) s += ', batch_first=True';
    if (this.dropout !== 0) s += `, dropout=${pyFloat(this.dropout)}`;
    if (this.bidirectional) s += ', bidirectional=True';
    return s;
  }
}

/** Options of RNN. */
export interface RNNModuleOptions extends RNNOptions {
  /** 'tanh' (default) or 'relu'. */
  nonlinearity?: 'tanh' | 'relu';
}

/** Every argument of RNN by name (`new nn.RNN({ inputSize: 10, hiddenSize: 20, nonlinearity: 'relu' })`). */
export interface RNNModuleKeywords extends RNNModuleOptions {
  inputSize?: number;
  hiddenSize?: number;
}

type RNNModulePositional = [inputSize: number, hiddenSize: number, numLayers: number, nonlinearity: 'tanh' | 'relu', bias: boolean,
  batchFirst: boolean, dropout: number, bidirectional: boolean];

/** @internal an input split as Python's forward does: packed data with its batch sizes and permutations, or a (batched) tensor. */
interface Unpacked {
  x: Tensor;
  batchSizes: Tensor | null;
  sortedIndices: Tensor | null;
  unsortedIndices: Tensor | null;
  packed: boolean;
  batched: boolean;
}

function unpack(self: RNNBase, name: string, input: Tensor | PackedSequence, what = ''): Unpacked {
  if (input instanceof PackedSequence) {
    return { x: input.data, batchSizes: input.batchSizes, sortedIndices: input.sortedIndices, unsortedIndices: input.unsortedIndices, packed: true, batched: true };
  }
  const [x, batched] = self._batchedInput(name, input, what);
  return { x, batchSizes: null, sortedIndices: null, unsortedIndices: null, packed: false, batched };
}

/** `hx` with its batch dimension (1) reordered by `permutation`, as Python's permute_hidden. */
function permute(hx: Tensor, permutation: Tensor | null): Tensor {
  return permutation === null ? hx : hx.indexSelect(1, permutation);
}

/** Calls run forward, a Tensor giving Tensors, a PackedSequence giving one. */
export interface RNN {
  (input: Tensor, hx?: Tensor | null): [Tensor, Tensor];
  (input: PackedSequence, hx?: Tensor | null): [PackedSequence, Tensor];
}

/**
 * An Elman RNN: h_t = tanh(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh). Returns [output, h_n];
 * given a PackedSequence, the output is one too.
 * @example
 * const rnn = new nn.RNN(10, 20, 2); const [out, hn] = rnn(torch.randn(5, 3, 10));
 * const relu = new nn.RNN({ inputSize: 10, hiddenSize: 20, nonlinearity: 'relu', batchFirst: true });
 */
export class RNN extends RNNBase {
  nonlinearity: 'tanh' | 'relu';
  constructor(...args: KwArgs<RNNModulePositional, Required2, RNNModuleKeywords>) {
    rejectProjSize('RNN()', args);
    // PyTorch's RNN takes nonlinearity as the 4th positional argument; RNNBase has none.
    let nonlinearity: unknown = 'tanh';
    const rest = [...args] as unknown[];
    if (rest.length >= 4 && !isPlainObject(rest[3])) { nonlinearity = rest[3]; rest.splice(3, 1); }
    const last = rest[rest.length - 1];
    if (isPlainObject(last) && 'nonlinearity' in last) {
      const { nonlinearity: n, ...others } = last as RNNModuleKeywords;
      if (n !== undefined) {
        if (nonlinearity !== 'tanh' || (args.length >= 4 && !isPlainObject(args[3]))) throw new TypeError("RNN(): got multiple values for argument 'nonlinearity'");
        nonlinearity = n;
      }
      rest[rest.length - 1] = others;
    }
    const nl = checkChoice('RNN()', 'nonlinearity', nonlinearity, ['tanh', 'relu'] as const);
    super(nl === 'tanh' ? 'RNN_TANH' : 'RNN_RELU', ...(rest as KwArgs<RNNPositional, Required2, RNNKeywords>));
    this.nonlinearity = nl;
  }

  forward(input: Tensor, hx?: Tensor | null): [Tensor, Tensor];
  forward(input: PackedSequence, hx?: Tensor | null): [PackedSequence, Tensor];
  forward(input: Tensor | PackedSequence, hx?: Tensor | null): [Tensor | PackedSequence, Tensor] {
    const u = unpack(this, 'RNN', input, 'tensor ');
    let h: Tensor;
    if (u.packed) {
      h = hx === undefined || hx === null ? this._packedZeros(u, this.hiddenSize) : permute(checkTensor('RNN', 'hx', hx), u.sortedIndices);
    } else {
      h = this._hiddenState('RNN', u.x, u.batched, hx);
    }
    this.checkForwardArgs(u.x, h, u.batchSizes);
    const fn = this.mode === 'RNN_TANH' ? rnnTanh : rnnRelu;
    if (u.batchSizes !== null) {
      const [out, hn] = fn(u.x, u.batchSizes, h, this.flatWeights(), this.bias, this.numLayers, this.dropout, this.training, this.bidirectional) as [Tensor, Tensor];
      return [new PackedSequence(out, u.batchSizes, u.sortedIndices, u.unsortedIndices), permute(hn, u.unsortedIndices)];
    }
    let [out, hn] = fn(u.x, h, this.flatWeights(), this.bias, this.numLayers, this.dropout, this.training, this.bidirectional, this.batchFirst) as [Tensor, Tensor];
    if (!u.batched) { out = out.squeeze(this.batchFirst ? 0 : 1); hn = hn.squeeze(1); }
    return [out, hn];
  }
}

/** Calls run forward, a Tensor giving Tensors, a PackedSequence giving one. */
export interface LSTM {
  (input: Tensor, hx?: readonly [Tensor, Tensor] | null): [Tensor, [Tensor, Tensor]];
  (input: PackedSequence, hx?: readonly [Tensor, Tensor] | null): [PackedSequence, [Tensor, Tensor]];
}

/**
 * Long short-term memory. Returns [output, [h_n, c_n]]; with projSize > 0, h has projSize
 * features and c hiddenSize. Given a PackedSequence, the output is one too.
 * @example
 * const lstm = new nn.LSTM({ inputSize: 28, hiddenSize: 64, batchFirst: true });
 * const [out, [hn, cn]] = lstm(torch.randn(3, 5, 28));
 * const stacked = new nn.LSTM(10, 20, { numLayers: 2, projSize: 8 });
 */
export class LSTM extends RNNBase {
  constructor(...args: KwArgs<LSTMPositional, Required2, LSTMKeywords>) {
    super('LSTM', ...args);
  }

  /**
   * The shape [numLayers * directions, batch, hiddenSize] the cell state c must have for `input`.
   * @example new nn.LSTM(4, 8, { projSize: 3 }).getExpectedCellSize(torch.randn(5, 2, 4)) // [1, 2, 8]
   */
  getExpectedCellSize(input: Tensor, batchSizes: Tensor | null = null): [number, number, number] {
    const directions = this.bidirectional ? 2 : 1;
    return [this.numLayers * directions, this._miniBatch(input, batchSizes), this.hiddenSize];
  }

  /**
   * Checks the (batched) input and both states [h, c], as PyTorch's LSTM.check_forward_args.
   * @example lstm.checkForwardArgs(torch.randn(5, 3, 4), [torch.zeros(1, 3, 8), torch.zeros(1, 3, 8)])
   */
  override checkForwardArgs(input: Tensor, hidden: Tensor | readonly [Tensor, Tensor], batchSizes: Tensor | null = null): void {
    const [h, c] = this._state('LSTM', hidden);
    this.checkInput(input, batchSizes);
    this.checkHiddenSize(h, this.getExpectedHiddenSize(input, batchSizes), 'Expected hidden[0] size {}, got {}');
    this.checkHiddenSize(c, this.getExpectedCellSize(input, batchSizes), 'Expected hidden[1] size {}, got {}');
  }

  forward(input: Tensor, hx?: readonly [Tensor, Tensor] | null): [Tensor, [Tensor, Tensor]];
  forward(input: PackedSequence, hx?: readonly [Tensor, Tensor] | null): [PackedSequence, [Tensor, Tensor]];
  forward(input: Tensor | PackedSequence, hx?: readonly [Tensor, Tensor] | null): [Tensor | PackedSequence, [Tensor, Tensor]] {
    const u = unpack(this, 'LSTM', input);
    const realHidden = this.projSize > 0 ? this.projSize : this.hiddenSize;
    let state: [Tensor, Tensor];
    if (hx === undefined || hx === null) {
      state = u.packed ? [this._packedZeros(u, realHidden), this._packedZeros(u, this.hiddenSize)]
        : [this._zeros(u.x, realHidden), this._zeros(u.x, this.hiddenSize)];
    } else {
      const [h, c] = this._state('LSTM', hx);
      if (u.packed) state = [h, c];
      else if (u.batched) {
        if (h.dim() !== 3 || c.dim() !== 3) throw new Error(`For batched 3-D input, hx and cx should also be 3-D but got (${h.dim()}-D, ${c.dim()}-D) tensors`);
        state = [h, c];
      } else {
        if (h.dim() !== 2 || c.dim() !== 2) throw new Error(`For unbatched 2-D input, hx and cx should also be 2-D but got (${h.dim()}-D, ${c.dim()}-D) tensors`);
        state = [h.unsqueeze(1), c.unsqueeze(1)];
      }
      state = [permute(state[0], u.sortedIndices), permute(state[1], u.sortedIndices)];
    }
    this.checkForwardArgs(u.x, state, u.batchSizes);
    if (u.batchSizes !== null) {
      const [out, hn, cn] = lstm(u.x, u.batchSizes, state, this.flatWeights(), this.bias, this.numLayers, this.dropout, this.training, this.bidirectional) as [Tensor, Tensor, Tensor];
      return [new PackedSequence(out, u.batchSizes, u.sortedIndices, u.unsortedIndices), [permute(hn, u.unsortedIndices), permute(cn, u.unsortedIndices)]];
    }
    let [out, hn, cn] = lstm(u.x, state, this.flatWeights(), this.bias, this.numLayers, this.dropout, this.training, this.bidirectional, this.batchFirst) as [Tensor, Tensor, Tensor];
    if (!u.batched) { out = out.squeeze(this.batchFirst ? 0 : 1); hn = hn.squeeze(1); cn = cn.squeeze(1); }
    return [out, [hn, cn]];
  }

  /** @internal the [h, c] pair, or a TypeError (Python's tuple unpacking has no JS counterpart). */
  _state(name: string, hx: unknown): [Tensor, Tensor] {
    if (!Array.isArray(hx) || hx.length !== 2) throw new TypeError(`${name}: hx must be an array of two Tensors [h_0, c_0] (got ${describeValue(hx)}${Array.isArray(hx) ? ` of length ${hx.length}` : ''})`);
    return [checkTensor(name, 'hx[0]', hx[0]), checkTensor(name, 'hx[1]', hx[1])];
  }
}

/** Calls run forward, a Tensor giving Tensors, a PackedSequence giving one. */
export interface GRU {
  (input: Tensor, hx?: Tensor | null): [Tensor, Tensor];
  (input: PackedSequence, hx?: Tensor | null): [PackedSequence, Tensor];
}

/**
 * Gated recurrent unit. Returns [output, h_n]; given a PackedSequence, the output is one too.
 * @example
 * const gru = new nn.GRU(10, 20); const [out, hn] = gru(torch.randn(5, 3, 10));
 * const byName = new nn.GRU({ inputSize: 10, hiddenSize: 20, bidirectional: true });
 */
export class GRU extends RNNBase {
  constructor(...args: KwArgs<RNNPositional, Required2, RNNKeywords>) {
    rejectProjSize('GRU()', args);
    super('GRU', ...(args as KwArgs<LSTMPositional, Required2, LSTMKeywords>));
  }

  forward(input: Tensor, hx?: Tensor | null): [Tensor, Tensor];
  forward(input: PackedSequence, hx?: Tensor | null): [PackedSequence, Tensor];
  forward(input: Tensor | PackedSequence, hx?: Tensor | null): [Tensor | PackedSequence, Tensor] {
    const u = unpack(this, 'GRU', input);
    let h: Tensor;
    if (u.packed) {
      h = hx === undefined || hx === null ? this._packedZeros(u, this.hiddenSize) : permute(checkTensor('GRU', 'hx', hx), u.sortedIndices);
    } else {
      h = this._hiddenState('GRU', u.x, u.batched, hx);
    }
    this.checkForwardArgs(u.x, h, u.batchSizes);
    if (u.batchSizes !== null) {
      const [out, hn] = gru(u.x, u.batchSizes, h, this.flatWeights(), this.bias, this.numLayers, this.dropout, this.training, this.bidirectional) as [Tensor, Tensor];
      return [new PackedSequence(out, u.batchSizes, u.sortedIndices, u.unsortedIndices), permute(hn, u.unsortedIndices)];
    }
    let [out, hn] = gru(u.x, h, this.flatWeights(), this.bias, this.numLayers, this.dropout, this.training, this.bidirectional, this.batchFirst) as [Tensor, Tensor];
    if (!u.batched) { out = out.squeeze(this.batchFirst ? 0 : 1); hn = hn.squeeze(1); }
    return [out, hn];
  }
}

// ---- cells: one time step ----------------------------------------------------------------------

/** Options of RNNCell, LSTMCell and GRUCell. */
export interface RNNCellOptions extends FactoryOptions {
  /** Use bias weights (default true). */
  bias?: boolean;
}

/** Every argument of LSTMCell and GRUCell by name (`new nn.LSTMCell({ inputSize: 10, hiddenSize: 20 })`). */
export interface RNNCellKeywords extends RNNCellOptions {
  inputSize?: number;
  hiddenSize?: number;
}

/** Every argument of RNNCell by name. */
export interface RNNCellModuleKeywords extends RNNCellKeywords {
  /** 'tanh' (default) or 'relu'. */
  nonlinearity?: 'tanh' | 'relu';
}

/**
 * The shared part of RNNCell, LSTMCell and GRUCell (PyTorch's RNNCellBase): weight_ih
 * (numChunks * hiddenSize, inputSize), weight_hh (numChunks * hiddenSize, hiddenSize) and the
 * biases, all from U(-1/sqrt(hiddenSize), 1/sqrt(hiddenSize)).
 * @example new nn.LSTMCell(10, 20).weight_ih.shape // [80, 10]
 */
export abstract class RNNCellBase extends Module {
  inputSize: number;
  hiddenSize: number;
  bias: boolean;
  weight_ih: Parameter;
  weight_hh: Parameter;
  bias_ih: Parameter | null;
  bias_hh: Parameter | null;

  /** PyTorch's `RNNCellBase(input_size, hidden_size, bias, num_chunks, device=None, dtype=None)`. */
  constructor(inputSize: number, hiddenSize: number, bias: boolean, numChunks: number, options: FactoryOptions = {}) {
    super();
    const where = `${numChunks === 4 ? 'LSTMCell' : numChunks === 3 ? 'GRUCell' : 'RNNCell'}()`;
    this.inputSize = checkInt(where, 'inputSize', inputSize, 0);
    this.hiddenSize = checkInt(where, 'hiddenSize', hiddenSize, 0);
    this.bias = checkBool(where, 'bias', bias);
    checkInt(where, 'numChunks', numChunks, 1);
    const kw = factoryKwargs(options);
    this.weight_ih = new Parameter(empty([numChunks * this.hiddenSize, this.inputSize], kw));
    this.weight_hh = new Parameter(empty([numChunks * this.hiddenSize, this.hiddenSize], kw));
    if (this.bias) {
      this.bias_ih = new Parameter(empty(numChunks * this.hiddenSize, kw));
      this.bias_hh = new Parameter(empty(numChunks * this.hiddenSize, kw));
    } else {
      this.bias_ih = null;
      this.bias_hh = null;
    }
    this.resetParameters();
  }

  /** Re-draws every weight from U(-1/sqrt(hiddenSize), 1/sqrt(hiddenSize)). @example cell.resetParameters() */
  resetParameters(): void {
    const stdv = this.hiddenSize > 0 ? 1.0 / Math.sqrt(this.hiddenSize) : 0;
    for (const w of this.parameters()) init.uniform_(w, -stdv, stdv);
  }

  override extraRepr(): string {
    let s = `${this.inputSize}, ${this.hiddenSize}`;
    if (this.bias !== true) s += ', bias=False';
    const nl = (this as { nonlinearity?: string }).nonlinearity;
    if (nl !== undefined && nl !== 'tanh') s += `, nonlinearity=${nl}`;
    return s;
  }

  /** @internal checks a cell's input (1-D or 2-D) and returns it batched, with whether it was. */
  _cellInput(name: string, input: Tensor): [Tensor, boolean] {
    checkTensor(name, 'input', input);
    if (input.dim() !== 1 && input.dim() !== 2) throw new RangeError(`${name}: Expected input to be 1D or 2D, got ${input.dim()}D instead`);
    const batched = input.dim() === 2;
    return [batched ? input : input.unsqueeze(0), batched];
  }

  /** @internal a cell's single hidden state, batched like the input, zeros when absent. */
  _cellHidden(name: string, x: Tensor, batched: boolean, hx: Tensor | null | undefined, label = 'hidden'): Tensor {
    if (hx === undefined || hx === null) return zeros([x.size(0), this.hiddenSize], { dtype: x.dtype, device: x.device });
    checkTensor(name, label === 'hidden' ? 'hx' : label, hx);
    if (hx.dim() !== 1 && hx.dim() !== 2) throw new RangeError(`${name}: Expected ${label} to be 1D or 2D, got ${hx.dim()}D instead`);
    return batched ? hx : hx.unsqueeze(0);
  }
}

/**
 * One step of an Elman RNN: h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh) (or relu). Input (N,
 * inputSize) or unbatched (inputSize); returns h'.
 * @example
 * const cell = new nn.RNNCell(10, 20);
 * let h = torch.zeros(3, 20);
 * for (const x of torch.randn(6, 3, 10).unbind(0)) h = cell(x, h);
 */
export class RNNCell extends RNNCellBase {
  nonlinearity: 'tanh' | 'relu';
  constructor(...args: KwArgs<[inputSize: number, hiddenSize: number, bias: boolean, nonlinearity: 'tanh' | 'relu'], Required2, RNNCellModuleKeywords>) {
    const where = 'RNNCell()';
    const o = parseArgs<RNNCellModuleKeywords>(where, args, ['inputSize', 'hiddenSize', 'bias', 'nonlinearity', 'device', 'dtype'],
      { bias: true, nonlinearity: 'tanh' }, ['inputSize', 'hiddenSize']);
    super(o.inputSize!, o.hiddenSize!, o.bias!, 1, factoryKwargs(o));
    this.nonlinearity = checkChoice(where, 'nonlinearity', o.nonlinearity, ['tanh', 'relu'] as const);
  }

  forward(input: Tensor, hx?: Tensor | null): Tensor {
    const [x, batched] = this._cellInput('RNNCell', input);
    const h = this._cellHidden('RNNCell', x, batched, hx);
    const fn = this.nonlinearity === 'tanh' ? rnnTanhCell : rnnReluCell;
    const ret = fn(x, h, this.weight_ih, this.weight_hh, this.bias_ih, this.bias_hh);
    return batched ? ret : ret.squeeze(0);
  }
}

/**
 * One step of an LSTM. Input (N, inputSize) or unbatched (inputSize), state [h, c]; returns
 * [h', c'].
 * @example
 * const cell = new nn.LSTMCell({ inputSize: 10, hiddenSize: 20 });
 * const [h, c] = cell(torch.randn(3, 10));
 */
export class LSTMCell extends RNNCellBase {
  constructor(...args: KwArgs<[inputSize: number, hiddenSize: number, bias: boolean], Required2, RNNCellKeywords>) {
    const o = parseArgs<RNNCellKeywords>('LSTMCell()', args, ['inputSize', 'hiddenSize', 'bias', 'device', 'dtype'], { bias: true }, ['inputSize', 'hiddenSize']);
    super(o.inputSize!, o.hiddenSize!, o.bias!, 4, factoryKwargs(o));
  }

  forward(input: Tensor, hx?: readonly [Tensor, Tensor] | null): [Tensor, Tensor] {
    const name = 'LSTMCell';
    const [x, batched] = this._cellInput(name, input);
    let state: [Tensor, Tensor];
    if (hx === undefined || hx === null) {
      const z = zeros([x.size(0), this.hiddenSize], { dtype: x.dtype, device: x.device });
      state = [z, z];
    } else {
      if (!Array.isArray(hx) || hx.length !== 2) throw new TypeError(`${name}: hx must be an array of two Tensors [h_0, c_0] (got ${describeValue(hx)}${Array.isArray(hx) ? ` of length ${hx.length}` : ''})`);
      const [h, c] = [checkTensor(name, 'hx[0]', hx[0]), checkTensor(name, 'hx[1]', hx[1])];
      for (const [i, v] of [h, c].entries()) {
        if (v.dim() !== 1 && v.dim() !== 2) throw new RangeError(`${name}: Expected hx[${i}] to be 1D or 2D, got ${v.dim()}D instead`);
      }
      state = batched ? [h, c] : [h.unsqueeze(0), c.unsqueeze(0)];
    }
    const [h1, c1] = lstmCell(x, state, this.weight_ih, this.weight_hh, this.bias_ih, this.bias_hh);
    return batched ? [h1, c1] : [h1.squeeze(0), c1.squeeze(0)];
  }
}

/**
 * One step of a GRU. Input (N, inputSize) or unbatched (inputSize); returns h'.
 * @example
 * const cell = new nn.GRUCell(10, 20);
 * const h = cell(torch.randn(3, 10), torch.zeros(3, 20));
 */
export class GRUCell extends RNNCellBase {
  constructor(...args: KwArgs<[inputSize: number, hiddenSize: number, bias: boolean], Required2, RNNCellKeywords>) {
    const o = parseArgs<RNNCellKeywords>('GRUCell()', args, ['inputSize', 'hiddenSize', 'bias', 'device', 'dtype'], { bias: true }, ['inputSize', 'hiddenSize']);
    super(o.inputSize!, o.hiddenSize!, o.bias!, 3, factoryKwargs(o));
  }

  forward(input: Tensor, hx?: Tensor | null): Tensor {
    const [x, batched] = this._cellInput('GRUCell', input);
    const h = this._cellHidden('GRUCell', x, batched, hx);
    const ret = gruCell(x, h, this.weight_ih, this.weight_hh, this.bias_ih, this.bias_hh);
    return batched ? ret : ret.squeeze(0);
  }
}
