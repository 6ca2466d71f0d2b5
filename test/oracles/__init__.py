"""PyTorch oracles of the torch-node tests (see README.md).

Each module mirrors one test file (test/oracles/nn/modules/linear.py for
test/nn/modules/linear.test.ts) and holds the Python that computes the numbers and messages that
test expects: plain functions taking JSON-able arguments and returning JSON-able results. Run one
from the command line with

    python3 test/oracles/run.py MODULE FUNCTION [JSON_ARG ...]
    (cd test && python3 -m oracles.run MODULE FUNCTION [JSON_ARG ...])

e.g. `python3 test/oracles/run.py creation integer_overflow_messages`.
"""
