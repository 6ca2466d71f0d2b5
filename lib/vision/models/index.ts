// torchvision.models: `import { models } from 'torch-node/vision'`; `models.resnet18({ weights: models.ResNet18_Weights.DEFAULT })`.
export { Weights, WeightsEnum, defineWeightsEnum, registerModel, getModel, getModelBuilder, getModelWeights, getWeight, listModels, hubDir } from './_api.js';
export type { WeightsMeta, WeightsInit, WeightsTransforms, WeightsEnumOf, WeightsOptions, GetStateDictOptions, ListModelsOptions, ModelBuilder } from './_api.js';
export * as _utils from './_utils.js';
export {
  ResNet, BasicBlock, Bottleneck, resnet18, resnet34, resnet50, resnet101, resnet152, resnext50_32x4d, resnext101_32x8d, resnext101_64x4d,
  wideResnet50_2, wideResnet101_2, ResNet18_Weights, ResNet34_Weights, ResNet50_Weights, ResNet101_Weights, ResNet152_Weights,
  ResNeXt50_32X4D_Weights, ResNeXt101_32X8D_Weights, ResNeXt101_64X4D_Weights, Wide_ResNet50_2_Weights, Wide_ResNet101_2_Weights,
} from './resnet.js';
export type { ResNetOptions, ResNetBuilderOptions, ResNetBlock, BlockOptions, BlockArgs, NormLayer } from './resnet.js';
