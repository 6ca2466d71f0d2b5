"""Oracle of test/nn/modules/loss.test.ts."""
import torch

from oracles.nn import loss_cases


def results():
    """Every loss with every reduction (and its options), on seeded inputs, against PyTorch; plus the gradient of each 'mean' loss with respect to the input."""
    nn = torch.nn
    F = nn.functional
    torch.manual_seed(3)
    logits = torch.randn(6, 5, requires_grad=True)
    labels = torch.tensor([0, 4, 2, 2, -100, 1])
    w = torch.rand(5)
    probs_t = torch.softmax(torch.randn(6, 5), 1)
    x = torch.randn(6, 5, requires_grad=True)
    y = torch.randn(6, 5)
    p = torch.sigmoid(torch.randn(6, 5)).requires_grad_()
    t = torch.rand(6, 5)
    pw = torch.rand(5) + 0.5
    logq = torch.log_softmax(torch.randn(6, 5), 1).requires_grad_()
    cases = []
    for r in ['mean', 'sum', 'none']:
        cases.append(nn.NLLLoss(reduction=r)(torch.log_softmax(logits, 1), labels))
        cases.append(nn.NLLLoss(weight=w, reduction=r)(torch.log_softmax(logits, 1), labels))
        cases.append(nn.CrossEntropyLoss(reduction=r)(logits, labels))
        cases.append(nn.CrossEntropyLoss(weight=w, label_smoothing=0.2, reduction=r)(logits, labels))
        cases.append(nn.CrossEntropyLoss(reduction=r)(logits, probs_t))
        cases.append(nn.MSELoss(reduction=r)(x, y))
        cases.append(nn.L1Loss(reduction=r)(x, y))
        cases.append(nn.BCELoss(reduction=r)(p, t))
        cases.append(nn.BCELoss(weight=w, reduction=r)(p, t))
        cases.append(nn.BCEWithLogitsLoss(reduction=r)(x, t))
        cases.append(nn.BCEWithLogitsLoss(weight=w, pos_weight=pw, reduction=r)(x, t))
        cases.append(nn.SmoothL1Loss(reduction=r, beta=0.5)(x, y))
        cases.append(nn.SmoothL1Loss(reduction=r, beta=0.0)(x, y))
        cases.append(nn.HuberLoss(reduction=r, delta=0.7)(x, y))
        cases.append(nn.KLDivLoss(reduction=r)(logq, probs_t))
        cases.append(nn.KLDivLoss(reduction=r, log_target=True)(logq, torch.log(probs_t)))
    cases.append(nn.KLDivLoss(reduction='batchmean')(logq, probs_t))
    cases.append(nn.CrossEntropyLoss(ignore_index=2)(logits, labels.clamp(min=0)))
    grads = []
    for f in [lambda: F.cross_entropy(logits, labels), lambda: F.mse_loss(x, y), lambda: F.binary_cross_entropy(p, t),
              lambda: F.binary_cross_entropy_with_logits(x, t, pos_weight=pw), lambda: F.huber_loss(x, y), lambda: F.kl_div(logq, probs_t, reduction='batchmean')]:
        for z in [logits, x, p, logq]:
            z.grad = None
        f().backward()
        grads.append([None if z.grad is None else z.grad.tolist() for z in [logits, x, p, logq]])
    return {'cases': [c.tolist() for c in cases], 'grads': grads}


def adaptive(targets):
    """AdaptiveLogSoftmaxWithLoss(8, 10, [2, 5], div_value=2.0, head_bias=True) seeded 0: repr, parameters, forward, gradients, log_prob, predict, errors."""
    torch.manual_seed(0)
    asm = torch.nn.AdaptiveLogSoftmaxWithLoss(8, 10, [2, 5], div_value=2.0, head_bias=True)
    params = {k: p.tolist() for k, p in asm.named_parameters()}
    x = torch.randn(8, 8).requires_grad_()
    target = torch.tensor(targets)
    output, loss = asm(x, target)
    loss.backward()
    single = asm(x[3], torch.tensor(5))

    def catch(fn):
        try:
            fn()
        except Exception as e:  # noqa: BLE001 - the message is the result
            return str(e)
        return None
    return {
        'repr': repr(asm), 'params': params, 'output': output.tolist(), 'loss': loss.item(),
        'inputGrad': x.grad.tolist(), 'grads': {k: p.grad.tolist() for k, p in asm.named_parameters()},
        'logProb': asm.log_prob(x).tolist(), 'predict': asm.predict(x).tolist(), 'predictMixed': asm.predict(x * 3).tolist(),
        'single': {'output': single.output.item(), 'loss': single.loss.item()},
        'badTarget': catch(lambda: asm(x, torch.tensor([0, 1, 2, 5, 9, 7, 3, 10]))),
        'badShape': catch(lambda: asm(x, torch.zeros(8, 2, dtype=torch.int64))),
        'predictAll': predict_all(asm, x),
    }


def predict_all(asm, x):
    """predict when every row's best head entry is a cluster (the head bias favours them)."""
    with torch.no_grad():
        asm.head.bias.copy_(torch.tensor([-100.0, -100.0, 0.0, 0.0]))
    return asm.predict(x).tolist()


def cases(table):
    """The test's table of loss module cases (see oracles/nn/loss_cases.py), keyed by name."""
    return loss_cases.run_cases(table)


def errors(table):
    """PyTorch's message for each bad construction or call of the test's error table, keyed by name."""
    return loss_cases.errors(table)


def nll_loss_2d_warning():
    """The FutureWarning constructing nn.NLLLoss2d gives."""
    import warnings
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter('always')
        torch.nn.NLLLoss2d()
    return str(w[0].message)
