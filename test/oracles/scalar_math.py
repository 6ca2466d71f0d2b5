"""Oracle of test/scalar_math.test.ts."""


def powers(cases):
    """Python's float `x ** y` for each [x, y] pair, as a JSON number (repr round-trips exactly)."""
    return [float(x) ** float(y) for x, y in cases]
