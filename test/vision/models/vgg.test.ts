import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import { models } from '../../../lib/vision/index.js';
import { oracleBatch } from '../../helpers/python.js';
import { build, buildMeta, expectSameLogits, initHashes, structureOf, tempFolder, type Structure } from './_helpers.js';

const BUILDERS: [string, Record<string, unknown>][] = [
  ['vgg11', {}], ['vgg11_bn', {}], ['vgg13', {}], ['vgg13_bn', {}], ['vgg16', {}], ['vgg16_bn', {}], ['vgg19', {}], ['vgg19_bn', {}],
  ['vgg11', { num_classes: 10, dropout: 0.2 }],
];
const folder = tempFolder();
// vgg11 is the family's smallest member, and still 129M parameters (the classifier's first Linear
// is 25088 x 4096 whatever numClasses is, a 515 MB state dict): one seeded build and one saved
// state dict of it; the batch-norm variants differ only in the layers ResNet's tests cover, and
// their names are checked above.
const INIT: [string, Record<string, unknown>][] = [['vgg11', { num_classes: 10 }]];

const py = oracleBatch<{ structure: Structure[]; init: [string, string][][]; run: [string, string] }>({
  structure: ['vision/models/vgg', 'structure', BUILDERS],
  init: ['vision/models/vgg', 'init_many', INIT, 0],
  run: ['vision/models/vgg', 'save_and_run', 'vgg11', { num_classes: 10, init_weights: false }, 1, [2, 3, 32, 32], folder],
});
// Python's side runs once, before the tests (the heavier families take tens of seconds on a busy machine).
beforeAll(() => { py(); }, 300_000);

describe('models: VGG family', () => {
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

  it('loads state dicts Python saved and gives its logits (eval mode)', () => {
    // initWeights: false skips the re-initialisation the loaded weights replace anyway.
    expectSameLogits(models.vgg11({ numClasses: 10, initWeights: false }), ...py().run);
  });
});
