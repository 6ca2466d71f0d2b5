"""The seed article's four trainings in Python PyTorch, structured call for call like
examples/article.ts, so the same seed gives the same losses (the parity check of the demo).

Usage: python3 scripts/article_parity.py [--epochs N] [--limit BATCHES] [--seed S] [--threads T]
                                          [--models a,b]
Prints one JSON line per model: {"model", "epoch_loss": [...], "test_accuracy"}.
"""
import argparse, gzip, json, os
from collections import OrderedDict
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

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


def silu(input):
    return input * torch.sigmoid(input)

class SiLU(nn.Module):
    def forward(self, input):
        return silu(input)

def silu_sequential():
    act = SiLU()
    return nn.Sequential(OrderedDict([
        ('fc1', nn.Linear(784, 256)), ('activation1', act),
        ('fc2', nn.Linear(256, 128)), ('bn2', nn.BatchNorm1d(128)), ('activation2', act),
        ('dropout', nn.Dropout(0.3)),
        ('fc3', nn.Linear(128, 64)), ('bn3', nn.BatchNorm1d(64)), ('activation3', act),
        ('logits', nn.Linear(64, 10)), ('logsoftmax', nn.LogSoftmax(dim=1))]))

class ClassifierSiLU(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 256); self.fc2 = nn.Linear(256, 128)
        self.fc3 = nn.Linear(128, 64); self.fc4 = nn.Linear(64, 10)
    def forward(self, x):
        x = x.view(x.shape[0], -1)
        x = silu(self.fc1(x)); x = silu(self.fc2(x)); x = silu(self.fc3(x))
        return F.log_softmax(self.fc4(x), dim=1)

class SoftExponential(nn.Module):
    def __init__(self, in_features, alpha=None):
        super().__init__()
        self.in_features = in_features
        self.alpha = nn.Parameter(torch.tensor(alpha if alpha is not None else 0.0))
        self.alpha.requires_grad = True
    def forward(self, x):
        if self.alpha == 0.0:
            return x
        if self.alpha < 0.0:
            return -torch.log(1 - self.alpha * (x + self.alpha)) / self.alpha
        return (torch.exp(self.alpha * x) - 1) / self.alpha + self.alpha

class ClassifierSExp(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 256); self.fc2 = nn.Linear(256, 128)
        self.fc3 = nn.Linear(128, 64); self.fc4 = nn.Linear(64, 10)
        self.a1 = SoftExponential(256); self.a2 = SoftExponential(128); self.a3 = SoftExponential(64)
    def forward(self, x):
        x = x.view(x.shape[0], -1)
        x = self.a1(self.fc1(x)); x = self.a2(self.fc2(x)); x = self.a3(self.fc3(x))
        return F.log_softmax(self.fc4(x), dim=1)

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

brelu = BReLU.apply

class ClassifierBReLU(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 256); self.fc2 = nn.Linear(256, 128)
        self.fc3 = nn.Linear(128, 64); self.fc4 = nn.Linear(64, 10)
    def forward(self, x):
        x = x.view(x.shape[0], -1)
        x = brelu(self.fc1(x)); x = brelu(self.fc2(x)); x = brelu(self.fc3(x))
        return F.log_softmax(self.fc4(x), dim=1)

MODELS = [('silu_sequential', silu_sequential), ('silu_module', ClassifierSiLU),
          ('soft_exponential', ClassifierSExp), ('brelu', ClassifierBReLU)]


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
