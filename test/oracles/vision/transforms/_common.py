"""Shared by the transforms oracles: seeded input images, transforms built from JSON specs, and a
runner that applies a transform after each seed.

A transform spec is {"t": class name, "args": [...], "kwargs": {...}}; inside arguments,
{"t": ...} is a nested transform, {"tensor": nested list, "dtype": name} a tensor,
{"dtype": name} a torch dtype, {"interpolation": value} an InterpolationMode and
{"policy": value} an AutoAugmentPolicy.
"""
import contextlib
import random

import torch

from oracles.vision._torchvision import transforms
import torchvision.transforms._functional_tensor as F_t


def image(spec):
    """A seeded image: uint8 in [0, 255] or floats in [0, 1)."""
    g = torch.Generator().manual_seed(spec['seed'])
    dtype = getattr(torch, spec['dtype'])
    if dtype.is_floating_point:
        return torch.rand(spec['shape'], generator=g, dtype=dtype)
    return torch.randint(0, 256, spec['shape'], generator=g, dtype=dtype)


def value(v):
    if isinstance(v, list):
        return [value(x) for x in v]
    if isinstance(v, dict):
        if 't' in v:
            return build(v)
        if 'tensor' in v:
            return torch.tensor(v['tensor'], dtype=getattr(torch, v['dtype']))
        if 'dtype' in v:
            return getattr(torch, v['dtype'])
        if 'interpolation' in v:
            return transforms.InterpolationMode(v['interpolation'])
        if 'policy' in v:
            return transforms.AutoAugmentPolicy(v['policy'])
    return v


def build(spec):
    cls = getattr(transforms, spec['t'])
    return cls(*[value(a) for a in spec.get('args', [])], **{k: value(v) for k, v in spec.get('kwargs', {}).items()})


@contextlib.contextmanager
def pil_resampling():
    """torchvision's tensor transforms with resize done as on PIL images of mode L or RGB: the
    uint8 antialiased kernel (Pillow's filter; torchvision v2's uint8 path), always antialiased
    as Pillow is. What torch-node's Image (the PIL stand-in) gives."""
    tensor_resize = F_t.resize

    def resize(img, size, interpolation='bilinear', antialias=True):
        if img.dtype == torch.uint8 and img.ndim == 3 and img.shape[0] in (1, 3) and interpolation in ('bilinear', 'bicubic'):
            return torch.nn.functional.interpolate(img[None], size=size, mode=interpolation, align_corners=False, antialias=True)[0]
        return tensor_resize(img, size, interpolation=interpolation, antialias=antialias)

    F_t.resize = resize
    try:
        yield
    finally:
        F_t.resize = tensor_resize


def _out(y):
    if isinstance(y, torch.Tensor):
        return {'dtype': str(y.dtype).replace('torch.', ''), 'data': y.tolist()}
    return repr(y)


def _apply(t, img, seeds):
    """t applied to a copy of img after each seed (torch's and Python's random), or the error."""
    outs = []
    for seed in seeds:
        torch.manual_seed(seed)
        random.seed(seed)
        try:
            outs.append(_out(t(img.clone())))
        except Exception as e:  # noqa: BLE001 - the test compares the message
            outs.append({'error': type(e).__name__, 'message': str(e)})
    return outs


def run(cases):
    """{name: {input, repr, outputs: [per seed]} or {error, message}} for each case; an output is
    {dtype, data}, or {error, message} when that application raised.

    Before each application, torch.manual_seed(seed) and random.seed(seed) (Python's random, which
    RandomChoice and RandomOrder draw from).
    """
    res = {}
    for c in cases:
        entry = {}
        try:
            t = build(c['transform'])
            entry['repr'] = repr(t)
            if 'input' in c:
                img = image(c['input'])
                entry['input'] = img.tolist()
                entry['outputs'] = _apply(t, img, c.get('seeds', [0]))
                if img.dtype == torch.uint8 and img.ndim == 3 and img.shape[0] in (1, 3):
                    # An Image of the input (mode L or RGB) resamples as Pillow: the first seeds.
                    with pil_resampling():
                        entry['image_outputs'] = _apply(t, img, c.get('seeds', [0])[:3])
        except Exception as e:  # noqa: BLE001 - the test compares the message
            entry['error'] = type(e).__name__
            entry['message'] = str(e)
        res[c['name']] = entry
    return res
