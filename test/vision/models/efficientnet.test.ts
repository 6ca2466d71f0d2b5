import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import type { Tensor } from '../../../lib/torch.js';
import { load } from '../../../lib/serialization/index.js';
import { models } from '../../../lib/vision/index.js';
import { oracleBatch } from '../../helpers/python.js';
import { build, buildMeta, expectSameLogits, initHashes, structureOf, tempFolder, type Structure } from './_helpers.js';
import { expectWeightsEnums, type PyWeightsEnums } from './_weights.js';

const M = 'vision/models/efficientnet';
const BUILDERS: [string, Record<string, unknown>][] = [["efficientnet_b0", {}], ["efficientnet_b1", {}], ["efficientnet_b2", {}], ["efficientnet_b3", {}], ["efficientnet_b4", {}], ["efficientnet_b5", {}], ["efficientnet_b6", {}], ["efficientnet_b7", {}], ["efficientnet_v2_s", {}], ["efficientnet_v2_m", {}], ["efficientnet_v2_l", {}], ["efficientnet_b0", {"num_classes": 10, "stochastic_depth_prob": 0.5}]];
const INIT: [string, Record<string, unknown>][] = [["efficientnet_b0", {"num_classes": 10}], ["efficientnet_v2_s", {"num_classes": 10}]];
const ENUMS = ["EfficientNet_B0_Weights", "EfficientNet_B1_Weights", "EfficientNet_B2_Weights", "EfficientNet_B3_Weights", "EfficientNet_B4_Weights", "EfficientNet_B5_Weights", "EfficientNet_B6_Weights", "EfficientNet_B7_Weights", "EfficientNet_V2_S_Weights", "EfficientNet_V2_M_Weights", "EfficientNet_V2_L_Weights"];
const folder = tempFolder();
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const py = oracleBatch<{ structure: Structure[]; init: [string, string][][]; enums: PyWeightsEnums; b0: [string, string]; v2s: [string, string]; train: [string, string] }>({
  structure: [M, 'structure', BUILDERS],
  init: [M, 'init_many', INIT, 0],
  enums: [M, 'weights_enums', ENUMS],
  b0: [M, 'save_and_run', 'efficientnet_b0', {"num_classes": 10}, 1, [2, 3, 32, 32], folder],
  v2s: [M, 'save_and_run', 'efficientnet_v2_s', {"num_classes": 10}, 2, [1, 3, 32, 32], folder],
  train: [M, 'save_and_run_train', 'efficientnet_b0', { num_classes: 10, stochastic_depth_prob: 0.6, dropout: 0.5 }, 3, [4, 3, 32, 32], folder],
});

describe('models: EfficientNet B0-B7 and V2', () => {
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
    expectSameLogits(models.efficientnetB0({ numClasses: 10 }), ...py().b0);
    expectSameLogits(models.efficientnetV2S({ numClasses: 10 }), ...py().v2s);
  });

  it('in train mode, stochastic depth and dropout draw as torchvision for the same seed', () => {
    const [weightsPath, ioPath] = py().train;
    const model = models.efficientnetB0({ numClasses: 10, stochasticDepthProb: 0.6, dropout: 0.5 });
    model.loadStateDict(load(weightsPath) as Record<string, Tensor>);
    const io = load(ioPath) as { input: Tensor; logits: Tensor };
    torch.manualSeed(5);
    const y = torch.noGrad(() => model.train()(io.input));
    // Batch statistics over 4 samples of 1 x 1 feature maps amplify round-off: rtol 1e-3.
    const err = y.sub(io.logits).abs().sub(io.logits.abs().mul(1e-3)).max().item();
    expect(err, `max(|node - python| - 1e-3 * |python|) = ${err}`).toBeLessThanOrEqual(1e-3);
    // Other draws give other logits: the comparison above depends on the draws.
    torch.manualSeed(6);
    const other = torch.noGrad(() => model(io.input));
    expect(other.sub(io.logits).abs().max().item()).toBeGreaterThan(0.1);
  });
});
