import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import { models } from '../../../lib/vision/index.js';
import { oracleBatch } from '../../helpers/python.js';
import { build, buildMeta, expectSameLogits, initHashes, structureOf, tempFolder, type Structure } from './_helpers.js';
import { expectWeightsEnums, type PyWeightsEnums } from './_weights.js';

const M = 'vision/models/regnet';
const BUILDERS: [string, Record<string, unknown>][] = [["regnet_y_400mf", {}], ["regnet_y_800mf", {}], ["regnet_y_1_6gf", {}], ["regnet_y_3_2gf", {}], ["regnet_y_8gf", {}], ["regnet_y_16gf", {}], ["regnet_y_32gf", {}], ["regnet_y_128gf", {}], ["regnet_x_400mf", {}], ["regnet_x_800mf", {}], ["regnet_x_1_6gf", {}], ["regnet_x_3_2gf", {}], ["regnet_x_8gf", {}], ["regnet_x_16gf", {}], ["regnet_x_32gf", {}], ["regnet_x_400mf", {"num_classes": 10, "stem_width": 16}]];
const INIT: [string, Record<string, unknown>][] = [["regnet_y_400mf", {"num_classes": 10}], ["regnet_x_400mf", {"num_classes": 10}]];
const ENUMS = ["RegNet_Y_400MF_Weights", "RegNet_Y_800MF_Weights", "RegNet_Y_1_6GF_Weights", "RegNet_Y_3_2GF_Weights", "RegNet_Y_8GF_Weights", "RegNet_Y_16GF_Weights", "RegNet_Y_32GF_Weights", "RegNet_Y_128GF_Weights", "RegNet_X_400MF_Weights", "RegNet_X_800MF_Weights", "RegNet_X_1_6GF_Weights", "RegNet_X_3_2GF_Weights", "RegNet_X_8GF_Weights", "RegNet_X_16GF_Weights", "RegNet_X_32GF_Weights"];
const folder = tempFolder();
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const py = oracleBatch<{ structure: Structure[]; init: [string, string][][]; enums: PyWeightsEnums; y400: [string, string]; x400: [string, string] }>({
  structure: [M, 'structure', BUILDERS],
  init: [M, 'init_many', INIT, 0],
  enums: [M, 'weights_enums', ENUMS],
  y400: [M, 'save_and_run', 'regnet_y_400mf', {"num_classes": 10}, 1, [2, 3, 32, 32], folder],
  x400: [M, 'save_and_run', 'regnet_x_400mf', {"num_classes": 10}, 2, [1, 3, 32, 32], folder],
});

describe('models: RegNet X and Y', () => {
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
    expectSameLogits(models.regnetY_400mf({ numClasses: 10 }), ...py().y400);
    expectSameLogits(models.regnetX_400mf({ numClasses: 10 }), ...py().x400);
  });
});
