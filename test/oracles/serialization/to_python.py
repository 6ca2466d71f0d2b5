"""Oracle of test/serialization/to_python.test.ts."""
import torch

from .helpers import values


def load_dtypes(path):
    """every dtype, with shape, strides and values"""
    d = torch.load(path)
    return {k: {'dtype': str(v.dtype), 'shape': list(v.shape), 'stride': list(v.stride()), 'values': values(v)} for k, v in d.items()}


def load_views(path):
    """views of one storage are stored once and alias in Python"""
    import zipfile
    names = [n.split('/', 1)[1] for n in zipfile.ZipFile(path).namelist()]
    d = torch.load(path)
    same = d['a'].untyped_storage().data_ptr() == d['b'].untyped_storage().data_ptr() == d['c'].untyped_storage().data_ptr()
    d['a'][1, 2] = 100.0
    return {'records': sorted(n for n in names if n.startswith('data/')), 'same': same, 'offsetB': d['b'].storage_offset(), 'strideB': list(d['b'].stride()), 'after': d['b'].tolist()}


def archive_layout(path):
    """the archive layout is PyTorch's: records under archive/, 64-byte aligned, version and serialization id"""
    import zipfile
    z = zipfile.ZipFile(path)
    infos = z.infolist()
    def data_offset(i):
        with open(path, 'rb') as f:
            f.seek(i.header_offset + 26)
            n, m = int.from_bytes(f.read(2), 'little'), int.from_bytes(f.read(2), 'little')
        return i.header_offset + 30 + n + m
    return {'names': [i.filename for i in infos], 'aligned': all(data_offset(i) % 64 == 0 for i in infos),
      'version': z.read('archive/version').decode().strip(), 'byteorder': z.read('archive/byteorder').decode(),
      'mmapped': torch.load(path, mmap=True)['x'].tolist()}


def load_nested(path):
    """requires_grad, Parameters and nested JS values map to Python types"""
    d = torch.load(path)
    def ty(v): return type(v).__module__ + '.' + type(v).__name__
    out = {k: ty(v) for k, v in d.items()}
    out['w_rg'] = d['w'].requires_grad; out['frozen_rg'] = d['frozen'].requires_grad; out['g_rg'] = d['g'].requires_grad
    out['big'] = str(d['big']); out['negBig'] = str(d['negBig']); out['s'] = d['s']; out['negZero'] = repr(d['negZero'])
    out['map'] = repr(d['map']); out['set'] = repr(d['set']); out['bytes'] = list(d['bytes']); out['c'] = repr(d['c'])
    out['same'] = d['shared1'] is d['shared2']; out['od'] = list(d['od'].keys()); out['undef'] = repr(d['undef'])
    return out


def load_state_dict(path):
    """a module stateDict() loads in Python as an OrderedDict with the same key order and gives the same outputs"""
    d = torch.load(path)
    m = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.BatchNorm1d(8), torch.nn.ReLU(), torch.nn.Linear(8, 2))
    m.load_state_dict(d['sd'])
    m.eval()
    with torch.no_grad(): out = m(d['x'])
    return {'type': type(d['sd']).__name__, 'keys': list(d['sd'].keys()), 'out': out.tolist()}
