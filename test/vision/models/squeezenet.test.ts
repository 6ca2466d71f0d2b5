import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import { models } from '../../../lib/vision/index.js';
import { oracleBatch } from '../../helpers/python.js';
import { build, buildMeta, expectSameLogits, initHashes, structureOf, tempFolder, type Structure } from './_helpers.js';

const BUILDERS: [string, Record<string, unknown>][] = [['squeezenet1_0', {}], ['squeezenet1_1', {}], ['squeezenet1_1', { num_classes: 10, dropout: 0.3 }]];
const INIT: [string, Record<string, unknown>][] = [['squeezenet1_0', {}], ['squeezenet1_1', { num_classes: 10 }]];
const folder = tempFolder();

const py = oracleBatch<{ structure: Structure[]; init: [string, string][][]; v10: [string, string]; v11: [string, string] }>({
  structure: ['vision/models/squeezenet', 'structure', BUILDERS],
  init: ['vision/models/squeezenet', 'init_many', INIT, 0],
  v10: ['vision/models/squeezenet', 'save_and_run', 'squeezenet1_0', { num_classes: 10 }, 1, [2, 3, 64, 64], folder],
  v11: ['vision/models/squeezenet', 'save_and_run', 'squeezenet1_1', { num_classes: 10 }, 2, [2, 3, 64, 64], folder],
});
// Python's side runs once, before the tests (the heavier families take tens of seconds on a busy machine).
beforeAll(() => { py(); }, 300_000);

describe('models: SqueezeNet', () => {
  it("every builder's state dict keys, shapes and parameter count are torchvision's", () => {
    BUILDERS.forEach(([name, kwargs], i) => expect(structureOf(buildMeta(name, kwargs)), name).toEqual(py().structure[i]));
  });

  it("torch.manualSeed then the builder gives torchvision's initial weights, tensor for tensor", () => {
    INIT.forEach(([name, kwargs], i) => {
      torch.manualSeed(0);
      expect(initHashes(build(name, kwargs)), name).toEqual(py().init[i]);
    });
  });

  it('loads state dicts Python saved and gives its logits (eval mode)', () => {
    expectSameLogits(models.squeezenet1_0({ numClasses: 10 }), ...py().v10);
    expectSameLogits(models.squeezenet1_1({ numClasses: 10 }), ...py().v11);
  });

  it("an unknown version is torchvision's error", () => {
    expect(() => new models.SqueezeNet('2_0' as '1_0')).toThrow('Unsupported SqueezeNet version 2_0: 1_0 or 1_1 expected');
  });
});
