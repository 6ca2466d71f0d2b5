"""Shared by the serialization oracles (as test/serialization/helpers.ts is by the tests)."""
import torch


def values(t):
    """Values as float64 lists (complex as [re, im] pairs), as values() in test/serialization/helpers.ts."""
    if t.is_complex(): return torch.view_as_real(t).double().tolist()
    return t.double().tolist()
