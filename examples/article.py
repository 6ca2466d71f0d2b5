"""The seed article's four trainings in Python PyTorch, structured call for call like
examples/article.ts, so the same seed gives the same losses (the parity check of the demo). The
models are examples/article_models.py.

Usage: python3 examples/article.py [--epochs N] [--limit BATCHES] [--seed S] [--threads T]
                                  [--models a,b]
Prints one JSON line per model: {"model", "epoch_loss": [...], "test_accuracy"}.
"""
import argparse, gzip, json, os
import numpy as np
import torch
import torch.nn as nn

from article_models import MODELS

ROOT = '/usr/share/datasets/fashion-mnist'


def read_idx(path):
    with gzip.open(path, 'rb') as f:
        data = f.read()
    ndim = data[3]
    dims = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], 'big') for i in range(ndim)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


class FashionMNIST(torch.utils.data.Dataset):
    """torchvision's FashionMNIST with transforms.ToTensor(), without torchvision."""
    def __init__(self, train):
        prefix = 'train' if train else 't10k'
        self.images = torch.from_numpy(read_idx(os.path.join(ROOT, f'{prefix}-images-idx3-ubyte.gz')).copy())
        self.labels = torch.from_numpy(read_idx(os.path.join(ROOT, f'{prefix}-labels-idx1-ubyte.gz')).astype(np.int64))
    def __len__(self):
        return self.images.shape[0]
    def __getitem__(self, i):
        return self.images[i].unsqueeze(0).float().div(255), int(self.labels[i])


def train_model(model, trainloader, epochs, limit):
    criterion = nn.NLLLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=0.003)
    model.train()
    losses = []
    for e in range(epochs):
        running_loss = 0.0
        step = 0
        for images, labels in trainloader:
            images = images.view(images.shape[0], -1)
            log_ps = model(images)
            loss = criterion(log_ps, labels)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            running_loss += loss.item()
            step += 1
            if limit and step >= limit:
                break
        losses.append(running_loss)
    return losses


def test_accuracy(model, testloader):
    model.eval()
    correct = total = 0
    with torch.no_grad():
        for images, labels in testloader:
            log_ps = model(images.view(images.shape[0], -1))
            correct += int(log_ps.argmax(1).eq(labels).sum().item())
            total += labels.shape[0]
    return correct / total


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--epochs', type=int, default=5)
    p.add_argument('--limit', type=int, default=0)
    p.add_argument('--seed', type=int, default=0)
    p.add_argument('--threads', type=int, default=1)
    p.add_argument('--models', default='')
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    trainset, testset = FashionMNIST(True), FashionMNIST(False)
    testloader = torch.utils.data.DataLoader(testset, batch_size=1000)
    wanted = args.models.split(',') if args.models else [n for n, _ in MODELS]
    for name, build in MODELS:
        if name not in wanted:
            continue
        torch.manual_seed(args.seed)
        model = build()
        trainloader = torch.utils.data.DataLoader(trainset, batch_size=64, shuffle=True)
        losses = train_model(model, trainloader, args.epochs, args.limit)
        print(json.dumps({'model': name, 'epoch_loss': losses, 'test_accuracy': test_accuracy(model, testloader)}), flush=True)


if __name__ == '__main__':
    main()
