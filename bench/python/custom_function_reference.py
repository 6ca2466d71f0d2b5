"""Python reference for bench/custom-function.mjs: forward+backward of the article's BReLU
(torch.autograd.Function) on a 64x256 float tensor, and of a two-output Function, per iteration.

Usage: python3 bench/python/custom_function_reference.py [--iters N] [--rounds R] [--threads T]
Prints one JSON line: {"brelu": us, "two_outputs": us, "identity": us, "chain8": us} (best round,
microseconds); chain8 is Identity applied 8 times (a graph of 8 Function nodes).
"""
import argparse, json, os, sys, time
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'examples'))
from article_models import BReLU  # noqa: E402  (the article's, examples/article_models.py)


class TwoOutputs(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        e = x.exp()
        ctx.save_for_backward(e)
        return x.mul(2), e

    @staticmethod
    def backward(ctx, g0, g1):
        e, = ctx.saved_tensors
        return g0.mul(2).add(g1.mul(e))


class Identity(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x.mul(1)

    @staticmethod
    def backward(ctx, g):
        return g


def timeit(step, iters, rounds):
    for _ in range(max(50, iters // 10)):
        step()
    best = float('inf')
    for _ in range(rounds):
        t0 = time.perf_counter()
        for _ in range(iters):
            step()
        best = min(best, (time.perf_counter() - t0) / iters * 1e6)
    return best


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--iters', type=int, default=1000)
    p.add_argument('--rounds', type=int, default=5)
    p.add_argument('--threads', type=int, default=1)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    x = torch.randn(64, 256, requires_grad=True)
    g = torch.ones(64, 256)

    def brelu():
        BReLU.apply(x).backward(g)
        x.grad = None

    def two():
        y0, y1 = TwoOutputs.apply(x)
        torch.autograd.backward([y0, y1], [g, g])
        x.grad = None

    s = torch.randn(4, requires_grad=True)
    gs = torch.ones(4)

    def identity():
        Identity.apply(s).backward(gs)
        s.grad = None

    def chain8():
        h = s
        for _ in range(8):
            h = Identity.apply(h)
        h.backward(gs)
        s.grad = None

    print(json.dumps({
        'brelu': timeit(brelu, a.iters, a.rounds),
        'two_outputs': timeit(two, a.iters, a.rounds),
        'identity': timeit(identity, a.iters * 5, a.rounds),
        'chain8': timeit(chain8, a.iters * 2, a.rounds),
    }))


if __name__ == '__main__':
    main()
