"""Oracle of test/vision/models/googlenet.test.ts: torchvision's googlenet (see _common.py)."""
from ._common import init_hashes, init_many, save_and_run, structure, train_outputs, weights_enums  # noqa: F401
