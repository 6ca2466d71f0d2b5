"""Oracle of test/nn/modules/batchnorm.test.ts."""
import torch

from .layer_cases import run_cases  # noqa: F401  (the table-driven cases)


def results():
    """BatchNorm on seeded inputs (training and eval, running statistics)."""
    nn = torch.nn
    o = {}
    torch.manual_seed(1)
    x = torch.randn(4, 3, 8, 8)
    bn2 = nn.BatchNorm2d(3)
    o['bnTrain'] = bn2(x).tolist(); o['bnMean'] = bn2.running_mean.tolist(); o['bnVar'] = bn2.running_var.tolist()
    bn2.eval(); o['bnEval'] = bn2(x).tolist()
    bn1 = nn.BatchNorm1d(6, momentum=None)
    z = torch.randn(5, 6)
    bn1(z); bn1(z * 2); o['bnCumMean'] = bn1.running_mean.tolist(); o['bnCumVar'] = bn1.running_var.tolist()
    bn3 = nn.BatchNorm1d(4, affine=False, track_running_stats=False)
    z3 = torch.randn(3, 4, 5); bn3.eval(); o['bnNoStats'] = bn3(z3).tolist()
    return o


def errors():
    """PyTorch's messages for bad inputs."""
    nn = torch.nn
    out = {}
    def msg(f):
        try:
            f()
        except Exception as e:  # noqa: BLE001
            return str(e)
        return None
    out['dim3d'] = msg(lambda: nn.BatchNorm3d(3)(torch.zeros(2, 3, 4, 4)))
    out['syncDim'] = msg(lambda: nn.SyncBatchNorm(3)(torch.zeros(3)))
    out['syncZero'] = msg(lambda: nn.SyncBatchNorm(0)(torch.zeros(2, 0)))
    out['epsTrain'] = msg(lambda: nn.functional.batch_norm(torch.zeros(2, 3), None, None, training=True, eps=0.0))
    return out


def convert():
    """SyncBatchNorm.convert_sync_batchnorm on a small model: repr, shared tensors, state dict keys."""
    nn = torch.nn
    torch.manual_seed(3)
    model = nn.Sequential(nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4, momentum=None), nn.Sequential(nn.BatchNorm1d(2, affine=False)))
    model.eval()
    synced = nn.SyncBatchNorm.convert_sync_batchnorm(model)
    return {'repr': repr(synced), 'keys': list(synced.state_dict().keys()), 'training': synced[1].training,
            'same': synced is model}
