// torch.nn: modules, parameters, initialisation and the functional API.
// `import { nn } from 'torch-node'`; `const F = nn.functional` (also `nn.F`).
export { Module } from './modules/module.js';
export { RemovableHandle } from '../utils/hooks.js';
export type { ForwardHook, ForwardPreHook, IncompatibleKeys, LoadStateDictOptions, NamedMembersOptions, NamedModulesOptions, StateDict } from './modules/module.js';
export { Parameter, isParameter } from './parameter.js';
export { Linear, Identity } from './modules/linear.js';
export type { LinearOptions, FactoryOptions } from './modules/linear.js';
export { Conv1d, Conv2d, Conv3d, ConvTranspose1d, ConvTranspose2d, ConvTranspose3d, ConvNd, ConvTransposeNd } from './modules/conv.js';
export type { ConvOptions, ConvTransposeOptions, ConvKeywords, ConvTransposeKeywords, ConvArgs, ConvTransposeArgs, PaddingMode } from './modules/conv.js';
export { MaxPool1d, MaxPool2d, AvgPool1d, AvgPool2d, AdaptiveAvgPool2d, AdaptiveMaxPool2d } from './modules/pooling.js';
export { Upsample, UpsamplingNearest2d, UpsamplingBilinear2d } from './modules/upsampling.js';
export type { UpsampleOptions, UpsamplingOptions } from './modules/upsampling.js';
export { CosineSimilarity, PairwiseDistance } from './modules/distance.js';
export type { MaxPool2dOptions, AvgPool2dOptions } from './modules/pooling.js';
export { BatchNorm1d, BatchNorm2d, BatchNormBase } from './modules/batchnorm.js';
export type { BatchNormOptions } from './modules/batchnorm.js';
export { LayerNorm, GroupNorm } from './modules/normalization.js';
export type { LayerNormOptions, GroupNormOptions } from './modules/normalization.js';
export { Dropout, Dropout1d, Dropout2d, Dropout3d, AlphaDropout, FeatureAlphaDropout, DropoutNd } from './modules/dropout.js';
export type { DropoutOptions } from './modules/dropout.js';
export { Embedding } from './modules/sparse.js';
export type { EmbeddingOptions } from './modules/sparse.js';
export { Sequential, ModuleList, ModuleDict } from './modules/container.js';
export {
  ReLU, LeakyReLU, ELU, SELU, GELU, SiLU, Mish, Sigmoid, Tanh, Softplus, Softmax, LogSoftmax, Hardtanh, PReLU,
  ReLU6, LogSigmoid, Hardswish, Softmin,
  CELU, GLU, Hardshrink, Hardsigmoid, RReLU, Softmax2d, Softshrink, Softsign, Tanhshrink, Threshold,
} from './modules/activation.js';
export type {
  InplaceOptions, LeakyReLUOptions, ELUOptions, GELUOptions, SoftplusOptions, SoftmaxDimOptions, HardtanhOptions, PReLUOptions,
  CELUOptions, GLUOptions, ShrinkOptions, RReLUOptions, ThresholdOptions,
} from './modules/activation.js';
export {
  Loss, WeightedLoss, NLLLoss, CrossEntropyLoss, MSELoss, L1Loss, BCELoss, BCEWithLogitsLoss, SmoothL1Loss, HuberLoss, KLDivLoss,
  NLLLoss2d, PoissonNLLLoss, GaussianNLLLoss, HingeEmbeddingLoss, MultiLabelMarginLoss, SoftMarginLoss, MultiLabelSoftMarginLoss,
  CosineEmbeddingLoss, MarginRankingLoss, MultiMarginLoss, TripletMarginLoss, TripletMarginWithDistanceLoss, CTCLoss,
  LinearCrossEntropyLoss,
} from './modules/loss.js';
export type {
  LossOptions, NLLLossOptions, CrossEntropyLossOptions, BCELossOptions, BCEWithLogitsLossOptions, SmoothL1LossOptions,
  HuberLossOptions, KLDivLossOptions, PoissonNLLLossOptions, GaussianNLLLossOptions, MarginLossOptions,
  MultiLabelSoftMarginLossOptions, MultiMarginLossOptions, TripletMarginLossOptions, TripletMarginWithDistanceLossOptions,
  CTCLossOptions, LinearCrossEntropyLossKeywords,
} from './modules/loss.js';
export { AdaptiveLogSoftmaxWithLoss } from './modules/adaptive.js';
export type { ASMOutput, AdaptiveLogSoftmaxWithLossKeywords } from './modules/adaptive.js';
export { RNNBase, RNN, LSTM, GRU, RNNCellBase, RNNCell, LSTMCell, GRUCell } from './modules/rnn.js';
export { MultiheadAttention, NonDynamicallyQuantizableLinear } from './modules/attention.js';
export type { MultiheadAttentionOptions, MultiheadAttentionCallOptions } from './modules/attention.js';
export { TransformerEncoderLayer, TransformerEncoder, TransformerDecoderLayer, TransformerDecoder, Transformer } from './modules/transformer.js';
export type {
  TransformerEncoderLayerOptions, TransformerEncoderCallOptions, TransformerDecoderCallOptions, TransformerOptions, TransformerCallOptions,
} from './modules/transformer.js';
export type { RNNOptions, LSTMOptions, RNNModuleOptions, RNNKeywords, LSTMKeywords, RNNModuleKeywords, RNNCellOptions, RNNCellKeywords, RNNCellModuleKeywords, RNNMode } from './modules/rnn.js';
export { Flatten, Unflatten } from './modules/flatten.js';
export type { FlattenOptions, UnflattenOptions } from './modules/flatten.js';
export type { Args, IntOrTuple } from '../validate.js';
export * as functional from './functional.js';
export * as F from './functional.js';
export * as init from './init.js';
export * as utils from './utils/index.js';
