"""torchvision.transforms.functional's conversions and basics (convert_image_dtype, normalize, erase,
to_tensor / pil_to_tensor / to_pil_image with PIL images, get_dimensions), for
test/vision/transforms/functional/misc.test.ts.
"""
import numpy as np
import torch
from PIL import Image

from oracles.vision._torchvision import F


def image(spec):
    """A seeded image: integers over the dtype's whole range, floats in [0, 1)."""
    g = torch.Generator().manual_seed(spec['seed'])
    dtype = getattr(torch, spec['dtype'])
    if dtype.is_floating_point:
        return torch.rand(spec['shape'], generator=g, dtype=dtype)
    if dtype == torch.uint8:
        return torch.randint(0, 256, spec['shape'], generator=g, dtype=dtype)
    info = torch.iinfo(dtype)
    lo, hi = max(info.min, -(2 ** 31)), min(info.max, 2 ** 31 - 1)
    img = torch.randint(lo, hi, spec['shape'], generator=g, dtype=torch.int64).to(dtype)
    img.view(-1)[0] = info.max
    img.view(-1)[1] = info.min
    return img


def _error(e):
    return {'error': type(e).__name__, 'message': str(e)}


def convert(cases):
    """convert_image_dtype(image, dtype) for [name, input spec, dtype] cases."""
    res = {}
    for name, spec, dtype in cases:
        img = image(spec)
        entry = {'input': img.tolist()}
        try:
            out = F.convert_image_dtype(img, getattr(torch, dtype))
            # int64 values pass 2 ** 53: as decimal strings
            data = [str(v) for v in out.flatten().tolist()] if out.dtype == torch.int64 else out.tolist()
            entry.update(output=data, dtype=str(out.dtype).replace('torch.', ''))
        except Exception as e:  # noqa: BLE001
            entry.update(_error(e))
        res[name] = entry
    return res


def normalize(cases):
    """normalize(tensor, mean, std, inplace) for [name, input spec, mean, std] cases."""
    res = {}
    for name, spec, mean, std in cases:
        img = image(spec)
        entry = {'input': img.tolist()}
        try:
            entry['output'] = F.normalize(img, mean, std).tolist()
        except Exception as e:  # noqa: BLE001
            entry.update(_error(e))
        res[name] = entry
    return res


def erase(spec, boxes):
    """erase(img, i, j, h, w, v) for each [i, j, h, w, v] (v a number or a per-channel list)."""
    img = image(spec)
    return {'input': img.tolist(), 'outputs': [
        F.erase(img, i, j, h, w, torch.tensor(v, dtype=torch.float32).view(-1, 1, 1) if isinstance(v, list) else torch.tensor(v)).tolist()
        for i, j, h, w, v in boxes]}


def pil(specs):
    """For uint8 C x H x W images: to_tensor and pil_to_tensor of the PIL image, its size and dimensions."""
    res = []
    for spec in specs:
        img = image(spec)
        arr = img.permute(1, 2, 0).numpy()
        p = Image.fromarray(arr[:, :, 0] if arr.shape[2] == 1 else arr, mode={1: 'L', 2: 'LA', 3: 'RGB', 4: 'RGBA'}[arr.shape[2]])
        res.append({'input': img.tolist(), 'toTensor': F.to_tensor(p).tolist(), 'pilToTensor': F.pil_to_tensor(p).tolist(),
                    'dimensions': F.get_dimensions(p), 'size': F.get_image_size(p), 'channels': F.get_image_num_channels(p),
                    'tensorDimensions': F.get_dimensions(img), 'tensorSize': F.get_image_size(img)})
    return res


def to_pil(cases):
    """to_pil_image(tensor, mode): the PIL image's mode and pixels (C x H x W), or the error."""
    res = {}
    for name, spec, mode in cases:
        img = image(spec)
        entry = {'input': img.tolist()}
        try:
            p = F.to_pil_image(img, mode)
            a = torch.from_numpy(np.array(p))
            a = a.unsqueeze(0) if a.ndim == 2 else a.permute(2, 0, 1)
            entry.update(mode=p.mode, output=a.tolist())
        except Exception as e:  # noqa: BLE001
            entry.update(_error(e))
        res[name] = entry
    return res
