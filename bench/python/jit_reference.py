# Python side of bench/jit.mjs: the same TorchScript file, run by Python's torch.jit.load.
#   python3 bench/python/jit_reference.py MODEL.pt SECONDS [OVERHEAD.pt]
# Prints one JSON line: forward latency (us, best of 5 timings) at batch 1 and 64 on 1 thread, the
# per-call cost of a one-op module (relu of 1 element: the call's own overhead), and
# the throughput (calls/s, batch 64) of 4 Python threads calling the model concurrently (the GIL
# is released while TorchScript runs), each thread with 1 intra-op thread.
import json
import sys
import threading
import time

import torch

path, seconds = sys.argv[1], float(sys.argv[2])
torch.set_num_threads(1)
m = torch.jit.load(path)
m.eval()
torch.set_grad_enabled(False)


def latency(batch, n, model=None, features=784):
    m_ = model if model is not None else m
    x = torch.randn(batch, features)
    # A second of untimed calls first: a CPU left idle (while the Node side ran) runs slow for a while.
    until = time.perf_counter() + 1.0
    while time.perf_counter() < until:
        m_(x)
    best = float('inf')
    for _ in range(5):
        t = time.perf_counter()
        for _ in range(n):
            m_(x)
        best = min(best, (time.perf_counter() - t) / n)
    return best * 1e6


def throughput(clients, seconds):
    stop = time.perf_counter() + seconds
    counts = [0] * clients

    def run(i):
        torch.set_grad_enabled(False)
        x = torch.randn(64, 784)
        while time.perf_counter() < stop:
            m(x)
            counts[i] += 1

    threads = [threading.Thread(target=run, args=(i,)) for i in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(counts) / (time.perf_counter() - t0)


overhead = torch.jit.load(sys.argv[3]) if len(sys.argv) > 3 else None

print(json.dumps({
    'call_overhead_us': latency(1, 20000, overhead, 1) if overhead is not None else None,
    'latency_b1_us': latency(1, 2000),
    'latency_b64_us': latency(64, 300),
    'throughput_4_clients': throughput(4, seconds),
}))
