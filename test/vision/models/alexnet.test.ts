import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import { models } from '../../../lib/vision/index.js';
import { oracleBatch } from '../../helpers/python.js';
import { build, buildMeta, expectSameLogits, initHashes, structureOf, tempFolder, type Structure } from './_helpers.js';

const BUILDERS: [string, Record<string, unknown>][] = [['alexnet', {}], ['alexnet', { num_classes: 10, dropout: 0.1 }]];
const folder = tempFolder();

const py = oracleBatch<{ structure: Structure[]; init: [string, string][][]; run: [string, string] }>({
  structure: ['vision/models/alexnet', 'structure', BUILDERS],
  init: ['vision/models/alexnet', 'init_many', [['alexnet', { num_classes: 10 }]], 0],
  run: ['vision/models/alexnet', 'save_and_run', 'alexnet', { num_classes: 10 }, 1, [2, 3, 64, 64], folder],
});
// Python's side runs once, before the tests (the heavier families take tens of seconds on a busy machine).
beforeAll(() => { py(); }, 300_000);

describe('models: AlexNet', () => {
  it("the state dict keys, shapes and parameter count are torchvision's", () => {
    BUILDERS.forEach(([name, kwargs], i) => expect(structureOf(buildMeta(name, kwargs))).toEqual(py().structure[i]));
  });

  it("torch.manualSeed then the builder gives torchvision's initial weights, tensor for tensor", () => {
    torch.manualSeed(0);
    expect(initHashes(build('alexnet', { num_classes: 10 }))).toEqual(py().init[0]);
  });

  it('loads a state dict Python saved and gives its logits (eval mode)', () => {
    expectSameLogits(models.alexnet({ numClasses: 10 }), ...py().run);
  });
});
