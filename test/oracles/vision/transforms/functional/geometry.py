"""torchvision.transforms.functional's geometry on tensor images, for
test/vision/transforms/functional/geometry.test.ts.

Each case names a functional op, its positional and keyword arguments (JSON; an interpolation is
its InterpolationMode value, a tensor argument is {"tensor": nested list, "dtype": name}) and an
input image drawn from a seeded generator. The result holds the input (so both sides start from
the same pixels) and torchvision's output, or the exception's type and message.
"""
import torch

from oracles.vision._torchvision import F
from oracles.vision.transforms._common import pil_resampling

OPS = {
    'resize': F.resize, 'crop': F.crop, 'centerCrop': F.center_crop, 'resizedCrop': F.resized_crop,
    'hflip': F.hflip, 'vflip': F.vflip, 'pad': F.pad, 'rotate': F.rotate, 'affine': F.affine,
    'perspective': F.perspective, 'fiveCrop': F.five_crop, 'tenCrop': F.ten_crop,
    'elasticTransform': F.elastic_transform,
}


def image(spec):
    """A seeded image: uint8 in [0, 255] or floats in [0, 1)."""
    g = torch.Generator().manual_seed(spec['seed'])
    dtype = getattr(torch, spec['dtype'])
    if dtype == torch.uint8:
        return torch.randint(0, 256, spec['shape'], generator=g, dtype=dtype)
    return torch.rand(spec['shape'], generator=g, dtype=dtype)


def _arg(name, v):
    if name == 'interpolation' and isinstance(v, str):
        return F.InterpolationMode(v)
    if isinstance(v, dict) and 'tensor' in v:
        return torch.tensor(v['tensor'], dtype=getattr(torch, v['dtype']))
    return v


def _out(y):
    if isinstance(y, (tuple, list)):
        return [t.tolist() for t in y]
    return y.tolist()


def run(cases):
    """{name: {input, output} or {input, error, message}} for each case."""
    res = {}
    for c in cases:
        img = image(c['input'])
        fn = OPS[c['op']]
        params = list(fn.__code__.co_varnames[1:fn.__code__.co_argcount])
        args = [_arg(params[i], a) for i, a in enumerate(c.get('args', []))]
        kwargs = {k: _arg(k, v) for k, v in c.get('kwargs', {}).items()}
        entry = {'input': img.tolist()}
        try:
            entry['output'] = _out(fn(img, *args, **kwargs))
            if img.dtype == torch.uint8 and img.ndim == 3 and img.shape[0] in (1, 3):
                with pil_resampling():  # what an Image of it (mode L or RGB) gives
                    entry['image_output'] = _out(fn(img, *args, **kwargs))
        except Exception as e:  # noqa: BLE001 - the test compares the message
            entry['error'] = type(e).__name__
            entry['message'] = str(e)
        res[c['name']] = entry
    return res


def affine_matrices(cases):
    """_get_inverse_affine_matrix(center, angle, translate, scale, shear) for each [args...]."""
    return [F._get_inverse_affine_matrix(*c) for c in cases]


def perspective_coeffs(cases):
    """_get_perspective_coeffs(startpoints, endpoints) for each pair."""
    return [F._get_perspective_coeffs(s, e) for s, e in cases]


def pil_resized(data, cases):
    """Pillow's own resizing of the uint8 C x H x W image `data` (mode L for 1 channel, RGB for 3):
    for each [top, left, height, width, [h, w], 'bilinear' | 'bicubic'], Image.crop then
    Image.resize, as torchvision's resized_crop runs on PIL images; C x H x W lists."""
    from PIL import Image
    import numpy as np
    a = np.array(data, dtype=np.uint8)
    im = Image.fromarray(a[0] if a.shape[0] == 1 else a.transpose(1, 2, 0))
    filters = {'bilinear': Image.BILINEAR, 'bicubic': Image.BICUBIC}
    out = []
    for top, left, h, w, size, mode in cases:
        r = np.asarray(im.crop((left, top, left + w, top + h)).resize((size[1], size[0]), filters[mode]))
        out.append((r[None] if r.ndim == 2 else r.transpose(2, 0, 1)).tolist())
    return out
