"""Small on-disk datasets in the formats torchvision's datasets read, for test/vision/datasets/.

Each function writes one dataset under the folder it is given (a temp dir the test made) and
returns what it wrote. Everything is deterministic (a seeded NumPy generator), so the files are
the same on every run; they are a few KB each.

- image_folder: a class-per-folder tree of PNGs (L, LA, RGB, RGBA, P modes) and JPEGs written by
  Pillow, with a nested folder, upper-case extensions, a non-image file, a non-ASCII class name
  (Python sorts by code point) and an empty class folder kept aside.
- cifar10 / cifar100: the python-format batches as Python 2's cPickle wrote them (protocol 2;
  `str` keys and data are byte strings, SHORT_BINSTRING/BINSTRING opcodes; NumPy arrays through
  numpy.core.multiarray._reconstruct and ndarray.__setstate__ with the raw data as a byte string).
  Python 3's pickle cannot write that layout (its protocol 2 spells bytes as _codecs.encode calls),
  so a small writer below emits the opcodes.
- mnist_family: IDX files for MNIST, FashionMNIST, KMNIST, EMNIST (one split) and QMNIST (the
  int32 idx2 label files), in torchvision's root/<Class>/raw layout, some gzipped.
- svhn: train_32x32.mat (compressed) and test_32x32.mat (not) with scipy.io.savemat.
"""
import gzip
import io
import os
import struct

import numpy as np


def _rng(seed):
    return np.random.default_rng(seed)


# ---- ImageFolder ---------------------------------------------------------------------------------

def image_folder(root):
    from PIL import Image
    rng = _rng(0)
    tree = {
        'cat': ['b.png', 'a.PNG', 'c.jpg', 'notes.txt', 'sub/z.png', 'sub/deeper/y.jpeg'],
        'dog': ['1.png', '10.png', '2.JPG', 'gray.png', 'alpha.png'],
        'Zebra': ['p.png', 'la.png'],
        'éclair': ['x.png'],
    }
    modes = {'gray.png': 'L', 'alpha.png': 'RGBA', 'p.png': 'P', 'la.png': 'LA'}
    written = []
    for cls, files in tree.items():
        for f in files:
            path = os.path.join(root, cls, f)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            if f.endswith('.txt'):
                with open(path, 'w') as fh:
                    fh.write('not an image\n')
                continue
            h, w = int(rng.integers(5, 12)), int(rng.integers(5, 12))
            mode = modes.get(f, 'RGB')
            if mode == 'P':
                img = Image.fromarray(rng.integers(0, 256, (h, w, 3), dtype=np.uint8), 'RGB').convert('P', palette=Image.Palette.ADAPTIVE, colors=8)
            else:
                channels = {'L': 1, 'LA': 2, 'RGB': 3, 'RGBA': 4}[mode]
                arr = rng.integers(0, 256, (h, w, channels), dtype=np.uint8)
                img = Image.fromarray(arr[:, :, 0] if channels == 1 else arr, mode)
            if f.lower().endswith(('.jpg', '.jpeg')):
                img.save(path, format='JPEG', quality=90)
            else:
                img.save(path, format='PNG')
            written.append(path)
    return written


def empty_class_folder(root):
    """A tree where one class folder has no image (ImageFolder refuses it unless allow_empty)."""
    from PIL import Image
    os.makedirs(os.path.join(root, 'full'), exist_ok=True)
    os.makedirs(os.path.join(root, 'empty'), exist_ok=True)
    with open(os.path.join(root, 'empty', 'readme.txt'), 'w') as fh:
        fh.write('x')
    Image.new('RGB', (2, 2), (1, 2, 3)).save(os.path.join(root, 'full', 'a.png'))
    return root


# ---- A Python 2 style pickle writer (protocol 2) --------------------------------------------------

class _Py2Pickler:
    """Writes dicts, lists, ints, byte strings and NumPy arrays as Python 2's cPickle did."""

    def __init__(self):
        self.out = io.BytesIO()
        self.memo = 0

    def put(self):
        self.out.write(b'q' + bytes([self.memo & 0xff]) if self.memo < 256 else b'r' + struct.pack('<I', self.memo))
        self.memo += 1

    def string(self, s):
        b = s if isinstance(s, bytes) else s.encode('latin1')
        if len(b) < 256:
            self.out.write(b'U' + bytes([len(b)]) + b)
        else:
            self.out.write(b'T' + struct.pack('<i', len(b)) + b)
        self.put()

    def int(self, v):
        if 0 <= v < 256:
            self.out.write(b'K' + bytes([v]))
        elif 0 <= v < 65536:
            self.out.write(b'M' + struct.pack('<H', v))
        else:
            self.out.write(b'J' + struct.pack('<i', v))

    def glob(self, module, name):
        self.out.write(b'c' + module.encode() + b'\n' + name.encode() + b'\n')
        self.put()

    def value(self, v):
        if isinstance(v, dict):
            self.out.write(b'}')
            self.put()
            self.out.write(b'(')
            for k, x in v.items():
                self.value(k)
                self.value(x)
            self.out.write(b'u')
        elif isinstance(v, list):
            self.out.write(b']')
            self.put()
            self.out.write(b'(')
            for x in v:
                self.value(x)
            self.out.write(b'e')
        elif isinstance(v, bool):
            self.out.write(b'\x88' if v else b'\x89')
        elif isinstance(v, int):
            self.int(v)
        elif isinstance(v, (str, bytes)):
            self.string(v)
        elif isinstance(v, np.ndarray):
            self.ndarray(v)
        else:
            raise TypeError(type(v))

    def ndarray(self, a):
        # numpy.core.multiarray._reconstruct(numpy.ndarray, (0,), 'b'), then
        # __setstate__((1, shape, dtype, False, rawdata)).
        self.glob('numpy.core.multiarray', '_reconstruct')
        self.glob('numpy', 'ndarray')
        self.out.write(b'K\x00\x85')  # (0,)
        self.string('b')
        self.out.write(b'\x87R')  # TUPLE3 REDUCE
        self.put()
        self.out.write(b'(K\x01')
        for d in a.shape:
            self.int(d)
        self.out.write({1: b'\x85', 2: b'\x86', 3: b'\x87'}[a.ndim])
        self.glob('numpy', 'dtype')
        self.string(a.dtype.str[1:])  # 'u1', 'i8'
        self.out.write(b'K\x00K\x01\x87R')
        self.put()
        # dtype state: (3, byteorder, None, None, None, -1, -1, 0)
        self.out.write(b'(K\x03')
        self.string(a.dtype.str[0])
        self.out.write(b'NNNJ\xff\xff\xff\xffJ\xff\xff\xff\xffK\x00tb')
        self.out.write(b'\x89')  # not Fortran order
        self.string(a.tobytes())
        self.out.write(b'tb')

    def dumps(self, v):
        self.out.write(b'\x80\x02')
        self.value(v)
        self.out.write(b'.')
        return self.out.getvalue()


def _py2_pickle(path, obj):
    with open(path, 'wb') as f:
        f.write(_Py2Pickler().dumps(obj))


def cifar10(root, per_batch=4):
    rng = _rng(1)
    folder = os.path.join(root, 'cifar-10-batches-py')
    os.makedirs(folder, exist_ok=True)
    names = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck']
    for i, name in enumerate(['data_batch_1', 'data_batch_2', 'data_batch_3', 'data_batch_4', 'data_batch_5', 'test_batch']):
        n = per_batch + i % 2  # batches of unequal sizes
        _py2_pickle(os.path.join(folder, name), {
            'batch_label': 'training batch %d of 5' % (i + 1) if i < 5 else 'testing batch 1 of 1',
            'labels': [int(x) for x in rng.integers(0, 10, n)],
            'data': rng.integers(0, 256, (n, 3072), dtype=np.uint8),
            'filenames': ['img_%d_%d.png' % (i, j) for j in range(n)],
        })
    _py2_pickle(os.path.join(folder, 'batches.meta'), {'num_cases_per_batch': per_batch, 'label_names': names, 'num_vis': 3072})
    return folder


def cifar100(root, n_train=7, n_test=3):
    rng = _rng(2)
    folder = os.path.join(root, 'cifar-100-python')
    os.makedirs(folder, exist_ok=True)
    fine = ['fine_%02d' % i for i in range(100)]
    coarse = ['coarse_%02d' % i for i in range(20)]
    for name, n in (('train', n_train), ('test', n_test)):
        _py2_pickle(os.path.join(folder, name), {
            'filenames': ['f%d.png' % j for j in range(n)],
            'batch_label': name,
            'fine_labels': [int(x) for x in rng.integers(0, 100, n)],
            'coarse_labels': [int(x) for x in rng.integers(0, 20, n)],
            'data': rng.integers(0, 256, (n, 3072), dtype=np.uint8),
        })
    _py2_pickle(os.path.join(folder, 'meta'), {'fine_label_names': fine, 'coarse_label_names': coarse})
    return folder


# ---- MNIST family (IDX) --------------------------------------------------------------------------

def _idx(path, arr, gz):
    type_code = {np.dtype('uint8'): 8, np.dtype('>i4'): 12}[arr.dtype]
    header = struct.pack('>I', (type_code << 8) | arr.ndim) + b''.join(struct.pack('>I', d) for d in arr.shape)
    data = header + arr.tobytes()
    if gz:
        path += '.gz'
        data = gzip.compress(data, mtime=0)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'wb') as f:
        f.write(data)
    return path


def mnist_family(root):
    rng = _rng(3)
    written = []

    def images(n):
        return rng.integers(0, 256, (n, 28, 28), dtype=np.uint8)

    for i, cls in enumerate(['MNIST', 'FashionMNIST', 'KMNIST']):
        raw = os.path.join(root, cls, 'raw')
        for split, n in (('train', 5), ('t10k', 3)):
            written.append(_idx(os.path.join(raw, '%s-images-idx3-ubyte' % split), images(n), gz=i == 1))
            written.append(_idx(os.path.join(raw, '%s-labels-idx1-ubyte' % split), rng.integers(0, 10, n, dtype=np.uint8), gz=i == 1))
    raw = os.path.join(root, 'EMNIST', 'raw')
    for split, classes in (('letters', 27), ('balanced', 47)):
        for part, n in (('train', 6), ('test', 4)):
            labels = rng.integers(1 if split == 'letters' else 0, classes, n, dtype=np.uint8)
            written.append(_idx(os.path.join(raw, 'emnist-%s-%s-images-idx3-ubyte' % (split, part)), images(n), gz=False))
            written.append(_idx(os.path.join(raw, 'emnist-%s-%s-labels-idx1-ubyte' % (split, part)), labels, gz=False))
    raw = os.path.join(root, 'QMNIST', 'raw')
    for prefix, n in (('qmnist-train', 5), ('qmnist-test', 10006), ('xnist', 7)):
        targets = np.stack([rng.integers(0, 10, n), rng.integers(0, 4, n), rng.integers(0, 3000, n),
                            rng.integers(0, 100000, n), rng.integers(-5, 70000, n), rng.integers(0, 70000, n),
                            np.zeros(n, dtype=np.int64), np.zeros(n, dtype=np.int64)], axis=1).astype('>i4')
        written.append(_idx(os.path.join(raw, '%s-images-idx3-ubyte' % prefix), images(n), gz=prefix == 'qmnist-train'))
        written.append(_idx(os.path.join(raw, '%s-labels-idx2-int' % prefix), targets, gz=prefix == 'qmnist-train'))
    return written


# ---- SVHN (.mat) ---------------------------------------------------------------------------------

def svhn(root):
    import scipy.io as sio
    rng = _rng(4)
    os.makedirs(root, exist_ok=True)
    for name, n, compress in (('train_32x32.mat', 6, True), ('test_32x32.mat', 4, False)):
        X = rng.integers(0, 256, (32, 32, 3, n), dtype=np.uint8)
        y = rng.integers(1, 11, (n, 1)).astype(np.float64)  # 1..10, 10 meaning the digit 0
        y[0, 0] = 10
        sio.savemat(os.path.join(root, name), {'X': X, 'y': y}, do_compression=compress)
    return root


def repickle_py3(src_root, dst_root, protocol):
    """The CIFAR files of src_root loaded as torchvision loads them and pickled again by Python 3
    (NumPy's own reduce: protocol 2 spells bytes as _codecs.encode calls, protocol 5 uses
    numpy's _frombuffer), into dst_root with the same layout."""
    import pickle
    for folder in ('cifar-10-batches-py', 'cifar-100-python'):
        src = os.path.join(src_root, folder)
        if not os.path.isdir(src):
            continue
        dst = os.path.join(dst_root, folder)
        os.makedirs(dst, exist_ok=True)
        for name in os.listdir(src):
            with open(os.path.join(src, name), 'rb') as f:
                obj = pickle.load(f, encoding='latin1')
            with open(os.path.join(dst, name), 'wb') as f:
                pickle.dump(obj, f, protocol=protocol)
    return dst_root
