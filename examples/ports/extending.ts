// The four autograd Functions of PyTorch's "Extending PyTorch" note (docs/source/notes/extending.rst)
// in the setupContext style, its Linear module and its gradcheck, ported line for line;
// extending.py beside it is the Python it is checked against.
import * as torch from '../../lib/index.js';
import { nn, autograd, Tensor } from '../../lib/index.js';
const { Function, gradcheck, gradgradcheck } = autograd;

torch.manualSeed(0);

// Inherit from Function
class LinearFunction extends Function {
  // Note that forward, setupContext, and backward are static methods
  // bias is an optional argument
  static override forward(input: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
    const output = input.mm(weight.t());
    if (bias !== null) {
      output.add_(bias.unsqueeze(0).expandAs(output));
    }
    return output;
  }

  // inputs are all of the inputs passed to forward.
  // output is the output of the forward().
  static override setupContext(ctx: autograd.FunctionCtx, inputs: [Tensor, Tensor, (Tensor | null)?], output: Tensor): void {
    const [input, weight, bias = null] = inputs;
    ctx.saveForBackward(input, weight, bias);
  }

  // This function has only a single output, so it gets only one gradient
  static override backward(ctx: autograd.FunctionCtx, gradOutput: Tensor): (Tensor | null)[] {
    const [input, weight, bias] = ctx.savedTensors as [Tensor, Tensor, Tensor | null];
    let [gradInput, gradWeight, gradBias]: (Tensor | null)[] = [null, null, null];

    if (ctx.needsInputGrad[0]) {
      gradInput = gradOutput.mm(weight);
    }
    if (ctx.needsInputGrad[1]) {
      gradWeight = gradOutput.t().mm(input);
    }
    if (bias !== null && ctx.needsInputGrad[2]) {
      gradBias = gradOutput.sum(0);
    }

    return [gradInput, gradWeight, gradBias];
  }
}

const linear = LinearFunction.apply;

class MulConstant extends Function {
  static override forward(tensor: Tensor, constant: number): Tensor {
    return tensor.mul(constant);
  }

  static override setupContext(ctx: autograd.FunctionCtx, inputs: [Tensor, number]): void {
    // ctx is a context object that can be used to stash information
    // for backward computation
    const [, constant] = inputs;
    ctx.constant = constant;
  }

  static override backward(ctx: autograd.FunctionCtx, gradOutput: Tensor): [Tensor, null] {
    // We return as many input gradients as there were arguments.
    // Gradients of non-Tensor arguments to forward must be null.
    return [gradOutput.mul(ctx.constant as number), null];
  }
}

class MulConstantNoMaterialize extends Function {
  static override forward(tensor: Tensor, constant: number): Tensor {
    return tensor.mul(constant);
  }

  static override setupContext(ctx: autograd.FunctionCtx, inputs: [Tensor, number]): void {
    const [, constant] = inputs;
    ctx.setMaterializeGrads(false);
    ctx.constant = constant;
  }

  static override backward(ctx: autograd.FunctionCtx, gradOutput: Tensor | null): [Tensor | null, null] {
    // Here we must handle a null gradOutput. In this case we
    // can skip unnecessary computations and just return null.
    if (gradOutput === null) {
      return [null, null];
    }

    // We return as many input gradients as there were arguments.
    // Gradients of non-Tensor arguments to forward must be null.
    return [gradOutput.mul(ctx.constant as number), null];
  }
}

class MyCube extends Function {
  static override forward(x: Tensor): [Tensor, Tensor] {
    // We wish to save dx for backward. In order to do so, it must
    // be returned as an output.
    const dx = x.pow(2).mul(3);
    const result = x.pow(3);
    return [result, dx];
  }

  static override setupContext(ctx: autograd.FunctionCtx, inputs: [Tensor], output: [Tensor, Tensor]): void {
    const [x] = inputs;
    const [, dx] = output;
    ctx.saveForBackward(x, dx);
  }

  static override backward(ctx: autograd.FunctionCtx, gradOutput: Tensor, gradDx: Tensor): Tensor {
    const [x, dx] = ctx.savedTensors as [Tensor, Tensor];
    // In order for the autograd.Function to work with higher-order
    // gradients, we must add the gradient contribution of `dx`,
    // which is gradDx * 6 * x.
    const result = gradOutput.mul(dx).add(gradDx.mul(6).mul(x));
    return result;
  }
}

// Wrap MyCube in a function so that it is clearer what the output is
function myCube(x: Tensor): Tensor {
  const [result] = MyCube.apply(x);
  return result;
}

class Linear extends nn.Module {
  inputFeatures: number;
  outputFeatures: number;
  weight: nn.Parameter;
  bias: nn.Parameter | null;

  constructor(inputFeatures: number, outputFeatures: number, bias = true) {
    super();
    this.inputFeatures = inputFeatures;
    this.outputFeatures = outputFeatures;

    // nn.Parameter is a special kind of Tensor, that will get
    // automatically registered as Module's parameter once it's assigned
    // as an attribute.
    this.weight = new nn.Parameter(torch.empty(outputFeatures, inputFeatures));
    if (bias) {
      this.bias = new nn.Parameter(torch.empty(outputFeatures));
    } else {
      // You should always register all possible parameters, but the
      // optional ones can be null if you want.
      this.bias = null;
      this.registerParameter('bias', null);
    }

    // Not a very smart way to initialize weights
    nn.init.uniform_(this.weight, -0.1, 0.1);
    if (this.bias !== null) {
      nn.init.uniform_(this.bias, -0.1, 0.1);
    }
  }

  forward(input: Tensor): Tensor {
    // See the autograd section for explanation of what happens here.
    return LinearFunction.apply(input, this.weight, this.bias);
  }

  override extraRepr(): string {
    // (Optional)Set the extra information about this module. You can test
    // it by printing an object of this class.
    return `input_features=${this.inputFeatures}, output_features=${this.outputFeatures}, bias=${this.bias !== null ? 'True' : 'False'}`;
  }
}

// gradcheck takes an array of tensors as input, check if your gradient
// evaluated with these tensors are close enough to numerical
// approximations and returns true if they all verify this condition.
const input = [torch.randn([20, 20], { dtype: torch.double, requiresGrad: true }), torch.randn([30, 20], { dtype: torch.double, requiresGrad: true })];
const test = gradcheck(linear, input, { eps: 1e-6, atol: 1e-4 });
console.log(test);

const m = new Linear(4, 3);
console.log(String(m));
let x = torch.randn([2, 4], { requiresGrad: true });
const y = m(x);
y.pow(2).sum().backward();
console.log(String(y));
console.log(String(x.grad));
console.log(String(m.weight.grad));
console.log(String(m.bias!.grad));

const a = torch.randn([3], { requiresGrad: true });
const b = MulConstant.apply(a, 2.5);
b.sum().backward();
console.log(String(b));
console.log(String(a.grad));

const c = torch.randn([3], { requiresGrad: true });
const d = MulConstantNoMaterialize.apply(c, -1.5);
d.mul(d).sum().backward();
console.log(String(c.grad));

x = torch.randn([5], { dtype: torch.double, requiresGrad: true });
console.log(gradcheck(myCube, [x]));
console.log(gradgradcheck(myCube, [x]));
const [gradX] = autograd.grad(myCube(x).sum(), x, { createGraph: true });
const [grad2X] = autograd.grad(gradX!.sum(), x);
console.log(String(gradX));
console.log(String(grad2X));
