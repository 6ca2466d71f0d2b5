// torchvision.ops: box utilities, NMS, RoI pooling, feature pyramids and detection losses,
// written over tensor ops (torchvision runs some of them as C++ kernels of its own).
export {
  nms, batchedNms, removeSmallBoxes, clipBoxesToImage, boxConvert, boxArea, boxIou, generalizedBoxIou, distanceBoxIou,
  completeBoxIou, masksToBoxes,
} from './boxes.js';
export type { BoxFormat, RotatedBoxFormat } from './boxes.js';
export { sigmoidFocalLoss, generalizedBoxIouLoss, distanceBoxIouLoss, completeBoxIouLoss } from './losses.js';
export type { LossReduction, SigmoidFocalLossOptions, BoxLossOptions, BoxLossArgs } from './losses.js';
export { roiAlign, RoIAlign } from './roi_align.js';
export type { OutputSize, RoIAlignOptions } from './roi_align.js';
export { roiPool, RoIPool } from './roi_pool.js';
export type { RoIPoolOptions } from './roi_pool.js';
export { psRoiAlign, PSRoIAlign } from './ps_roi_align.js';
export type { PSRoIAlignOptions } from './ps_roi_align.js';
export { psRoiPool, PSRoIPool } from './ps_roi_pool.js';
export type { PSRoIPoolOptions } from './ps_roi_pool.js';
export { MultiScaleRoIAlign, LevelMapper } from './poolers.js';
export type { FeatureMaps, MultiScaleRoIAlignOptions } from './poolers.js';
export { FeaturePyramidNetwork, ExtraFPNBlock, LastLevelMaxPool, LastLevelP6P7 } from './feature_pyramid_network.js';
export type { FeaturePyramidNetworkOptions } from './feature_pyramid_network.js';
export { dropBlock2d, dropBlock3d, DropBlock2d, DropBlock3d } from './drop_block.js';
export type { DropBlockOptions, DropBlockModuleOptions, DropBlockArgs } from './drop_block.js';
export type { RoIBoxes } from './_utils.js';
export { Conv2dNormActivation, Conv3dNormActivation, SqueezeExcitation, MLP, Permute, FrozenBatchNorm2d, makeLayer } from './misc.js';
export type { LayerFactory, ActivationFactory, ConvNormActivationOptions, SqueezeExcitationOptions, MLPOptions } from './misc.js';
export { stochasticDepth, StochasticDepth } from './stochastic_depth.js';
export type { StochasticDepthMode, StochasticDepthOptions } from './stochastic_depth.js';
