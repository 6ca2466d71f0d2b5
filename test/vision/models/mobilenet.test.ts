import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import { models } from '../../../lib/vision/index.js';
import { oracleBatch } from '../../helpers/python.js';
import { build, buildMeta, expectSameLogits, initHashes, structureOf, tempFolder, type Structure } from './_helpers.js';
import { expectWeightsEnums, type PyWeightsEnums } from './_weights.js';

const M = 'vision/models/mobilenet';
const BUILDERS: [string, Record<string, unknown>][] = [
  ['mobilenet_v2', {}], ['mobilenet_v3_large', {}], ['mobilenet_v3_small', {}],
  ['mobilenet_v2', { num_classes: 10, width_mult: 0.75 }], ['mobilenet_v2', { width_mult: 1.4, round_nearest: 4 }],
  ['mobilenet_v3_large', { width_mult: 0.75, reduced_tail: true, dilated: true, num_classes: 7 }],
  ['mobilenet_v3_small', { width_mult: 0.5, dropout: 0.1 }],
];
const INIT: [string, Record<string, unknown>][] = [['mobilenet_v2', { num_classes: 10 }], ['mobilenet_v3_small', {}]];
const ENUMS = ['MobileNet_V2_Weights', 'MobileNet_V3_Large_Weights', 'MobileNet_V3_Small_Weights'];
// One model of each family in this part: printed, they read as torchvision's.
const REPRS: [string, Record<string, unknown>][] = [
  ['mobilenet_v2', {}], ['mobilenet_v3_small', {}], ['efficientnet_b0', {}], ['efficientnet_v2_s', {}], ['shufflenet_v2_x0_5', {}],
  ['regnet_y_400mf', {}], ['convnext_tiny', {}], ['vit_b_16', {}], ['swin_t', {}], ['swin_v2_t', {}],
];
const folder = tempFolder();
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const py = oracleBatch<{
  structure: Structure[]; init: [string, string][][]; enums: PyWeightsEnums;
  v2: [string, string]; v3: [string, string]; list: string[]; reprs: string[];
}>({
  structure: [M, 'structure', BUILDERS],
  list: [M, 'list_models'],
  reprs: [M, 'reprs', REPRS],
  init: [M, 'init_many', INIT, 0],
  enums: [M, 'weights_enums', ENUMS],
  v2: [M, 'save_and_run', 'mobilenet_v2', { num_classes: 10 }, 1, [2, 3, 32, 32], folder],
  v3: [M, 'save_and_run', 'mobilenet_v3_small', { num_classes: 10 }, 2, [2, 3, 32, 32], folder],
});

describe('models: MobileNetV2 and MobileNetV3', () => {
  it("every builder's state dict keys, shapes and parameter count are torchvision's", () => {
    const want = py().structure;
    BUILDERS.forEach(([name, kwargs], i) => {
      expect(structureOf(buildMeta(name, kwargs)), `${name} ${JSON.stringify(kwargs)}`).toEqual(want[i]);
    });
  });

  it("torch.manualSeed then the builder gives torchvision's initial weights, tensor for tensor", () => {
    INIT.forEach(([name, kwargs], i) => {
      torch.manualSeed(0);
      expect(initHashes(build(name, kwargs)), name).toEqual(py().init[i]);
    });
  });

  it("the weights enums describe torchvision's files, metadata and presets", () => {
    expectWeightsEnums(ENUMS, py().enums);
  });

  it('loads state dicts Python saved and gives its logits (eval mode)', () => {
    expectSameLogits(models.mobilenetV2({ numClasses: 10 }), ...py().v2);
    expectSameLogits(models.mobilenetV3Small({ numClasses: 10 }), ...py().v3);
  });

  it("the registry lists these families' builders under torchvision's names", () => {
    const families = ['mobilenet_v*', 'efficientnet_*', 'shufflenet_v2_*', 'regnet_*', 'convnext_*', 'vit_*', 'swin_*'];
    const pyNames = py().list.filter((n) => /^(mobilenet_v|efficientnet_|shufflenet_v2_|regnet_|convnext_|vit_|swin_)/.test(n));
    expect(models.listModels({ include: families })).toEqual(pyNames.sort());
    expect(models.getModelBuilder('shufflenet_v2_x0_5')).toBe(models.shufflenetV2X0_5);
    expect(models.getModelBuilder('regnetY_400mf')).toBe(models.regnetY_400mf);
    expect(models.getModelWeights('vit_b_16')).toBe(models.ViT_B_16_Weights);
  });

  it('builders reject unknown options and name the missing weights file (nothing is downloaded)', () => {
    expect(() => models.mobilenetV2({ numClasess: 10 } as never)).toThrow("mobilenet_v2() got an unexpected keyword argument 'numClasess'");
    expect(() => models.mobilenetV3Small({ weights: 'DEFAULT', modelDir: '/nonexistent' }))
      .toThrow(/\/nonexistent\/mobilenet_v3_small-047dcff4\.pth does not exist.*https:\/\/download\.pytorch\.org\/models\/mobilenet_v3_small-047dcff4\.pth/);
    expect(() => models.mobilenetV2({ weights: models.MobileNet_V3_Small_Weights.DEFAULT }))
      .toThrow('Invalid Weight class provided; expected MobileNet_V2_Weights but received MobileNet_V3_Small_Weights.');
    expect(() => models.efficientnetB0({ weights: 'IMAGENET1K_V1', numClasses: 10, modelDir: '/nonexistent' }))
      .toThrow("The parameter 'numClasses' expected value 1000 but got 10 instead.");
  });

  it("models of these families print as torchvision's (repr)", () => {
    REPRS.forEach(([name, kwargs], i) => expect(String(buildMeta(name, kwargs)), name).toBe(py().reprs[i]));
  });
});
