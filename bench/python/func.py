"""Python reference for bench/func.mjs: per-sample gradients of a small MLP with
torch.func.vmap(grad(loss)) and with a loop of backward passes, on the same LibTorch.

Usage: python3 bench/python/func.py [--iters N] [--rounds R] [--threads T] [--batch B]
Prints one JSON line: {"vmap": ms, "loop": ms} (best round, milliseconds per batch).
"""
import argparse, json, time
import torch
from torch import nn
from torch.func import functional_call, grad, vmap


def timeit(step, iters, rounds):
    for _ in range(max(3, iters // 5)):
        step()
    best = float('inf')
    for _ in range(rounds):
        t0 = time.perf_counter()
        for _ in range(iters):
            step()
        best = min(best, (time.perf_counter() - t0) * 1e3 / iters)
    return best


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--iters', type=int, default=20)
    p.add_argument('--rounds', type=int, default=5)
    p.add_argument('--threads', type=int, default=1)
    p.add_argument('--batch', type=int, default=64)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(32, 128), nn.ReLU(), nn.Linear(128, 10))
    x = torch.randn(a.batch, 32)
    t = torch.randint(0, 10, (a.batch,))
    params = {k: v.detach() for k, v in model.named_parameters()}

    def loss(p, xi, ti):
        return nn.functional.cross_entropy(functional_call(model, p, (xi.unsqueeze(0),)), ti.unsqueeze(0))

    per_sample = vmap(grad(loss), in_dims=(None, 0, 0))

    def loop():
        out = []
        for i in range(a.batch):
            model.zero_grad()
            nn.functional.cross_entropy(model(x[i:i + 1]), t[i:i + 1]).backward()
            out.append([q.grad.clone() for q in model.parameters()])
        return out

    print(json.dumps({'vmap': timeit(lambda: per_sample(params, x, t), a.iters, a.rounds),
                      'loop': timeit(loop, max(1, a.iters // 4), a.rounds)}))


main()
