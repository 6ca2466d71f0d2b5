// torchvision.models: `import { models } from 'torch-node/vision'`; `models.resnet18({ weights: models.ResNet18_Weights.DEFAULT })`.
export { Weights, WeightsEnum, defineWeightsEnum, registerModel, getModel, getModelBuilder, getModelWeights, getWeight, listModels, hubDir } from './_api.js';
export type { WeightsMeta, WeightsInit, WeightsTransforms, WeightsEnumOf, WeightsOptions, GetStateDictOptions, ListModelsOptions, ModelBuilder } from './_api.js';
export * as _utils from './_utils.js';
