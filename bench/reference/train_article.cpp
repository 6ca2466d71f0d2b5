// C++ twin of bench/train-article.mjs (and bench/python/article_reference.py): the seed article's
// four models, written as in examples/article_models.ts, trained with the loop both benches time:
// data preloaded, a randperm, batches of 64 indexed from the uint8 images, float().div_(255),
// Adam lr 0.003, NLLLoss, loss.item() every step, min(20, limit / 5) warm-up steps untimed.
// Usage: train_article [--limit 200] [--threads 1] [--root DIR | --synthetic] [--only NAME]
// Prints one JSON line per model: model, ms_per_step, steps, loss (the last step's), torch, device, threads.
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>
#ifdef TORCH_NODE_REFERENCE_ZLIB
#include <zlib.h>
#endif

namespace {

using torch::Tensor;
namespace nn = torch::nn;

// The models share one interface so that one loop trains them all.
struct Net : nn::Module {
  virtual Tensor forward(Tensor x) = 0;
};

// 1. SiLU as a plain function, and as a module in a named Sequential.
Tensor siluFn(const Tensor& input) { return input.mul(torch::sigmoid(input)); }

struct SiLUImpl : nn::Module {
  Tensor forward(Tensor input) { return siluFn(input); }
};
TORCH_MODULE(SiLU);

struct SiLUSequential : Net {
  nn::Sequential seq{nullptr};
  SiLUSequential() {
    SiLU act;
    seq = register_module("seq", nn::Sequential({
        {"fc1", nn::Linear(784, 256)}, {"activation1", act},
        {"fc2", nn::Linear(256, 128)}, {"bn2", nn::BatchNorm1d(128)}, {"activation2", act},
        {"dropout", nn::Dropout(0.3)},
        {"fc3", nn::Linear(128, 64)}, {"bn3", nn::BatchNorm1d(64)}, {"activation3", act},
        {"logits", nn::Linear(64, 10)}, {"logsoftmax", nn::LogSoftmax(nn::LogSoftmaxOptions(1))},
    }));
  }
  Tensor forward(Tensor x) override { return seq->forward(x); }
};

// The classifier the other three demos share: 784-256-128-64-10 with an activation after each
// hidden layer.
struct Classifier : Net {
  nn::Linear fc1{784, 256}, fc2{256, 128}, fc3{128, 64}, fc4{64, 10};
  std::function<Tensor(const Tensor&)> a1, a2, a3;
  Classifier() {
    register_module("fc1", fc1);
    register_module("fc2", fc2);
    register_module("fc3", fc3);
    register_module("fc4", fc4);
  }
  Tensor forward(Tensor x) override {
    x = x.view({x.size(0), -1});
    x = a1(fc1(x));
    x = a2(fc2(x));
    x = a3(fc3(x));
    return torch::log_softmax(fc4(x), 1);
  }
};

// 2. A trainable parameter.
struct SoftExponentialImpl : nn::Module {
  Tensor alpha;
  explicit SoftExponentialImpl(double alpha0 = 0.0) {
    alpha = register_parameter("alpha", torch::tensor(alpha0, torch::kFloat));
  }
  Tensor forward(const Tensor& x) {
    double a = alpha.item<double>();
    if (a == 0.0) return x;
    if (a < 0.0) return torch::log(torch::rsub(alpha.mul(x.add(alpha)), 1)).neg().div(alpha);
    return torch::exp(alpha.mul(x)).sub(1).div(alpha).add(alpha);
  }
};
TORCH_MODULE(SoftExponential);

// 3. A custom backward step.
struct BReLU : torch::autograd::Function<BReLU> {
  static Tensor forward(torch::autograd::AutogradContext* ctx, Tensor input) {
    ctx->save_for_backward({input});
    auto even = torch::arange(0, input.size(0), 2);
    auto odd = torch::arange(1, input.size(0), 2);
    auto output = input.clone();
    output.index_put_({even}, output.index({even}).clamp(0));
    output.index_put_({odd}, output.index({odd}).neg().clamp(0).neg());
    return output;
  }
  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                 torch::autograd::variable_list gradOutputs) {
    auto input = ctx->get_saved_variables()[0];
    if (!ctx->needs_input_grad(0)) return {Tensor()};
    auto even = torch::arange(0, input.size(0), 2);
    auto odd = torch::arange(1, input.size(0), 2);
    auto gradInput = gradOutputs[0].clone();
    gradInput.index_put_({even}, input.index({even}).ge(0).to(torch::kFloat).mul(gradInput.index({even})));
    gradInput.index_put_({odd}, input.index({odd}).lt(0).to(torch::kFloat).mul(gradInput.index({odd})));
    return {gradInput};
  }
};

std::shared_ptr<Net> siluModule() {
  auto net = std::make_shared<Classifier>();
  net->a1 = net->a2 = net->a3 = siluFn;
  return net;
}

std::shared_ptr<Net> softExponential() {
  auto net = std::make_shared<Classifier>();
  auto s1 = net->register_module("a1", SoftExponential());
  auto s2 = net->register_module("a2", SoftExponential());
  auto s3 = net->register_module("a3", SoftExponential());
  net->a1 = [s1](const Tensor& x) { return s1->forward(x); };
  net->a2 = [s2](const Tensor& x) { return s2->forward(x); };
  net->a3 = [s3](const Tensor& x) { return s3->forward(x); };
  return net;
}

std::shared_ptr<Net> brelu() {
  auto net = std::make_shared<Classifier>();
  net->a1 = net->a2 = net->a3 = [](const Tensor& x) { return BReLU::apply(x); };
  return net;
}

const std::vector<std::pair<std::string, std::function<std::shared_ptr<Net>()>>> MODELS = {
    {"silu_sequential", [] { return std::make_shared<SiLUSequential>(); }},
    {"silu_module", siluModule},
    {"soft_exponential", softExponential},
    {"brelu", brelu},
};

// An IDX file (big-endian magic whose low byte is the rank, then the sizes, then uint8 data).
Tensor readIdx(const std::string& path) {
#ifdef TORCH_NODE_REFERENCE_ZLIB
  gzFile f = gzopen(path.c_str(), "rb");
  if (f == nullptr) throw std::runtime_error("cannot open " + path);
  std::vector<unsigned char> data;
  unsigned char buf[1 << 16];
  int got;
  while ((got = gzread(f, buf, sizeof buf)) > 0) data.insert(data.end(), buf, buf + got);
  gzclose(f);
  auto be32 = [&](size_t at) {
    return (int64_t(data[at]) << 24) | (int64_t(data[at + 1]) << 16) | (int64_t(data[at + 2]) << 8) | int64_t(data[at + 3]);
  };
  if (data.size() < 4) throw std::runtime_error(path + " is not an IDX file");
  int ndim = int(data[3]);
  std::vector<int64_t> dims;
  int64_t count = 1;
  for (int i = 0; i < ndim; i++) {
    dims.push_back(be32(4 + 4 * i));
    count *= dims.back();
  }
  size_t offset = 4 + 4 * ndim;
  if (data.size() < offset + size_t(count)) throw std::runtime_error(path + " is truncated");
  return torch::from_blob(data.data() + offset, dims, torch::kUInt8).clone();
#else
  throw std::runtime_error("built without zlib: cannot read " + path);
#endif
}

// torch.optim.Adam's step as the node and Python sides run it on the CPU (PyTorch's
// per-parameter path; lib/optim/adam.ts): the first moment by lerp_, the denominator from sqrt,
// div_ and add_. LibTorch's C++ torch::optim::Adam computes the first moment by mul_ and add_, one
// op more and rounded differently: its losses drift from Python's after ~100 steps.
struct Adam {
  std::vector<Tensor> params, expAvg, expAvgSq;
  double lr, beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
  int64_t steps = 0;
  Adam(std::vector<Tensor> p, double lr) : params(std::move(p)), lr(lr) {
    for (const auto& t : params) {
      expAvg.push_back(torch::zeros_like(t, at::MemoryFormat::Preserve));
      expAvgSq.push_back(torch::zeros_like(t, at::MemoryFormat::Preserve));
    }
  }
  // Gradients to None, as zero_grad() does by default on every side.
  void zero_grad() {
    for (auto& p : params) p.mutable_grad().reset();
  }
  void step() {
    torch::NoGradGuard noGrad;
    steps++;  // every parameter has a gradient at every step: one count serves them all
    double biasCorrection1 = 1 - std::pow(beta1, double(steps));
    double biasCorrection2 = 1 - std::pow(beta2, double(steps));
    double stepSize = lr / biasCorrection1;
    double biasCorrection2Sqrt = std::pow(biasCorrection2, 0.5);  // Python's bias_correction2 ** 0.5
    for (size_t i = 0; i < params.size(); i++) {
      const Tensor& grad = params[i].grad();
      if (!grad.defined()) continue;
      expAvg[i].lerp_(grad, 1 - beta1);
      expAvgSq[i].mul_(beta2).addcmul_(grad, grad, 1 - beta2);
      Tensor denom = expAvgSq[i].sqrt();
      denom.div_(biasCorrection2Sqrt).add_(eps);
      params[i].addcdiv_(expAvg[i], denom, -stepSize);
    }
  }
};

double run(const std::function<std::shared_ptr<Net>()>& build, const Tensor& images, const Tensor& labels,
           int limit, int* stepsOut, double* lossOut) {
  torch::manual_seed(0);
  auto model = build();
  Adam opt(model->parameters(), 0.003);
  nn::NLLLoss crit;
  int64_t n = images.size(0);
  auto perm = torch::randperm(n);
  int warmup = std::min(20, limit / 5);
  auto t0 = std::chrono::steady_clock::now();
  int steps = 0;
  for (int64_t i = 0, b = 0; i < n && b < limit + warmup; i += 64, b++) {
    if (b == warmup) t0 = std::chrono::steady_clock::now();
    auto idx = perm.narrow(0, i, std::min<int64_t>(64, n - i));
    auto x = images.index({idx}).to(torch::kFloat).div_(255).view({-1, 784});
    auto y = labels.index({idx});
    auto loss = crit(model->forward(x), y);
    opt.zero_grad();
    loss.backward();
    opt.step();
    *lossOut = loss.item<float>();
    if (b >= warmup) steps++;
  }
  *stepsOut = steps;
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count() / steps;
}

}  // namespace

int main(int argc, char** argv) {
  int limit = 200;
  int threads = 0;
  std::string root = "/usr/share/datasets/fashion-mnist";
  std::string only;
  bool synthetic = false;
  for (int i = 1; i < argc; i++) {
    std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "train_article: %s needs a value\n", arg.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (arg == "--limit") limit = std::atoi(value().c_str());
    else if (arg == "--threads") threads = std::atoi(value().c_str());
    else if (arg == "--root") root = value();
    else if (arg == "--only") only = value();
    else if (arg == "--synthetic") synthetic = true;
    else if (arg == "--device") {
      if (value() != "cpu") {
        std::fprintf(stderr, "train_article: only --device cpu is supported\n");
        return 2;
      }
    } else {
      std::fprintf(stderr, "train_article: unknown argument %s\n", arg.c_str());
      return 2;
    }
  }
  if (limit <= 0) {
    std::fprintf(stderr, "train_article: --limit must be a positive integer\n");
    return 2;
  }
  if (threads > 0) at::set_num_threads(threads);

  Tensor images, labels;
  if (synthetic) {
    auto g = at::make_generator<at::CPUGeneratorImpl>(0);
    images = torch::randint(0, 256, {60000, 28, 28}, g, torch::kUInt8);
    labels = torch::randint(0, 10, {60000}, g, torch::kLong);
  } else {
    try {
      images = readIdx(root + "/train-images-idx3-ubyte.gz");
      labels = readIdx(root + "/train-labels-idx1-ubyte.gz").to(torch::kLong);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "train_article: %s (pass --synthetic for random images)\n", e.what());
      return 1;
    }
  }
  for (const auto& [name, build] : MODELS) {
    if (!only.empty() && name != only) continue;
    int steps = 0;
    double loss = 0;
    double ms = run(build, images, labels, limit, &steps, &loss);
    std::printf("{\"model\": \"%s\", \"ms_per_step\": %.4f, \"steps\": %d, \"loss\": %.4f, \"torch\": \"%s\", \"device\": \"cpu\", \"threads\": %d}\n",
                name.c_str(), ms, steps, loss, TORCH_VERSION, at::get_num_threads());
    std::fflush(stdout);
  }
  return 0;
}
