"""torchvision.transforms.functional's color operations on tensor images, for
test/vision/transforms/functional/color.test.ts.

Each case names a functional op, its positional and keyword arguments (JSON) and an input image
drawn from a seeded generator. The result holds the input (so both sides start from the same
pixels) and torchvision's output with its dtype, or the exception's type and message.
"""
import torch

from oracles.vision._torchvision import F

OPS = {
    'adjustBrightness': F.adjust_brightness, 'adjustContrast': F.adjust_contrast,
    'adjustSaturation': F.adjust_saturation, 'adjustHue': F.adjust_hue, 'adjustGamma': F.adjust_gamma,
    'adjustSharpness': F.adjust_sharpness, 'rgbToGrayscale': F.rgb_to_grayscale, 'invert': F.invert,
    'posterize': F.posterize, 'solarize': F.solarize, 'autocontrast': F.autocontrast, 'equalize': F.equalize,
    'gaussianBlur': F.gaussian_blur,
}


def image(spec):
    """A seeded image: uint8 in [0, 255] (or [lo, hi)) or floats in [0, 1); 'flat' makes channel 0 constant."""
    g = torch.Generator().manual_seed(spec['seed'])
    dtype = getattr(torch, spec['dtype'])
    if dtype.is_floating_point:
        img = torch.rand(spec['shape'], generator=g, dtype=dtype)
    else:
        lo, hi = spec.get('range', [0, 256])
        img = torch.randint(lo, hi, spec['shape'], generator=g, dtype=dtype)
    if spec.get('flat'):
        img[..., 0, :, :] = img[..., 0, 0, 0].reshape(img.shape[:-3] + (1, 1)) if img.ndim > 3 else img[0, 0, 0]
    return img


def run(cases):
    """{name: {input, output, dtype} or {input, error, message}} for each case."""
    res = {}
    for c in cases:
        img = image(c['input'])
        entry = {'input': img.tolist()}
        try:
            out = OPS[c['op']](img.clone(), *c.get('args', []), **c.get('kwargs', {}))
            entry['output'] = out.tolist()
            entry['dtype'] = str(out.dtype).replace('torch.', '')
        except Exception as e:  # noqa: BLE001 - the test compares the message
            entry['error'] = type(e).__name__
            entry['message'] = str(e)
        res[c['name']] = entry
    return res
