"""torchvision.transforms (erasing) applied after seeding torch and Python's random, for
test/vision/transforms/erasing.test.ts."""
from ._common import run  # noqa: F401
