"""Oracle of test/vision/training.test.ts: Fashion-MNIST -> DataLoader(shuffle) -> a small MLP -> Adam."""
import torch

from .idx import read


class FashionMNIST(torch.utils.data.Dataset):
    """A torchvision-style dataset with ToTensor and Normalize((0.2860,), (0.3530,))."""
    def __init__(self, root):
        self.images = read(root + '/train-images-idx3-ubyte.gz'); self.labels = read(root + '/train-labels-idx1-ubyte.gz').long()
    def __len__(self): return len(self.images)
    def __getitem__(self, i):
        img = self.images[i].unsqueeze(0).float().div(255)
        return img.sub_(torch.tensor([0.2860]).view(-1, 1, 1)).div_(torch.tensor([0.3530]).view(-1, 1, 1)), int(self.labels[i])


def losses(root, steps):
    """The loss of each of the first `steps` steps."""
    torch.manual_seed(0)
    w1 = (torch.randn(784, 32) * 0.05).requires_grad_(); b1 = torch.zeros(32, requires_grad=True)
    w2 = (torch.randn(32, 10) * 0.05).requires_grad_(); b2 = torch.zeros(10, requires_grad=True)
    opt = torch.optim.Adam([w1, b1, w2, b2], lr=0.003)
    loader = torch.utils.data.DataLoader(FashionMNIST(root), batch_size=64, shuffle=True)
    losses = []
    for x, y in loader:
        h = torch.relu(x.view(x.shape[0], -1) @ w1 + b1)
        loss = torch.nn.functional.nll_loss(torch.log_softmax(h @ w2 + b2, dim=1), y)
        opt.zero_grad(); loss.backward(); opt.step()
        losses.append(loss.item())
        if len(losses) == steps: break
    return losses
