import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import type { Tensor } from '../../../lib/torch.js';
import { models } from '../../../lib/vision/index.js';
import { oracleBatch } from '../../helpers/python.js';
import { build, buildMeta, expectSameLogits, initHashes, structureOf, tempFolder, type Structure } from './_helpers.js';

// init_weights is given (true) so that neither side warns about its default.
const BUILDERS: [string, Record<string, unknown>][] = [
  ['googlenet', { init_weights: true }], ['googlenet', { init_weights: true, aux_logits: false, num_classes: 10 }],
  ['inception_v3', { init_weights: true }], ['inception_v3', { init_weights: true, aux_logits: false, num_classes: 10 }],
];
const INIT: [string, Record<string, unknown>][] = [['googlenet', { init_weights: true, num_classes: 10 }], ['inception_v3', { init_weights: true, num_classes: 10 }]];
const folder = tempFolder();
type Train = { type: string; fields?: string[]; shapes: (number[] | null)[] };

const py = oracleBatch<{
  structure: Structure[]; init: [string, string][][]; g: [string, string]; gt: [string, string]; i: [string, string];
  gTrain: Train; iTrain: Train; iTrainNoAux: Train;
}>({
  structure: ['vision/models/googlenet', 'structure', BUILDERS],
  init: ['vision/models/googlenet', 'init_many', INIT, 0],
  g: ['vision/models/googlenet', 'save_and_run', 'googlenet', { init_weights: true, num_classes: 10 }, 1, [2, 3, 64, 64], folder],
  gt: ['vision/models/googlenet', 'save_and_run', 'googlenet', { init_weights: true, num_classes: 10, transform_input: true, aux_logits: false }, 2, [1, 3, 64, 64], folder],
  i: ['vision/models/inception', 'save_and_run', 'inception_v3', { init_weights: true, num_classes: 10, transform_input: true }, 3, [1, 3, 80, 80], folder],
  gTrain: ['vision/models/googlenet', 'train_outputs', 'googlenet', { init_weights: true, num_classes: 10 }, 4, [2, 3, 64, 64]],
  iTrain: ['vision/models/inception', 'train_outputs', 'inception_v3', { init_weights: true, num_classes: 10 }, 5, [2, 3, 299, 299]],
  iTrainNoAux: ['vision/models/inception', 'train_outputs', 'inception_v3', { init_weights: true, num_classes: 10, aux_logits: false }, 5, [2, 3, 80, 80]],
});
// Python's side runs once, before the tests (the heavier families take tens of seconds on a busy machine).
beforeAll(() => { py(); }, 300_000);

function trainOutputs(name: string, kwargs: Record<string, unknown>, seed: number, shape: number[]): Train {
  torch.manualSeed(seed);
  const m = build(name, kwargs).train();
  torch.manualSeed(seed + 1);
  const x = torch.randn(...shape);
  const out = torch.noGrad(() => (m as (x: Tensor) => Tensor | (Tensor | null)[])(x));
  if (!Array.isArray(out)) return { type: 'Tensor', shapes: [out.shape] };
  const fields = name === 'googlenet' ? ['logits', 'auxLogits2', 'auxLogits1'] : ['logits', 'auxLogits'];
  fields.forEach((f, i) => expect((out as unknown as Record<string, unknown>)[f]).toBe(out[i]));
  return {
    type: name === 'googlenet' ? 'GoogLeNetOutputs' : 'InceptionOutputs',
    fields: fields.map((f) => f.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)),
    shapes: out.map((t) => (t === null ? null : t.shape)),
  };
}

describe('models: GoogLeNet and Inception3', () => {
  it("the builders' state dict keys, shapes and parameter counts are torchvision's", () => {
    BUILDERS.forEach(([name, kwargs], i) => expect(structureOf(buildMeta(name, kwargs)), `${name} ${JSON.stringify(kwargs)}`).toEqual(py().structure[i]));
  });

  it("torch.manualSeed then the builder gives torchvision's initial weights (truncated normals), tensor for tensor", () => {
    INIT.forEach(([name, kwargs], i) => {
      torch.manualSeed(0);
      expect(initHashes(build(name, kwargs)), name).toEqual(py().init[i]);
    });
  });

  it('load state dicts Python saved and give its logits (eval mode)', () => {
    expectSameLogits(models.googlenet({ initWeights: true, numClasses: 10 }), ...py().g);
    expectSameLogits(models.googlenet({ initWeights: true, numClasses: 10, transformInput: true, auxLogits: false }), ...py().gt);
    expectSameLogits(models.inceptionV3({ initWeights: true, numClasses: 10, transformInput: true }), ...py().i);
  });

  it('in training mode with auxiliary classifiers they return the named tuples torchvision returns', () => {
    expect(trainOutputs('googlenet', { init_weights: true, num_classes: 10 }, 4, [2, 3, 64, 64])).toEqual(py().gTrain);
    // The auxiliary classifier needs the 17 x 17 features of a 299 x 299 input.
    expect(trainOutputs('inception_v3', { init_weights: true, num_classes: 10 }, 5, [2, 3, 299, 299])).toEqual(py().iTrain);
    expect(trainOutputs('inception_v3', { init_weights: true, num_classes: 10, aux_logits: false }, 5, [2, 3, 80, 80])).toEqual(py().iTrainNoAux);
  }, 180_000);
});
