"""Python side of bench/train-article.mjs: the seed article's four models (the same definitions as
../shared/bench-reference/article_reference.py, copied below because ../shared does not travel to
the GPU machine; its BReLU is that reference's, not examples/article_models.py's, so that every
binding is timed against the same Python), trained with exactly the loop bench/train-article.mjs times in Node: data preloaded on
the device, a randperm on the device, batches of 64 indexed from the uint8 images,
float().div_(255), Adam lr 0.003, NLLLoss, loss.item() per step; warmup steps excluded; CUDA
synchronised before the clock starts and stops.

Usage: python3 bench/python/article_reference.py [--device cuda|cpu] [--limit 200] [--threads 1]
                                                 [--root DIR | --synthetic] [--only NAME]
Prints one JSON line per model: model, ms_per_step, steps, loss (the last step's), torch, device.
"""
import argparse, gzip, json, os, time
from collections import OrderedDict
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

ROOT = '/usr/share/datasets/fashion-mnist'


def read_idx(path):
    with gzip.open(path, 'rb') as f:
        data = f.read()
    magic = int.from_bytes(data[0:4], 'big')
    ndim = magic & 0xff
    dims = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], 'big') for i in range(ndim)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def silu(x):
    return x * torch.sigmoid(x)


class SiLU(nn.Module):
    def forward(self, x):
        return silu(x)


class SoftExponential(nn.Module):
    def __init__(self, alpha=0.0):
        super().__init__()
        self.alpha = nn.Parameter(torch.tensor(alpha))

    def forward(self, x):
        a = self.alpha
        if a == 0.0:
            return x
        if a < 0.0:
            return -torch.log(1 - a * (x + a)) / a
        return (torch.exp(a * x) - 1) / a + a


class BReLU(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        n = x.shape[0]
        even = list(range(0, n, 2)); odd = list(range(1, n, 2))
        out = x.clone()
        out[even] = out[even].clamp(min=0)
        out[odd] = 0 - out[odd]
        out[odd] = -out[odd].clamp(min=0)
        return out

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        gi = None
        if ctx.needs_input_grad[0]:
            gi = g.clone()
            n = x.shape[0]
            even = list(range(0, n, 2)); odd = list(range(1, n, 2))
            gi[even] = (x[even] >= 0).float() * gi[even]
            gi[odd] = (x[odd] < 0).float() * gi[odd]
        return gi


class MLP(nn.Module):
    def __init__(self, act):
        super().__init__()
        self.fc1 = nn.Linear(784, 256); self.fc2 = nn.Linear(256, 128)
        self.fc3 = nn.Linear(128, 64); self.fc4 = nn.Linear(64, 10)
        self.act = act

    def forward(self, x):
        x = x.view(x.shape[0], -1)
        a1, a2, a3 = self.act
        x = a1(self.fc1(x)); x = a2(self.fc2(x)); x = a3(self.fc3(x))
        return F.log_softmax(self.fc4(x), dim=1)


def silu_sequential():
    s = SiLU()
    return nn.Sequential(OrderedDict([
        ('fc1', nn.Linear(784, 256)), ('activation1', s),
        ('fc2', nn.Linear(256, 128)), ('bn2', nn.BatchNorm1d(128)), ('activation2', s),
        ('dropout', nn.Dropout(0.3)),
        ('fc3', nn.Linear(128, 64)), ('bn3', nn.BatchNorm1d(64)), ('activation3', s),
        ('logits', nn.Linear(64, 10)), ('logsoftmax', nn.LogSoftmax(dim=1))]))


def soft_exponential():
    se = MLP(tuple())
    se.act = None
    se.a1, se.a2, se.a3 = SoftExponential(), SoftExponential(), SoftExponential()
    se.act = (se.a1, se.a2, se.a3)
    return se


MODELS = [
    ('silu_sequential', silu_sequential),
    ('silu_module', lambda: MLP((silu, silu, silu))),
    ('soft_exponential', soft_exponential),
    ('brelu', lambda: MLP((BReLU.apply, BReLU.apply, BReLU.apply))),
]


def sync(device):
    if device.startswith('cuda'):
        torch.cuda.synchronize()


def run(build, images, labels, device, limit):
    torch.manual_seed(0)
    model = build().to(device)
    opt = torch.optim.Adam(model.parameters(), lr=0.003)
    crit = nn.NLLLoss()
    n = images.shape[0]
    perm = torch.randperm(n, device=device)
    warmup = min(20, limit // 5)
    t0, steps, b, i, last = 0.0, 0, 0, 0, 0.0
    while i < n and b < limit + warmup:
        if b == warmup:
            sync(device)
            t0 = time.perf_counter()
        idx = perm.narrow(0, i, min(64, n - i))
        x = images[idx].float().div_(255).view(-1, 784)
        y = labels[idx]
        loss = crit(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        last = loss.item()
        if b >= warmup:
            steps += 1
        i += 64
        b += 1
    sync(device)
    return (time.perf_counter() - t0) * 1000 / steps, steps, last


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--device', default='cuda' if torch.cuda.is_available() else 'cpu')
    p.add_argument('--limit', type=int, default=200)
    p.add_argument('--threads', type=int, default=0)
    p.add_argument('--root', default=ROOT)
    p.add_argument('--synthetic', action='store_true', help='random uint8 images (60000) instead of Fashion-MNIST')
    p.add_argument('--only', default='')
    args = p.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    if args.synthetic:
        g = torch.Generator().manual_seed(0)
        images = torch.randint(0, 256, (60000, 28, 28), dtype=torch.uint8, generator=g)
        labels = torch.randint(0, 10, (60000,), generator=g)
    else:
        images = torch.from_numpy(read_idx(os.path.join(args.root, 'train-images-idx3-ubyte.gz')).copy())
        labels = torch.from_numpy(read_idx(os.path.join(args.root, 'train-labels-idx1-ubyte.gz')).astype(np.int64))
    images, labels = images.to(args.device), labels.to(args.device)
    for name, build in MODELS:
        if args.only and name != args.only:
            continue
        ms, steps, loss = run(build, images, labels, args.device, args.limit)
        print(json.dumps({'model': name, 'ms_per_step': round(ms, 4), 'steps': steps, 'loss': round(loss, 4), 'torch': torch.__version__,
                          'device': args.device, 'threads': torch.get_num_threads()}), flush=True)


if __name__ == '__main__':
    main()
