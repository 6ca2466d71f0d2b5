import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import { GroupNorm } from '../../../lib/nn/modules/normalization.js';
import { models } from '../../../lib/vision/index.js';
import { oracleBatch } from '../../helpers/python.js';
import { build, buildMeta, expectSameLogits, initHashes, structureOf, tempFolder, type Structure } from './_helpers.js';

const BUILDERS: [string, Record<string, unknown>][] = [
  ['resnet18', {}], ['resnet34', {}], ['resnet50', {}], ['resnet101', {}], ['resnet152', {}],
  ['resnext50_32x4d', {}], ['resnext101_32x8d', {}], ['resnext101_64x4d', {}], ['wide_resnet50_2', {}], ['wide_resnet101_2', {}],
  ['resnet18', { num_classes: 10, zero_init_residual: true }],
  ['resnet50', { replace_stride_with_dilation: [false, true, true], num_classes: 7 }],
];
const ENUMS = ['ResNet18_Weights', 'ResNet34_Weights', 'ResNet50_Weights', 'ResNet101_Weights', 'ResNet152_Weights', 'ResNeXt50_32X4D_Weights',
  'ResNeXt101_32X8D_Weights', 'ResNeXt101_64X4D_Weights', 'Wide_ResNet50_2_Weights', 'Wide_ResNet101_2_Weights'];
const folder = tempFolder();
const INIT: [string, Record<string, unknown>][] = [['resnet18', {}], ['resnet50', { num_classes: 10, zero_init_residual: true }], ['resnext50_32x4d', { num_classes: 5 }]];

const py = oracleBatch<{
  structure: Structure[]; init: [string, string][][]; enums: Record<string, unknown>;
  r18: [string, string]; r50: [string, string]; rx: [string, string]; groupNorm: [string, string][]; errors: string[];
}>({
  structure: ['vision/models/resnet', 'structure', BUILDERS],
  init: ['vision/models/resnet', 'init_many', INIT, 0],
  enums: ['vision/models/resnet', 'weights_enums', ENUMS],
  r18: ['vision/models/resnet', 'save_and_run', 'resnet18', { num_classes: 10 }, 1, [2, 3, 64, 64], folder],
  r50: ['vision/models/resnet', 'save_and_run', 'resnet50', { num_classes: 10 }, 2, [1, 3, 64, 64], folder],
  groupNorm: ['vision/models/resnet', 'group_norm_init', 4],
  errors: ['vision/models/resnet', 'errors'],
  rx: ['vision/models/resnet', 'save_and_run', 'resnext50_32x4d', { num_classes: 10, replace_stride_with_dilation: [false, false, true] }, 3, [1, 3, 64, 64], folder],
});
// Python's side runs once, before the tests (the heavier families take tens of seconds on a busy machine).
beforeAll(() => { py(); }, 300_000);

describe('models: ResNet family', () => {
  it("every builder's state dict keys, shapes and parameter count are torchvision's", () => {
    const want = py().structure;
    BUILDERS.forEach(([name, kwargs], i) => {
      expect(structureOf(buildMeta(name, kwargs)), `${name} ${JSON.stringify(kwargs)}`).toEqual(want[i]);
    });
  });

  it('torch.manualSeed then the builder gives torchvision\'s initial weights, tensor for tensor', () => {
    INIT.forEach(([name, kwargs], i) => {
      torch.manualSeed(0);
      expect(initHashes(build(name, kwargs)), name).toEqual(py().init[i]);
    });
  });

  it("normLayer takes a factory (GroupNorm here), initialised as torchvision's", () => {
    torch.manualSeed(4);
    expect(initHashes(models.resnet18({ numClasses: 5, normLayer: (c) => new GroupNorm(32, c) }))).toEqual(py().groupNorm);
  });

  it("options BasicBlock and ResNet reject give torchvision's messages", () => {
    const [dilation, groups, rswd] = py().errors;
    expect(() => models.resnet18({ replaceStrideWithDilation: [false, true, true] })).toThrow(dilation);
    expect(() => models.resnet18({ groups: 2 })).toThrow(groups);
    expect(() => models.resnet18({ replaceStrideWithDilation: [true] })).toThrow(rswd);
  });

  it('loads state dicts Python saved and gives its logits (eval mode)', () => {
    expectSameLogits(models.resnet18({ numClasses: 10 }), ...py().r18);
    expectSameLogits(models.resnet50({ numClasses: 10 }), ...py().r50);
    expectSameLogits(models.resnext50_32x4d({ numClasses: 10, replaceStrideWithDilation: [false, false, true] }), ...py().rx);
  });
});
