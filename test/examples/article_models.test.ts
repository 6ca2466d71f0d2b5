import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../../lib/torch.js';
import type { Tensor } from '../../lib/torch.js';
import * as nn from '../../lib/nn/index.js';
import * as optim from '../../lib/optim/index.js';
import { python } from '../helpers/python.js';
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

const PY = `
from collections import OrderedDict
nn = torch.nn
F = nn.functional
class SiLU(nn.Module):
    def forward(self, x): return x * torch.sigmoid(x)
class SoftExponential(nn.Module):
    def __init__(self, in_features, alpha=None):
        super().__init__()
        self.alpha = nn.Parameter(torch.tensor(alpha if alpha is not None else 0.0))
        self.alpha.requires_grad = True
    def forward(self, x):
        a = self.alpha.item()
        if a == 0.0: return x
        if a < 0.0: return -torch.log(1 - self.alpha * (x + self.alpha)) / self.alpha
        return (torch.exp(self.alpha * x) - 1) / self.alpha + self.alpha
class ClassifierSExp(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 256); self.fc2 = nn.Linear(256, 128)
        self.fc3 = nn.Linear(128, 64); self.fc4 = nn.Linear(64, 10)
        self.a1 = SoftExponential(256); self.a2 = SoftExponential(128); self.a3 = SoftExponential(64)
    def forward(self, x):
        x = x.view(x.shape[0], -1)
        x = self.a1(self.fc1(x)); x = self.a2(self.fc2(x)); x = self.a3(self.fc3(x))
        return F.log_softmax(self.fc4(x), dim=1)
def train(model, batches):
    criterion = nn.NLLLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=0.003)
    losses = []
    for images, labels in batches:
        images = images.view(images.shape[0], -1)
        loss = criterion(model(images), labels)
        optimizer.zero_grad(); loss.backward(); optimizer.step()
        losses.append(loss.item())
    return losses
torch.manual_seed(0)
act = SiLU()
seq = nn.Sequential(OrderedDict([
    ('fc1', nn.Linear(784, 256)), ('activation1', act),
    ('fc2', nn.Linear(256, 128)), ('bn2', nn.BatchNorm1d(128)), ('activation2', act),
    ('dropout', nn.Dropout(0.3)),
    ('fc3', nn.Linear(128, 64)), ('bn3', nn.BatchNorm1d(64)), ('activation3', act),
    ('logits', nn.Linear(64, 10)), ('logsoftmax', nn.LogSoftmax(dim=1))]))
clf = ClassifierSExp()
batches = [(torch.rand(32, 1, 28, 28), torch.randint(0, 10, (32,))) for _ in range(4)]
l1 = train(seq, batches)
l2 = train(clf, batches)
seq.eval()
with torch.no_grad():
    ev = seq(batches[0][0].view(32, -1))
print(json.dumps({'seq': l1, 'clf': l2, 'eval': ev.tolist(), 'alpha': [clf.a1.alpha.item(), clf.a3.alpha.item()],
  'rm': seq.bn3.running_mean.tolist(), 'nbt': seq.bn2.num_batches_tracked.item()}))
`;

let py: { seq: number[]; clf: number[]; eval: number[][]; alpha: number[]; rm: number[]; nbt: number };
beforeAll(() => { py = python(PY); });

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
