"""Oracle of test/nn/modules/transformer.test.ts."""
import torch


def results():
    """TransformerEncoderLayer and TransformerEncoder (same seed, default init)."""
    import warnings
    warnings.filterwarnings('ignore')
    nn = torch.nn
    torch.manual_seed(2)
    layer = nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, dropout=0.0, batch_first=True)
    enc = nn.TransformerEncoder(layer, 2, enable_nested_tensor=False)
    nf = nn.TransformerEncoderLayer(8, 2, 16, 0.0, 'gelu', norm_first=True)
    drop = nn.TransformerEncoderLayer(8, 2, 16, 0.1, activation=nn.GELU())
    x = torch.randn(3, 5, 8)
    kpm = torch.tensor([[False] * 5, [False] * 3 + [True] * 2, [False] * 5])
    mask = nn.Transformer.generate_square_subsequent_mask(5)
    o = {
      'layer': layer(x).tolist(), 'enc': enc(x, src_key_padding_mask=kpm).tolist(), 'encMask': enc(x, mask=mask).tolist(),
      'nf': nf(x.transpose(0, 1)).tolist(), 'drop': drop(x.transpose(0, 1)).tolist(),
      'keys': list(enc.state_dict().keys()), 'repr': [repr(layer), repr(drop)],
      'same': torch.equal(enc.layers[0].linear1.weight, enc.layers[1].linear1.weight),
    }
    return o


def full():
    """init, training forward with dropout, eval forward with masks, decoder layer"""
    import warnings
    warnings.filterwarnings('ignore')
    nn = torch.nn
    torch.manual_seed(5)
    model = nn.Transformer(d_model=8, nhead=2, num_encoder_layers=2, num_decoder_layers=1, dim_feedforward=12, dropout=0.1, batch_first=True)
    dec = nn.TransformerDecoderLayer(8, 2, 12, 0.0, norm_first=True)
    src = torch.randn(2, 6, 8); tgt = torch.randn(2, 4, 8)
    mask = nn.Transformer.generate_square_subsequent_mask(4)
    out = model(src, tgt, tgt_mask=mask)
    model.eval()
    with torch.no_grad():
        ev = model(src, tgt, tgt_mask=mask, src_key_padding_mask=torch.tensor([[False] * 6, [False] * 4 + [True] * 2]))
    return {'out': out.tolist(), 'ev': ev.tolist(), 'dec': dec(tgt.transpose(0, 1), src.transpose(0, 1), tgt_mask=mask).tolist(),
      'keys': list(model.state_dict().keys()), 'mask': mask.isinf().tolist(), 'w': model.decoder.layers[0].linear1.weight.tolist()}


def options():
    """Every constructor option by keyword, activations, each kind of mask, causal detection, custom parts, the nested-tensor path."""
    import warnings
    nn = torch.nn
    F = torch.nn.functional
    o = {}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2), 1)
        nn.TransformerEncoder(nn.TransformerEncoderLayer(9, 3, batch_first=True), 1)
        nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, batch_first=True, activation=lambda x: x), 1)
        nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, batch_first=True, norm_first=True), 1, enable_nested_tensor=False)
    o['warnings'] = [str(w.message) for w in caught]
    torch.manual_seed(31)
    kw = nn.TransformerEncoderLayer(d_model=8, nhead=2, dim_feedforward=16, dropout=0.0, activation='gelu', layer_norm_eps=1e-3,
                                    batch_first=True, norm_first=True, bias=False)
    fn = nn.TransformerEncoderLayer(8, 2, 16, 0.0, F.gelu)
    lam = nn.TransformerEncoderLayer(8, 2, 16, 0.0, lambda x: torch.tanh(x) * 2)
    enc = nn.TransformerEncoder(encoder_layer=nn.TransformerEncoderLayer(8, 2, 12, 0.0, batch_first=True), num_layers=2,
                                norm=nn.LayerNorm(8), enable_nested_tensor=True, mask_check=True)
    dl = nn.TransformerDecoderLayer(d_model=8, nhead=2, dim_feedforward=12, dropout=0.0, activation='gelu', batch_first=True)
    dec = nn.TransformerDecoder(decoder_layer=dl, num_layers=2, norm=nn.LayerNorm(8))
    x = torch.randn(3, 5, 8, requires_grad=True)
    mem = torch.randn(3, 6, 8)
    bmask = torch.rand(5, 5) > 0.7
    bmask.fill_diagonal_(False)
    fmask = torch.randn(5, 5)
    fkpm = torch.zeros(3, 5); fkpm[1, 3:] = float('-inf')
    kpm = fkpm.isinf()
    causal = nn.Transformer.generate_square_subsequent_mask(5)
    r = {}
    r['kw'] = kw(x); r['kwMask'] = kw(x, bmask); r['kwKpm'] = kw(x, src_key_padding_mask=kpm)
    r['fn'] = fn(x.transpose(0, 1), fmask); r['lam'] = lam(x.transpose(0, 1))
    r['encBool'] = enc(x, bmask); r['encFloatKpm'] = enc(x, src_key_padding_mask=fkpm)
    r['encCausal'] = enc(x, causal); r['encCausalHint'] = enc(x, mask=causal, is_causal=True)
    r['encBoth'] = enc(x, fmask, fkpm)
    tgt = torch.randn(3, 4, 8)
    tmask = nn.Transformer.generate_square_subsequent_mask(4).bool()
    r['dec'] = dec(tgt, mem, tmask, None, torch.tensor([[False] * 4, [False] * 3 + [True], [False] * 4]),
                   torch.tensor([[False] * 6, [False] * 4 + [True] * 2, [True] + [False] * 5]))
    r['decMem'] = dec(tgt, mem, memory_mask=torch.randn(4, 6), tgt_is_causal=False)
    r['dl'] = dl(tgt, mem, tgt_mask=nn.Transformer.generate_square_subsequent_mask(4), tgt_is_causal=True)
    sum(t.sum() for t in r.values()).backward()
    o.update({k: t.tolist() for k, t in r.items()})
    o['grads'] = [x.grad.tolist(), kw.linear1.weight.grad.tolist()]
    enc.eval()
    with torch.no_grad():
        o['nested'] = enc(x, src_key_padding_mask=kpm).tolist()
        notLeft = torch.tensor([[True, False, False, False, False], [False] * 5, [False] * 5])
        o['notLeft'] = enc(x, src_key_padding_mask=notLeft).tolist()
    o['keys'] = [list(m.state_dict().keys()) for m in (kw, enc, dec)]
    o['repr'] = [repr(m) for m in (kw, dec)]
    torch.manual_seed(8)
    custom = nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 12, 0.0), 1)
    t = nn.Transformer(8, 2, 1, 1, 12, 0.0, 'gelu', custom, None, 1e-4, False, True, True)
    s = torch.randn(6, 2, 8); g = torch.randn(4, 2, 8)
    o['custom'] = t(s, g, tgt_mask=nn.Transformer.generate_square_subsequent_mask(4), src_is_causal=False).tolist()
    o['unbatched'] = t(s[:, 0], g[:, 0], tgt_mask=nn.Transformer.generate_square_subsequent_mask(4).bool()).tolist()
    o['customKeys'] = list(t.state_dict().keys())
    o['customInit'] = t.encoder.layers[0].linear1.weight.tolist()
    o['mask64'] = [str(nn.Transformer.generate_square_subsequent_mask(3, dtype=torch.float64).dtype), nn.Transformer.generate_square_subsequent_mask(3).isinf().tolist()]
    def err(f):
        try:
            f()
        except Exception as e:
            return [type(e).__name__, str(e)]
        return None
    o['errors'] = {
      'act': err(lambda: nn.TransformerEncoderLayer(8, 2, activation='tanh')),
      'batch': err(lambda: t(torch.randn(6, 2, 8), torch.randn(4, 3, 8))),
      'feature': err(lambda: t(torch.randn(6, 2, 8), torch.randn(4, 2, 6))),
      'maskType': err(lambda: enc(x, torch.ones(5, 5, dtype=torch.int64))),
    }
    return o
