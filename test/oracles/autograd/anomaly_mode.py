"""Oracle for test/autograd/anomaly_mode.test.ts: anomaly mode's errors and warnings."""
import warnings

import torch


def messages():
    out = {}
    x = torch.tensor([-1.0, 4.0], requires_grad=True)
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        with torch.autograd.detect_anomaly():
            y = x.sqrt()
            try:
                y.sum().backward()
            except RuntimeError as e:
                out["nan"] = str(e)
    out["warnings"] = [str(m.message).split("\n")[0] for m in w]
    # without checkNan the NaN gradient goes through
    x.grad = None
    with torch.autograd.detect_anomaly(check_nan=False):
        x.sqrt().sum().backward()
    out["grad_no_check"] = [None if g != g else g for g in x.grad.tolist()]
    # an in-place modification of a saved tensor, with and without anomaly mode
    for key, mode in (("inplace_on", True), ("inplace_off", False)):
        a = torch.tensor([1.0, 2.0], requires_grad=True)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with torch.autograd.set_detect_anomaly(mode):
                b = a.exp()
                b.add_(1)
                try:
                    b.sum().backward()
                except RuntimeError as e:
                    out[key] = str(e)
    out["state"] = [torch.is_anomaly_enabled(), torch.is_anomaly_check_nan_enabled()]
    return out
