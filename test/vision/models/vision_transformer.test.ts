import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import { models } from '../../../lib/vision/index.js';
import { oracleBatch } from '../../helpers/python.js';
import { build, buildMeta, expectSameLogits, initHashes, structureOf, tempFolder, type Structure } from './_helpers.js';
import { expectWeightsEnums, type PyWeightsEnums } from './_weights.js';
import { createHash } from 'node:crypto';
import type { Tensor } from '../../../lib/torch.js';
import { nn } from '../../../lib/index.js';

function digest(t: Tensor): string {
  const data = t.detach().contiguous().dataSync();
  return createHash('sha1').update(Buffer.from(data.buffer, data.byteOffset, data.byteLength)).digest('hex');
}

const M = 'vision/models/vision_transformer';
const BUILDERS: [string, Record<string, unknown>][] = [["vit_b_16", {}], ["vit_b_32", {}], ["vit_l_16", {}], ["vit_l_32", {}], ["vit_h_14", {}], ["vit_b_16", {"num_classes": 10, "image_size": 384, "representation_size": 128}]];
const INIT: [string, Record<string, unknown>][] = [["vit_b_32", {"num_classes": 10, "image_size": 64}]];
const ENUMS = ["ViT_B_16_Weights", "ViT_B_32_Weights", "ViT_L_16_Weights", "ViT_L_32_Weights", "ViT_H_14_Weights"];
const folder = tempFolder();
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const py = oracleBatch<{ structure: Structure[]; init: [string, string][][]; enums: PyWeightsEnums; b16: [string, string]; small: { state: [string, number[], string][]; paths: [string, string] };
  interp: { shape: number[]; values: number[]; keys: string[] } }>({
  structure: [M, 'structure', BUILDERS],
  init: [M, 'init_many', INIT, 0],
  enums: [M, 'weights_enums', ENUMS],
  small: [M, 'small_with_stem', folder],
  interp: [M, 'interpolate', 96, 32, 2, 8],
  // vit_b_16 at 32 x 32 with 10 classes: 85.8M parameters, a 327 MB state dict written and read back.
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

  it('a convolutional stem and a pre-logits layer: the same keys, seeded weights and logits', () => {
    torch.manualSeed(0);
    const m = new models.VisionTransformer({
      imageSize: 32, patchSize: 4, numLayers: 2, numHeads: 2, hiddenDim: 16, mlpDim: 32, numClasses: 5, representationSize: 8,
      convStemConfigs: [{ outChannels: 8, kernelSize: 3, stride: 2 }, { outChannels: 8, kernelSize: 3, stride: 2, activationLayer: nn.Hardswish }],
    });
    const { state, paths } = py().small;
    expect(Object.entries(m.stateDict()).map(([k, v]) => [k, v.shape, digest(v)])).toEqual(state);
    expectSameLogits(m, ...paths);
  });

  it('checks the image size and loads version-1 MLP keys (linear_1, linear_2)', () => {
    const m = new models.VisionTransformer({ imageSize: 32, patchSize: 16, numLayers: 1, numHeads: 2, hiddenDim: 8, mlpDim: 16, numClasses: 3 });
    expect(() => m(torch.zeros(1, 3, 48, 32))).toThrow('Wrong image height! Expected 32 but got 48!');
    expect(() => new models.VisionTransformer({ imageSize: 30, patchSize: 16, numLayers: 1, numHeads: 2, hiddenDim: 8, mlpDim: 16 }))
      .toThrow('Input shape indivisible by patch size!');
    const sd = m.stateDict();
    const old = Object.fromEntries(Object.entries(sd).map(([k, v]) => [k.replace('mlp.0.', 'mlp.linear_1.').replace('mlp.3.', 'mlp.linear_2.'), v.add(1)]));
    expect(Object.keys(old)).toContain('encoder.layers.encoder_layer_0.mlp.linear_2.bias');
    expect(m.loadStateDict(old)).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expect(m.stateDict()['encoder.layers.encoder_layer_0.mlp.3.bias']!.equal(old['encoder.layers.encoder_layer_0.mlp.linear_2.bias']!)).toBe(true);
  });

  it('interpolateEmbeddings resizes the position embedding as torchvision', () => {
    const pos = torch.arange(5 * 8, { dtype: 'float32' }).div(10).view(1, 5, 8);
    const sd = models.vision_transformer.interpolateEmbeddings(96, 32, { 'encoder.pos_embedding': pos, 'heads.head.weight': torch.zeros(2, 8) }, { resetHeads: true });
    const want = py().interp;
    expect(Object.keys(sd)).toEqual(want.keys);
    expect(sd['encoder.pos_embedding']!.shape).toEqual(want.shape);
    (sd['encoder.pos_embedding']!.flatten().tolist() as number[]).forEach((v, i) => expect(v).toBeCloseTo(want.values[i]!, 5));
  });
});
