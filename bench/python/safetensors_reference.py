# Python side of bench/safetensors.mjs: the same tensors through safetensors.torch, best of
# `repeats` wall times in ms for each case, printed as one JSON line.
import json, os, sys, time
import torch
from safetensors.torch import save, load, save_file, load_file

torch.set_num_threads(1)
spec = json.loads(sys.argv[1])
path, repeats = spec['path'], spec['repeats']
tensors = {}
for i, (name, shape, dtype) in enumerate(spec['tensors']):
    tensors[name] = torch.full(shape, float(i % 7), dtype=getattr(torch, dtype))


def fresh():
    # Each save starts with no file and no dirty pages: writeback left by the previous run
    # (Node's or ours) must not be charged to this one.
    if os.path.exists(path):
        os.remove(path)
    os.sync()


def best(fn, before=None):
    times = []
    for _ in range(repeats):
        if before is not None:
            before()
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return min(times)


def touch(d):
    # Reads every page: one sum per tensor (float64 accumulation is not needed here).
    s = 0.0
    for t in d.values():
        s += float(t.sum())
    return s


out = {}
out['saveFile'] = best(lambda: save_file(tensors, path), fresh)
out['loadFile'] = best(lambda: load_file(path))
out['loadFile+touch'] = best(lambda: touch(load_file(path)))
out['loadFile mmap:false'] = best(lambda: load_file(path, backend='pread'))
out['save'] = best(lambda: save(tensors))
data = save(tensors)
out['load'] = best(lambda: load(data))
os.remove(path)
print(json.dumps(out))
