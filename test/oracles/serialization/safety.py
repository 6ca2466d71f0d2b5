"""Oracle of test/serialization/safety.test.ts: files torch.load must refuse or read safely."""
import argparse
import builtins
import collections
import os
import subprocess

import torch


def malicious_pickles(dir, pwned):
    """Pickles whose loading would run code (each would create the file `pwned`), a Namespace, legacy
    files and a TorchScript archive, saved into `dir`."""
    class OsSystem:
        def __reduce__(self): return (os.system, ('touch ' + pwned,))
    class Eval:
        def __reduce__(self): return (builtins.eval, ("__import__('os').system('touch " + pwned + "')",))
    class Popen:
        def __reduce__(self): return (subprocess.Popen, (['touch', pwned],))
    class Exec:
        def __reduce__(self): return (builtins.exec, ("open('" + pwned + "', 'w')",))
    for name, obj in [('os_system', OsSystem()), ('eval', Eval()), ('popen', Popen()), ('exec', Exec())]:
        torch.save({'w': torch.ones(2), 'payload': obj}, dir + '/' + name + '.pt')
    torch.save({'args': argparse.Namespace(lr=0.1, name='run'), 'w': torch.ones(2)}, dir + '/namespace.pt')
    torch.save({'w': torch.arange(3.)}, dir + '/legacy.pt', _use_new_zipfile_serialization=False)
    torch.save({'w': torch.ones(2), 'payload': OsSystem()}, dir + '/legacy_os_system.pt', _use_new_zipfile_serialization=False)
    torch.jit.save(torch.jit.script(torch.nn.Linear(2, 2)), dir + '/script.pt')


def namespace_repr(path):
    """an unknown class is refused by default and an inert record with weightsOnly: false"""
    return repr(torch.load(path, weights_only=False)['args'])


def fuzz_bases(path, legacy_path):
    """The Python-written bases of the corrupted files (zip and legacy format)."""
    obj = {'m': collections.OrderedDict([('a', torch.ones(3, 2).t()), ('h', torch.zeros(2, dtype=torch.float16))]), 'x': (1, 2.5, 'z')}
    torch.save(obj, path)
    torch.save(obj, legacy_path, _use_new_zipfile_serialization=False)
