// torch.nn: modules, parameters, initialisation and the functional API.
// `import { nn } from 'torch-node'`; `const F = nn.functional` (also `nn.F`).
export { Module } from './modules/module.js';
export { RemovableHandle } from '../utils/hooks.js';
export type { ForwardHook, ForwardPreHook, IncompatibleKeys, LoadStateDictOptions, NamedMembersOptions, NamedModulesOptions, StateDict } from './modules/module.js';
export type { FullBackwardHook, FullBackwardPreHook, StateDictPreHook, StateDictPostHook, StateDictMetadata, LoadStateDictPreHook, LoadStateDictPostHook } from './modules/module.js';
export { Parameter, isParameter, UninitializedParameter, UninitializedBuffer, UninitializedTensorMixin, isLazy } from './parameter.js';
export type { UninitializedOptions } from './parameter.js';
export {
  LazyModuleMixin, LazyLinear, LazyBatchNorm1d, LazyBatchNorm2d, LazyBatchNorm3d, LazyInstanceNorm1d, LazyInstanceNorm2d, LazyInstanceNorm3d,
  LazyConv1d, LazyConv2d, LazyConv3d, LazyConvTranspose1d, LazyConvTranspose2d, LazyConvTranspose3d,
} from './modules/lazy.js';
export type { LazyLinearKeywords, LazyNormKeywords, LazyConvKeywords, LazyConvTransposeKeywords, LazyMembers } from './modules/lazy.js';
export { Linear, Identity, Bilinear } from './modules/linear.js';
export type { LinearOptions, LinearKeywords, BilinearKeywords, FactoryOptions } from './modules/linear.js';
export { Conv1d, Conv2d, Conv3d, ConvTranspose1d, ConvTranspose2d, ConvTranspose3d, ConvNd, ConvTransposeNd } from './modules/conv.js';
export type { ConvOptions, ConvTransposeOptions, ConvKeywords, ConvTransposeKeywords, ConvArgs, ConvTransposeArgs, OutputSizeArg, PaddingMode } from './modules/conv.js';
export { MaxPool1d, MaxPool2d, AvgPool1d, AvgPool2d, AdaptiveAvgPool2d, AdaptiveMaxPool2d } from './modules/pooling.js';
export { Upsample, UpsamplingNearest2d, UpsamplingBilinear2d } from './modules/upsampling.js';
export type { UpsampleOptions, UpsamplingOptions, UpsampleSize } from './modules/upsampling.js';
export {
  CircularPad1d, CircularPad2d, CircularPad3d, ConstantPad1d, ConstantPad2d, ConstantPad3d, ReflectionPad1d, ReflectionPad2d, ReflectionPad3d,
  ReplicationPad1d, ReplicationPad2d, ReplicationPad3d, ZeroPad1d, ZeroPad2d, ZeroPad3d, PadNd,
} from './modules/padding.js';
export type { PadKeywords, ConstantPadKeywords, PadArgs, ConstantPadArgs } from './modules/padding.js';
export { PixelShuffle, PixelUnshuffle } from './modules/pixelshuffle.js';
export { ChannelShuffle } from './modules/channelshuffle.js';
export { Fold, Unfold } from './modules/fold.js';
export type { FoldKeywords, UnfoldKeywords } from './modules/fold.js';
export {
  MaxPool3d, MaxUnpool1d, MaxUnpool2d, MaxUnpool3d, AvgPool3d, FractionalMaxPool2d, FractionalMaxPool3d, LPPool1d, LPPool2d, LPPool3d,
  AdaptiveMaxPool1d, AdaptiveMaxPool3d, AdaptiveAvgPool1d, AdaptiveAvgPool3d,
} from './modules/pooling.js';
export type {
  MaxPoolKeywords, MaxUnpoolKeywords, AvgPoolKeywords, FractionalMaxPoolKeywords, LPPoolKeywords, AdaptiveAvgPoolKeywords, AdaptiveMaxPoolKeywords,
} from './modules/pooling.js';
export { CosineSimilarity, PairwiseDistance } from './modules/distance.js';
export type { MaxPool2dOptions, AvgPool2dOptions } from './modules/pooling.js';
export { BatchNorm1d, BatchNorm2d, BatchNorm3d, SyncBatchNorm, BatchNormBase, NormBase } from './modules/batchnorm.js';
export type { BatchNormOptions, BatchNormKeywords, SyncBatchNormKeywords, NormSettings } from './modules/batchnorm.js';
export { InstanceNorm1d, InstanceNorm2d, InstanceNorm3d, InstanceNormBase } from './modules/instancenorm.js';
export { LayerNorm, GroupNorm, RMSNorm, LocalResponseNorm, CrossMapLRN2d } from './modules/normalization.js';
export type {
  LayerNormOptions, LayerNormKeywords, GroupNormOptions, GroupNormKeywords, RMSNormKeywords, LocalResponseNormKeywords,
} from './modules/normalization.js';
export { Dropout, Dropout1d, Dropout2d, Dropout3d, AlphaDropout, FeatureAlphaDropout, DropoutNd } from './modules/dropout.js';
export type { DropoutOptions } from './modules/dropout.js';
export { Embedding, EmbeddingBag } from './modules/sparse.js';
export type {
  EmbeddingOptions, EmbeddingKeywords, EmbeddingFromPretrainedKeywords, EmbeddingBagKeywords, EmbeddingBagFromPretrainedKeywords,
} from './modules/sparse.js';
export { Sequential, ModuleList, ModuleDict, ParameterList, ParameterDict, Container } from './modules/container.js';
export type { ParameterDictInit } from './modules/container.js';
export { DataParallel } from './parallel/data_parallel.js';
export type { DataParallelKeywords, ForwardArgs, ForwardResult } from './parallel/data_parallel.js';
export * as parallel from './parallel/index.js';
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
export type { MultiheadAttentionOptions, MultiheadAttentionKeywords, MultiheadAttentionCallOptions } from './modules/attention.js';
export { TransformerEncoderLayer, TransformerEncoder, TransformerDecoderLayer, TransformerDecoder, Transformer } from './modules/transformer.js';
export type {
  TransformerEncoderLayerOptions, TransformerEncoderCallOptions, TransformerDecoderCallOptions, TransformerOptions, TransformerCallOptions,
  TransformerActivation, TransformerLayerKeywords, TransformerDecoderLayerOptions, TransformerEncoderLayerCallOptions, TransformerEncoderOptions,
  TransformerEncoderKeywords, TransformerDecoderLayerCallOptions, TransformerDecoderKeywords,
} from './modules/transformer.js';
export type { RNNOptions, LSTMOptions, RNNModuleOptions, RNNKeywords, LSTMKeywords, RNNModuleKeywords, RNNCellOptions, RNNCellKeywords, RNNCellModuleKeywords, RNNMode } from './modules/rnn.js';
export { Flatten, Unflatten } from './modules/flatten.js';
export type { FlattenOptions, UnflattenOptions } from './modules/flatten.js';
export type { Args, KwArgs, IntOrTuple } from '../validate.js';
export * as functional from './functional.js';
export * as F from './functional.js';
export * as init from './init.js';
export * as utils from './utils/index.js';
