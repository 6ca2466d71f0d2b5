"""Oracle of test/nn/utils/prune.test.ts."""
import torch
import torch.nn.utils.prune as prune

from oracles.nn.function_cases import catch


def _state(m):
    return {k: v.tolist() for k, v in m.state_dict().items()}


def scenarios():
    """Each pruning function on seeded layers: state dicts (keys in order, masks, values), the pruned
    tensor, forward output and the gradient that reaches <name>_orig."""
    nn = torch.nn
    out = {}

    torch.manual_seed(0)
    fc = nn.Linear(5, 4)
    prune.l1_unstructured(fc, 'weight', amount=0.3)
    prune.l1_unstructured(fc, name='bias', amount=2)
    x = torch.randn(3, 5)
    y = fc(x)
    y.sum().backward()
    out['l1'] = {'state': _state(fc), 'keys': list(fc.state_dict().keys()), 'weight': fc.weight.tolist(), 'y': y.tolist(),
                 'origGrad': fc.weight_orig.grad.tolist(), 'params': [n for n, _ in fc.named_parameters()],
                 'buffers': [n for n, _ in fc.named_buffers()], 'pruned': prune.is_pruned(fc)}
    with torch.no_grad():
        fc.weight_orig.mul_(2)
    out['l1']['afterEdit'] = fc(x).tolist()

    torch.manual_seed(1)
    fc = nn.Linear(6, 5)
    prune.random_unstructured(fc, 'weight', 0.45)
    out['random'] = _state(fc)

    torch.manual_seed(2)
    conv = nn.Conv2d(3, 6, 3)
    prune.random_structured(conv, 'weight', amount=0.5, dim=0)
    prune.ln_structured(conv, 'weight', amount=1, n=1, dim=1)
    prune.l1_unstructured(conv, 'weight', amount=0.25)
    out['container'] = {'mask': conv.weight_mask.tolist(), 'keys': list(conv.state_dict().keys())}

    torch.manual_seed(3)
    conv = nn.Conv2d(2, 4, 2)
    scores = torch.randn(4, 2, 2, 2)
    prune.ln_structured(conv, 'weight', 0.5, 2, 0, importance_scores=scores)
    out['lnScores'] = conv.weight_mask.tolist()
    conv2 = nn.Conv1d(2, 4, 3)
    prune.ln_structured(conv2, 'weight', amount=0.5, n='fro', dim=-1)
    out['lnFro'] = conv2.weight_mask.tolist()
    conv3 = nn.Conv2d(2, 4, 2)
    prune.ln_structured(conv3, 'weight', amount=2, n=float('inf'), dim=0)
    out['lnInf'] = conv3.weight_mask.tolist()

    torch.manual_seed(4)
    a, b = nn.Linear(4, 3), nn.Linear(3, 2)
    prune.l1_unstructured(a, 'weight', 0.2)
    params = [(a, 'weight'), (b, 'weight'), (b, 'bias')]
    prune.global_unstructured(params, pruning_method=prune.L1Unstructured, amount=0.4)
    out['global'] = {'a': _state(a), 'b': _state(b)}
    c, d = nn.Linear(4, 3), nn.Linear(3, 2)
    sc = torch.randn(3, 4)
    prune.global_unstructured([(c, 'weight'), (d, 'weight')], prune.RandomUnstructured, importance_scores={(c, 'weight'): sc}, amount=5)
    out['globalRandom'] = {'c': c.weight_mask.tolist(), 'd': d.weight_mask.tolist()}

    torch.manual_seed(5)
    fc = nn.Linear(3, 3)
    prune.custom_from_mask(fc, 'bias', mask=torch.tensor([0., 1., 1.]))
    prune.identity(fc, 'weight')
    out['custom'] = {'state': _state(fc), 'keys': list(fc.state_dict().keys())}
    prune.remove(fc, 'bias')
    prune.remove(fc, 'weight')
    out['removed'] = {'state': _state(fc), 'keys': list(fc.state_dict().keys()), 'params': [n for n, _ in fc.named_parameters()],
                      'pruned': prune.is_pruned(fc), 'grad': fc.bias.requires_grad}
    seq = nn.Sequential(nn.Linear(2, 2), nn.ReLU())
    prune.random_unstructured(seq[0], 'bias', 1)
    out['seqPruned'] = prune.is_pruned(seq)

    lin = nn.Linear(2, 2)
    catch(lambda: prune.l1_unstructured(lin, 'weight', amount=5))
    out['rollback'] = {'keys': list(lin.state_dict().keys()), 'pruned': prune.is_pruned(lin)}
    torch.manual_seed(6)
    m = nn.Linear(3, 2)
    x = torch.randn(4, 3)
    out['prune'] = prune.L1Unstructured(amount=0.5).prune(x).tolist()
    out['errors'] = [
        catch(lambda: prune.l1_unstructured(nn.Linear(2, 2), 'weight', amount=1.5)),
        catch(lambda: prune.l1_unstructured(nn.Linear(2, 2), 'weight', amount=-1)),
        catch(lambda: prune.l1_unstructured(nn.Linear(2, 2), 'weight', amount=5)),
        catch(lambda: prune.remove(m, 'weight')),
        catch(lambda: prune.random_structured(nn.Linear(2, 2), 'bias', 0.5, 0)),
        catch(lambda: prune.l1_unstructured(nn.Linear(2, 2), 'weight', 0.5, importance_scores=torch.ones(3))),
        catch(lambda: prune.global_unstructured([(m, 'weight')], prune.RandomStructured, amount=0.5)),
        catch(lambda: prune.l1_unstructured(nn.Linear(2, 2), 'foo', 0.5)),
    ]
    return out
