"""Oracle of test/jit/script_module.test.ts: TorchScript models scripted (and one traced) by Python.

make_models(out_dir) writes the models the tests load into out_dir and returns the inputs used and
Python's outputs for them. TorchScript reads the classes' source, so they live at module level.
"""
from typing import Dict, List, NamedTuple, Optional, Tuple

import torch
from torch import Tensor, nn


class Pair(NamedTuple):
    low: Tensor
    high: Tensor


class ControlFlow(nn.Module):
    def forward(self, x: Tensor, n: int) -> Tensor:
        # A loop and branches that depend on tensor values: only scripting keeps them.
        for i in range(n):
            if bool(x.sum() > 0):
                x = x * 0.5 - 1.0
            else:
                x = x.abs() + float(i)
        while bool(x.max() > 10):
            x = x / 2
        return x


class MultiMethod(nn.Module):
    threshold: float
    label: str
    counts: List[int]
    __constants__ = ['scale_constant']

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 3)
        self.register_buffer('offset', torch.tensor([0.5, -0.5, 1.0]))
        self.threshold = 0.25
        self.label = 'multi'
        self.counts = [1, 2, 3]
        self.scale_constant = 2

    def forward(self, x: Tensor) -> Tensor:
        return self.fc(x) + self.offset

    @torch.jit.export
    def scale(self, x: Tensor, factor: float, times: int) -> Tensor:
        return x * factor * times * self.scale_constant

    @torch.jit.export
    def stats(self, x: Tensor) -> Tuple[Tensor, Tensor, int]:
        return x.mean(), x.std(), x.dim()

    @torch.jit.export
    def as_dict(self, x: Tensor) -> Dict[str, Tensor]:
        return {'pos': x.clamp(min=0), 'neg': x.clamp(max=0)}

    @torch.jit.export
    def as_list(self, x: Tensor) -> List[Tensor]:
        return [x + 1, x * 2]

    @torch.jit.export
    def maybe(self, x: Tensor, flag: bool) -> Optional[Tensor]:
        if flag:
            return x.sum()
        return None

    @torch.jit.export
    def total(self, xs: List[int], weights: Dict[str, float], keyed: Dict[int, Tensor]) -> Tuple[int, float, Tensor]:
        s = 0
        for v in xs:
            s += v
        w = 0.0
        for k, v in weights.items():
            w += v * len(k)
        t = torch.zeros(1)
        for k, v in keyed.items():
            t = t + v * k
        return s, w, t

    @torch.jit.export
    def above(self, x: Tensor) -> Tensor:
        return (x > self.threshold).sum()

    @torch.jit.export
    def describe(self, tag: Optional[str] = None) -> str:
        if tag is None:
            return self.label
        return self.label + ':' + tag

    @torch.jit.export
    def shift(self, x: Tensor, shift_by: float = 1.0, times: int = 1) -> Tensor:
        return x + shift_by * times

    @torch.jit.export
    def split(self, x: Tensor) -> Pair:
        return Pair(x.clamp(max=0), x.clamp(min=0))

    @torch.jit.export
    def join(self, p: Pair) -> Tensor:
        return p.low * 2 + p.high

    @torch.jit.export
    def names(self, n: int) -> Dict[int, str]:
        out: Dict[int, str] = {}
        for i in range(n):
            out[i * 10] = 'n' + str(i)
        return out

    @torch.jit.export
    def fail(self, x: Tensor) -> Tensor:
        if bool(x.sum() < 0):
            raise ValueError('negative input')
        return x


class Dropper(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(6, 6)
        self.bn = nn.BatchNorm1d(6)
        self.drop = nn.Dropout(0.5)

    def forward(self, x: Tensor) -> Tensor:
        return self.drop(self.bn(self.fc(x)))


class Recurrent(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(5, 7, num_layers=2, batch_first=True)
        self.gru = nn.GRU(7, 4, batch_first=True)
        self.head = nn.Linear(4, 2)

    def forward(self, x: Tensor, state: Tuple[Tensor, Tensor]) -> Tuple[Tensor, Tuple[Tensor, Tensor]]:
        y, (h, c) = self.lstm(x, state)
        z, _ = self.gru(y)
        return self.head(z[:, -1]), (h, c)


def make_models(out_dir):
    torch.manual_seed(0)

    def save(module, name):
        module.save(f'{out_dir}/{name}.pt')

    result = {}

    cf = torch.jit.script(ControlFlow())
    save(cf, 'control_flow')
    x = torch.randn(3, 4)
    result['control_flow'] = {
        'x': x.tolist(),
        'out': {str(n): cf(x, n).tolist() for n in (0, 1, 2, 5)},
        'big': cf(x * 100, 1).tolist(),
    }

    mm = torch.jit.script(MultiMethod())
    save(mm, 'multi_method')
    x = torch.randn(2, 4)
    mean, std, dim = mm.stats(x)
    d = mm.as_dict(x)
    total = mm.total([1, 2, 3, 4], {'ab': 0.5, 'c': 2.0}, {2: torch.tensor([1.5]), 3: torch.tensor([-1.0])})
    result['multi_method'] = {
        'x': x.tolist(),
        'forward': mm(x).tolist(),
        'scale': mm.scale(x, 0.5, 3).tolist(),
        'stats': [mean.item(), std.item(), dim],
        'as_dict': {k: v.tolist() for k, v in d.items()},
        'as_list': [t.tolist() for t in mm.as_list(x)],
        'maybe': mm.maybe(x, True).item(),
        'total': [total[0], total[1], total[2].tolist()],
        'above': mm.above(x).item(),
        'join': mm.join(mm.split(x)).tolist(),
        'params': [name for name, _ in mm.named_parameters()],
        'buffers': [name for name, _ in mm.named_buffers()],
        'state_dict': list(mm.state_dict().keys()),
        'fc_weight': mm.fc.weight.tolist(),
    }

    dr = torch.jit.script(Dropper())
    save(dr, 'dropper')
    x = torch.randn(4, 6)
    dr.eval()
    result['dropper'] = {'x': x.tolist(), 'eval': dr(x).tolist()}

    rec = torch.jit.script(Recurrent())
    save(rec, 'recurrent')
    x = torch.randn(3, 6, 5)
    h0 = torch.randn(2, 3, 7)
    c0 = torch.randn(2, 3, 7)
    y, (h, c) = rec(x, (h0, c0))
    result['recurrent'] = {'x': x.tolist(), 'h0': h0.tolist(), 'c0': c0.tolist(), 'y': y.tolist(), 'h': h.tolist(), 'c': c.tolist()}

    seq = nn.Sequential(nn.Linear(8, 16), nn.Tanh(), nn.Linear(16, 3), nn.LogSoftmax(dim=1)).eval()
    example = torch.randn(5, 8)
    traced = torch.jit.trace(seq, example)
    save(traced, 'traced')
    x = torch.randn(5, 8)
    result['traced'] = {'x': x.tolist(), 'out': traced(x).tolist()}

    return result


def run_resaved(path, x_values):
    """saves with save()/torch.jit.save and Python loads the copy with the same outputs"""
    m = torch.jit.load(path)
    x = torch.tensor(x_values)
    return {'label': m.describe(), 'out': m(x).tolist()}
