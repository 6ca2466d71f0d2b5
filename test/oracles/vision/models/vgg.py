"""Oracle of test/vision/models/vgg.test.ts: torchvision's VGG family (see _common.py)."""
from ._common import init_hashes, init_many, save_and_run, structure, weights_enums  # noqa: F401
