"""Oracle of test/device.test.ts: torch.device, torch.accelerator, torch.backends, dtype constants."""
import torch


def _err(fn):
    try:
        fn()
        return None
    except Exception as e:  # noqa: BLE001
        return [type(e).__name__, str(e)]


DEVICE_CASES = {
    'cpu': lambda: torch.device('cpu'),
    'cuda': lambda: torch.device('cuda'),
    'cuda:1': lambda: torch.device('cuda:1'),
    'cuda, 0': lambda: torch.device('cuda', 0),
    'cpu, 0': lambda: torch.device('cpu', 0),
    'meta': lambda: torch.device('meta'),
    'mps:0': lambda: torch.device('mps:0'),
    'device(cuda:2)': lambda: torch.device(torch.device('cuda:2')),
}

DEVICE_ERRORS = {
    'foo': lambda: torch.device('foo'),
    'cuda:-1': lambda: torch.device('cuda:-1'),
    'cpu:x': lambda: torch.device('cpu:x'),
    'cuda, -1': lambda: torch.device('cuda', -1),
    'cuda:1, 2': lambda: torch.device('cuda:1', 2),
    '3': lambda: torch.device(3),
}


def devices():
    out = {}
    for name, fn in DEVICE_CASES.items():
        d = fn()
        out[name] = {'str': str(d), 'repr': repr(d), 'type': d.type, 'index': d.index}
    errors = {name: _err(fn) for name, fn in DEVICE_ERRORS.items()}
    eq = {
        'cuda:0 == cuda,0': torch.device('cuda:0') == torch.device('cuda', 0),
        'cuda == cuda:0': torch.device('cuda') == torch.device('cuda:0'),
        'cpu == cpu': torch.device('cpu') == torch.device('cpu'),
    }
    return {'devices': out, 'errors': errors, 'eq': eq}


def accelerator():
    a = torch.accelerator
    return {
        'isAvailable': a.is_available(),
        'currentAccelerator': None if a.current_accelerator() is None else str(a.current_accelerator()),
        'deviceCount': a.device_count(),
        'currentDeviceIndex': _err(a.current_device_index),
        'setDeviceIndex0': _err(lambda: a.set_device_index(0)),
        'setDeviceIndexNeg': _err(lambda: a.set_device_index(-1)),
        'setDeviceIndexCuda1': _err(lambda: a.set_device_index('cuda:1')),
        'synchronize': _err(a.synchronize),
    }


FLAGS = [
    ('cudnn.enabled', torch.backends.cudnn, 'enabled'),
    ('cudnn.benchmark', torch.backends.cudnn, 'benchmark'),
    ('cudnn.deterministic', torch.backends.cudnn, 'deterministic'),
    ('cudnn.allow_tf32', torch.backends.cudnn, 'allow_tf32'),
    ('cuda.matmul.allow_tf32', torch.backends.cuda.matmul, 'allow_tf32'),
    ('mkldnn.enabled', torch.backends.mkldnn, 'enabled'),
]


def backends():
    """Defaults, each flag flipped and read back, PyTorch's message for a non-bool, what the build has."""
    defaults = {name: getattr(obj, attr) for name, obj, attr in FLAGS}
    flipped = {}
    for name, obj, attr in FLAGS:
        setattr(obj, attr, not defaults[name])
        flipped[name] = {n: getattr(o, a) for n, o, a in FLAGS}
        setattr(obj, attr, defaults[name])
    messages = {name: _err(lambda obj=obj, attr=attr: setattr(obj, attr, 1)) for name, obj, attr in FLAGS}
    return {
        'defaults': defaults, 'flipped': flipped, 'messages': messages,
        'cudnnAvailable': torch.backends.cudnn.is_available(), 'cudnnVersion': torch.backends.cudnn.version(),
        'mpsAvailable': torch.backends.mps.is_available(), 'mpsBuilt': torch.backends.mps.is_built(),
        'mkldnnAvailable': torch.backends.mkldnn.is_available(), 'openmpAvailable': torch.backends.openmp.is_available(),
        'cudaBuilt': torch.backends.cuda.is_built(),
    }


def dtype_constants():
    """Factories and conversions given torch.<constant>: the dtype each gives."""
    names = ['float32', 'float', 'float64', 'double', 'float16', 'half', 'bfloat16', 'int64', 'long',
             'int32', 'int', 'int16', 'short', 'int8', 'uint8', 'bool', 'complex64', 'cfloat']
    out = {}
    for n in names:
        d = getattr(torch, n)
        out[n] = {
            'zeros': str(torch.zeros(2, dtype=d).dtype),
            'to': str(torch.ones(2).to(d).dtype),
            'tensor': str(torch.tensor([1, 0], dtype=d).dtype),
            'sum': str(torch.ones(2, dtype=torch.int8).sum(dtype=d).dtype),
        }
    return out


def sizes():
    x = torch.zeros(2, 3, 4)
    return {'size': list(x.size()), 'str': str(x.size()), 'size1': x.size(1), 'sizeNeg': x.size(-1), 'shape': list(x.shape)}


def device_argument_errors():
    """PyTorch's errors for device strings it cannot parse, given to a factory."""
    return {s: _err(lambda: torch.zeros(2, device=s)) for s in ['cpu:-5', 'cuda:99999999999999999999']}
