// The seed article's four models, ported as in docs: SiLU as a plain function and as a module
// in a named Sequential, SiLU in a classifier, Soft Exponential with a trainable alpha per layer,
// and BReLU through a custom autograd Function.
import * as torch from '../lib/index.js';
import { nn, autograd, Tensor } from '../lib/index.js';
const F = nn.functional;

// 1. A simple activation: a plain function, then a module.
export function silu(input: Tensor): Tensor {
  return input.mul(torch.sigmoid(input));
}

export class SiLU extends nn.Module {
  forward(input: Tensor): Tensor {
    return silu(input);
  }
}

export function siluSequential(): nn.Module {
  const act = new SiLU();
  return new nn.Sequential(new Map<string, nn.Module>([
    ['fc1', new nn.Linear(784, 256)], ['activation1', act],
    ['fc2', new nn.Linear(256, 128)], ['bn2', new nn.BatchNorm1d(128)], ['activation2', act],
    ['dropout', new nn.Dropout(0.3)],
    ['fc3', new nn.Linear(128, 64)], ['bn3', new nn.BatchNorm1d(64)], ['activation3', act],
    ['logits', new nn.Linear(64, 10)], ['logsoftmax', new nn.LogSoftmax({ dim: 1 })],
  ]));
}

export class ClassifierSiLU extends nn.Module {
  fc1 = new nn.Linear(784, 256); fc2 = new nn.Linear(256, 128);
  fc3 = new nn.Linear(128, 64); fc4 = new nn.Linear(64, 10);
  forward(x: Tensor): Tensor {
    x = x.view(x.shape[0]!, -1);
    x = silu(this.fc1(x)); x = silu(this.fc2(x)); x = silu(this.fc3(x));
    return F.logSoftmax(this.fc4(x), { dim: 1 });
  }
}

// 2. A trainable parameter.
export class SoftExponential extends nn.Module {
  alpha: nn.Parameter;
  constructor(public inFeatures: number, alpha?: number) {
    super();
    this.alpha = new nn.Parameter(torch.tensor(alpha ?? 0.0));
    this.alpha.requiresGrad = true;
  }
  forward(x: Tensor): Tensor {
    const a = this.alpha.item();
    if (a === 0.0) return x;
    if (a < 0.0) return torch.log(torch.sub(1, this.alpha.mul(x.add(this.alpha)))).neg().div(this.alpha);
    return torch.exp(this.alpha.mul(x)).sub(1).div(this.alpha).add(this.alpha);
  }
}

export class ClassifierSExp extends nn.Module {
  fc1 = new nn.Linear(784, 256); fc2 = new nn.Linear(256, 128);
  fc3 = new nn.Linear(128, 64); fc4 = new nn.Linear(64, 10);
  a1 = new SoftExponential(256); a2 = new SoftExponential(128); a3 = new SoftExponential(64);
  forward(x: Tensor): Tensor {
    x = x.view(x.shape[0]!, -1);
    x = this.a1(this.fc1(x)); x = this.a2(this.fc2(x)); x = this.a3(this.fc3(x));
    return F.logSoftmax(this.fc4(x), { dim: 1 });
  }
}

// 3. A custom backward step.
export class BReLU extends autograd.Function {
  static forward(ctx: autograd.FunctionCtx, input: Tensor): Tensor {
    ctx.saveForBackward(input);
    const even = torch.arange(0, input.shape[0]!, 2);
    const odd = torch.arange(1, input.shape[0]!, 2);
    const output = input.clone();
    output.indexPut_([even], output.index([even]).clamp({ min: 0 }));
    output.indexPut_([odd], output.index([odd]).neg().clamp({ min: 0 }).neg());
    return output;
  }
  static backward(ctx: autograd.FunctionCtx, gradOutput: Tensor): Tensor | null {
    const [input] = ctx.savedTensors as [Tensor];
    if (!ctx.needsInputGrad[0]) return null;
    const even = torch.arange(0, input.shape[0]!, 2);
    const odd = torch.arange(1, input.shape[0]!, 2);
    const gradInput = gradOutput.clone();
    gradInput.indexPut_([even], input.index([even]).ge(0).float().mul(gradInput.index([even])));
    gradInput.indexPut_([odd], input.index([odd]).lt(0).float().mul(gradInput.index([odd])));
    return gradInput;
  }
}
export const brelu = BReLU.apply;

export class ClassifierBReLU extends nn.Module {
  fc1 = new nn.Linear(784, 256); fc2 = new nn.Linear(256, 128);
  fc3 = new nn.Linear(128, 64); fc4 = new nn.Linear(64, 10);
  forward(x: Tensor): Tensor {
    x = x.view(x.shape[0]!, -1);
    x = brelu(this.fc1(x)) as Tensor; x = brelu(this.fc2(x)) as Tensor; x = brelu(this.fc3(x)) as Tensor;
    return F.logSoftmax(this.fc4(x), { dim: 1 });
  }
}

/** The four demos in the article's order, by name. */
export const ARTICLE_MODELS: [string, () => nn.Module][] = [
  ['silu_sequential', siluSequential],
  ['silu_module', () => new ClassifierSiLU()],
  ['soft_exponential', () => new ClassifierSExp()],
  ['brelu', () => new ClassifierBReLU()],
];
