"""Python side of bench/amp.mjs: the article's SiLU classifier (examples/article_models.py), one
training step per batch of 64 synthetic images, forward and loss under CPU autocast (bfloat16) or
in float32, Adam lr 0.003, NLLLoss, loss.item() per step, warmup steps excluded. The best of
--rounds rounds.

Usage: python3 bench/python/amp.py [--steps 200] [--rounds 3] [--threads 1]
Prints one JSON line: {"autocast": ms_per_step, "float32": ms_per_step, "torch": version}.
"""
import argparse
import json
import os
import sys
import time

import torch

sys.path.append(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'examples'))
from article_models import ClassifierSiLU  # noqa: E402


def run(steps, use_autocast):
    torch.manual_seed(0)
    model = ClassifierSiLU()
    opt = torch.optim.Adam(model.parameters(), lr=0.003)
    crit = torch.nn.NLLLoss()
    g = torch.Generator().manual_seed(0)
    images = torch.randint(0, 256, (64 * 32, 784), dtype=torch.uint8, generator=g).float().div_(255)
    labels = torch.randint(0, 10, (64 * 32,), generator=g)
    warmup = 20
    t0 = 0.0
    for i in range(steps + warmup):
        if i == warmup:
            t0 = time.perf_counter()
        b = (i % 32) * 64
        x, y = images[b:b + 64], labels[b:b + 64]
        with torch.autocast('cpu', dtype=torch.bfloat16, enabled=use_autocast):
            loss = crit(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        loss.item()
    return (time.perf_counter() - t0) * 1000 / steps


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--steps', type=int, default=200)
    p.add_argument('--rounds', type=int, default=3)
    p.add_argument('--threads', type=int, default=1)
    a = p.parse_args()
    if a.threads > 0:
        torch.set_num_threads(a.threads)
    best = {'autocast': float('inf'), 'float32': float('inf')}
    for _ in range(a.rounds):
        best['autocast'] = min(best['autocast'], run(a.steps, True))
        best['float32'] = min(best['float32'], run(a.steps, False))
    print(json.dumps({**best, 'torch': torch.__version__}))


if __name__ == '__main__':
    main()
