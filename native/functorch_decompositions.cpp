// Batching by decomposition for the loss operators functorch has no batching rule for: as
// torch/_functorch/vmap.py's lazy_load_decompositions, which registers torch._decomp's Python
// decompositions of these operators at the FuncTorchBatched key the first time vmap runs.
// Without them vmap falls back to a loop over the batch (BatchedFallback), ~2x slower on a small
// classifier's per-sample gradients. The bodies transcribe torch/_decomp/decompositions.py; their
// ATen calls dispatch to the batching rules of gather, scatter, where, ...
#include <ATen/ATen.h>
#include <ATen/core/Reduction.h>
#include <torch/library.h>

namespace tn {
namespace {

std::tuple<at::Tensor, at::Tensor> nllLossForward(const at::Tensor& input, const at::Tensor& target,
                                                  const std::optional<at::Tensor>& weightOpt, int64_t reduction,
                                                  c10::SymInt ignoreIndexSym) {
  TORCH_CHECK(input.dim() > 0 && input.dim() <= 2, "input tensor should be 1D or 2D");
  TORCH_CHECK(target.dim() <= 1, "0D or 1D target tensor expected, multi-target not supported");
  const bool noBatchDim = input.dim() == 1 && target.dim() == 0;
  TORCH_CHECK(noBatchDim || input.size(0) == target.size(0), "size mismatch (got input: ", input.sizes(),
              ", target: ", target.sizes(), ")");
  const int64_t ignoreIndex = ignoreIndexSym.guard_int(__FILE__, __LINE__);
  const int64_t nDims = input.dim();
  const int64_t channelDim = nDims < 2 ? 0 : 1;
  const bool hasWeight = weightOpt.has_value() && weightOpt->defined();
  at::Tensor self = input;
  at::Tensor w;
  if (hasWeight) {
    TORCH_CHECK(weightOpt->dim() == 1 && weightOpt->numel() == input.size(-1),
                "weight tensor should be defined either for all ", input.size(-1), " classes or no classes but got weight tensor of shape: ",
                weightOpt->sizes());
    if (nDims > 1) {
      std::vector<int64_t> shape(nDims, 1);
      shape[channelDim] = weightOpt->size(0);
      w = weightOpt->view(shape);
    } else {
      w = *weightOpt;
    }
    self = self * w;
  }
  at::Tensor keep = target.ne(ignoreIndex);
  at::Tensor safeTarget = at::where(keep, target, 0);
  at::Tensor safeTarget_ = safeTarget.unsqueeze(channelDim);
  at::Tensor result = -at::gather(self, channelDim, safeTarget_).squeeze(channelDim);
  result = at::where(keep, result, 0);
  if (reduction == at::Reduction::None && nDims > 1) {
    return {result, self.new_full({}, 0.0)};
  }
  at::Tensor totalWeight;
  if (hasWeight) {
    at::Tensor wsum = at::gather(w.expand(self.sizes()), channelDim, safeTarget_).squeeze(channelDim);
    totalWeight = at::where(keep, wsum, 0).sum();
  } else {
    totalWeight = keep.sum().to(self);
  }
  if (reduction == at::Reduction::Sum) result = result.sum();
  else if (reduction == at::Reduction::Mean) result = result.sum() / totalWeight;
  return {result, totalWeight};
}

at::Tensor nllLossBackward(const at::Tensor& gradOutputIn, const at::Tensor& self, const at::Tensor& targetIn,
                           const std::optional<at::Tensor>& weightOpt, int64_t reduction, c10::SymInt ignoreIndexSym,
                           const at::Tensor& totalWeight) {
  TORCH_CHECK(self.dim() >= 0 && self.dim() <= 2, "input tensor should be 1D or 2D");
  TORCH_CHECK(targetIn.dim() <= 1, "0D or 1D target tensor expected, multi-target not supported");
  TORCH_CHECK(totalWeight.numel() == 1, "expected total_weight to be a single element tensor, got: ",
              totalWeight.sizes(), " (", totalWeight.numel(), " elements)");
  const int64_t ignoreIndex = ignoreIndexSym.guard_int(__FILE__, __LINE__);
  const int64_t channelDim = self.dim() < 2 ? 0 : 1;
  at::Tensor gradOutput = gradOutputIn;
  if (reduction == at::Reduction::Mean) gradOutput = gradOutput / totalWeight;
  at::Tensor target = targetIn.unsqueeze(channelDim);
  at::Tensor keep = target.ne(ignoreIndex);
  at::Tensor safeTarget = at::where(keep, target, 0);
  at::Tensor gradInput = at::scatter(at::zeros_like(self), channelDim, safeTarget, -1.0);
  if (gradInput.dim() > gradOutput.dim() && gradOutput.dim() > 0) gradOutput = gradOutput.unsqueeze(channelDim);
  if (weightOpt.has_value() && weightOpt->defined()) {
    std::vector<int64_t> shape(self.dim(), 1);
    shape[channelDim] = weightOpt->size(0);
    gradOutput = gradOutput * weightOpt->reshape(shape);
  }
  gradOutput = at::where(keep, gradOutput, 0);
  return gradInput * gradOutput;
}

at::Tensor mseLossBackward(const at::Tensor& gradOutput, const at::Tensor& input, const at::Tensor& target, int64_t reduction) {
  const double norm = reduction == at::Reduction::Mean ? 2.0 / static_cast<double>(input.numel()) : 2.0;
  return norm * (input - target) * gradOutput;
}

}  // namespace

TORCH_LIBRARY_IMPL(aten, FuncTorchBatched, m) {
  m.impl("nll_loss_forward", &nllLossForward);
  m.impl("nll_loss_backward", &nllLossBackward);
  m.impl("mse_loss_backward", &mseLossBackward);
}

}  // namespace tn
