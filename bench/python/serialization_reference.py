"""Python side of bench/serialization.mjs: torch.save / torch.load of a state dict of N float32
tensors totalling MB megabytes, to and from a file in DIR. Each case runs REPEATS times.

Usage: python3 bench/python/serialization_reference.py DIR MB TENSORS REPEATS
Prints one JSON line: {case: [seconds, ...]} for save, save_fsync (torch.save into an open file,
then os.fsync: what a durable save costs), load, load_mmap.
"""
import json, os, sys, time
from collections import OrderedDict
import torch

def main():
    d, mb, n, repeats = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    torch.set_num_threads(1)
    per = mb * 1_000_000 // 4 // n
    sd = OrderedDict((f'layer{i}.weight', torch.rand(per)) for i in range(n))
    path = os.path.join(d, 'py.pt')
    out = {'save': [], 'save_fsync': [], 'load': [], 'load_mmap': []}
    for _ in range(repeats):
        os.sync()  # as the Node side: each case starts with no dirty pages
        t = time.perf_counter()
        with open(path, 'wb') as f:
            torch.save(sd, f)
            f.flush()
            os.fsync(f.fileno())
        out['save_fsync'].append(time.perf_counter() - t)
        os.sync()
        t = time.perf_counter(); torch.save(sd, path); out['save'].append(time.perf_counter() - t)
        os.sync()
        t = time.perf_counter(); r = torch.load(path); out['load'].append(time.perf_counter() - t)
        del r
        t = time.perf_counter(); r = torch.load(path, mmap=True); out['load_mmap'].append(time.perf_counter() - t)
        del r
    os.remove(path)
    print(json.dumps(out))

main()
