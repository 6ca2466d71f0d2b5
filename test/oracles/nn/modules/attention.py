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


def options():
    """Every constructor option by keyword: kdim/vdim, add_bias_kv, add_zero_attn; init, forward, grads, masks, repr, errors."""
    import warnings
    warnings.filterwarnings('ignore')
    nn = torch.nn
    torch.manual_seed(13)
    kv = nn.MultiheadAttention(embed_dim=8, num_heads=2, kdim=5, vdim=3, batch_first=True)
    bz = nn.MultiheadAttention(8, 4, 0.0, True, True, True)
    kw = nn.MultiheadAttention(embed_dim=8, num_heads=2)
    q = torch.randn(2, 4, 8, requires_grad=True); k = torch.randn(2, 6, 5); v = torch.randn(2, 6, 3)
    o = {}
    o['init'] = [kv.q_proj_weight.tolist(), kv.k_proj_weight.tolist(), kv.v_proj_weight.tolist(), bz.bias_k.tolist(), bz.bias_v.tolist(), kw.in_proj_weight.tolist()]
    out, w = kv(q, k, v); o['kv'] = out.tolist(); o['kvW'] = w.tolist()
    fk = torch.tensor([[0.0] * 5 + [float('-inf')], [0.0] * 6])
    out2, w2 = kv(q, k, v, fk, True, None, False); o['kvFloat'] = out2.tolist(); o['kvFloatW'] = w2.tolist()
    qt = q.transpose(0, 1)
    out3, w3 = bz(qt, qt, qt, attn_mask=torch.triu(torch.full((4, 4), float('-inf')), 1)); o['bz'] = out3.tolist(); o['bzW'] = w3.tolist()
    mask = torch.triu(torch.ones(4, 4, dtype=torch.bool), 1)
    out4, _ = kw(qt, qt, qt, attn_mask=mask, need_weights=False, is_causal=True); o['causal'] = out4.tolist()
    kw.dropout = 0.3
    torch.manual_seed(21)
    out5, w5 = kw(qt, qt, qt); o['drop'] = out5.tolist(); o['dropW'] = w5.tolist()
    kw.eval()
    out6, _ = kw(qt, qt, qt); o['evalOut'] = out6.tolist()
    (out.sum() + out2.sum() + out3.sum() + out4.sum() + out5.sum()).backward()
    o['grads'] = [kv.k_proj_weight.grad.tolist(), bz.bias_k.grad.tolist(), q.grad.tolist()]
    o['keys'] = [list(m.state_dict().keys()) for m in (kv, bz, kw)]
    o['repr'] = [repr(m) for m in (kv, bz)]
    def err(f):
        try:
            f()
        except Exception as e:
            return [type(e).__name__, str(e)]
        return None
    o['errors'] = {'zero': err(lambda: nn.MultiheadAttention(0, 2)), 'heads': err(lambda: nn.MultiheadAttention(8, 0))}
    return o
