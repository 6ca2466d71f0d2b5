"""Oracle of test/optim/adafactor.test.ts: the shared optimizer table (_harness.py) run by PyTorch."""
from ._harness import bad_option_messages, defaults, load_ours, steps_and_states  # noqa: F401
