"""Oracle of test/type_info.test.ts."""
import torch


def constants():
    """torch.inf, torch.pi, torch.e (torch.nan is NaN, which JSON cannot carry)."""
    return {'inf': str(torch.inf), 'pi': torch.pi, 'e': torch.e, 'nanIsNan': torch.nan != torch.nan}


def finfo(names):
    """torch.finfo of each dtype named: its fields and its str()."""
    out = {}
    for name in names:
        f = torch.finfo(getattr(torch, name))
        out[name] = {'bits': f.bits, 'eps': f.eps, 'max': f.max, 'min': f.min, 'tiny': f.tiny,
                     'smallestNormal': f.smallest_normal, 'resolution': f.resolution,
                     'dtype': str(f.dtype).removeprefix('torch.'), 'str': str(f)}
    return out


def iinfo(names):
    """torch.iinfo of each dtype named, min and max as decimal strings (exact for int64/uint64)."""
    out = {}
    for name in names:
        i = torch.iinfo(getattr(torch, name))
        out[name] = {'bits': i.bits, 'min': str(i.min), 'max': str(i.max),
                     'dtype': str(i.dtype).removeprefix('torch.'), 'str': str(i)}
    return out


def errors():
    """PyTorch's TypeErrors for a dtype of the wrong kind."""
    def msg(fn):
        try:
            fn()
        except TypeError as e:
            return str(e)
        return None
    return {
        'finfoInt': msg(lambda: torch.finfo(torch.int32)),
        'finfoBool': msg(lambda: torch.finfo(torch.bool)),
        'iinfoFloat': msg(lambda: torch.iinfo(torch.float32)),
        'iinfoComplex': msg(lambda: torch.iinfo(torch.complex64)),
        'iinfoBool': msg(lambda: torch.iinfo(torch.bool)),
    }
