# Python facts for codegen (codegen/load.mjs runs this with the python3 whose PyTorch we link, at
# codegen time only). Reads a JSON list of aten:: names on stdin; writes, per name:
#   [on_torch, on_tensor, on_torch_C_nn, function_doc, method_doc, submodule, is_property]
# on_*: whether torch.NAME / torch.Tensor.NAME / torch._C._nn.NAME exist; *_doc: the first
# sentence of the docstring; submodule: [module, doc] when torch.linalg / fft / special has the
# name without its prefix (aten::linalg_vector_norm -> torch.linalg.vector_norm); is_property:
# torch.Tensor.NAME is a property (x.mT, x.real), not a method.
import json
import re
import sys

import torch

SUBMODULES = ('linalg', 'fft', 'special')


def clean(doc):
    """The first sentence of a docstring that is not a signature, directive or section header,
    with Sphinx roles and LaTeX macros reduced to their text."""
    if not doc:
        return ''
    lines = [l.strip() for l in doc.strip().split('\n')]
    paras, cur = [], []
    for l in lines:
        if not l:
            if cur:
                paras.append(' '.join(cur))
                cur = []
        else:
            cur.append(l)
    if cur:
        paras.append(' '.join(cur))
    for p in paras:
        if re.match(r'^[\w.]+\(.*\)\s*(->.*)?$', p):  # a signature line
            continue
        if p.startswith('..') or p.startswith('Args:') or p.startswith('Example'):
            continue
        p = re.sub(r':(?:attr|func|meth|class|math|ref|mod|data|obj):`~?([^`<]*?)(?:\s*<[^>]*>)?`', r'\1', p)
        p = p.replace('``', '`')
        p = re.sub(r'\\(?:text|mathrm|operatorname)\{+([^{}]*)\}+', r'\1', p)
        p = p.replace('{{', '').replace('}}', '').replace('\\ ', '')
        m = re.match(r'^(.*?[.!?])(\s|$)', p)
        s = m.group(1) if m else p
        s = s.replace('*/', '* /')  # the text goes into a JSDoc comment
        return s[:300]
    return ''


def facts(name):
    nn = torch._C._nn
    t, m, f = hasattr(torch, name), hasattr(torch.Tensor, name), hasattr(nn, name)
    fd = clean(getattr(torch, name).__doc__) if t else (clean(getattr(nn, name).__doc__) if f else '')
    if not fd and hasattr(torch.nn.functional, name):
        fd = clean(getattr(torch.nn.functional, name).__doc__)
    md = clean(getattr(torch.Tensor, name).__doc__) if m else ''
    sub = None
    for mod in SUBMODULES:
        short = name[len(mod) + 1:]
        if name.startswith(mod + '_') and hasattr(getattr(torch, mod), short):
            sub = [mod, clean(getattr(getattr(torch, mod), short).__doc__)]
    prop = m and not callable(getattr(torch.Tensor, name))
    return [t, m, f, fd, md, sub, prop]


def main():
    names = json.load(sys.stdin)
    print(json.dumps({n: facts(n) for n in names}))


if __name__ == '__main__':
    main()
