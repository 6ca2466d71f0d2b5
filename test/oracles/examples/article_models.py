"""Oracle of test/examples/article_models.test.ts: the article's models (BReLU aside) trained for a
few Adam steps on seeded data in Python."""
from collections import OrderedDict

import torch

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


def training():
    """The losses of both models, the Sequential's eval output, SoftExponential's alphas and BatchNorm state."""
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
    return {'seq': l1, 'clf': l2, 'eval': ev.tolist(), 'alpha': [clf.a1.alpha.item(), clf.a3.alpha.item()],
      'rm': seq.bn3.running_mean.tolist(), 'nbt': seq.bn2.num_batches_tracked.item()}
