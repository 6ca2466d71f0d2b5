"""Python side of bench/distributed.mjs: one rank of a 2-process Gloo job (env:// rendezvous),
timing synchronous all_reduce (SUM, float32) of 1 MB and 64 MB after a barrier; rank 0 prints
one JSON line {bytes: [seconds, ...]}.

Usage (by bench/distributed.mjs, with RANK/WORLD_SIZE/MASTER_ADDR/MASTER_PORT set):
  python3 bench/python/distributed.py --iters1 50 --iters64 8
"""
import datetime, json, os, sys, time
import torch
import torch.distributed as dist


def main():
    args = sys.argv[1:]
    iters = {1 << 20: int(args[args.index('--iters1') + 1]), 64 << 20: int(args[args.index('--iters64') + 1])}
    torch.set_num_threads(1)
    dist.init_process_group('gloo', timeout=datetime.timedelta(seconds=120))
    out = {}
    for nbytes, n in iters.items():
        t = torch.ones(nbytes // 4)
        for _ in range(3):
            dist.all_reduce(t)
        times = []
        for _ in range(n):
            dist.barrier()
            t0 = time.perf_counter()
            dist.all_reduce(t)
            times.append(time.perf_counter() - t0)
        out[nbytes] = times
    dist.destroy_process_group()
    if os.environ['RANK'] == '0':
        print(json.dumps(out))


main()
