"""Python reference for bench/custom-function.mjs: forward+backward of the article's BReLU
(torch.autograd.Function) on a 64x256 float tensor, and of a two-output Function, per iteration.

Usage: python3 bench/custom_function_reference.py [--iters N] [--rounds R] [--threads T]
Prints one JSON line: {"brelu": us, "two_outputs": us, "identity": us} (best round, microseconds).
"""
import argparse, json, time
import torch


class BReLU(torch.autograd.Function):
    @staticmethod
    def forward(ctx, input):
        ctx.save_for_backward(input)
        even = torch.arange(0, input.shape[0], 2)
        odd = torch.arange(1, input.shape[0], 2)
        output = input.clone()
        output[even] = output[even].clamp(min=0)
        output[odd] = output[odd].neg().clamp(min=0).neg()
        return output

    @staticmethod
    def backward(ctx, grad_output):
        input, = ctx.saved_tensors
        if not ctx.needs_input_grad[0]:
            return None
        even = torch.arange(0, input.shape[0], 2)
        odd = torch.arange(1, input.shape[0], 2)
        grad_input = grad_output.clone()
        grad_input[even] = (input[even] >= 0).float() * grad_input[even]
        grad_input[odd] = (input[odd] < 0).float() * grad_input[odd]
        return grad_input


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

    print(json.dumps({
        'brelu': timeit(brelu, a.iters, a.rounds),
        'two_outputs': timeit(two, a.iters, a.rounds),
        'identity': timeit(identity, a.iters * 5, a.rounds),
    }))


if __name__ == '__main__':
    main()
