"""Oracle of test/nn/utils/memory_format.test.ts (with nn.utils.skip_init)."""
import torch
import torch.nn as nn


def results():
    out = {}
    torch.manual_seed(1)
    m = nn.Sequential(nn.Conv2d(3, 4, 3), nn.ReLU(), nn.Sequential(nn.ConvTranspose2d(4, 2, 2)), nn.Conv3d(2, 2, 1))
    nn.utils.convert_conv2d_weight_memory_format(m, torch.channels_last)
    out['strides2d'] = [list(p.stride()) for p in m.parameters()]
    nn.utils.convert_conv3d_weight_memory_format(m, torch.channels_last_3d)
    out['strides3d'] = [list(p.stride()) for p in m.parameters()]
    torch.manual_seed(2)
    s = nn.utils.skip_init(nn.Linear, 5, 3, bias=False)
    out['skip'] = [list(s.weight.shape), str(s.weight.device), s.bias is None]
    out['afterSkip'] = torch.rand(2).tolist()  # skip_init draws nothing
    return out
