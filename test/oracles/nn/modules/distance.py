"""Oracle of test/nn/modules/distance.test.ts."""
import re

import torch


def results():
    """Distances on seeded inputs."""
    nn = torch.nn
    torch.manual_seed(12)
    a = torch.randn(4, 6); b = torch.randn(4, 6)
    return {
      'o': {'cos': nn.CosineSimilarity()(a, b).tolist(), 'pd': nn.PairwiseDistance(p=1.0, keepdim=True)(a, b).tolist()},
      'repr': [repr(nn.CosineSimilarity()), repr(nn.PairwiseDistance())],
    }


def _snake(key):
    return re.sub(r'[A-Z]', lambda m: '_' + m.group(0).lower(), key)


def cases(table):
    """Each case of the test's table: nn.<cls>(*args, **kwargs) on two seeded randn inputs (shapes
    `inputs`), a randn gradient backpropagated; output, both input gradients and repr, by name."""
    out = {}
    for c in table:
        torch.manual_seed(0)
        m = getattr(torch.nn, c['cls'])(*c.get('args', []), **{_snake(k): v for k, v in c.get('kwargs', {}).items()})
        x1, x2 = (torch.randn(*s).requires_grad_() for s in c['inputs'])
        y = m(x1, x2)
        y.backward(torch.randn_like(y))
        out[c['name']] = {'out': y.tolist(), 'shape': list(y.shape), 'grad1': x1.grad.tolist(), 'grad2': x2.grad.tolist(), 'repr': repr(m)}
    return out
