"""Oracle of test/vision/models/shufflenetv2.test.ts: torchvision's shufflenetv2 family (see _common.py)."""
from ._common import init_hashes, init_many, save_and_run, structure, weights_enums  # noqa: F401
