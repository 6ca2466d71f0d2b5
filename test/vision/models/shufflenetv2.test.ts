import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import { models } from '../../../lib/vision/index.js';
import { oracleBatch } from '../../helpers/python.js';
import { build, buildMeta, expectSameLogits, initHashes, structureOf, tempFolder, type Structure } from './_helpers.js';
import { expectWeightsEnums, type PyWeightsEnums } from './_weights.js';

const M = 'vision/models/shufflenetv2';
const BUILDERS: [string, Record<string, unknown>][] = [["shufflenet_v2_x0_5", {}], ["shufflenet_v2_x1_0", {}], ["shufflenet_v2_x1_5", {}], ["shufflenet_v2_x2_0", {}], ["shufflenet_v2_x1_0", {"num_classes": 10}]];
const INIT: [string, Record<string, unknown>][] = [["shufflenet_v2_x0_5", {"num_classes": 10}]];
const ENUMS = ["ShuffleNet_V2_X0_5_Weights", "ShuffleNet_V2_X1_0_Weights", "ShuffleNet_V2_X1_5_Weights", "ShuffleNet_V2_X2_0_Weights"];
const folder = tempFolder();
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const py = oracleBatch<{ structure: Structure[]; init: [string, string][][]; enums: PyWeightsEnums; x05: [string, string] }>({
  structure: [M, 'structure', BUILDERS],
  init: [M, 'init_many', INIT, 0],
  enums: [M, 'weights_enums', ENUMS],
  x05: [M, 'save_and_run', 'shufflenet_v2_x0_5', {"num_classes": 10}, 1, [2, 3, 32, 32], folder],
});

describe('models: ShuffleNetV2', () => {
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
    expectSameLogits(models.shufflenetV2X0_5({ numClasses: 10 }), ...py().x05);
  });
});
