# Python side of bench/jit.mjs: the same TorchScript file, run by Python's torch.jit.load.
#   python3 bench/jit_reference.py MODEL.pt SECONDS
# Prints one JSON line: forward latency (us, best of 5 timings) at batch 1 and 64 on 1 thread, and
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


def latency(batch, n):
    x = torch.randn(batch, 784)
    # A second of untimed calls first: this machine runs slow for a while after a process was idle.
    until = time.perf_counter() + 1.0
    while time.perf_counter() < until:
        m(x)
    best = float('inf')
    for _ in range(5):
        t = time.perf_counter()
        for _ in range(n):
            m(x)
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


print(json.dumps({
    'latency_b1_us': latency(1, 2000),
    'latency_b64_us': latency(64, 300),
    'throughput_4_clients': throughput(4, seconds),
}))
