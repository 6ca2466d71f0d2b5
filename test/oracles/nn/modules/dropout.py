"""Oracle of test/nn/modules/dropout.test.ts."""
import torch

from oracles.nn.unary_layer_cases import catch, run_cases


def results():
    """Dropout masks come from the generator: the same seed gives PyTorch's masks, and the generator is left in the same state (the draw after them agrees)."""
    nn = torch.nn
    F = nn.functional
    torch.manual_seed(5)
    d = nn.Dropout(0.3)
    o = {'drop': d(torch.ones(4, 5)).tolist(), 'dropF': F.dropout(torch.ones(6), 0.5).tolist(), 'after': torch.rand(2).tolist()}
    torch.manual_seed(11)
    d1 = nn.Dropout1d(0.5); d2 = nn.Dropout2d(0.3)
    c = {'d1': d1(torch.ones(2, 6, 3)).tolist(), 'd2': d2(torch.ones(2, 6, 2, 2)).tolist(), 'd1nb': d1(torch.ones(6, 3)).tolist()}
    return {'elements': o, 'channels': c, 'repr': [repr(d1), repr(d2)]}


def cases(table):
    """The test's table of layer cases (see oracles/nn/unary_layer_cases.py), keyed by name."""
    return run_cases(table)


def errors():
    """PyTorch's messages for bad arguments the test repeats."""
    nn = torch.nn
    return {
        'range': catch(lambda: nn.FeatureAlphaDropout(1.5)),
        'featureAlpha1d': catch(lambda: nn.FeatureAlphaDropout().train()(torch.ones(4))),
    }
