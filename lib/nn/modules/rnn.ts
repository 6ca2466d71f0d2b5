// RNN, LSTM and GRU, as torch/nn/modules/rnn.py (RNNBase): parameters named weight_ih_l{k}[_reverse]
// etc., registered in PyTorch's order, initialised from U(-1/sqrt(hidden), 1/sqrt(hidden)), and run
// by ATen's fused aten::lstm / aten::gru / aten::rnn_tanh / aten::rnn_relu.
import type { Tensor } from '../../tensor.js';
import { empty, zeros, lstm, gru, rnnTanh, rnnRelu } from '../../generated/functions.js';
import { Module } from './module.js';
import { Parameter } from '../parameter.js';
import * as init from '../init.js';
import { factoryKwargs, type FactoryOptions } from './linear.js';
import { describeValue, parseArgs, checkInt, checkBool, checkNumber, checkChoice, checkTensor, type Args } from '../../validate.js';
import { pyFloat } from '../_utils.js';

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

type RNNPositional = [numLayers: number, bias: boolean, batchFirst: boolean, dropout: number, bidirectional: boolean];
type LSTMPositional = [...RNNPositional, projSize: number];
type Mode = 'LSTM' | 'GRU' | 'RNN_TANH' | 'RNN_RELU';

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

  constructor(mode: Mode, where: string, inputSize: number, hiddenSize: number, args: unknown[]) {
    super();
    const names: (keyof LSTMOptions & string)[] = mode === 'LSTM'
      ? ['numLayers', 'bias', 'batchFirst', 'dropout', 'bidirectional', 'projSize', 'device', 'dtype']
      : ['numLayers', 'bias', 'batchFirst', 'dropout', 'bidirectional', 'device', 'dtype'];
    const o = parseArgs<Required<Omit<LSTMOptions, 'device' | 'dtype'>> & FactoryOptions>(where, args, names,
      { numLayers: 1, bias: true, batchFirst: false, dropout: 0, bidirectional: false, projSize: 0 });
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

/**
 * An Elman RNN: h_t = tanh(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh). Returns [output, h_n].
 * @example const rnn = new nn.RNN(10, 20, 2); const [out, hn] = rnn(torch.randn(5, 3, 10));
 */
export class RNN extends RNNBase {
  nonlinearity: 'tanh' | 'relu';
  constructor(inputSize: number, hiddenSize: number, ...args: Args<[numLayers: number, nonlinearity: 'tanh' | 'relu', bias: boolean, batchFirst: boolean, dropout: number, bidirectional: boolean], RNNModuleOptions>) {
    rejectProjSize('RNN()', args);
    // PyTorch's RNN takes nonlinearity as the 4th positional argument.
    let nonlinearity: unknown = 'tanh';
    const rest = [...args] as unknown[];
    if (rest.length >= 2 && typeof rest[1] === 'string') { nonlinearity = rest[1]; rest.splice(1, 1); }
    const last = rest[rest.length - 1];
    if (last !== null && typeof last === 'object' && 'nonlinearity' in last) {
      const { nonlinearity: n, ...others } = last as RNNModuleOptions;
      nonlinearity = n;
      rest[rest.length - 1] = others;
    }
    const nl = checkChoice('RNN()', 'nonlinearity', nonlinearity, ['tanh', 'relu'] as const);
    super(nl === 'tanh' ? 'RNN_TANH' : 'RNN_RELU', 'RNN()', inputSize, hiddenSize, rest);
    this.nonlinearity = nl;
  }

  forward(input: Tensor, hx?: Tensor | null): [Tensor, Tensor] {
    const [x, batched] = this._batchedInput('RNN', input, 'tensor ');
    const h = this._hiddenState('RNN', x, batched, hx);
    this.checkForwardArgs(x, h);
    const fn = this.mode === 'RNN_TANH' ? rnnTanh : rnnRelu;
    let [out, hn] = fn(x, h, this.flatWeights(), this.bias, this.numLayers, this.dropout, this.training, this.bidirectional, this.batchFirst) as [Tensor, Tensor];
    if (!batched) { out = out.squeeze(this.batchFirst ? 0 : 1); hn = hn.squeeze(1); }
    return [out, hn];
  }
}

/**
 * Long short-term memory. Returns [output, [h_n, c_n]]; with projSize > 0, h has projSize
 * features and c hiddenSize.
 * @example const lstm = new nn.LSTM(10, 20, { numLayers: 2, batchFirst: true }); const [out, [hn, cn]] = lstm(torch.randn(3, 5, 10));
 */
export class LSTM extends RNNBase {
  constructor(inputSize: number, hiddenSize: number, ...args: Args<LSTMPositional, LSTMOptions>) {
    super('LSTM', 'LSTM()', inputSize, hiddenSize, args);
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

  forward(input: Tensor, hx?: readonly [Tensor, Tensor] | null): [Tensor, [Tensor, Tensor]] {
    const [x, batched] = this._batchedInput('LSTM', input);
    let state: [Tensor, Tensor];
    if (hx === undefined || hx === null) {
      state = [this._zeros(x, this.projSize > 0 ? this.projSize : this.hiddenSize), this._zeros(x, this.hiddenSize)];
    } else {
      const [h, c] = this._state('LSTM', hx);
      if (batched) {
        if (h.dim() !== 3 || c.dim() !== 3) throw new Error(`For batched 3-D input, hx and cx should also be 3-D but got (${h.dim()}-D, ${c.dim()}-D) tensors`);
        state = [h, c];
      } else {
        if (h.dim() !== 2 || c.dim() !== 2) throw new Error(`For unbatched 2-D input, hx and cx should also be 2-D but got (${h.dim()}-D, ${c.dim()}-D) tensors`);
        state = [h.unsqueeze(1), c.unsqueeze(1)];
      }
    }
    this.checkForwardArgs(x, state);
    let [out, hn, cn] = lstm(x, state, this.flatWeights(), this.bias, this.numLayers, this.dropout, this.training, this.bidirectional, this.batchFirst) as [Tensor, Tensor, Tensor];
    if (!batched) { out = out.squeeze(this.batchFirst ? 0 : 1); hn = hn.squeeze(1); cn = cn.squeeze(1); }
    return [out, [hn, cn]];
  }

  /** @internal the [h, c] pair, or a TypeError (Python's tuple unpacking has no JS counterpart). */
  _state(name: string, hx: unknown): [Tensor, Tensor] {
    if (!Array.isArray(hx) || hx.length !== 2) throw new TypeError(`${name}: hx must be an array of two Tensors [h_0, c_0] (got ${describeValue(hx)}${Array.isArray(hx) ? ` of length ${hx.length}` : ''})`);
    return [checkTensor(name, 'hx[0]', hx[0]), checkTensor(name, 'hx[1]', hx[1])];
  }
}

/**
 * Gated recurrent unit. Returns [output, h_n].
 * @example const gru = new nn.GRU(10, 20); const [out, hn] = gru(torch.randn(5, 3, 10));
 */
export class GRU extends RNNBase {
  constructor(inputSize: number, hiddenSize: number, ...args: Args<RNNPositional, RNNOptions>) {
    rejectProjSize('GRU()', args);
    super('GRU', 'GRU()', inputSize, hiddenSize, args);
  }

  forward(input: Tensor, hx?: Tensor | null): [Tensor, Tensor] {
    const [x, batched] = this._batchedInput('GRU', input);
    const h = this._hiddenState('GRU', x, batched, hx);
    this.checkForwardArgs(x, h);
    let [out, hn] = gru(x, h, this.flatWeights(), this.bias, this.numLayers, this.dropout, this.training, this.bidirectional, this.batchFirst) as [Tensor, Tensor];
    if (!batched) { out = out.squeeze(this.batchFirst ? 0 : 1); hn = hn.squeeze(1); }
    return [out, hn];
  }
}
