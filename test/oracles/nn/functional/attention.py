"""Oracle of test/nn/functional/attention.test.ts."""
import torch
import torch.nn.functional as F


def sdpa():
    """scaled_dot_product_attention: masks, causal, scale, GQA, dropout draws for the seed, gradients."""
    torch.manual_seed(1)
    q = torch.randn(2, 4, 5, 8, requires_grad=True)
    k = torch.randn(2, 4, 6, 8, requires_grad=True)
    v = torch.randn(2, 4, 6, 3, requires_grad=True)
    bmask = torch.rand(5, 6) > 0.3
    fmask = torch.randn(2, 1, 5, 6)
    o = {}
    o['plain'] = F.scaled_dot_product_attention(q, k, v)
    o['bool'] = F.scaled_dot_product_attention(q, k, v, attn_mask=bmask)
    o['float'] = F.scaled_dot_product_attention(q, k, v, fmask)
    o['causal'] = F.scaled_dot_product_attention(q, k, v, is_causal=True)
    o['scale'] = F.scaled_dot_product_attention(q, k, v, scale=0.3)
    kg = torch.randn(2, 2, 6, 8); vg = torch.randn(2, 2, 6, 3)
    o['gqa'] = F.scaled_dot_product_attention(q, kg, vg, enable_gqa=True)
    torch.manual_seed(7)
    o['drop'] = F.scaled_dot_product_attention(q, k, v, None, 0.4)
    o['drop2'] = F.scaled_dot_product_attention(q, k, v, dropout_p=0.4, is_causal=True)
    total = sum(t.sum() for t in o.values())
    total.backward()
    o = {key: t.tolist() for key, t in o.items()}
    o['grads'] = [q.grad.tolist(), k.grad.tolist(), v.grad.tolist()]
    def err(f):
        try:
            f()
        except Exception as e:
            return [type(e).__name__, str(e)]
        return None
    o['errors'] = {
      'causalMask': err(lambda: F.scaled_dot_product_attention(q, k, v, bmask, is_causal=True)),
      'gqa': err(lambda: F.scaled_dot_product_attention(q, kg, vg)),
    }
    return o


def mha_forward():
    """multi_head_attention_forward called directly: packed and separate weights, bias_k/v, zero attention, static keys, masks."""
    torch.manual_seed(2)
    E, H = 6, 2
    q = torch.randn(4, 3, E, requires_grad=True); k = torch.randn(5, 3, E); v = torch.randn(5, 3, E)
    w = torch.randn(3 * E, E, requires_grad=True); b = torch.randn(3 * E)
    ow = torch.randn(E, E); ob = torch.randn(E)
    bk = torch.randn(1, 1, E); bv = torch.randn(1, 1, E)
    kpm = torch.tensor([[False] * 5, [False] * 3 + [True] * 2, [True] + [False] * 4])
    am = torch.randn(4, 5)
    o = {}
    out, wts = F.multi_head_attention_forward(q, k, v, E, H, w, b, None, None, False, 0.0, ow, ob, training=False)
    o['packed'] = out.tolist(); o['packedW'] = wts.tolist()
    out, wts = F.multi_head_attention_forward(q, k, v, E, H, w, b, bk, bv, True, 0.0, ow, ob, training=False,
                                              key_padding_mask=kpm, attn_mask=am, average_attn_weights=False)
    o['biasZero'] = out.tolist(); o['biasZeroW'] = wts.tolist()
    k2 = torch.randn(5, 3, 4); v2 = torch.randn(5, 3, 7)
    qw = torch.randn(E, E); kw = torch.randn(E, 4); vw = torch.randn(E, 7)
    out, _ = F.multi_head_attention_forward(q, k2, v2, E, H, None, b, None, None, False, 0.0, ow, ob, training=False, need_weights=False,
                                            use_separate_proj_weight=True, q_proj_weight=qw, k_proj_weight=kw, v_proj_weight=vw, attn_mask=am)
    o['separate'] = out.tolist()
    sk = torch.randn(3 * H, 7, E // H); sv = torch.randn(3 * H, 7, E // H)
    out, wts = F.multi_head_attention_forward(q, k, v, E, H, w, b, None, None, False, 0.0, ow, ob, training=False, static_k=sk, static_v=sv)
    o['static'] = out.tolist(); o['staticW'] = wts.tolist()
    qs = q[:, 0]
    out, wts = F.multi_head_attention_forward(qs, qs, qs, E, H, w, b, None, None, False, 0.0, ow, ob, training=False,
                                              attn_mask=torch.triu(torch.ones(4, 4, dtype=torch.bool), 1))
    o['unbatched'] = out.tolist(); o['unbatchedW'] = wts.tolist()
    torch.manual_seed(9)
    out, wts = F.multi_head_attention_forward(q, q, q, E, H, w, b, None, None, False, 0.5, ow, ob)
    o['dropW'] = out.tolist(); o['dropWW'] = wts.tolist()
    torch.manual_seed(9)
    out, _ = F.multi_head_attention_forward(q, q, q, E, H, w, b, None, None, False, 0.5, ow, ob, need_weights=False)
    o['dropSdpa'] = out.tolist()
    out.sum().backward()
    o['grads'] = [q.grad.tolist(), w.grad.tolist()]
    def err(f):
        try:
            f()
        except Exception as e:
            return [type(e).__name__, str(e)]
        return None
    o['errors'] = {
      'embed': err(lambda: F.multi_head_attention_forward(q, k, v, 8, H, w, b, None, None, False, 0.0, ow, ob)),
      'mask2d': err(lambda: F.multi_head_attention_forward(q, k, v, E, H, w, b, None, None, False, 0.0, ow, ob, attn_mask=torch.randn(4, 4))),
      'mask3d': err(lambda: F.multi_head_attention_forward(q, k, v, E, H, w, b, None, None, False, 0.0, ow, ob, attn_mask=torch.randn(2, 4, 5))),
      'causal': err(lambda: F.multi_head_attention_forward(q, k, v, E, H, w, b, None, None, False, 0.0, ow, ob, is_causal=True)),
      'kdim': err(lambda: F.multi_head_attention_forward(q, k, v, E, H, w, b, None, None, False, 0.0, ow, ob, key_padding_mask=torch.ones(3, 5, 1))),
      'kv': err(lambda: F.multi_head_attention_forward(q, k, v[:4], E, H, w, b, None, None, False, 0.0, ow, ob)),
      'intMask': err(lambda: F.multi_head_attention_forward(q, k, v, E, H, w, b, None, None, False, 0.0, ow, ob, attn_mask=torch.ones(4, 5, dtype=torch.int64))),
      'qdim': err(lambda: F.multi_head_attention_forward(q[0, 0], k, v, E, H, w, b, None, None, False, 0.0, ow, ob)),
      'unbMask': err(lambda: F.multi_head_attention_forward(qs, qs, qs, E, H, w, b, None, None, False, 0.0, ow, ob, attn_mask=torch.zeros(3, 4, 4))),
      'kpmLen': err(lambda: F.multi_head_attention_forward(q, k, v, E, H, w, b, None, None, False, 0.0, ow, ob, key_padding_mask=torch.zeros(3, 4, dtype=torch.bool))),
    }
    return o
