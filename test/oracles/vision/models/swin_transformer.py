"""Oracle of test/vision/models/swin_transformer.test.ts: torchvision's swin_transformer family (see _common.py)."""
from ._common import init_hashes, init_many, save_and_run, structure, weights_enums  # noqa: F401
