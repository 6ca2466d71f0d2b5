"""Oracle of test/vision/models/inception.test.ts: torchvision's inception (see _common.py)."""
from ._common import init_hashes, init_many, save_and_run, structure, train_outputs, weights_enums  # noqa: F401
