import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../../../lib/index.js';
import { models } from '../../../lib/vision/index.js';
import { oracleBatch } from '../../helpers/python.js';
import { build, buildMeta, expectSameLogits, initHashes, structureOf, tempFolder, type Structure } from './_helpers.js';

const BUILDERS: [string, Record<string, unknown>][] = [
  ['densenet121', {}], ['densenet161', {}], ['densenet169', {}], ['densenet201', {}],
  ['densenet121', { num_classes: 10, bn_size: 2, drop_rate: 0.1, memory_efficient: true }],
];
const folder = tempFolder();

const py = oracleBatch<{ structure: Structure[]; init: [string, string][][]; run: [string, string]; drop: [string, string] }>({
  structure: ['vision/models/densenet', 'structure', BUILDERS],
  init: ['vision/models/densenet', 'init_many', [['densenet121', {}]], 0],
  run: ['vision/models/densenet', 'save_and_run', 'densenet121', { num_classes: 10 }, 1, [2, 3, 64, 64], folder],
  drop: ['vision/models/densenet', 'save_and_run', 'densenet121', { num_classes: 10, drop_rate: 0.2, memory_efficient: true }, 2, [1, 3, 64, 64], folder],
});
// Python's side runs once, before the tests (the heavier families take tens of seconds on a busy machine).
beforeAll(() => { py(); }, 300_000);

describe('models: DenseNet', () => {
  it("every builder's state dict keys, shapes and parameter count are torchvision's", () => {
    BUILDERS.forEach(([name, kwargs], i) => expect(structureOf(buildMeta(name, kwargs)), name).toEqual(py().structure[i]));
  });

  it("torch.manualSeed then the builder gives torchvision's initial weights, tensor for tensor", () => {
    torch.manualSeed(0);
    expect(initHashes(build('densenet121'))).toEqual(py().init[0]);
  });

  it('loads state dicts Python saved and gives its logits (eval mode; dropout off)', () => {
    expectSameLogits(models.densenet121({ numClasses: 10 }), ...py().run);
    expectSameLogits(models.densenet121({ numClasses: 10, dropRate: 0.2, memoryEfficient: true }), ...py().drop);
  });

  it('memoryEfficient checkpoints the bottlenecks: the same loss and gradients, bit for bit, in training', () => {
    torch.manualSeed(3);
    const plain = new models.DenseNet(8, [2, 2], 16, { bnSize: 2, numClasses: 5 });
    const efficient = new models.DenseNet(8, [2, 2], 16, { bnSize: 2, numClasses: 5, memoryEfficient: true });
    efficient.loadStateDict(plain.stateDict());
    const x = torch.randn([2, 3, 32, 32]);
    const grads = (m: InstanceType<typeof models.DenseNet>): number[][] => {
      m.train();
      const loss = m.forward(x).square().sum();
      loss.backward();
      return [[loss.item() as number], ...[...m.parameters()].map((p) => p.grad!.flatten().tolist() as number[])];
    };
    const a = grads(plain);
    const b = grads(efficient);
    expect(b).toEqual(a);
    // Fewer tensors are kept for backward: the bottlenecks are recomputed instead.
    const saved = (m: InstanceType<typeof models.DenseNet>): number => {
      let n = 0;
      torch.autograd.graph.savedTensorsHooks((t) => { n++; return t; }, (t) => t, () => m.forward(x));
      return n;
    };
    expect(saved(efficient)).toBeLessThan(saved(plain));
  });
});
