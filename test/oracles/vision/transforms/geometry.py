"""torchvision.transforms' geometric transforms on tensor images, for
test/vision/transforms/geometry.test.ts.

A case names a transform class, its constructor arguments (JSON; an interpolation is its
InterpolationMode value), a seeded input image and the torch seeds to run it under: for each seed,
torch.manual_seed(seed) then the transform, as a training loop would. get_params cases draw a
transform's random parameters alone under a seed. Results hold torchvision's outputs, reprs and
exception messages.
"""
import inspect

import torch

from oracles.vision._torchvision import transforms
from oracles.vision.transforms.functional.geometry import image
from oracles.vision.transforms._common import pil_resampling

IM = transforms.InterpolationMode


def _kwargs(cls, kwargs):
    out = {}
    for k, v in kwargs.items():
        if k == 'interpolation':
            v = IM(v)
        if cls == 'ElasticTransform' and k in ('alpha', 'sigma'):
            # torchvision takes floats only there; JSON writes 50.0 as 50
            v = [float(x) for x in v] if isinstance(v, list) else float(v)
        out[k] = v
    return out


def make(cls, args, kwargs):
    ctor = getattr(transforms, cls)
    names = list(inspect.signature(ctor).parameters)
    named = _kwargs(cls, dict(zip(names, args)))
    return ctor(*[named[n] for n in names[:len(args)]], **_kwargs(cls, kwargs))


def _out(y):
    if isinstance(y, (tuple, list)):
        return [t.tolist() for t in y]
    return y.tolist()


def run(cases):
    """{name: {input, outputs: [per seed], repr}} or {error, message} when construction or a call raises."""
    res = {}
    for c in cases:
        img = image(c['input'])
        entry = {'input': img.tolist()}
        try:
            t = make(c['cls'], c.get('args', []), c.get('kwargs', {}))
            entry['repr'] = repr(t)
            outs = []
            for seed in c['seeds']:
                torch.manual_seed(seed)
                outs.append(_out(t(img)))
            entry['outputs'] = outs
            if img.dtype == torch.uint8 and img.ndim == 3 and img.shape[0] in (1, 3):
                with pil_resampling():  # what an Image of it (mode L or RGB) gives, first seed
                    torch.manual_seed(c['seeds'][0])
                    entry['image_output'] = _out(t(img))
        except Exception as e:  # noqa: BLE001 - the test compares the message
            entry['error'] = type(e).__name__
            entry['message'] = str(e)
        res[c['name']] = entry
    return res


def params(cases):
    """get_params of each case under each of its seeds (tensors as lists)."""
    res = {}
    for c in cases:
        cls = getattr(transforms, c['cls'])
        args = list(c['args'])
        if 'image' in c:
            args = [image(c['image'])] + args
        outs = []
        for seed in c['seeds']:
            torch.manual_seed(seed)
            p = cls.get_params(*args)
            outs.append(p.tolist() if isinstance(p, torch.Tensor) else p)
        res[c['name']] = outs
    return res
