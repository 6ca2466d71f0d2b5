"""Oracle of test/ops/scalar_overloads.test.ts."""
import torch


def backward_node_names():
    """names backward nodes as Python does"""
    x = torch.ones(2, requires_grad=True) * 1
    cases = {'mul': x.mul(2), 'add': x.add(2), 'sub': x.sub(2), 'div': x.div(2), 'rsub': torch.rsub(x, 2),
             'pow': x.pow(2), 'add_': x.clone().add_(1), 'addAlpha': torch.add(x, 2, alpha=2), 'mulFloat': x.mul(2.5),
             'clamp': x.clamp(min=0), 'remainder': x.remainder(2), 'multiply': x.multiply(2), 'subtract': x.subtract(2),
             'divide': x.divide(2), 'trueDivide': x.true_divide(2), 'divideFloor': x.divide(2, rounding_mode='floor'),
             'divTrunc': x.div(2, rounding_mode='trunc'), 'mul_': x.clone().mul_(2), 'sub_': x.clone().sub_(2)}
    return {k: type(v.grad_fn).__name__ for k, v in cases.items()}
