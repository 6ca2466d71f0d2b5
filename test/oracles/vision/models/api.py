"""Oracle of test/vision/models/api.test.ts: torchvision.models' weights enums, registry, the
ImageClassification preset, IntermediateLayerGetter and _make_divisible."""
import os

import torch

from oracles.vision._torchvision import models
from torchvision.models._utils import IntermediateLayerGetter, _make_divisible
from torchvision.transforms import InterpolationMode
from torchvision.transforms._presets import ImageClassification

from ._common import weights_enums  # noqa: F401


def registry():
    """list_models() of the classification models with and without filters, and get_weight / get_model_weights lookups."""
    return {
        'all': models.list_models(module=models),
        'resnet': models.list_models(include='resnet*'),
        'union': models.list_models(module=models, include=['vgg1?', 'squeezenet*'], exclude='*_bn'),
        'classes': models.list_models(module=models, include='[ad]*', exclude=['densenet1[6-9]*']),
        'weight': repr(models.get_weight('ResNet50_Weights.IMAGENET1K_V2')),
        'numParams': models.get_weight('ResNet50_Weights.IMAGENET1K_V2').meta['num_params'],
        'enumOf': models.get_model_weights('wide_resnet50_2').__name__,
    }


def preset(case, folder):
    """ImageClassification(**kwargs) of a seeded image (uint8 or float, C x H x W or B x C x H x W),
    saved with its input to FOLDER/preset_CASE.pt; returns the path, repr and describe()."""
    kwargs, shape, dtype = case['kwargs'], case['shape'], case['dtype']
    torch.manual_seed(case['seed'])
    img = torch.randint(0, 256, shape, dtype=torch.uint8) if dtype == 'uint8' else torch.rand(shape)
    if 'interpolation' in kwargs:
        kwargs = {**kwargs, 'interpolation': InterpolationMode(kwargs['interpolation'])}
    p = ImageClassification(**kwargs)
    out = p(img)
    path = os.path.join(folder, f"preset_{case['name']}.pt")
    torch.save({'input': img, 'output': out}, path)
    return {'path': path, 'repr': repr(p), 'describe': p.describe()}


def intermediate_layers(seed):
    """torch.manual_seed(seed); resnet18(); IntermediateLayerGetter(layer1 -> feat1, layer3 -> feat2)
    on randn(1, 3, 64, 64): the output names, shapes and float64 sums."""
    torch.manual_seed(seed)
    m = models.resnet18().eval()
    getter = IntermediateLayerGetter(m, {'layer1': 'feat1', 'layer3': 'feat2'})
    x = torch.randn(1, 3, 64, 64)
    with torch.no_grad():
        out = getter(x)
    return {'children': [n for n, _ in getter.named_children()],
            'out': [[k, list(v.shape), v.double().sum().item()] for k, v in out.items()]}


def make_divisible(cases):
    """_make_divisible(v, divisor, min_value) for each case."""
    return [_make_divisible(*c) for c in cases]


def preset_many(cases, folder):
    """preset() of each case."""
    return [preset(c, folder) for c in cases]
