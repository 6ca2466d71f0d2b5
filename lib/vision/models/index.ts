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
export {
  VGG, vgg11, vgg11Bn, vgg13, vgg13Bn, vgg16, vgg16Bn, vgg19, vgg19Bn, VGG11_Weights, VGG11_BN_Weights, VGG13_Weights,
  VGG13_BN_Weights, VGG16_Weights, VGG16_BN_Weights, VGG19_Weights, VGG19_BN_Weights,
} from './vgg.js';
export type { VGGOptions, VGGBuilderOptions, VGGConfigEntry } from './vgg.js';
export { MobileNetV2, MobileNet_V2_Weights, mobilenetV2 } from './mobilenetv2.js';
export type { MobileNetV2Options, MobileNetV2BuilderOptions } from './mobilenetv2.js';
export { MobileNetV3, MobileNet_V3_Large_Weights, MobileNet_V3_Small_Weights, mobilenetV3Large, mobilenetV3Small } from './mobilenetv3.js';
export type { MobileNetV3Options, MobileNetV3BuilderOptions } from './mobilenetv3.js';
export {
  EfficientNet, efficientnetB0, efficientnetB1, efficientnetB2, efficientnetB3, efficientnetB4, efficientnetB5, efficientnetB6, efficientnetB7,
  efficientnetV2S, efficientnetV2M, efficientnetV2L, EfficientNet_B0_Weights, EfficientNet_B1_Weights, EfficientNet_B2_Weights,
  EfficientNet_B3_Weights, EfficientNet_B4_Weights, EfficientNet_B5_Weights, EfficientNet_B6_Weights, EfficientNet_B7_Weights,
  EfficientNet_V2_S_Weights, EfficientNet_V2_M_Weights, EfficientNet_V2_L_Weights,
} from './efficientnet.js';
export type { EfficientNetOptions, EfficientNetBuilderOptions } from './efficientnet.js';
export {
  ShuffleNetV2, shufflenetV2X0_5, shufflenetV2X1_0, shufflenetV2X1_5, shufflenetV2X2_0, ShuffleNet_V2_X0_5_Weights, ShuffleNet_V2_X1_0_Weights,
  ShuffleNet_V2_X1_5_Weights, ShuffleNet_V2_X2_0_Weights,
} from './shufflenetv2.js';
export type { ShuffleNetV2Options, ShuffleNetV2BuilderOptions } from './shufflenetv2.js';
export {
  RegNet, regnetY_400mf, regnetY_800mf, regnetY_1_6gf, regnetY_3_2gf, regnetY_8gf, regnetY_16gf, regnetY_32gf, regnetY_128gf,
  regnetX_400mf, regnetX_800mf, regnetX_1_6gf, regnetX_3_2gf, regnetX_8gf, regnetX_16gf, regnetX_32gf,
  RegNet_Y_400MF_Weights, RegNet_Y_800MF_Weights, RegNet_Y_1_6GF_Weights, RegNet_Y_3_2GF_Weights, RegNet_Y_8GF_Weights, RegNet_Y_16GF_Weights,
  RegNet_Y_32GF_Weights, RegNet_Y_128GF_Weights, RegNet_X_400MF_Weights, RegNet_X_800MF_Weights, RegNet_X_1_6GF_Weights,
  RegNet_X_3_2GF_Weights, RegNet_X_8GF_Weights, RegNet_X_16GF_Weights, RegNet_X_32GF_Weights,
} from './regnet.js';
export type { RegNetOptions, RegNetBuilderOptions } from './regnet.js';
export {
  ConvNeXt, convnextTiny, convnextSmall, convnextBase, convnextLarge, ConvNeXt_Tiny_Weights, ConvNeXt_Small_Weights, ConvNeXt_Base_Weights,
  ConvNeXt_Large_Weights,
} from './convnext.js';
export type { ConvNeXtOptions, ConvNeXtBuilderOptions } from './convnext.js';
export {
  VisionTransformer, vitB_16, vitB_32, vitL_16, vitL_32, vitH_14, ViT_B_16_Weights, ViT_B_32_Weights, ViT_L_16_Weights, ViT_L_32_Weights,
  ViT_H_14_Weights,
} from './vision_transformer.js';
export type { VisionTransformerOptions, VitBuilderOptions } from './vision_transformer.js';
export {
  SwinTransformer, swinT, swinS, swinB, swinV2T, swinV2S, swinV2B, Swin_T_Weights, Swin_S_Weights, Swin_B_Weights, Swin_V2_T_Weights,
  Swin_V2_S_Weights, Swin_V2_B_Weights,
} from './swin_transformer.js';
export type { SwinTransformerOptions, SwinBuilderOptions } from './swin_transformer.js';
// The family modules, as torchvision.models.mobilenetv2 & co. (their blocks and configs).
export * as mobilenetv2 from './mobilenetv2.js';
export * as mobilenetv3 from './mobilenetv3.js';
export * as efficientnet from './efficientnet.js';
export * as shufflenetv2 from './shufflenetv2.js';
export * as regnet from './regnet.js';
export * as convnext from './convnext.js';
export * as vision_transformer from './vision_transformer.js';
export * as swin_transformer from './swin_transformer.js';
export { AlexNet, alexnet, AlexNet_Weights } from './alexnet.js';
export type { AlexNetOptions, AlexNetBuilderOptions } from './alexnet.js';
export { SqueezeNet, squeezenet1_0, squeezenet1_1, SqueezeNet1_0_Weights, SqueezeNet1_1_Weights } from './squeezenet.js';
export type { SqueezeNetOptions, SqueezeNetBuilderOptions } from './squeezenet.js';
export {
  DenseNet, densenet121, densenet161, densenet169, densenet201,
  DenseNet121_Weights, DenseNet161_Weights, DenseNet169_Weights, DenseNet201_Weights,
} from './densenet.js';
export type { DenseNetOptions, DenseNetBuilderOptions } from './densenet.js';
export { GoogLeNet, GoogLeNetOutputs, googlenet, GoogLeNet_Weights } from './googlenet.js';
export type { GoogLeNetOptions, GoogLeNetBuilderOptions } from './googlenet.js';
export { Inception3, InceptionOutputs, inceptionV3, Inception_V3_Weights } from './inception.js';
export type { Inception3Options, Inception3BuilderOptions } from './inception.js';
export * as resnet from './resnet.js';
export * as vgg from './vgg.js';
export * as squeezenet from './squeezenet.js';
export * as densenet from './densenet.js';
export * as inception from './inception.js';
// torchvision.models.googlenet (the module) is shadowed by the googlenet builder, in Python as here: its blocks live under _googlenet.
export * as _googlenet from './googlenet.js';
