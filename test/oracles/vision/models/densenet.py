"""Oracle of test/vision/models/densenet.test.ts: torchvision's densenet family (see _common.py)."""
from ._common import init_hashes, init_many, save_and_run, structure, weights_enums  # noqa: F401
