"""Oracle of test/serialization/optimizer_resume.test.ts."""
import torch


def resume(path, steps, save_at, save_path):
    """Resumes training for `steps` steps from the checkpoint at `path`, saving its own checkpoint to
    `save_path` before step `save_at`; the losses and what the checkpoint held."""
    d = torch.load(path)
    m = torch.nn.Sequential(torch.nn.Linear(4, 16), torch.nn.Tanh(), torch.nn.Linear(16, 1))
    m.load_state_dict(d['model'])
    opt = torch.optim.Adam(m.parameters(), lr=0.5)
    opt.load_state_dict(d['optimizer'])
    losses = []
    for i in range(steps):
        if i == save_at:
            torch.save({'model': m.state_dict(), 'optimizer': opt.state_dict()}, save_path)
        opt.zero_grad()
        loss = torch.nn.functional.mse_loss(m(d['x']), d['y'])
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return {'losses': losses, 'keys': list(d['optimizer'].keys()), 'stateKeys': list(d['optimizer']['state'].keys()),
      'stateType': type(d['optimizer']['state'][0]).__name__, 'modelType': type(d['model']).__name__,
      'groupKeys': sorted(d['optimizer']['param_groups'][0].keys())}
