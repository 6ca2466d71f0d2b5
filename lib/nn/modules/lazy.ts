// Lazy modules, as torch/nn/modules/lazy.py (LazyModuleMixin) with the lazy layers PyTorch defines
// beside their non-lazy classes (LazyLinear in linear.py, LazyBatchNorm*d in batchnorm.py,
// LazyInstanceNorm*d in instancenorm.py, LazyConv*d and LazyConvTranspose*d in conv.py).
//
// JS has no multiple inheritance: each lazy class extends the class PyTorch's does (LazyLinear
// extends Linear, LazyBatchNorm1d the batch norm base, ...) and the mixin's part is the helpers
// below. As in PyTorch, the first forward infers the missing sizes from the input, materializes
// the parameters, initialises them with the non-lazy class's draws, and the object becomes an
// instance of that class (`cls_to_become`: its prototype is replaced).
import type { Tensor } from '../../tensor.js';
import type { DType, Device } from '../../dtype.js';
import { tensor } from '../../creation.js';
import { Module } from './module.js';
import { UninitializedParameter, UninitializedBuffer, isLazy } from '../parameter.js';
import { noGrad } from '../../autograd/grad_mode.js';
import type { RemovableHandle } from '../../utils/hooks.js';
import { parseArgs, checkInt, checkBool, checkTensor, type KwArgs, type IntOrTuple } from '../../validate.js';
import { Linear, factoryKwargs, type LinearOptions } from './linear.js';
import {
  BatchNormBase, BatchNorm1d, BatchNorm2d, BatchNorm3d, parseNormArgs, type NormBase, type NormSettings, type NormPositional,
  type BatchNormOptions,
} from './batchnorm.js';
import { InstanceNormBase, InstanceNorm1d, InstanceNorm2d, InstanceNorm3d } from './instancenorm.js';
import {
  Conv1d, Conv2d, Conv3d, ConvTranspose1d, ConvTranspose2d, ConvTranspose3d, type ConvNd, type ConvOptions, type ConvTransposeOptions,
  type PaddingMode,
} from './conv.js';

/**
 * A lazy module's pending initialisation, in its non-enumerable `_lazyState` property (a string
 * name, so Module.deepCopy carries it over: the copy initialises on its own first forward; the
 * hook handle is only removed by the module that registered it).
 */
class LazyState {
  constructor(readonly owner: Module, readonly initializeHook: RemovableHandle, readonly clsToBecome: { prototype: Module }) {}
}

/** What a lazy module adds to its class. */
/** What a Lazy module adds to its class until its first forward materializes it. */
export interface LazyMembers {
  initializeParameters(...args: unknown[]): void;
}

function lazyStateOf(m: Module): LazyState | undefined {
  return Object.prototype.hasOwnProperty.call(m, '_lazyState') ? (m as unknown as { _lazyState: LazyState })._lazyState : undefined;
}

/** PyTorch's _infer_parameters: initialise from the forward arguments, then become the non-lazy class. */
function inferParameters(m: Module, args: unknown[]): void {
  const state = lazyStateOf(m);
  if (state === undefined) return;
  (m as Module & LazyMembers).initializeParameters(...args);
  if (LazyModuleMixin.hasUninitializedParams(m)) throw new Error(`module ${m._getName()} has not been fully initialized`);
  if (state.owner === m) state.initializeHook.remove();
  delete (m as unknown as { _lazyState?: LazyState })._lazyState;
  Object.setPrototypeOf(m, state.clsToBecome.prototype);
}

/**
 * The lazy modules' common part (PyTorch's LazyModuleMixin): `m instanceof nn.LazyModuleMixin` is
 * true for a lazy module until its first forward has initialised it (it is then an instance of
 * its non-lazy class), and `LazyModuleMixin.hasUninitializedParams(m)` tells whether any of its
 * own parameters or buffers still has no shape.
 * @example
 * const fc = new nn.LazyLinear(10);
 * fc instanceof nn.LazyModuleMixin // true
 * fc(torch.randn(4, 7));
 * fc instanceof nn.Linear && !(fc instanceof nn.LazyModuleMixin) // true
 */
export abstract class LazyModuleMixin {
  static [Symbol.hasInstance](v: unknown): boolean {
    return v instanceof Module && lazyStateOf(v) !== undefined;
  }

  /** True while one of `m`'s own parameters or buffers is uninitialized. @example nn.LazyModuleMixin.hasUninitializedParams(fc) */
  static hasUninitializedParams(m: Module): boolean {
    return m._ownParameters().some(([, p]) => isLazy(p)) || m._ownBuffers().some(([, b]) => isLazy(b));
  }
}

/**
 * Registers the first-forward hook that initialises `m` and turns it into `clsToBecome` (first
 * among the pre-hooks, as PyTorch registers it in the constructor).
 */
function setupLazy(m: Module & LazyMembers, clsToBecome: { prototype: Module }): void {
  const handle = m.registerForwardPreHook((module, args) => { inferParameters(module, args); return undefined; });
  Object.defineProperty(m, '_lazyState', { value: new LazyState(m, handle, clsToBecome), enumerable: false, configurable: true, writable: true });
}

/**
 * PyTorch's _lazy_load_hook: an uninitialized parameter or buffer that the state dict has an
 * initialised value for is materialized with that value's shape before loading.
 */
function lazyLoad(m: Module, stateDict: Map<string, unknown>, prefix: string): void {
  for (const [name, p] of [...m._ownParameters(), ...m._ownBuffers()]) {
    const key = prefix + name;
    const input = stateDict.get(key);
    if (input === undefined || !isLazy(p) || isLazy(input)) continue;
    if (!(input instanceof Object) || !('shape' in input)) continue;
    noGrad(() => (p as UninitializedParameter | UninitializedBuffer).materialize((input as Tensor).shape));
  }
}

function hasUninitialized(m: Module): boolean {
  return LazyModuleMixin.hasUninitializedParams(m);
}

// ---- LazyLinear --------------------------------------------------------------------------------

/** Every argument of LazyLinear by name. */
export interface LazyLinearKeywords extends LinearOptions {
  outFeatures?: number;
}

/**
 * A Linear whose `inFeatures` is inferred from the last dimension of the first input; it is then
 * an nn.Linear, initialised with Linear's draws.
 * @example
 * const fc = new nn.LazyLinear(10);
 * fc(torch.randn(4, 7)).shape // [4, 10]; fc.weight.shape [10, 7]
 */
export class LazyLinear extends Linear implements LazyMembers {
  constructor(...args: KwArgs<[outFeatures: number, bias: boolean, device: Device, dtype: DType], ['outFeatures'], LazyLinearKeywords>) {
    const where = 'LazyLinear()';
    const o = parseArgs<LazyLinearKeywords>(where, args, ['outFeatures', 'bias', 'device', 'dtype'], { bias: true }, ['outFeatures']);
    const outFeatures = checkInt(where, 'outFeatures', o.outFeatures, 0);
    const bias = checkBool(where, 'bias', o.bias);
    // Linear(0, 0, false) first, as PyTorch: no tensors made only to be replaced.
    super(0, 0, false);
    const kw = factoryKwargs(o);
    this.weight = new UninitializedParameter(kw);
    this.outFeatures = outFeatures;
    if (bias) this.bias = new UninitializedParameter(kw);
    setupLazy(this, Linear);
  }

  override resetParameters(): void {
    if (!hasUninitialized(this) && this.inFeatures !== 0) super.resetParameters();
  }

  override forward(input: Tensor): Tensor {
    // A deep copy made before the first forward has no hook: it initialises here.
    inferParameters(this, [input]);
    return super.forward(input);
  }

  /** Infers inFeatures from `input` and initialises the parameters (the first forward does this). @example fc.initializeParameters(x) */
  initializeParameters(input: unknown): void {
    const x = checkTensor('LazyLinear.forward()', 'input', input);
    if (hasUninitialized(this)) {
      if (x.dim() < 1) throw new RangeError('LazyLinear: expected an input with at least one dimension to infer inFeatures from (got a 0-d tensor)');
      noGrad(() => {
        this.inFeatures = x.shape[x.dim() - 1]!;
        (this.weight as UninitializedParameter).materialize([this.outFeatures, this.inFeatures]);
        if (this.bias !== null) (this.bias as UninitializedParameter).materialize([this.outFeatures]);
        this.resetParameters();
      });
    }
  }

  override _loadFromStateDict(stateDict: Map<string, unknown>, prefix: string, strict: boolean,
    missingKeys: string[], unexpectedKeys: string[], errorMsgs: string[]): void {
    lazyLoad(this, stateDict, prefix);
    super._loadFromStateDict(stateDict, prefix, strict, missingKeys, unexpectedKeys, errorMsgs);
  }
}

// ---- lazy norms --------------------------------------------------------------------------------

/** Every argument of the lazy batch and instance norms by name. */
export type LazyNormKeywords = BatchNormOptions;

/** Python's `(eps, momentum, affine, track_running_stats, device, dtype, *, bias)`. */
export type LazyNormArgs = KwArgs<NormPositional, [], LazyNormKeywords>;

const LAZY_NORM_NAMES = ['eps', 'momentum', 'affine', 'trackRunningStats', 'device', 'dtype', 'bias'];

/** The settings the lazy norms construct their base with (PyTorch's _LazyNormBase: no tensors yet), and the real ones. */
function lazyNormSettings(where: string, args: readonly unknown[], defaults: Partial<NormSettings>): [NormSettings, NormSettings] {
  const o = parseNormArgs(where, args, LAZY_NORM_NAMES, defaults, []);
  return [{ ...o, numFeatures: 0, affine: false, trackRunningStats: false, bias: false }, { ...o, numFeatures: 0 }];
}

/** The rest of _LazyNormBase.__init__: uninitialized parameters and buffers where the real settings want them. */
function lazyNormInit(m: NormBase, o: NormSettings): void {
  m.affine = o.affine;
  m.trackRunningStats = o.trackRunningStats;
  const kw = factoryKwargs(o);
  if (m.affine) {
    m.weight = new UninitializedParameter(kw);
    if (o.bias) m.bias = new UninitializedParameter(kw);
  }
  if (m.trackRunningStats) {
    m.running_mean = new UninitializedBuffer(kw);
    m.running_var = new UninitializedBuffer(kw);
    m.num_batches_tracked = tensor(0, { dtype: 'int64', ...(o.device === undefined ? {} : { device: o.device }) });
  }
}

/** _LazyNormBase.initialize_parameters: numFeatures from dim 1 of the input. */
function lazyNormInitialize(m: NormBase, input: Tensor): void {
  if (!hasUninitialized(m)) return;
  // Python reads input.shape[1] here (an IndexError for a 1-D input); named clearly instead.
  if (input.dim() < 2) throw new RangeError(`${m._getName()}: expected an input with a channel dimension (dim 1) to infer numFeatures from (got input of size torch.Size([${input.shape.join(', ')}]))`);
  m.numFeatures = input.shape[1]!;
  if (m.affine) {
    (m.weight as UninitializedParameter).materialize([m.numFeatures]);
    if (m.bias !== null) (m.bias as UninitializedParameter).materialize([m.numFeatures]);
  }
  if (m.trackRunningStats) {
    (m.running_mean as UninitializedBuffer).materialize([m.numFeatures]);
    (m.running_var as UninitializedBuffer).materialize([m.numFeatures]);
  }
  m.resetParameters();
}

/** The shared part of LazyBatchNorm1d/2d/3d (PyTorch's _LazyNormBase with _BatchNorm). */
abstract class LazyBatchNormBase extends BatchNormBase implements LazyMembers {
  constructor(where: string, args: readonly unknown[], clsToBecome: { prototype: Module }) {
    const [base, real] = lazyNormSettings(where, args, { affine: true, trackRunningStats: true });
    super(where, base);
    lazyNormInit(this, real);
    setupLazy(this, clsToBecome);
  }
  override resetParameters(): void {
    if (!hasUninitialized(this) && this.numFeatures !== 0) super.resetParameters();
  }
  /** Infers numFeatures from dim 1 of `input` and initialises (the first forward does this). */
  initializeParameters(input: unknown): void { lazyNormInitialize(this, checkTensor(`${this._getName()}.forward()`, 'input', input)); }
  override forward(input: Tensor): Tensor {
    inferParameters(this, [input]);
    return super.forward(input);
  }
  override _loadFromStateDict(stateDict: Map<string, unknown>, prefix: string, strict: boolean,
    missingKeys: string[], unexpectedKeys: string[], errorMsgs: string[]): void {
    lazyLoad(this, stateDict, prefix);
    super._loadFromStateDict(stateDict, prefix, strict, missingKeys, unexpectedKeys, errorMsgs);
  }
}

/**
 * A BatchNorm1d whose numFeatures is inferred from dim 1 of the first input; it is then a BatchNorm1d.
 * @example const bn = new nn.LazyBatchNorm1d(); bn(torch.randn(8, 5)); bn.numFeatures // 5
 */
export class LazyBatchNorm1d extends LazyBatchNormBase {
  constructor(...args: LazyNormArgs) { super('LazyBatchNorm1d()', args, BatchNorm1d); }
  /** @internal */
  _checkInputDim(input: Tensor): void { BatchNorm1d.prototype._checkInputDim.call(this, input); }
}

/**
 * A BatchNorm2d whose numFeatures is inferred from dim 1 of the first input; it is then a BatchNorm2d.
 * @example const bn = new nn.LazyBatchNorm2d({ momentum: null }); bn(torch.randn(8, 3, 4, 4));
 */
export class LazyBatchNorm2d extends LazyBatchNormBase {
  constructor(...args: LazyNormArgs) { super('LazyBatchNorm2d()', args, BatchNorm2d); }
  /** @internal */
  _checkInputDim(input: Tensor): void { BatchNorm2d.prototype._checkInputDim.call(this, input); }
}

/**
 * A BatchNorm3d whose numFeatures is inferred from dim 1 of the first input; it is then a BatchNorm3d.
 * @example const bn = new nn.LazyBatchNorm3d(); bn(torch.randn(2, 3, 4, 4, 4));
 */
export class LazyBatchNorm3d extends LazyBatchNormBase {
  constructor(...args: LazyNormArgs) { super('LazyBatchNorm3d()', args, BatchNorm3d); }
  /** @internal */
  _checkInputDim(input: Tensor): void { BatchNorm3d.prototype._checkInputDim.call(this, input); }
}

/** The shared part of LazyInstanceNorm1d/2d/3d (PyTorch's _LazyNormBase with _InstanceNorm). */
abstract class LazyInstanceNormBase extends InstanceNormBase implements LazyMembers {
  constructor(where: string, args: readonly unknown[], clsToBecome: { prototype: Module }) {
    // PyTorch's _LazyNormBase defaults (affine and running statistics on) apply to the lazy instance norms too.
    const [base, real] = lazyNormSettings(where, args, { affine: true, trackRunningStats: true });
    super(where, base);
    lazyNormInit(this, real);
    setupLazy(this, clsToBecome);
  }
  override resetParameters(): void {
    if (!hasUninitialized(this) && this.numFeatures !== 0) super.resetParameters();
  }
  /** Infers numFeatures from dim 1 of `input` and initialises (the first forward does this). */
  initializeParameters(input: unknown): void { lazyNormInitialize(this, checkTensor(`${this._getName()}.forward()`, 'input', input)); }
  override forward(input: Tensor): Tensor {
    inferParameters(this, [input]);
    return super.forward(input);
  }
  override _loadFromStateDict(stateDict: Map<string, unknown>, prefix: string, strict: boolean,
    missingKeys: string[], unexpectedKeys: string[], errorMsgs: string[]): void {
    lazyLoad(this, stateDict, prefix);
    super._loadFromStateDict(stateDict, prefix, strict, missingKeys, unexpectedKeys, errorMsgs);
  }
}

/**
 * An InstanceNorm1d whose numFeatures is inferred from dim 1 of the first input (as PyTorch, also
 * for an unbatched input); it is then an InstanceNorm1d. As in PyTorch, the lazy instance norms
 * default to `affine: true` and `trackRunningStats: true` (the non-lazy ones to false).
 * @example const norm = new nn.LazyInstanceNorm1d({ affine: true }); norm(torch.randn(4, 6, 10));
 */
export class LazyInstanceNorm1d extends LazyInstanceNormBase {
  constructor(...args: LazyNormArgs) { super('LazyInstanceNorm1d()', args, InstanceNorm1d); }
  /** @internal */
  _getNoBatchDim(): number { return 2; }
  /** @internal */
  _checkInputDim(input: Tensor): void { InstanceNorm1d.prototype._checkInputDim.call(this, input); }
}

/**
 * An InstanceNorm2d whose numFeatures is inferred from dim 1 of the first input; it is then an InstanceNorm2d.
 * @example const norm = new nn.LazyInstanceNorm2d(); norm(torch.randn(2, 3, 8, 8));
 */
export class LazyInstanceNorm2d extends LazyInstanceNormBase {
  constructor(...args: LazyNormArgs) { super('LazyInstanceNorm2d()', args, InstanceNorm2d); }
  /** @internal */
  _getNoBatchDim(): number { return 3; }
  /** @internal */
  _checkInputDim(input: Tensor): void { InstanceNorm2d.prototype._checkInputDim.call(this, input); }
}

/**
 * An InstanceNorm3d whose numFeatures is inferred from dim 1 of the first input; it is then an InstanceNorm3d.
 * @example const norm = new nn.LazyInstanceNorm3d(); norm(torch.randn(2, 3, 4, 4, 4));
 */
export class LazyInstanceNorm3d extends LazyInstanceNormBase {
  constructor(...args: LazyNormArgs) { super('LazyInstanceNorm3d()', args, InstanceNorm3d); }
  /** @internal */
  _getNoBatchDim(): number { return 4; }
  /** @internal */
  _checkInputDim(input: Tensor): void { InstanceNorm3d.prototype._checkInputDim.call(this, input); }
}

// ---- lazy convolutions -------------------------------------------------------------------------

/** Every argument of the lazy convolutions by name. */
export interface LazyConvKeywords extends ConvOptions {
  outChannels?: number;
  kernelSize?: IntOrTuple;
}

/** Every argument of the lazy transposed convolutions by name. */
export interface LazyConvTransposeKeywords extends ConvTransposeOptions {
  outChannels?: number;
  kernelSize?: IntOrTuple;
  paddingMode?: 'zeros';
}

/** Python's `(out_channels, kernel_size, stride, padding, dilation, groups, bias, padding_mode, device, dtype)`. */
export type LazyConvArgs = KwArgs<[outChannels: number, kernelSize: IntOrTuple, stride: IntOrTuple, padding: IntOrTuple | 'valid' | 'same',
  dilation: IntOrTuple, groups: number, bias: boolean, paddingMode: PaddingMode, device: Device, dtype: DType], ['outChannels', 'kernelSize'], LazyConvKeywords>;

/** Python's `(out_channels, kernel_size, stride, padding, output_padding, groups, bias, dilation, padding_mode, device, dtype)`. */
export type LazyConvTransposeArgs = KwArgs<[outChannels: number, kernelSize: IntOrTuple, stride: IntOrTuple, padding: IntOrTuple,
  outputPadding: IntOrTuple, groups: number, bias: boolean, dilation: IntOrTuple, paddingMode: 'zeros', device: Device, dtype: DType],
  ['outChannels', 'kernelSize'], LazyConvTransposeKeywords>;

const LAZY_CONV_NAMES = ['outChannels', 'kernelSize', 'stride', 'padding', 'dilation', 'groups', 'bias', 'paddingMode', 'device', 'dtype'];
const LAZY_CONV_T_NAMES = ['outChannels', 'kernelSize', 'stride', 'padding', 'outputPadding', 'groups', 'bias', 'dilation', 'paddingMode', 'device', 'dtype'];

type LazyConvParsed = Record<string, unknown> & { outChannels: number; bias: boolean; device?: Device; dtype?: DType };

/** The base class's arguments (in_channels = out_channels = 0, no bias: PyTorch's) and the parsed ones. */
function lazyConvArgs(where: string, args: readonly unknown[], transposed: boolean): [unknown[], LazyConvParsed] {
  const names = transposed ? LAZY_CONV_T_NAMES : LAZY_CONV_NAMES;
  const o = parseArgs<LazyConvParsed>(where, args, names, { bias: true }, ['outChannels', 'kernelSize']);
  checkInt(where, 'outChannels', o.outChannels, 0);
  checkBool(where, 'bias', o.bias);
  const base: Record<string, unknown> = { inChannels: 0, outChannels: 0 };
  for (const n of names) if (n !== 'outChannels' && o[n] !== undefined) base[n] = o[n];
  base.bias = false;
  return [[base], o];
}

/** The rest of a lazy convolution's constructor: uninitialized weight and bias, the real outChannels. */
function lazyConvInit(m: ConvNd & LazyMembers, o: LazyConvParsed, clsToBecome: { prototype: Module }): void {
  const kw = factoryKwargs(o);
  m.weight = new UninitializedParameter(kw);
  m.outChannels = o.outChannels;
  if (o.bias) m.bias = new UninitializedParameter(kw);
  setupLazy(m, clsToBecome);
}

/** _LazyConvXdMixin.initialize_parameters. */
function lazyConvInitialize(m: ConvNd, input: Tensor, nSpatial: number): void {
  if (!hasUninitialized(m)) return;
  const noBatch = nSpatial + 1;
  const d = input.dim();
  if (d !== noBatch && d !== noBatch + 1) {
    throw new Error(`Expected ${noBatch}D (unbatched) or ${noBatch + 1}D (batched) input to ${m._getName()}, but got input of size: torch.Size([${input.shape.join(', ')}])`);
  }
  m.inChannels = d === noBatch + 1 ? input.shape[1]! : input.shape[0]!;
  if (m.inChannels % m.groups !== 0) throw new RangeError('in_channels must be divisible by groups');
  const w = m.weight as unknown as UninitializedParameter;
  if (m.transposed) w.materialize([m.inChannels, Math.floor(m.outChannels / m.groups), ...m.kernelSize]);
  else w.materialize([m.outChannels, Math.floor(m.inChannels / m.groups), ...m.kernelSize]);
  if (m.bias !== null) (m.bias as UninitializedParameter).materialize([m.outChannels]);
  m.resetParameters();
}

/** The members every lazy convolution class defines the same way. */
function lazyConvMembers(cls: { prototype: ConvNd }, nSpatial: number): void {
  const proto = cls.prototype;
  const base = Object.getPrototypeOf(proto) as ConvNd;
  Object.defineProperties(proto, {
    resetParameters: {
      value(this: ConvNd): void { if (!hasUninitialized(this) && this.inChannels !== 0) base.resetParameters.call(this); },
      writable: true, configurable: true,
    },
    initializeParameters: {
      value(this: ConvNd, input: unknown): void { lazyConvInitialize(this, checkTensor(`${this._getName()}.forward()`, 'input', input), nSpatial); },
      writable: true, configurable: true,
    },
    forward: {
      value(this: ConvNd, ...args: unknown[]): unknown {
        inferParameters(this, args);
        return (base as unknown as { forward(...a: unknown[]): unknown }).forward.apply(this, args);
      },
      writable: true, configurable: true,
    },
    _loadFromStateDict: {
      value(this: ConvNd, stateDict: Map<string, unknown>, prefix: string, strict: boolean, missingKeys: string[], unexpectedKeys: string[], errorMsgs: string[]): void {
        lazyLoad(this, stateDict, prefix);
        base._loadFromStateDict.call(this, stateDict, prefix, strict, missingKeys, unexpectedKeys, errorMsgs);
      },
      writable: true, configurable: true,
    },
  });
}

/**
 * A Conv1d whose inChannels is inferred from the first input; it is then a Conv1d, initialised with Conv1d's draws.
 * @example const conv = new nn.LazyConv1d(16, 3); conv(torch.randn(2, 4, 20)); conv.inChannels // 4
 */
export class LazyConv1d extends Conv1d {
  declare initializeParameters: (input: unknown) => void;
  constructor(...args: LazyConvArgs) {
    const [base, o] = lazyConvArgs('LazyConv1d()', args, false);
    super(...(base as [{ inChannels: number; outChannels: number; kernelSize: IntOrTuple }]));
    lazyConvInit(this, o, Conv1d);
  }
}
lazyConvMembers(LazyConv1d, 1);

/**
 * A Conv2d whose inChannels is inferred from the first input; it is then a Conv2d, initialised with Conv2d's draws.
 * @example const conv = new nn.LazyConv2d(32, { kernelSize: 3, padding: 1 }); conv(torch.randn(2, 3, 28, 28));
 */
export class LazyConv2d extends Conv2d {
  declare initializeParameters: (input: unknown) => void;
  constructor(...args: LazyConvArgs) {
    const [base, o] = lazyConvArgs('LazyConv2d()', args, false);
    super(...(base as [{ inChannels: number; outChannels: number; kernelSize: IntOrTuple }]));
    lazyConvInit(this, o, Conv2d);
  }
}
lazyConvMembers(LazyConv2d, 2);

/**
 * A Conv3d whose inChannels is inferred from the first input; it is then a Conv3d, initialised with Conv3d's draws.
 * @example const conv = new nn.LazyConv3d(8, 3); conv(torch.randn(1, 2, 6, 6, 6));
 */
export class LazyConv3d extends Conv3d {
  declare initializeParameters: (input: unknown) => void;
  constructor(...args: LazyConvArgs) {
    const [base, o] = lazyConvArgs('LazyConv3d()', args, false);
    super(...(base as [{ inChannels: number; outChannels: number; kernelSize: IntOrTuple }]));
    lazyConvInit(this, o, Conv3d);
  }
}
lazyConvMembers(LazyConv3d, 3);

/**
 * A ConvTranspose1d whose inChannels is inferred from the first input; it is then a ConvTranspose1d.
 * @example const up = new nn.LazyConvTranspose1d(4, 3, { stride: 2 }); up(torch.randn(2, 8, 10));
 */
export class LazyConvTranspose1d extends ConvTranspose1d {
  declare initializeParameters: (input: unknown) => void;
  constructor(...args: LazyConvTransposeArgs) {
    const [base, o] = lazyConvArgs('LazyConvTranspose1d()', args, true);
    super(...(base as [{ inChannels: number; outChannels: number; kernelSize: IntOrTuple }]));
    lazyConvInit(this, o, ConvTranspose1d);
  }
}
lazyConvMembers(LazyConvTranspose1d, 1);

/**
 * A ConvTranspose2d whose inChannels is inferred from the first input; it is then a ConvTranspose2d.
 * @example const up = new nn.LazyConvTranspose2d(16, 2, { stride: 2 }); up(torch.randn(2, 32, 7, 7)).shape // [2, 16, 14, 14]
 */
export class LazyConvTranspose2d extends ConvTranspose2d {
  declare initializeParameters: (input: unknown) => void;
  constructor(...args: LazyConvTransposeArgs) {
    const [base, o] = lazyConvArgs('LazyConvTranspose2d()', args, true);
    super(...(base as [{ inChannels: number; outChannels: number; kernelSize: IntOrTuple }]));
    lazyConvInit(this, o, ConvTranspose2d);
  }
}
lazyConvMembers(LazyConvTranspose2d, 2);

/**
 * A ConvTranspose3d whose inChannels is inferred from the first input; it is then a ConvTranspose3d.
 * @example const up = new nn.LazyConvTranspose3d(4, 2, { stride: 2 }); up(torch.randn(1, 8, 3, 3, 3));
 */
export class LazyConvTranspose3d extends ConvTranspose3d {
  declare initializeParameters: (input: unknown) => void;
  constructor(...args: LazyConvTransposeArgs) {
    const [base, o] = lazyConvArgs('LazyConvTranspose3d()', args, true);
    super(...(base as [{ inChannels: number; outChannels: number; kernelSize: IntOrTuple }]));
    lazyConvInit(this, o, ConvTranspose3d);
  }
}
lazyConvMembers(LazyConvTranspose3d, 3);

