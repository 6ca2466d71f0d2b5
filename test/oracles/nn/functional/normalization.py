"""Oracle of test/nn/functional/normalization.test.ts."""
import torch
import torch.nn.functional as F

from oracles.nn.function_cases import catch, run_cases


def cases(table):
    """The test's table of function cases (see oracles/nn/function_cases.py), keyed by name."""
    return run_cases(table)


def running_stats():
    """F.batch_norm and F.instance_norm update the running statistics they are given."""
    torch.manual_seed(7)
    x = torch.randn(4, 3, 5)
    rm, rv = torch.zeros(3), torch.ones(3)
    F.batch_norm(x, rm, rv, training=True, momentum=0.3)
    irm, irv = torch.zeros(3), torch.ones(3)
    F.instance_norm(x, irm, irv, use_input_stats=True, momentum=0.2)
    return {'bnMean': rm.tolist(), 'bnVar': rv.tolist(), 'inMean': irm.tolist(), 'inVar': irv.tolist()}


def errors():
    """PyTorch's messages for bad input the test repeats."""
    return {
        'bnBatch': catch(lambda: F.batch_norm(torch.randn(1, 3), None, None, training=True)),
        'bnEpsTrain': catch(lambda: F.batch_norm(torch.randn(2, 3), None, None, training=True, eps=0.0)),
        'bnEps': catch(lambda: F.batch_norm(torch.randn(2, 3), None, None, eps=-1.0)),
        'inSpatial': catch(lambda: F.instance_norm(torch.randn(2, 3, 1))),
        'gnBatch': catch(lambda: F.group_norm(torch.randn(1, 2), 2)),
        'gnDim': catch(lambda: F.group_norm(torch.randn(4), 2)),
        'lrnDim': catch(lambda: F.local_response_norm(torch.randn(2, 3), 2)),
        'rmsShape': catch(lambda: F.rms_norm(torch.randn(2, 3), [4])),
        'lnShape': catch(lambda: F.layer_norm(torch.randn(2, 3), [4])),
    }
