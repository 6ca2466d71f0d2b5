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


def _momenta(o):
    return [g['betas'][0] if 'betas' in g else g['momentum'] for g in o.param_groups]


def sequences(steps):
    """the other schedulers match PyTorch over `steps` steps"""
    import warnings
    warnings.simplefilter('ignore')
    from torch.optim import lr_scheduler as L
    def params():
        return [{'params': [torch.zeros(2, requires_grad=True)]}, {'params': [torch.zeros(2, requires_grad=True)], 'lr': 0.05}]
    sgd = lambda: torch.optim.SGD(params(), lr=0.1, momentum=0.9)
    adam = lambda: torch.optim.Adam(params(), lr=0.1)
    cases = {
      'MultiplicativeLR': (sgd, lambda o: L.MultiplicativeLR(o, [lambda e: 0.95, lambda e: 1 - 0.001 * e])),
      'ConstantLR': (sgd, lambda o: L.ConstantLR(o, factor=0.3, total_iters=10)),
      'PolynomialLR': (sgd, lambda o: L.PolynomialLR(o, total_iters=60)),
      'PolynomialLRPower': (sgd, lambda o: L.PolynomialLR(o, total_iters=70, power=2.5)),
      'SequentialLR': (sgd, lambda o: L.SequentialLR(o, [L.LinearLR(o, start_factor=0.1, total_iters=10), L.ExponentialLR(o, 0.97)], milestones=[10])),
      'SequentialLR3': (sgd, lambda o: L.SequentialLR(o, [L.ConstantLR(o, factor=0.5, total_iters=5), L.StepLR(o, 7, 0.5), L.MultiplicativeLR(o, lambda e: 0.98)], milestones=[20, 50])),
      'SequentialLRCos': (sgd, lambda o: L.SequentialLR(o, [L.LinearLR(o, start_factor=0.2, total_iters=5), L.CosineAnnealingLR(o, T_max=40, eta_min=0.001)], milestones=[5])),
      'ChainedScheduler': (sgd, lambda o: L.ChainedScheduler([L.ConstantLR(o, factor=0.1, total_iters=2), L.ExponentialLR(o, 0.97)])),
      'ChainedScheduler2': (sgd, lambda o: L.ChainedScheduler([L.LinearLR(o, start_factor=0.5, total_iters=8), L.MultiStepLR(o, [20, 40, 40, 90], 0.5)], o)),
      'CyclicLR': (sgd, lambda o: L.CyclicLR(o, base_lr=0.01, max_lr=0.1, step_size_up=7, step_size_down=5)),
      'CyclicLRTriangular2': (sgd, lambda o: L.CyclicLR(o, base_lr=[0.01, 0.02], max_lr=[0.1, 0.3], step_size_up=10, mode='triangular2', base_momentum=0.7, max_momentum=[0.9, 0.95])),
      'CyclicLRExpRange': (sgd, lambda o: L.CyclicLR(o, base_lr=0.001, max_lr=0.1, step_size_up=6, mode='exp_range', gamma=0.98)),
      'CyclicLRAdam': (adam, lambda o: L.CyclicLR(o, base_lr=0.001, max_lr=0.01, step_size_up=9, step_size_down=3)),
      'CyclicLRScaleFn': (sgd, lambda o: L.CyclicLR(o, base_lr=0.01, max_lr=0.1, step_size_up=5, scale_fn=lambda x: 1 / (1 + 0.25 * x), scale_mode='iterations', cycle_momentum=False)),
      'CosineAnnealingWarmRestarts': (sgd, lambda o: L.CosineAnnealingWarmRestarts(o, T_0=10, T_mult=2, eta_min=0.001)),
      'CosineAnnealingWarmRestarts1': (sgd, lambda o: L.CosineAnnealingWarmRestarts(o, 7)),
      'OneCycleLR': (sgd, lambda o: L.OneCycleLR(o, max_lr=0.5, total_steps=steps)),
      'OneCycleLRLinear3': (adam, lambda o: L.OneCycleLR(o, max_lr=[0.01, 0.02], epochs=10, steps_per_epoch=steps // 10, anneal_strategy='linear', three_phase=True, pct_start=0.25)),
      'OneCycleLRNoMomentum': (sgd, lambda o: L.OneCycleLR(o, max_lr=0.1, total_steps=steps + 7, cycle_momentum=False, div_factor=10.0, final_div_factor=100.0)),
    }
    out = {}
    for name, (make, build) in cases.items():
        o = make(); s = build(o); lrs = [s.get_last_lr()]; moms = [_momenta(o)]
        for e in range(steps):
            o.step(); s.step(); lrs.append(s.get_last_lr()); moms.append(_momenta(o))
        out[name] = {'lrs': lrs, 'momenta': moms}
    # CosineAnnealingWarmRestarts stepped per batch with fractional epochs (7 batches an epoch).
    for name, kw in [('WarmRestartsEpochs', dict(T_0=5, T_mult=2, eta_min=0.01)), ('WarmRestartsEpochs1', dict(T_0=3))]:
        o = sgd(); s = L.CosineAnnealingWarmRestarts(o, **kw); lrs = [s.get_last_lr()]
        for i in range(steps):
            o.step(); s.step(i / 7); lrs.append(s.get_last_lr())
        out[name] = {'lrs': lrs, 'momenta': []}
    return out


def plateau(metrics):
    """ReduceLROnPlateau over many steps (eps, cooldown, per-group minLr, both modes)"""
    from torch.optim import lr_scheduler as L
    cases = {
      'minRel': dict(mode='min', factor=0.5, patience=3, cooldown=2, min_lr=0.001),
      'maxRel': dict(mode='max', threshold=0.05, patience=0, cooldown=1, min_lr=[0, 0.01]),
      'eps': dict(mode='min', factor=0.5, patience=1, threshold_mode='abs', threshold=0.0, eps=0.02),
    }
    out = {}
    for name, kw in cases.items():
        a = torch.zeros(2, requires_grad=True); b = torch.zeros(2, requires_grad=True)
        o = torch.optim.SGD([{'params': [a]}, {'params': [b], 'lr': 0.05}], lr=0.1, momentum=0.9)
        s = L.ReduceLROnPlateau(o, **kw); lrs = []
        for m in metrics:
            o.step(); s.step(m); lrs.append(s.get_last_lr())
        out[name] = lrs
    return out


def swalr(steps):
    """optim.swa_utils.SWALR matches PyTorch"""
    import warnings
    warnings.simplefilter('ignore')
    from torch.optim.swa_utils import SWALR
    cases = {
      'cos': dict(swa_lr=0.05),
      'linear0': dict(swa_lr=[0.01, 0.02], anneal_epochs=0, anneal_strategy='linear'),
      'linear7': dict(swa_lr=0.2, anneal_epochs=7, anneal_strategy='linear'),
      'cos3': dict(swa_lr=[0.3, 0.001], anneal_epochs=3),
    }
    out = {}
    for name, kw in cases.items():
        a = torch.zeros(2, requires_grad=True); b = torch.zeros(2, requires_grad=True)
        o = torch.optim.SGD([{'params': [a]}, {'params': [b], 'lr': 0.05}], lr=0.1, momentum=0.9)
        s = SWALR(o, **kw); lrs = [s.get_last_lr()]
        for e in range(steps):
            o.step(); s.step(); lrs.append(s.get_last_lr())
        out[name] = lrs
    return out
