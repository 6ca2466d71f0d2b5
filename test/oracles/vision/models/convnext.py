"""Oracle of test/vision/models/convnext.test.ts: torchvision's convnext family (see _common.py)."""
from ._common import init_hashes, init_many, save_and_run, structure, weights_enums  # noqa: F401
