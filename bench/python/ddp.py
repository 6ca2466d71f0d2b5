"""Python side of bench/ddp.mjs: one rank of a 2-process Gloo job (env:// rendezvous) training
the article's SiLU classifier with torch.nn.parallel.DistributedDataParallel; each step timed
after a barrier; rank 0 prints one JSON line [seconds, ...].

Usage (by bench/ddp.mjs, with RANK/WORLD_SIZE/MASTER_ADDR/MASTER_PORT set):
  python3 bench/python/ddp.py --steps 30
"""
import datetime, json, os, sys, time
import torch
import torch.distributed as dist
import torch.nn as nn
import torch.nn.functional as F


class ClassifierSiLU(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 256)
        self.fc2 = nn.Linear(256, 128)
        self.fc3 = nn.Linear(128, 64)
        self.fc4 = nn.Linear(64, 10)

    def forward(self, x):
        x = x.view(x.shape[0], -1)
        # The article's silu: x * sigmoid(x), as examples/article_models.ts writes it.
        x = self.fc1(x); x = x * torch.sigmoid(x)
        x = self.fc2(x); x = x * torch.sigmoid(x)
        x = self.fc3(x); x = x * torch.sigmoid(x)
        return F.log_softmax(self.fc4(x), dim=1)


def main():
    args = sys.argv[1:]
    steps = int(args[args.index('--steps') + 1])
    torch.set_num_threads(1)
    dist.init_process_group('gloo', timeout=datetime.timedelta(seconds=120))
    rank = dist.get_rank()
    torch.manual_seed(rank)
    x = torch.randn(64, 784)
    y = torch.randint(0, 10, (64,))
    model = nn.parallel.DistributedDataParallel(ClassifierSiLU())
    opt = torch.optim.SGD(model.parameters(), lr=0.01)

    def step():
        opt.zero_grad()
        loss = F.nll_loss(model(x), y)
        loss.backward()
        opt.step()

    for _ in range(5):
        step()
    times = []
    for _ in range(steps):
        dist.barrier()
        t0 = time.perf_counter()
        step()
        times.append(time.perf_counter() - t0)
    dist.destroy_process_group()
    if rank == 0:
        print(json.dumps(times))


main()
