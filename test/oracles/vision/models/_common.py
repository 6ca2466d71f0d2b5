"""Shared by the classification-model oracles: structure, initialisation and logits of torchvision's builders.

Kwargs are Python's (`num_classes`, `zero_init_residual`); the tests send them so.
"""
import hashlib
import os

import torch

from oracles.vision._torchvision import models


def _build(name, kwargs):
    return getattr(models, name)(**(kwargs or {}))


def structure(cases):
    """For each [name, kwargs]: the state dict's [key, shape] list and the parameter count (built on the meta device)."""
    out = []
    for name, kwargs in cases:
        with torch.device('meta'):
            m = _build(name, kwargs)
        out.append({
            'keys': [[k, list(v.shape)] for k, v in m.state_dict().items()],
            'numParams': sum(p.numel() for p in m.parameters()),
        })
    return out


def _digest(t):
    return hashlib.sha1(t.detach().contiguous().cpu().numpy().tobytes()).hexdigest()


def init_hashes(name, kwargs, seed):
    """torch.manual_seed(seed), then the builder: [key, sha1 of the tensor's bytes] per state dict entry."""
    torch.manual_seed(seed)
    m = _build(name, kwargs)
    return [[k, _digest(v)] for k, v in m.state_dict().items()]


def save_and_run(name, kwargs, seed, input_shape, folder):
    """Builds with `seed`, saves the state dict to FOLDER/NAME_SEED.pt, runs an input (seed + 1) in eval
    mode and saves {'input', 'logits'} to FOLDER/NAME_SEED_io.pt; returns the two paths."""
    torch.manual_seed(seed)
    m = _build(name, kwargs).eval()
    weights = os.path.join(folder, f'{name}_{seed}.pt')
    torch.save(m.state_dict(), weights)
    torch.manual_seed(seed + 1)
    x = torch.randn(*input_shape)
    with torch.no_grad():
        y = m(x)
    io = os.path.join(folder, f'{name}_{seed}_io.pt')
    torch.save({'input': x, 'logits': y}, io)
    return [weights, io]


def weights_enums(names):
    """For each weights enum name: its members (no aliases) with url, meta (docs whitespace-collapsed,
    categories as a count, NaN metrics as 'NaN'), the preset's keyword arguments, and the DEFAULT member's name."""
    out = {}
    for enum_name in names:
        E = getattr(models, enum_name)
        members = {}
        for m in E:
            meta = {}
            for k, v in m.meta.items():
                if k == 'categories':
                    v = None if v is None else len(v)
                elif k == '_docs':
                    v = ' '.join(v.split())
                elif isinstance(v, tuple):
                    v = list(v)
                elif k == '_metrics':  # NaN (no metric) as a string: JSON has no NaN
                    v = {d: {n: ('NaN' if x != x else x) for n, x in t.items()} for d, t in v.items()}
                meta[k] = v
            kw = {k: (v.value if hasattr(v, 'value') else v) for k, v in m.transforms.keywords.items()}
            members[m._name_] = {'url': m.url, 'meta': meta, 'transforms': kw}
        out[enum_name] = {'members': members, 'default': E.DEFAULT._name_}
    return out


def list_models():
    """torchvision.models.list_models() (the classification builders)."""
    return models.list_models(module=models)


def init_many(cases, seed):
    """init_hashes for each [name, kwargs], each after torch.manual_seed(seed)."""
    return [init_hashes(name, kwargs, seed) for name, kwargs in cases]


def train_outputs(name, kwargs, seed, input_shape):
    """Training-mode forward of a seeded model on a seeded input (seed + 1): the type and shapes of what it
    returns (the named tuple of GoogLeNet/Inception3 with auxiliary logits)."""
    torch.manual_seed(seed)
    m = _build(name, kwargs).train()
    torch.manual_seed(seed + 1)
    x = torch.randn(*input_shape)
    with torch.no_grad():
        out = m(x)
    if isinstance(out, torch.Tensor):
        return {'type': 'Tensor', 'shapes': [list(out.shape)]}
    return {'type': type(out).__name__, 'fields': list(out._fields), 'shapes': [None if t is None else list(t.shape) for t in out]}
