"""Python side of bench/memory.mjs: the same loops and training as the Node side, reporting RSS.

Usage: python3 bench/python/memory_reference.py CASE [--epochs N] [--limit BATCHES]
CASE: small (1,000,000 small-tensor ops), big (10,000 x 4 MB tensors), train (the article's
silu_module MLP: 784-256-128-64-10, Adam lr 0.003, NLLLoss, batch 64, Fashion-MNIST).
Prints one JSON line: {case, peak_mb, chunk_peak_mb: [...], seconds}. Peak RSS from
getrusage; per-chunk (per-epoch) peaks from sampling /proc/self/statm.
"""
import argparse, gzip, json, os, resource, time
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

PAGE = os.sysconf('SC_PAGE_SIZE')
ROOT = '/usr/share/datasets/fashion-mnist'
ARTICLE_CASES = ['silu_sequential', 'silu_module', 'soft_exponential', 'brelu']

def rss_mb():
    with open('/proc/self/statm') as f:
        return int(f.read().split()[1]) * PAGE / 1e6

def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e6

def read_idx(path):
    with gzip.open(path, 'rb') as f:
        data = f.read()
    ndim = data[3]
    dims = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], 'big') for i in range(ndim)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)

class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 256); self.fc2 = nn.Linear(256, 128)
        self.fc3 = nn.Linear(128, 64); self.fc4 = nn.Linear(64, 10)
    def forward(self, x):
        x = x.view(x.shape[0], -1)
        x = F.silu(self.fc1(x)); x = F.silu(self.fc2(x)); x = F.silu(self.fc3(x))
        return F.log_softmax(self.fc4(x), dim=1)

def main():
    p = argparse.ArgumentParser()
    p.add_argument('case')
    p.add_argument('--epochs', type=int, default=5)
    p.add_argument('--limit', type=int, default=0)
    args = p.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(0)
    chunks = []
    t0 = time.perf_counter()
    if args.case == 'small':
        a = torch.ones(4); b = torch.ones(4)
        for c in range(10):
            m = 0.0
            for i in range(100000):
                y = a.mul(b).add(1)
                if i % 1000 == 0: m = max(m, rss_mb())
            chunks.append(m)
    elif args.case == 'big':
        for c in range(10):
            m = 0.0
            for i in range(1000):
                y = torch.ones(1 << 20)  # 4 MB
                if i % 10 == 0: m = max(m, rss_mb())
            chunks.append(m)
    elif args.case in ARTICLE_CASES:
        # The article's training over the DataLoader, as examples/article.py runs it.
        import sys
        sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'examples'))
        import article
        trainset = article.FashionMNIST(True)
        model = dict(article.MODELS)[args.case]()
        trainloader = torch.utils.data.DataLoader(trainset, batch_size=64, shuffle=True)
        criterion = nn.NLLLoss()
        optimizer = torch.optim.Adam(model.parameters(), lr=0.003)
        for e in range(args.epochs):
            m = 0.0
            nb = 0
            for images, labels in trainloader:
                images = images.view(images.shape[0], -1)
                loss = criterion(model(images), labels)
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                loss.item()
                nb += 1
                if nb % 20 == 0: m = max(m, rss_mb())
                if args.limit and nb >= args.limit: break
            chunks.append(m)
    else:
        images = torch.from_numpy(read_idx(os.path.join(ROOT, 'train-images-idx3-ubyte.gz')).copy())
        labels = torch.from_numpy(read_idx(os.path.join(ROOT, 'train-labels-idx1-ubyte.gz')).astype(np.int64))
        n = images.shape[0]
        model = MLP()
        opt = torch.optim.Adam(model.parameters(), lr=0.003)
        crit = nn.NLLLoss()
        for e in range(args.epochs):
            perm = torch.randperm(n)
            m = 0.0
            nb = 0
            for i in range(0, n, 64):
                idx = perm[i:i + 64]
                x = images[idx].float().div_(255).view(-1, 784)
                y = labels[idx]
                loss = crit(model(x), y)
                opt.zero_grad()
                loss.backward()
                opt.step()
                loss.item()
                nb += 1
                if nb % 20 == 0: m = max(m, rss_mb())
                if args.limit and nb >= args.limit: break
            chunks.append(m)
    print(json.dumps({'case': args.case, 'peak_mb': round(peak_mb(), 1),
                      'chunk_peak_mb': [round(c, 1) for c in chunks],
                      'seconds': round(time.perf_counter() - t0, 2)}), flush=True)

if __name__ == '__main__':
    main()
