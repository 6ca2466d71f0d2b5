"""torchvision for the vision oracles, without its compiled operators.

The torchvision wheel pip installs next to this CPU PyTorch is built for another PyTorch: its C++
operators (nms, roi_align, the image decoders) fail to load, and `import torchvision` then stops
in the two modules that register fake/autograd kernels for those operators. Everything the oracles
use (transforms, models, pure-tensor ops, utils) is Python over torch, so those two modules are
replaced by empty ones before the import. Oracles import torchvision from here:

    from oracles.vision._torchvision import torchvision, transforms, F, models, ops, utils
"""
import sys
import types

for _name in ('torchvision._meta_registrations', 'torchvision._autograd_registrations'):
    sys.modules.setdefault(_name, types.ModuleType(_name))

import torchvision  # noqa: E402
from torchvision import datasets, models, ops, transforms, utils  # noqa: E402,F401
import torchvision.transforms.functional as F  # noqa: E402,F401
