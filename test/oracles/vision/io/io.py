"""Oracles for test/vision/io/io.test.ts: torchvision.io's image decoders.

torchvision's C++ decoders (decode_png, decode_jpeg) do not load here, so the expected pixels come
from a reference implementation written out below, over the samples the fixtures were made from:

- PNG: torchvision's decode_png sets libpng transformations per mode (palette_to_rgb, strip_alpha,
  add_alpha with filler (1 << bit_depth) - 1, gray_to_rgb, rgb_to_gray(1, 0.2989, 0.587)).
  `png_reference` redoes libpng's arithmetic for them: rgb_to_gray in fixed point (coefficients
  29890 * 32768 // 100000 = 9794, 58700 * 32768 // 100000 = 19234, blue 32768 - both = 3740;
  8-bit truncates, 16-bit rounds, R == G == B passes through), and, for an 8-bit file whose gAMA
  (or sRGB: 45455) is not within 5% of 1, libpng's gamma tables (png_gamma_8bit_correct: floor(255
  * (v / 255) ** (g / 1e5) + 0.5), to linear with png_reciprocal(file gamma), back with
  png_reciprocal(png_reciprocal(file gamma)), the sum rounded).
- JPEG: Pillow decodes with libjpeg-turbo, torchvision's decoder: RGB as libjpeg's JCS_RGB output,
  GRAY as its JCS_GRAYSCALE output (the stored Y plane; Pillow's draft('L') asks libjpeg for it).

The fixture files are written here (Pillow for 8-bit files; a small PNG writer for what Pillow does
not write: 16-bit colour, gAMA/sRGB chunks, tRNS on gray, 2- and 4-bit gray).
"""
import io as _io
import math
import os
import struct
import zlib

import numpy as np
from PIL import Image

MODES = ['UNCHANGED', 'GRAY', 'GRAY_ALPHA', 'RGB', 'RGB_ALPHA']


def _chunk(kind, data):
    return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data) & 0xFFFFFFFF)


def _pack_low_bits(row, bits):
    """Packs 1-, 2- or 4-bit samples, most significant first, as PNG rows are."""
    per = 8 // bits
    pad = (-len(row)) % per
    row = np.concatenate([row, np.zeros(pad, row.dtype)]).reshape(-1, per)
    shifts = np.arange(per - 1, -1, -1) * bits
    return (row.astype(np.uint16) << shifts).sum(axis=1).astype(np.uint8).tobytes()


def write_png(path, samples, color_type, bit_depth, gamma=None, srgb=False, trns=None, palette=None):
    """A PNG of `samples` (H x W x C, C per colour type) with filter 0 rows."""
    h, w = samples.shape[:2]
    samples = samples.reshape(h, w, -1)
    rows = []
    for y in range(h):
        if bit_depth == 16:
            data = samples[y].astype('>u2').tobytes()
        elif bit_depth < 8:
            data = _pack_low_bits(samples[y].reshape(-1), bit_depth)
        else:
            data = samples[y].astype(np.uint8).tobytes()
        rows.append(b'\x00' + data)
    out = b'\x89PNG\r\n\x1a\n' + _chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, bit_depth, color_type, 0, 0, 0))
    if srgb:
        out += _chunk(b'sRGB', b'\x00')
    if gamma is not None:
        out += _chunk(b'gAMA', struct.pack('>I', gamma))
    if palette is not None:
        out += _chunk(b'PLTE', palette.astype(np.uint8).tobytes())
    if trns is not None:
        out += _chunk(b'tRNS', trns)
    out += _chunk(b'IDAT', zlib.compress(b''.join(rows))) + _chunk(b'IEND', b'')
    with open(path, 'wb') as f:
        f.write(out)


def _gamma_table(g):
    return np.array([v if v in (0, 255) else math.floor(255 * math.pow(v / 255.0, g * 1e-5) + 0.5) for v in range(256)], np.int64)


def _reciprocal(g):
    return math.floor(1e10 / g + 0.5)


def _rgb_to_gray(rgb, bit_depth, gamma):
    r, g, b = (rgb[..., i].astype(np.int64) for i in range(3))
    if bit_depth == 16:
        y = (9794 * r + 19234 * g + 3740 * b + 16384) >> 15
    elif gamma is not None and (gamma < 95000 or gamma > 105000):
        to1, from1 = _gamma_table(_reciprocal(gamma)), _gamma_table(_reciprocal(_reciprocal(gamma)))
        y = from1[(9794 * to1[r] + 19234 * to1[g] + 3740 * to1[b] + 16384) >> 15]
    else:
        y = (9794 * r + 19234 * g + 3740 * b) >> 15
    return np.where((r == g) & (r == b), r, y)


def png_reference(samples, color_type, bit_depth, mode, gamma=None, palette=None, trns=None):
    """torchvision.io.decode_png's result (C x H x W) for a PNG of `samples` (H x W x C)."""
    h, w = samples.shape[:2]
    s = samples.reshape(h, w, -1).astype(np.int64)
    if bit_depth < 8 and color_type == 0:
        s = s * (255 // ((1 << bit_depth) - 1))  # png_set_expand_gray_1_2_4_to_8
    filler = (1 << bit_depth) - 1
    if color_type == 3 and mode == 'UNCHANGED':  # libpng's rows: the indices
        return s.transpose(2, 0, 1)
    if color_type == 3:  # palette: libpng expands to RGB, with tRNS as alpha
        rgb = palette.reshape(-1, 3)[s[..., 0]]
        if trns is not None:
            alpha = np.full(len(palette.reshape(-1, 3)), 255)
            alpha[:len(trns)] = list(trns)
            s = np.concatenate([rgb, alpha[s[..., 0]][..., None]], axis=2)
        else:
            s = rgb
        color_type = 6 if trns is not None else 2
        filler = 255
        bit_depth = 8
    has_alpha = color_type in (4, 6)
    color = s[..., :3] if color_type in (2, 6) else np.repeat(s[..., :1], 3, axis=2)
    alpha = s[..., -1:] if has_alpha else np.full((h, w, 1), filler)
    if mode == 'UNCHANGED':
        out = s
    elif mode in ('GRAY', 'GRAY_ALPHA'):
        gray = s[..., :1] if color_type in (0, 4) else _rgb_to_gray(color, bit_depth, gamma)[..., None]
        out = gray if mode == 'GRAY' else np.concatenate([gray, alpha], axis=2)
    else:
        out = color if mode == 'RGB' else np.concatenate([color, alpha], axis=2)
    return out.transpose(2, 0, 1)


def _png_cases():
    rng = np.random.default_rng(0)
    h, w = 23, 37
    px8 = rng.integers(0, 256, (h, w, 4))
    px16 = rng.integers(0, 65536, (h, w, 4))
    # Some gray pixels (R == G == B) among the colour ones: libpng keeps those as they are.
    px8[::3, ::4, 1] = px8[::3, ::4, 0]
    px8[::3, ::4, 2] = px8[::3, ::4, 0]
    palette = rng.integers(0, 256, (16, 3))
    idx = rng.integers(0, 16, (h, w, 1))
    return {
        'gray8': dict(samples=px8[..., :1], color_type=0, bit_depth=8),
        'gray_alpha8': dict(samples=px8[..., :2], color_type=4, bit_depth=8),
        'rgb8': dict(samples=px8[..., :3], color_type=2, bit_depth=8),
        'rgba8': dict(samples=px8, color_type=6, bit_depth=8),
        'gray1': dict(samples=px8[..., :1] & 1, color_type=0, bit_depth=1),
        'gray2': dict(samples=px8[..., :1] & 3, color_type=0, bit_depth=2),
        'gray4': dict(samples=px8[..., :1] & 15, color_type=0, bit_depth=4),
        'gray8_trns': dict(samples=px8[..., :1], color_type=0, bit_depth=8, trns=struct.pack('>H', int(px8[0, 0, 0]))),
        'rgb8_trns': dict(samples=px8[..., :3], color_type=2, bit_depth=8, trns=struct.pack('>HHH', *map(int, px8[0, 0, :3]))),
        'palette_trns': dict(samples=idx, color_type=3, bit_depth=8, palette=palette, trns=bytes(range(0, 160, 20))),
        'palette8': dict(samples=idx, color_type=3, bit_depth=8, palette=palette),
        'palette4': dict(samples=idx, color_type=3, bit_depth=4, palette=palette),
        'rgb8_gamma': dict(samples=px8[..., :3], color_type=2, bit_depth=8, gamma=45455),
        'rgba8_gamma_1_8': dict(samples=px8, color_type=6, bit_depth=8, gamma=55556),
        'rgb8_gamma_1': dict(samples=px8[..., :3], color_type=2, bit_depth=8, gamma=100000),
        'rgb8_srgb': dict(samples=px8[..., :3], color_type=2, bit_depth=8, gamma=45455, srgb=True),
        'gray16': dict(samples=px16[..., :1], color_type=0, bit_depth=16),
        'gray_alpha16': dict(samples=px16[..., :2], color_type=4, bit_depth=16),
        'rgb16': dict(samples=px16[..., :3], color_type=2, bit_depth=16),
        'rgba16': dict(samples=px16, color_type=6, bit_depth=16),
    }


def png_fixtures(folder):
    """Writes the PNG cases into `folder`; returns {case: {file, mode: expected C x H x W list}}."""
    out = {}
    for name, c in _png_cases().items():
        path = os.path.join(folder, name + '.png')
        write_png(path, c['samples'], c['color_type'], c['bit_depth'], gamma=c.get('gamma'), srgb=c.get('srgb', False),
                  trns=c.get('trns'), palette=c.get('palette'))
        expected = {}
        for mode in MODES:
            if c['color_type'] == 3 and ((mode == 'UNCHANGED' and c['bit_depth'] < 8) or ('ALPHA' in mode and c.get('trns') is None)):
                continue  # torchvision returns misaligned rows there (see the test)
            ref = png_reference(c['samples'], c['color_type'], c['bit_depth'], mode, gamma=c.get('gamma'),
                                palette=c.get('palette'), trns=c.get('trns'))
            expected[mode] = ref.tolist()
        out[name] = {'file': path, 'expected': expected, 'dtype': 'uint16' if c['bit_depth'] == 16 else 'uint8'}
    return out


def _photo(h, w, seed):
    """A smooth picture with edges (what JPEG is for), 8-bit RGB."""
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    rng = np.random.default_rng(seed)
    img = np.stack([
        128 + 100 * np.sin(x / 7.0 + y / 11.0),
        128 + 90 * np.cos(x / 5.0 - y / 9.0),
        (x * 3 + y * 2) % 256,
    ], axis=2)
    img[h // 3: h // 2, w // 4: w // 2] = [250, 20, 30]
    img += rng.normal(0, 6, img.shape)
    return np.clip(np.round(img), 0, 255).astype(np.uint8)


def jpeg_fixtures(folder):
    """JPEGs written by Pillow (libjpeg-turbo) and what libjpeg decodes them to: {case: {file,
    expected: {mode: C x H x W}}}. RGB: libjpeg's RGB output; GRAY: its grayscale output (the Y
    plane; Pillow's draft('L')); UNCHANGED: 1 channel for a gray JPEG, 3 for a colour one."""
    cases = {
        'rgb_q90_420': (_photo(61, 83, 1), dict(quality=90, subsampling=2)),
        'rgb_q75_444': (_photo(64, 64, 2), dict(quality=75, subsampling=0)),
        'rgb_q50_422': (_photo(40, 97, 3), dict(quality=50, subsampling=1)),
        'rgb_progressive': (_photo(50, 50, 4), dict(quality=85, progressive=True)),
        'gray_q90': (_photo(45, 70, 5)[..., 0], dict(quality=90)),
    }
    out = {}
    for name, (px, opts) in cases.items():
        path = os.path.join(folder, name + '.jpg')
        Image.fromarray(px).save(path, 'JPEG', **opts)
        expected = {}
        with Image.open(path) as im:
            native = np.asarray(im.convert('RGB') if im.mode != 'L' else im)
        rgb = np.asarray(Image.open(path).convert('RGB'))
        gim = Image.open(path)
        gim.draft('L', gim.size)
        gray = np.asarray(gim.convert('L'))
        expected['UNCHANGED'] = (native[None] if native.ndim == 2 else native.transpose(2, 0, 1)).tolist()
        expected['RGB'] = rgb.transpose(2, 0, 1).tolist()
        expected['GRAY'] = gray[None].tolist()
        out[name] = {'file': path, 'expected': expected}
    return out


def pil_roundtrip_jpeg(path, quality):
    """Pillow's encode (libjpeg-turbo, 4:2:0, as torchvision's encode_jpeg) then decode of the PNG
    at `path`, as C x H x W: what torchvision gives for decode_jpeg(encode_jpeg(img, quality))."""
    im = Image.open(path)
    buf = _io.BytesIO()
    im.save(buf, 'JPEG', quality=quality, subsampling=2)
    buf.seek(0)
    a = np.asarray(Image.open(buf))
    return (a[None] if a.ndim == 2 else a.transpose(2, 0, 1)).tolist()


def pil_read(path):
    """Pillow's samples of an image file (mode, C x H x W), to check files written from Node."""
    im = Image.open(path)
    im.load()
    a = np.asarray(im)
    return {'mode': im.mode, 'format': im.format, 'data': (a[None] if a.ndim == 2 else a.transpose(2, 0, 1)).tolist()}


def pil_convert(path, mode):
    """PIL's Image.open(path).convert(mode) as C x H x W, and the mode Image.open gave."""
    im = Image.open(path)
    opened = im.mode
    a = np.asarray(im.convert(mode))
    return {'opened': opened, 'data': (a[None] if a.ndim == 2 else a.transpose(2, 0, 1)).tolist()}


def gif_webp_fixtures(folder):
    """A two-frame GIF (full frames, no transparency), a one-frame GIF and a lossless RGBA WebP,
    written by Pillow, with Pillow's decoded frames (RGB / RGBA, C x H x W)."""
    rng = np.random.default_rng(5)
    pal = rng.integers(0, 256, (16, 3))
    frames = [Image.fromarray(pal[rng.integers(0, 16, (9, 13))].astype(np.uint8)) for _ in range(2)]
    frames[0].save(f'{folder}/anim.gif', save_all=True, append_images=frames[1:], duration=100, loop=0, disposal=1, optimize=False)
    frames[0].save(f'{folder}/still.gif')
    rgba = rng.integers(0, 256, (11, 7, 4)).astype(np.uint8)
    Image.fromarray(rgba, 'RGBA').save(f'{folder}/img.webp', lossless=True, exact=True)
    out = {'anim': [], 'still': None, 'webp': rgba.transpose(2, 0, 1).tolist()}
    with Image.open(f'{folder}/anim.gif') as im:
        for i in range(im.n_frames):
            im.seek(i)
            out['anim'].append(np.asarray(im.convert('RGB')).transpose(2, 0, 1).tolist())
    out['still'] = np.asarray(Image.open(f'{folder}/still.gif').convert('RGB')).transpose(2, 0, 1).tolist()
    return out


def cmyk_jpeg(folder):
    """A 4-component (CMYK, Adobe) JPEG written by Pillow: its path and Pillow's RGB of it."""
    path = os.path.join(folder, 'cmyk.jpg')
    Image.fromarray(_photo(30, 41, 6)).convert('CMYK').save(path, 'JPEG', quality=90)
    with Image.open(path) as im:
        assert im.mode == 'CMYK'
        rgb = np.asarray(im.convert('RGB'))
    return {'file': path, 'rgb': rgb.transpose(2, 0, 1).tolist()}
