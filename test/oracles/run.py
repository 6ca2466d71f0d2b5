"""Runs oracle functions and prints their results as JSON.

    python3 test/oracles/run.py MODULE FUNCTION [JSON_ARG ...]
        calls oracles.MODULE.FUNCTION(*args) and prints its result as one JSON line.
        MODULE is a path under test/oracles, with / or . between parts: nn/modules/linear or
        nn.modules.linear.
        Each JSON_ARG is parsed as JSON ('[1, 2]', '"text"', '3'); one that does not parse
        is passed as a string.
    python3 test/oracles/run.py --stdin
        reads [[MODULE, FUNCTION, [ARG, ...]], ...] as JSON from stdin, runs the calls in order in
        this one process, and prints the list of their results as one JSON line (what
        test/helpers/python.ts sends, so a test file pays for one python3 start and torch import).

As in the tests, torch runs on one thread (results that depend on the reduction order then match
the single-threaded LibTorch of the tests).
"""
import os
import sys

# Run as a script, this folder heads sys.path, and its modules (safetensors.py, ...) would shadow the
# standard library: import them as the `oracles` package from test/ instead.
_here = os.path.dirname(os.path.abspath(__file__))
if sys.path and os.path.abspath(sys.path[0] or os.getcwd()) == _here:
    sys.path[0] = os.path.dirname(_here)
elif os.path.dirname(_here) not in sys.path:
    sys.path.insert(0, os.path.dirname(_here))

import importlib
import json

import torch

torch.set_num_threads(1)


def call(module, function, args=()):
    mod = importlib.import_module('oracles.' + module.replace('/', '.'))
    return getattr(mod, function)(*args)


def _arg(text):
    try:
        return json.loads(text)
    except ValueError:
        return text


def main(argv):
    if argv[:1] == ['--stdin']:
        calls = json.load(sys.stdin)
        results = [call(m, f, a) for m, f, a in calls]
    elif len(argv) >= 2:
        results = call(argv[0], argv[1], [_arg(a) for a in argv[2:]])
    else:
        sys.exit(__doc__)
    print(json.dumps(results))


if __name__ == '__main__':
    main(sys.argv[1:])
