"""Reads the (gzipped) IDX files of MNIST and Fashion-MNIST into uint8 tensors."""
import gzip

import torch


def read(p):
    with gzip.open(p, 'rb') as f: d = f.read()
    nd = d[3]; dims = [int.from_bytes(d[4+4*i:8+4*i], 'big') for i in range(nd)]
    return torch.frombuffer(bytearray(d[4+4*nd:]), dtype=torch.uint8).reshape(dims)
