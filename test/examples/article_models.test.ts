import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../../lib/torch.js';
import type { Tensor } from '../../lib/torch.js';
import * as nn from '../../lib/nn/index.js';
import * as optim from '../../lib/optim/index.js';
import { oracle } from '../helpers/python.js';
import { ClassifierSExp, siluSequential } from '../../examples/article_models.js';

// The article's models (examples/article_models.ts; BReLU aside, which belongs to autograd.Function
// and is tested there), trained for a few Adam steps on seeded data: the losses, dropout masks and
// BatchNorm statistics included, must equal PyTorch's.
function trainModel(model: nn.Module, batches: [Tensor, Tensor][], device = 'cpu'): number[] {
  const criterion = new nn.NLLLoss();
  const optimizer = new optim.Adam(model.parameters(), { lr: 0.003 });
  model.to(device);
  const losses: number[] = [];
  for (let [images, labels] of batches) {
    images = images.to(device); labels = labels.to(device);
    images = images.view(images.shape[0]!, -1);
    const logPs = model(images);
    const loss = criterion(logPs, labels);
    optimizer.zeroGrad();
    loss.backward();
    optimizer.step();
    losses.push(loss.item());
  }
  return losses;
}

let py: { seq: number[]; clf: number[]; eval: number[][]; alpha: number[]; rm: number[]; nbt: number };
beforeAll(() => { py = oracle('examples/article_models', 'training'); });

describe('the article, trained a few steps', () => {
  it('gives the same losses as PyTorch for the named Sequential and a classifier with trainable activations', () => {
    // One thread, as the Python side: Adam's first steps amplify summation-order round-off.
    const threads = torch.getNumThreads();
    torch.setNumThreads(1);
    try { runArticle(); } finally { torch.setNumThreads(threads); }
  });
});

function runArticle(): void {
  {
    torch.manualSeed(0);
    const model = siluSequential() as nn.Sequential;
    const clf = new ClassifierSExp();
    const batches: [Tensor, Tensor][] = [];
    for (let i = 0; i < 4; i++) batches.push([torch.rand(32, 1, 28, 28), torch.randint(0, 10, [32])]);
    const l1 = trainModel(model, batches);
    const l2 = trainModel(clf, batches);
    l1.forEach((v, i) => expect(v).toBeCloseTo(py.seq[i]!, 5));
    l2.forEach((v, i) => expect(v).toBeCloseTo(py.clf[i]!, 5));
    expect(clf.a1.alpha.item()).toBeCloseTo(py.alpha[0]!, 6);
    expect(clf.a3.alpha.item()).toBeCloseTo(py.alpha[1]!, 6);
    const bn3 = model.at(7) as nn.BatchNorm1d;
    (bn3.running_mean!.tolist() as number[]).forEach((v, i) => expect(v).toBeCloseTo(py.rm[i]!, 5));
    expect((model.at(3) as nn.BatchNorm1d).num_batches_tracked!.item()).toBe(py.nbt);
    model.eval();
    const ev = torch.noGrad(() => model(batches[0]![0].view(32, -1)));
    (ev.tolist() as number[][]).flat().forEach((v, i) => expect(v).toBeCloseTo(py.eval.flat()[i]!, 4));
  }
}
