"""The seed article's four models in Python PyTorch: the twin of examples/article_models.ts and
the one Python definition of SiLU, Soft Exponential and BReLU that the Python references import
(examples/article.py, bench/python/, test/fixtures/brelu.py, test/oracles/).

Import it with the examples folder on sys.path:
    sys.path.insert(0, os.path.join(REPO_ROOT, 'examples')); from article_models import BReLU
"""
from collections import OrderedDict
import torch
import torch.nn as nn
import torch.nn.functional as F


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
