"""Oracle for test/utils/checkpoint.test.ts: a deep MLP with dropout, checkpointed and not."""
import torch
import torch.nn.functional as F
from torch.utils.checkpoint import checkpoint, checkpoint_sequential


def mlp_params(depth, width, seed):
    torch.manual_seed(seed)
    ws = [(torch.randn(width, width) / width ** 0.5).requires_grad_() for _ in range(depth)]
    bs = [(torch.randn(width) * 0.1).requires_grad_() for _ in range(depth)]
    x = torch.randn(4, width)
    return ws, bs, x


def block(h, w, b):
    return F.dropout(torch.tanh(h @ w + b), 0.25, training=True)


def grads(depth, width, seed, segments, use_checkpoint):
    ws, bs, x = mlp_params(depth, width, seed)
    torch.manual_seed(seed + 1)
    h = x
    per = depth // segments
    for s in range(segments):
        def seg(h, s=s):
            for i in range(s * per, (s + 1) * per):
                h = block(h, ws[i], bs[i])
            return h
        h = checkpoint(seg, h, use_reentrant=False) if use_checkpoint else seg(h)
    loss = h.pow(2).sum()
    loss.backward()
    return {"loss": loss.item(), "w": [w.grad.tolist() for w in ws], "b": [b.grad.tolist() for b in bs]}


def sequential(seed):
    torch.manual_seed(seed)
    model = torch.nn.Sequential(torch.nn.Linear(6, 8), torch.nn.Tanh(), torch.nn.Linear(8, 8), torch.nn.Tanh(),
                                torch.nn.Linear(8, 3))
    x = torch.randn(5, 6)
    out = checkpoint_sequential(model, 2, x, use_reentrant=False)
    out.sum().backward()
    return {"out": out.tolist(), "grad0": model[0].weight.grad.tolist()}


def messages():
    out = {}
    x = torch.ones(3, requires_grad=True)
    calls = [0]

    def changes(t):
        calls[0] += 1
        return t.exp() if calls[0] == 1 else t[:2].exp()
    y = checkpoint(changes, x, use_reentrant=False)
    try:
        y.sum().backward()
    except Exception as e:
        out["metadata"] = str(e).split("\n")[:4]
    try:
        checkpoint(lambda t: t, x, use_reentrant=False, determinism_check="strict")
    except ValueError as e:
        out["determinism"] = str(e)
    return out
