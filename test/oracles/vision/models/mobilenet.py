"""Oracle of test/vision/models/mobilenet.test.ts: torchvision's mobilenet family (see _common.py)."""
from ._common import init_hashes, init_many, list_models, save_and_run, structure, weights_enums  # noqa: F401
