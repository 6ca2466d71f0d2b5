"""torchvision.transforms AutoAugment, RandAugment, TrivialAugmentWide and AugMix applied after seeding,
for test/vision/transforms/autoaugment.test.ts."""
from ._common import run  # noqa: F401
