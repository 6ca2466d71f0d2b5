"""Oracle of test/nn/modules/module.test.ts."""
import torch


def models():
    """The article's models and a model using every layer type: printed trees, state dict keys, outputs."""
    from collections import OrderedDict
    nn = torch.nn
    F = nn.functional
    class SiLU(nn.Module):
        def forward(self, x): return x * torch.sigmoid(x)
    act = SiLU()
    seq = nn.Sequential(OrderedDict([
        ('fc1', nn.Linear(784, 256)), ('activation1', act),
        ('fc2', nn.Linear(256, 128)), ('bn2', nn.BatchNorm1d(128)), ('activation2', act),
        ('dropout', nn.Dropout(0.3)),
        ('fc3', nn.Linear(128, 64)), ('bn3', nn.BatchNorm1d(64)), ('activation3', act),
        ('logits', nn.Linear(64, 10)), ('logsoftmax', nn.LogSoftmax(dim=1))]))
    class ClassifierBReLU(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc1 = nn.Linear(784, 256); self.fc2 = nn.Linear(256, 128)
            self.fc3 = nn.Linear(128, 64); self.fc4 = nn.Linear(64, 10)
    class Block(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv = nn.Conv2d(8, 8, 3, padding='same', bias=False)
            self.bn = nn.BatchNorm2d(8)
            self.act = nn.ReLU(inplace=True)
    class Zoo(nn.Module):
        def __init__(self):
            super().__init__()
            self.stem = nn.Conv2d(3, 8, 5, 2, 2)
            self.convs = nn.Conv2d(8, 8, (3, 1), dilation=2, groups=2, padding_mode='reflect', padding=1)
            self.c1 = nn.Conv1d(4, 6, 3)
            self.blocks = nn.ModuleList([Block(), Block(), Block()])
            self.pools = nn.ModuleDict({'max': nn.MaxPool2d(3, 2, 1), 'avg': nn.AvgPool2d(2), 'ada': nn.AdaptiveAvgPool2d((1, 1))})
            self.bn = nn.BatchNorm2d(16, momentum=None, affine=False)
            self.ln = nn.LayerNorm(10, eps=1e-6)
            self.emb = nn.Embedding(10, 3, padding_idx=0, max_norm=1.0)
            self.acts = nn.Sequential(nn.LeakyReLU(0.2), nn.ELU(), nn.SELU(), nn.GELU(approximate='tanh'),
                nn.SiLU(), nn.Mish(), nn.Sigmoid(), nn.Tanh(), nn.Softplus(beta=2.0), nn.Softmax(dim=-1),
                nn.Hardtanh(-2.0, 2.0), nn.PReLU(), nn.Identity(), nn.Softmax())
            self.losses = nn.ModuleList([nn.NLLLoss(), nn.CrossEntropyLoss(label_smoothing=0.1), nn.MSELoss(), nn.L1Loss(),
                nn.BCELoss(), nn.BCEWithLogitsLoss(pos_weight=torch.ones(3)), nn.SmoothL1Loss(), nn.HuberLoss(), nn.KLDivLoss(reduction='batchmean')])
            self.flat = nn.Flatten()
            self.unflat = nn.Unflatten(1, (2, 5))
            self.drop = nn.Dropout()
            self.head = nn.Linear(16, 4, bias=False)
            self.scale = nn.Parameter(torch.ones(1))
    clf = ClassifierBReLU()
    zoo = Zoo()

    sd = seq.state_dict()
    del sd['fc2.bias']
    sd['extra.weight'] = torch.zeros(1)
    sd['bn2.foo'] = torch.zeros(1)
    sd['fc9'] = torch.zeros(1)
    try:
        seq.load_state_dict(sd)
        missing = ''
    except RuntimeError as e:
        missing = str(e)
    sd = seq.state_dict()
    sd['fc1.weight'] = torch.zeros(4, 2)
    try:
        seq.load_state_dict(sd)
        mismatch = ''
    except RuntimeError as e:
        mismatch = str(e)
    sd = seq.state_dict()
    del sd['fc1.bias']
    sd['zzz'] = torch.zeros(1)
    r = seq.load_state_dict(sd, strict=False)
    bn = nn.BatchNorm1d(3)
    bsd = dict(bn.state_dict()); del bsd['num_batches_tracked']
    bn.load_state_dict(bsd)
    return {
      'seqRepr': repr(seq), 'clfRepr': repr(clf), 'zooRepr': repr(zoo),
      'seqKeys': list(seq.state_dict().keys()), 'zooKeys': list(zoo.state_dict().keys()),
      'zooParams': [n for n, _ in zoo.named_parameters()], 'zooBuffers': [n for n, _ in zoo.named_buffers()],
      'zooModules': [n for n, _ in zoo.named_modules()],
      'seqModules': [n for n, _ in seq.named_modules()], 'seqChildren': [n for n, _ in seq.named_children()],
      'seqParams': len(list(seq.parameters())),
      'missing': missing, 'sizeMismatch': mismatch, 'notStrict': [r.missing_keys, r.unexpected_keys],
      'bnOld': list(bsd.keys()),
    }
