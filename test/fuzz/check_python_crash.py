#!/usr/bin/env python3
"""Does python3 crash on an aten operator call too? Runs the call in a fresh python3 and says how
that process ended. A crash here (death by a signal) means the bug is LibTorch's kernel, not
torch-node's, which is what an entry of test/fuzz/known_libtorch_crashes.json must show.

  check_python_crash.py OP 'ARGS' [--setup 'STATEMENTS'] [--seed N]
      runs torch.ops.aten.OP(ARGS) after STATEMENTS, e.g.
      check_python_crash.py _remove_batch_dim 't0, 4, 2, -2' --setup 't0 = torch.randn([1, 1])'
  check_python_crash.py --program FILE    runs a whole program (the fuzzer's Python repro; - for stdin)
  --malloc-check    runs python3 with glibc's checking malloc (libc_malloc_debug, MALLOC_CHECK_=3) and
                    frees a few thousand blocks after the program: a kernel that writes past its
                    buffer then dies of it (SIGABRT) instead of corrupting the heap silently

Prints one JSON line {"crashed", "signal", "returncode", "outcome", "stderr"}; exits 0 when python3
died by a signal, 1 when it did not, 2 on a usage error.
"""
import argparse
import json
import os
import resource
import signal
import subprocess
import sys

PREAMBLE = "import torch\ntorch.set_num_threads(1)\n"
MALLOC_DEBUG = "/usr/lib/x86_64-linux-gnu/libc_malloc_debug.so.0"
# Heap corruption shows up when the damaged block, or its neighbour, is freed.
CHURN = "\nimport gc\ngc.collect()\n_blocks = [torch.empty(i % 300 + 1) for i in range(5000)]\ndel _blocks\ngc.collect()\n"


def limit_memory(limit_bytes):
    # As the fuzz children's ulimit -v: a huge allocation fails (a RuntimeError) instead of
    # growing until the kernel's OOM killer sends SIGKILL, which would read as a crash.
    return lambda: resource.setrlimit(resource.RLIMIT_AS, (limit_bytes, limit_bytes))


def check(program, timeout=120, memory_gb=4.0, malloc_check=False):
    env = dict(os.environ)
    if malloc_check:
        env.update(LD_PRELOAD=MALLOC_DEBUG, MALLOC_CHECK_="3")
        program += CHURN
    try:
        p = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=timeout, env=env,
                           preexec_fn=limit_memory(int(memory_gb * 2**30)))
    except subprocess.TimeoutExpired:
        return {"crashed": False, "signal": None, "returncode": None, "outcome": "hang", "stderr": ""}
    lines = [l for l in p.stderr.strip().splitlines() if l.strip()]
    if p.returncode < 0:
        sig = signal.Signals(-p.returncode).name
        return {"crashed": True, "signal": sig, "returncode": p.returncode, "outcome": f"killed by {sig}", "stderr": "\n".join(lines[-5:])}
    # A Python exception ends with its type and message on the last line.
    outcome = "returned" if p.returncode == 0 else f"raised {lines[-1][:200] if lines else 'exit %d' % p.returncode}"
    return {"crashed": False, "signal": None, "returncode": p.returncode, "outcome": outcome, "stderr": "\n".join(lines[-5:])}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("op", nargs="?", help="aten operator, optionally NAME.OVERLOAD")
    ap.add_argument("args", nargs="?", default="", help="Python argument list of the call")
    ap.add_argument("--setup", default="", help="statements run before the call")
    ap.add_argument("--seed", type=int, default=0, help="torch.manual_seed before the setup")
    ap.add_argument("--program", help="a whole Python program instead (- reads stdin)")
    ap.add_argument("--timeout", type=float, default=120, help="seconds before the call counts as a hang")
    ap.add_argument("--memory-gb", type=float, default=4.0, help="address-space limit of the python3 run")
    ap.add_argument("--malloc-check", action="store_true", help="glibc's checking malloc, then heap churn")
    a = ap.parse_args()
    if a.program is not None:
        program = sys.stdin.read() if a.program == "-" else open(a.program).read()
    elif a.op:
        program = f"{PREAMBLE}torch.manual_seed({a.seed})\n{a.setup}\ntorch.ops.aten.{a.op}({a.args})\n"
    else:
        ap.print_usage(sys.stderr)
        return 2
    result = check(program, a.timeout, a.memory_gb, a.malloc_check)
    print(json.dumps(result))
    return 0 if result["crashed"] else 1


if __name__ == "__main__":
    sys.exit(main())
