"""Oracle of test/examples/article_models.test.ts: the article's models (BReLU aside) trained for a
few Adam steps on seeded data in Python."""
import os
import sys

import torch

# The article's models are examples/article_models.py's (one Python definition for the project).
_examples = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', 'examples')
if _examples not in sys.path:
    sys.path.append(_examples)
from article_models import ClassifierSExp, silu_sequential  # noqa: E402

nn = torch.nn


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
    seq = silu_sequential()
    clf = ClassifierSExp()
    batches = [(torch.rand(32, 1, 28, 28), torch.randint(0, 10, (32,))) for _ in range(4)]
    l1 = train(seq, batches)
    l2 = train(clf, batches)
    seq.eval()
    with torch.no_grad():
        ev = seq(batches[0][0].view(32, -1))
    return {'seq': l1, 'clf': l2, 'eval': ev.tolist(), 'alpha': [clf.a1.alpha.item(), clf.a3.alpha.item()],
      'rm': seq.bn3.running_mean.tolist(), 'nbt': seq.bn2.num_batches_tracked.item()}
