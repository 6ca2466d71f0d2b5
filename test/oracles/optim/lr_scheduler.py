"""Oracle of test/optim/lr_scheduler.test.ts."""
import torch


def schedules(epochs, metrics):
    """learning-rate schedulers match PyTorch"""
    import warnings
    warnings.simplefilter('ignore')
    from torch.optim import lr_scheduler as L
    def opt():
        a = torch.zeros(2, requires_grad=True); b = torch.zeros(2, requires_grad=True)
        return torch.optim.SGD([{'params': [a]}, {'params': [b], 'lr': 0.05}], lr=0.1, momentum=0.9)
    builders = {
      'StepLR': lambda o: L.StepLR(o, step_size=4, gamma=0.5),
      'MultiStepLR': lambda o: L.MultiStepLR(o, milestones=[3, 7, 7, 15], gamma=0.3),
      'ExponentialLR': lambda o: L.ExponentialLR(o, 0.9),
      'CosineAnnealingLR': lambda o: L.CosineAnnealingLR(o, T_max=6, eta_min=0.001),
      'LambdaLR': lambda o: L.LambdaLR(o, [lambda e: 0.9 ** e, lambda e: 1 / (e + 1)]),
      'LinearLR': lambda o: L.LinearLR(o, start_factor=0.25, end_factor=0.9, total_iters=7),
    }
    out = {}
    for name, build in builders.items():
        o = opt(); s = build(o); lrs = [s.get_last_lr()]
        for e in range(epochs):
            o.step(); s.step(); lrs.append(s.get_last_lr())
        out[name] = lrs
    o = opt(); s = L.ReduceLROnPlateau(o, mode='min', factor=0.5, patience=2, cooldown=1, min_lr=[0.01, 0.02], threshold=0.01)
    lrs = []
    for m in metrics:
        o.step(); s.step(m); lrs.append(s.get_last_lr())
    out['ReduceLROnPlateau'] = lrs
    o = opt(); s = L.ReduceLROnPlateau(o, mode='max', threshold_mode='abs', threshold=0.02, patience=1)
    lrs = []
    for m in metrics:
        o.step(); s.step(m); lrs.append(s.get_last_lr())
    out['ReduceLROnPlateauMax'] = lrs
    return out
