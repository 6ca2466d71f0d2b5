"""torchvision.transforms (conversion) applied after seeding torch and Python's random, for
test/vision/transforms/conversion.test.ts."""
from ._common import run  # noqa: F401
