"""Oracle of test/safetensors.test.ts: python3's `safetensors` package writes and reads the files."""
import hashlib

import torch
from safetensors import safe_open
from safetensors.torch import load, load_file, load_model, save, save_file, save_model


def tensors():
    """Tensors of every dtype both libraries share, with 0-dim and 0-size ones and names that need
    escaping or sort differently in UTF-16 and UTF-8."""
    g = torch.Generator().manual_seed(7)
    def r(*shape, dtype=torch.float32):
        x = torch.randn(*shape, generator=g) * 1000
        return x.to(dtype) if dtype.is_floating_point or dtype.is_complex else x.round().to(torch.int64).to(dtype)
    return {
      'f32': r(3, 4), 'f64': r(5, dtype=torch.float64), 'f16': r(2, 3, dtype=torch.float16),
      'bf16': r(4, dtype=torch.bfloat16), 'i8': r(7, dtype=torch.int8), 'u8': r(3, 2, dtype=torch.uint8),
      'i16': r(3, dtype=torch.int16), 'u16': r(3, dtype=torch.uint16), 'i32': r(2, 2, dtype=torch.int32),
      'u32': r(5, dtype=torch.uint32), 'i64': torch.tensor([-(2**63), 2**63 - 1, 0]), 'u64': torch.tensor([0, 2**64 - 1, 12345], dtype=torch.uint64),
      'bool': torch.tensor([True, False, True]), 'c64': torch.complex(r(3), r(3)),
      'scalar': torch.tensor(2.5), 'empty': torch.zeros(0, 3), 'empty_i64': torch.zeros(2, 0, dtype=torch.int64),
      'name "quoted"\\/\n\t\x7f\u2028': torch.ones(1), 'é': torch.ones(2), '\uff00': torch.ones(1), '\U0001F600': torch.ones(1),
      'Zed': torch.ones(1), '__proto__': torch.arange(3.0),
    }


def digest(d):
    """name -> [dtype, shape, sha256 of the raw bytes], as digest() in the test."""
    return {k: [str(v.dtype).split('.')[-1], list(v.shape), hashlib.sha256(v.contiguous().view(-1).view(torch.uint8).numpy().tobytes() if v.numel() else b'').hexdigest()] for k, v in d.items()}


def save_every_dtype(path):
    """loads every dtype as Python wrote it, and saves the very same bytes"""
    T = tensors()
    save_file(T, path, metadata={'format': 'pt'})
    return digest(T)


def safe_open_slice(path):
    """reads keys, metadata and slices through safeOpen, as Python does"""
    x = torch.arange(60, dtype=torch.float32).reshape(6, 10)
    save_file({'x': x, 'b': torch.zeros(2, dtype=torch.bfloat16), 'a': torch.ones(1, dtype=torch.int64)}, path, metadata={'k1': 'v1', 'k2': 'v2'})
    with safe_open(path, framework='pt') as f:
        s = f.get_slice('x')
        return {'keys': list(f.keys()), 'meta': f.metadata(), 'slice': s[1:3, 2:5].tolist(), 'shape': s.get_shape(), 'dtype': s.get_dtype()}


def save_arange(path):
    """maps files zero-copy: writes are copy-on-write, tensors outlive close()"""
    save_file({'w': torch.arange(4.0)}, path)


def save_linear(path):
    """moves an nn.Linear between Python and Node both ways"""
    torch.manual_seed(0)
    m = torch.nn.Linear(4, 3)
    save_file(m.state_dict(), path)
    return {'y': m(torch.arange(8.0).reshape(2, 4)).tolist()}


def linear_loads_same(path):
    """moves an nn.Linear between Python and Node both ways"""
    torch.manual_seed(0)
    m = torch.nn.Linear(4, 3)
    m2 = torch.nn.Linear(4, 3)
    m2.load_state_dict(load_file(path))
    return all(torch.equal(a, b) for a, b in zip(m.state_dict().values(), m2.state_dict().values()))


class Tied(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = torch.nn.Embedding(10, 4)
        self.head = torch.nn.Linear(4, 10, bias=False)
        self.head.weight = self.emb.weight


def save_tied(path):
    """saves tied weights once, as Python does, and restores them both ways"""
    torch.manual_seed(0)
    m = Tied()
    save_model(m, path)
    return {'bytes': open(path, 'rb').read().hex(), 'out': m.head(m.emb(torch.tensor([1, 7]))).tolist()}


def load_tied(path):
    """saves tied weights once, as Python does, and restores them both ways"""
    m = Tied()
    missing, unexpected = load_model(m, path)
    return {'missing': sorted(missing), 'unexpected': unexpected, 'same': m.head.weight is m.emb.weight and torch.equal(m.emb.weight, load_file(path)['emb.weight'])}


def read_node_file(path):
    """writes what Python reads, byte for byte what Python writes"""
    T = load_file(path)
    same = save(T, metadata={'format': 'pt'}) == open(path, 'rb').read()
    return {'digest': digest(T), 'same': same, 'conj': torch.view_as_real(T['conj']).tolist()}


def empty_files():
    """matches Python for an empty dict, metadata only, and several metadata keys"""
    return {'empty': save({}).hex(), 'meta': save({}, metadata={'a': 'b'}).hex(), 'many': {}}


def keys_and_metadata(path):
    with safe_open(path, framework='pt') as f:
        return [list(f.keys()), f.metadata()]


def metadata(path):
    with safe_open(path, framework='pt') as f:
        return f.metadata()


def verdicts(paths):
    """accepts and refuses the same headers as python3 safetensors (SafetensorError, never a crash)"""
    out = []
    for p in paths:
        try:
            load(open(p, 'rb').read()); out.append('ok')
        except Exception as e:
            out.append('error: ' + str(e))
    return out


def mutation_keys(count, fuzz_dir):
    """survives 300 seeded mutations of a valid file, agreeing with python3 on each"""
    out = []
    for i in range(count):
        try:
            d = load(open(fuzz_dir + '/%d.safetensors' % i, 'rb').read())
            out.append(sorted(d.keys()))
        except Exception as e:
            out.append(None)
    return out


def save_large(path):
    """does not read a 200 MB file into memory until its pages are touched"""
    x = torch.arange(50_000_000, dtype=torch.float32) % 997
    save_file({'x': x, 'y': torch.ones(3)}, path)
    return {'sum': x.double().sum().item(), 'last': x[-1].item()}
