"""Oracle of test/optim/swa_utils.test.ts."""
import torch
import torch.nn as nn
from torch.optim import swa_utils


def _model():
    return nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.ReLU(), nn.Linear(4, 2))


def _perturb(m, k):
    with torch.no_grad():
        for i, p in enumerate(m.parameters()):
            p.add_(torch.full_like(p, 0.1 * (k + 1) + 0.01 * i))
        m[1].running_mean.add_(k + 1)
        m[1].num_batches_tracked.add_(k + 1)


def averaged():
    out = {}
    torch.manual_seed(0)
    model = _model()
    variants = {
        'swa': swa_utils.AveragedModel(model),
        'emaMulti': swa_utils.AveragedModel(model, multi_avg_fn=swa_utils.get_ema_multi_avg_fn(0.9)),
        'emaAvg': swa_utils.AveragedModel(model, avg_fn=swa_utils.get_ema_avg_fn(0.8)),
        'swaMulti': swa_utils.AveragedModel(model, multi_avg_fn=swa_utils.get_swa_multi_avg_fn()),
        'buffers': swa_utils.AveragedModel(model, use_buffers=True, multi_avg_fn=swa_utils.get_ema_multi_avg_fn(0.5)),
    }
    out['keys'] = list(variants['swa'].state_dict().keys())
    out['repr'] = repr(variants['swa'])
    for k in range(3):
        _perturb(model, k)
        for v in variants.values():
            v.update_parameters(model)
    for name, v in variants.items():
        out[name] = {key: t.tolist() for key, t in v.state_dict().items()}
    x = torch.randn(5, 3)
    variants['swa'].eval()
    out['forward'] = variants['swa'](x).tolist()
    # update_bn over a loader of [input, target] batches and one of bare tensors.
    torch.manual_seed(1)
    data = [torch.randn(4, 3) * 2 + 1 for _ in range(3)]
    swa = variants['swa']
    swa.eval()
    swa_utils.update_bn([[d, torch.zeros(4)] for d in data], swa)
    out['bn'] = [swa.module[1].running_mean.tolist(), swa.module[1].running_var.tolist(), swa.module[1].momentum, swa.training,
                 swa.module[1].num_batches_tracked.item()]
    swa_utils.update_bn(iter(data), swa)
    out['bnBare'] = swa.module[1].running_var.tolist()
    try:
        swa_utils.get_ema_avg_fn(1.5)
    except ValueError as e:
        out['badDecay'] = str(e)
    try:
        swa_utils.AveragedModel(model, avg_fn=swa_utils.get_ema_avg_fn(), multi_avg_fn=swa_utils.get_ema_multi_avg_fn())
    except AssertionError as e:
        out['both'] = str(e)
    return out
