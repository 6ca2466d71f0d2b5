"""Oracle of test/vision/models/alexnet.test.ts: torchvision's alexnet family (see _common.py)."""
from ._common import init_hashes, init_many, save_and_run, structure, weights_enums  # noqa: F401
