"""Oracle of test/nn/modules/attention.test.ts."""
import torch


def results():
    """Training mode with dropout 0 keeps PyTorch on its reference path, which this port follows."""
    nn = torch.nn
    torch.manual_seed(9)
    mha = nn.MultiheadAttention(8, 2, batch_first=True)
    mha2 = nn.MultiheadAttention(8, 4, bias=False)
    x = torch.randn(3, 5, 8, requires_grad=True)
    mem = torch.randn(3, 6, 8)
    kpm = torch.tensor([[False] * 6, [False] * 4 + [True] * 2, [True] + [False] * 5])
    am = torch.randn(5, 5)
    o = {}
    out, w = mha(x, x, x); o['self'] = out.tolist(); o['selfW'] = w.tolist()
    out2, w2 = mha(x, mem, mem, key_padding_mask=kpm, average_attn_weights=False); o['cross'] = out2.tolist(); o['crossW'] = w2.tolist()
    out3, _ = mha(x, x, x, attn_mask=am, need_weights=False); o['sdpa'] = out3.tolist()
    k = torch.randn(3, 6, 8); v = torch.randn(3, 6, 8)
    out4, w4 = mha(x, k, v); o['sep'] = out4.tolist()
    q5 = torch.randn(5, 8)
    out5, w5 = mha2(q5, q5, q5, attn_mask=torch.triu(torch.ones(5, 5, dtype=torch.bool), 1)); o['unb'] = out5.tolist(); o['unbW'] = w5.tolist()
    (out.sum() + out2.sum() + out3.sum()).backward()
    o['gradIn'] = mha.in_proj_weight.grad.tolist(); o['gradX'] = x.grad.tolist()
    o['keys'] = [list(mha.state_dict().keys()), list(mha2.state_dict().keys())]
    o['repr'] = repr(mha)
    return o
