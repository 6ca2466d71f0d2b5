"""torchvision.transforms' color transforms (Grayscale, ColorJitter, GaussianBlur, RandomInvert, ...)
applied after seeding, for test/vision/transforms/color.test.ts."""
from ._common import run  # noqa: F401
