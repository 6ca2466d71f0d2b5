"""Oracle of test/workers.test.ts."""
import torch


def seeded_training_losses():
    """a worker's manualSeed gives it its own stream: 4 workers with seed 0 train to Python's losses"""
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(4, 16), torch.nn.ReLU(), torch.nn.Dropout(0.3), torch.nn.Linear(16, 1))
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    losses = []
    for step in range(20):
        x = torch.randn(32, 4)
        y = x.sum(dim=1, keepdim=True)
        opt.zero_grad()
        loss = torch.nn.functional.mse_loss(model(x), y)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return losses


def two_rand3_seed0():
    """torch.manual_seed(0), then two draws of rand(3): one thread's uninterrupted stream."""
    torch.manual_seed(0)
    return [torch.rand(3).tolist(), torch.rand(3).tolist()]
