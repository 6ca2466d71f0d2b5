"""Oracle for test/profiler/profiler.test.ts: what PyTorch's profiler reports for a small workload."""
import torch
from torch.profiler import ProfilerActivity, profile, record_function


def workload(record_shapes, profile_memory):
    torch.manual_seed(0)
    a = torch.randn(4, 5)
    b = torch.randn(5, 3)
    c = torch.randn(4, 3)
    with profile(activities=[ProfilerActivity.CPU], record_shapes=record_shapes, profile_memory=profile_memory) as prof:
        with record_function("my_block"):
            z = torch.mm(a, b).add(c)
        z2 = torch.mm(z.t(), a)
    avg = prof.key_averages()
    table = avg.table(sort_by="count", row_limit=100)
    out = {
        "counts": {e.key: e.count for e in avg},
        "table_lines": table.split("\n")[:3],
        "footer_prefix": table.split("\n")[-2].split(":")[0],
        "row_keys": [line.split()[0] for line in table.split("\n")[3:-3]],
    }
    if record_shapes:
        by_shape = prof.key_averages(group_by_input_shape=True)
        out["mm_shapes"] = sorted(str(e.input_shapes) for e in by_shape if e.key == "aten::mm")
        out["shape_table_header"] = by_shape.table(row_limit=100).split("\n")[1]
    if profile_memory:
        out["mm_memory"] = [e.cpu_memory_usage for e in avg if e.key == "aten::mm"]
    return out
