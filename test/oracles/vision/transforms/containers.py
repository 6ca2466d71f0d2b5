"""torchvision.transforms (containers) applied after seeding torch and Python's random, for
test/vision/transforms/containers.test.ts."""
from ._common import run  # noqa: F401


def python_random():
    """Python's random.Random(1234) draws, as test/vision/transforms/containers.test.ts makes them."""
    import random
    r = random.Random(1234)
    out = {'random': [r.random() for _ in range(5)], 'bits': [r.getrandbits(k) for k in (1, 7, 31, 32, 33, 53)]}
    lists = [list(range(10)), [0, 1]]
    for lst in lists:
        r.shuffle(lst)
    out['shuffle'] = lists
    out['choices'] = [r.choices([0, 1, 2, 3], k=6), r.choices([0, 1, 2], [0.2, 0, 5], k=6)]
    out['big'] = [random.Random(2 ** 70 + 5).random(), random.Random(-77).random()]
    return out
