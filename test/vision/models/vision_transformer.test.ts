import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import { models } from '../../../lib/vision/index.js';
import { oracleBatch } from '../../helpers/python.js';
import { build, buildMeta, expectSameLogits, initHashes, structureOf, tempFolder, type Structure } from './_helpers.js';
import { expectWeightsEnums, type PyWeightsEnums } from './_weights.js';

const M = 'vision/models/vision_transformer';
const BUILDERS: [string, Record<string, unknown>][] = [["vit_b_16", {}], ["vit_b_32", {}], ["vit_l_16", {}], ["vit_l_32", {}], ["vit_h_14", {}], ["vit_b_16", {"num_classes": 10, "image_size": 384, "representation_size": 128}]];
const INIT: [string, Record<string, unknown>][] = [["vit_b_32", {"num_classes": 10, "image_size": 64}]];
const ENUMS = ["ViT_B_16_Weights", "ViT_B_32_Weights", "ViT_L_16_Weights", "ViT_L_32_Weights", "ViT_H_14_Weights"];
const folder = tempFolder();
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const py = oracleBatch<{ structure: Structure[]; init: [string, string][][]; enums: PyWeightsEnums; b16: [string, string] }>({
  structure: [M, 'structure', BUILDERS],
  init: [M, 'init_many', INIT, 0],
  enums: [M, 'weights_enums', ENUMS],
  b16: [M, 'save_and_run', 'vit_b_16', {"num_classes": 10, "image_size": 32}, 1, [2, 3, 32, 32], folder],
});

describe('models: VisionTransformer', () => {
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
    expectSameLogits(models.vitB_16({ numClasses: 10, imageSize: 32 }), ...py().b16);
  });
});
