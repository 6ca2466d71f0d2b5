import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import { models } from '../../../lib/vision/index.js';
import { oracleBatch } from '../../helpers/python.js';
import { build, buildMeta, expectSameLogits, initHashes, structureOf, tempFolder, type Structure } from './_helpers.js';
import { expectWeightsEnums, type PyWeightsEnums } from './_weights.js';

const M = 'vision/models/swin_transformer';
const BUILDERS: [string, Record<string, unknown>][] = [["swin_t", {}], ["swin_s", {}], ["swin_b", {}], ["swin_v2_t", {}], ["swin_v2_s", {}], ["swin_v2_b", {}], ["swin_t", {"num_classes": 10, "mlp_ratio": 2.0}]];
const INIT: [string, Record<string, unknown>][] = [["swin_t", {"num_classes": 10}], ["swin_v2_t", {"num_classes": 10}]];
const ENUMS = ["Swin_T_Weights", "Swin_S_Weights", "Swin_B_Weights", "Swin_V2_T_Weights", "Swin_V2_S_Weights", "Swin_V2_B_Weights"];
const folder = tempFolder();
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const py = oracleBatch<{ structure: Structure[]; init: [string, string][][]; enums: PyWeightsEnums; t: [string, string]; v2t: [string, string] }>({
  structure: [M, 'structure', BUILDERS],
  init: [M, 'init_many', INIT, 0],
  enums: [M, 'weights_enums', ENUMS],
  t: [M, 'save_and_run', 'swin_t', {"num_classes": 10}, 1, [2, 3, 64, 64], folder],
  v2t: [M, 'save_and_run', 'swin_v2_t', {"num_classes": 10}, 2, [1, 3, 64, 64], folder],
});

describe('models: Swin Transformer V1 and V2', () => {
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
    expectSameLogits(models.swinT({ numClasses: 10 }), ...py().t);
    expectSameLogits(models.swinV2T({ numClasses: 10 }), ...py().v2t);
  });
});
