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
