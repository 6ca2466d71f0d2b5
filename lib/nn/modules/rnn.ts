// RNN, LSTM and GRU, as torch/nn/modules/rnn.py (RNNBase): parameters named weight_ih_l{k}[_reverse]
// etc., registered in PyTorch's order, initialised from U(-1/sqrt(hidden), 1/sqrt(hidden)), and run
// by ATen's fused aten::lstm / aten::gru / aten::rnn_tanh / aten::rnn_relu.
import type { Tensor } from '../../tensor.js';
import { empty, zeros, lstm, gru, rnnTanh, rnnRelu } from '../../generated/functions.js';
import { Module } from './module.js';
import { Parameter } from '../parameter.js';
import * as init from '../init.js';
import { factoryKwargs, type FactoryOptions } from './linear.js';
import { parseArgs, checkInt, checkBool, checkNumber, checkChoice, checkTensor, pyFloat, type Args } from '../_utils.js';

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

type RNNPositional = [numLayers: number, bias: boolean, batchFirst: boolean, dropout: number, bidirectional: boolean];
type Mode = 'LSTM' | 'GRU' | 'RNN_TANH' | 'RNN_RELU';

/**
 * The shared part of RNN, LSTM and GRU (PyTorch's RNNBase).
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
  /** @internal the parameter names in ATen's flat-weights order. */
  _flatWeightsNames: string[];

  constructor(mode: Mode, where: string, inputSize: number, hiddenSize: number, args: unknown[]) {
    super();
    const o = parseArgs<Required<Omit<RNNOptions, 'device' | 'dtype'>> & FactoryOptions>(where, args,
      ['numLayers', 'bias', 'batchFirst', 'dropout', 'bidirectional', 'device', 'dtype'],
      { numLayers: 1, bias: true, batchFirst: false, dropout: 0, bidirectional: false });
    this.mode = mode;
    this.inputSize = checkInt(where, 'inputSize', inputSize, 0);
    this.hiddenSize = checkInt(where, 'hiddenSize', hiddenSize);
    if (this.hiddenSize <= 0) throw new RangeError(`${where}: hiddenSize must be greater than zero (got ${this.hiddenSize})`);
    this.numLayers = checkInt(where, 'numLayers', o.numLayers);
    if (this.numLayers <= 0) throw new RangeError(`${where}: numLayers must be greater than zero (got ${this.numLayers})`);
    this.bias = checkBool(where, 'bias', o.bias);
    this.batchFirst = checkBool(where, 'batchFirst', o.batchFirst);
    this.dropout = checkNumber(where, 'dropout', o.dropout);
    if (this.dropout < 0 || this.dropout > 1) throw new RangeError(`${where}: dropout should be a number in range [0, 1] representing the probability of an element being zeroed (got ${this.dropout})`);
    this.bidirectional = checkBool(where, 'bidirectional', o.bidirectional);
    const gateSize = mode === 'LSTM' ? 4 * this.hiddenSize : mode === 'GRU' ? 3 * this.hiddenSize : this.hiddenSize;
    const directions = this.bidirectional ? 2 : 1;
    const kw = factoryKwargs(o);
    this._flatWeightsNames = [];
    for (let layer = 0; layer < this.numLayers; layer++) {
      for (let direction = 0; direction < directions; direction++) {
        const layerInput = layer === 0 ? this.inputSize : this.hiddenSize * directions;
        const suffix = `_l${layer}${direction === 1 ? '_reverse' : ''}`;
        const params: [string, number[]][] = [[`weight_ih${suffix}`, [gateSize, layerInput]], [`weight_hh${suffix}`, [gateSize, this.hiddenSize]]];
        if (this.bias) params.push([`bias_ih${suffix}`, [gateSize]], [`bias_hh${suffix}`, [gateSize]]);
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

  /** @internal checks the input and builds the zero state; returns [input, batched, batch size]. */
  _prepare(where: string, input: Tensor): [Tensor, boolean, number] {
    checkTensor(where, 'input', input);
    const nd = input.dim();
    if (nd !== 2 && nd !== 3) throw new RangeError(`${this.mode === 'LSTM' ? 'LSTM' : this.mode === 'GRU' ? 'GRU' : 'RNN'}: Expected input to be 2D or 3D, got ${nd}D instead`);
    const batched = nd === 3;
    const batchDim = this.batchFirst ? 0 : 1;
    const x = batched ? input : input.unsqueeze(batchDim);
    return [x, batched, x.size(batchDim)];
  }

  /** @internal the zero hidden state. */
  _zeros(input: Tensor, batch: number): Tensor {
    const directions = this.bidirectional ? 2 : 1;
    return zeros([this.numLayers * directions, batch, this.hiddenSize], { dtype: input.dtype, device: input.device });
  }

  override extraRepr(): string {
    let s = `${this.inputSize}, ${this.hiddenSize}`;
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
    const [x, batched, batch] = this._prepare('RNN', input);
    let h = hx ?? this._zeros(x, batch);
    if (!batched && hx !== undefined && hx !== null) h = h.unsqueeze(1);
    const fn = this.mode === 'RNN_TANH' ? rnnTanh : rnnRelu;
    let [out, hn] = fn(x, h, this.flatWeights(), this.bias, this.numLayers, this.dropout, this.training, this.bidirectional, this.batchFirst) as [Tensor, Tensor];
    if (!batched) { out = out.squeeze(this.batchFirst ? 0 : 1); hn = hn.squeeze(1); }
    return [out, hn];
  }
}

/**
 * Long short-term memory. Returns [output, [h_n, c_n]].
 * @example const lstm = new nn.LSTM(10, 20, { numLayers: 2, batchFirst: true }); const [out, [hn, cn]] = lstm(torch.randn(3, 5, 10));
 */
export class LSTM extends RNNBase {
  constructor(inputSize: number, hiddenSize: number, ...args: Args<RNNPositional, RNNOptions>) {
    super('LSTM', 'LSTM()', inputSize, hiddenSize, args);
  }

  forward(input: Tensor, hx?: [Tensor, Tensor] | null): [Tensor, [Tensor, Tensor]] {
    const [x, batched, batch] = this._prepare('LSTM', input);
    let state: [Tensor, Tensor];
    if (hx === undefined || hx === null) state = [this._zeros(x, batch), this._zeros(x, batch)];
    else state = batched ? hx : [hx[0].unsqueeze(1), hx[1].unsqueeze(1)];
    let [out, hn, cn] = lstm(x, state, this.flatWeights(), this.bias, this.numLayers, this.dropout, this.training, this.bidirectional, this.batchFirst) as [Tensor, Tensor, Tensor];
    if (!batched) { out = out.squeeze(this.batchFirst ? 0 : 1); hn = hn.squeeze(1); cn = cn.squeeze(1); }
    return [out, [hn, cn]];
  }
}

/**
 * Gated recurrent unit. Returns [output, h_n].
 * @example const gru = new nn.GRU(10, 20); const [out, hn] = gru(torch.randn(5, 3, 10));
 */
export class GRU extends RNNBase {
  constructor(inputSize: number, hiddenSize: number, ...args: Args<RNNPositional, RNNOptions>) {
    super('GRU', 'GRU()', inputSize, hiddenSize, args);
  }

  forward(input: Tensor, hx?: Tensor | null): [Tensor, Tensor] {
    const [x, batched, batch] = this._prepare('GRU', input);
    let h = hx ?? this._zeros(x, batch);
    if (!batched && hx !== undefined && hx !== null) h = h.unsqueeze(1);
    let [out, hn] = gru(x, h, this.flatWeights(), this.bias, this.numLayers, this.dropout, this.training, this.bidirectional, this.batchFirst) as [Tensor, Tensor];
    if (!batched) { out = out.squeeze(this.batchFirst ? 0 : 1); hn = hn.squeeze(1); }
    return [out, hn];
  }
}
