import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import { models } from '../../../lib/vision/index.js';
import { oracleBatch } from '../../helpers/python.js';
import { build, buildMeta, expectSameLogits, initHashes, structureOf, tempFolder, type Structure } from './_helpers.js';
import { expectWeightsEnums, type PyWeightsEnums } from './_weights.js';

const M = 'vision/models/convnext';
const BUILDERS: [string, Record<string, unknown>][] = [["convnext_tiny", {}], ["convnext_small", {}], ["convnext_base", {}], ["convnext_large", {}], ["convnext_tiny", {"num_classes": 10, "layer_scale": 0.5}]];
const INIT: [string, Record<string, unknown>][] = [["convnext_tiny", {"num_classes": 10}]];
const ENUMS = ["ConvNeXt_Tiny_Weights", "ConvNeXt_Small_Weights", "ConvNeXt_Base_Weights", "ConvNeXt_Large_Weights"];
const folder = tempFolder();
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const py = oracleBatch<{ structure: Structure[]; init: [string, string][][]; enums: PyWeightsEnums; tiny: [string, string] }>({
  structure: [M, 'structure', BUILDERS],
  init: [M, 'init_many', INIT, 0],
  enums: [M, 'weights_enums', ENUMS],
  tiny: [M, 'save_and_run', 'convnext_tiny', {"num_classes": 10, "layer_scale": 0.5}, 1, [2, 3, 32, 32], folder],
});

describe('models: ConvNeXt', () => {
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
    expectSameLogits(models.convnextTiny({ numClasses: 10, layerScale: 0.5 }), ...py().tiny);
  });
});
