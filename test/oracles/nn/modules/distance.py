"""Oracle of test/nn/modules/distance.test.ts."""
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
