import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// Imports the modules directly (rather than lib/index.js) so this test does not depend on
// unrelated parts of the package (it builds its MLP from operators, not nn).
import * as torch from '../../lib/torch.js';
import type { Tensor } from '../../lib/torch.js';
import * as data from '../../lib/utils/data/index.js';
import * as optim from '../../lib/optim/index.js';
import { datasets, transforms } from '../../lib/vision/index.js';
import { oracle } from '../helpers/python.js';

const ROOT = '/usr/share/datasets/fashion-mnist';
const STEPS = 30;

// Fashion-MNIST -> DataLoader(shuffle) -> a small MLP -> Adam, against the same loop in Python
// with torch.utils.data.DataLoader over a torchvision-style dataset: same losses step by step.
describe.runIf(existsSync(ROOT))('training on Fashion-MNIST matches PyTorch', () => {
  it(`DataLoader(shuffle) + ToTensor/Normalize + Adam give Python's losses for ${STEPS} steps`, () => {
    const ref = oracle<number[]>('vision/training', 'losses', ROOT, STEPS);
    const transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize({ mean: [0.2860], std: [0.3530] })]);
    const trainset = new datasets.FashionMNIST(ROOT, { train: true, transform });
    torch.manualSeed(0);
    const w1 = torch.randn(784, 32).mul(0.05).requiresGrad_();
    const b1 = torch.zeros(32).requiresGrad_();
    const w2 = torch.randn(32, 10).mul(0.05).requiresGrad_();
    const b2 = torch.zeros(10).requiresGrad_();
    const opt = new optim.Adam([w1, b1, w2, b2], { lr: 0.003 });
    const loader = new data.DataLoader(trainset, { batchSize: 64, shuffle: true });
    const losses: number[] = [];
    for (const [x, y] of loader) {
      const h = torch.relu(x.view(x.shape[0]!, -1).matmul(w1).add(b1));
      const loss: Tensor = torch.nllLoss(torch.logSoftmax(h.matmul(w2).add(b2), 1), y);
      opt.zeroGrad();
      loss.backward();
      opt.step();
      losses.push(loss.item());
      if (losses.length === STEPS) break;
    }
    expect(losses.length).toBe(STEPS);
    losses.forEach((l, i) => expect(Math.abs(l - ref[i]!), `step ${i}: ${l} vs ${ref[i]}`).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(ref[i]!))));
  });
});
