// C++ twin of bench/op-overhead.mjs (and bench/python/op_overhead.py): the same rows, timed the
// same way, straight on LibTorch's C++ API: the floor a binding's per-op overhead is measured from.
// Usage: op_overhead [N]   (prints one JSON line: row -> microseconds per call)
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
using torch::indexing::Slice;

long N = 200000;

// Best of 3 consecutive timings of N calls after 1000 untimed ones, as on the other two sides: a
// CPU left idle while another side ran runs slow for a while after it wakes.
template <class F>
double bench(F&& fn, long n = N) {
  for (int i = 0; i < 1000; i++) fn();
  double best = 1e300;
  for (int k = 0; k < 3; k++) {
    auto t = Clock::now();
    for (long i = 0; i < n; i++) fn();
    best = std::min(best, std::chrono::duration<double, std::micro>(Clock::now() - t).count() / n);
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1) N = std::atol(argv[1]);
  if (N <= 0) {
    std::fprintf(stderr, "op_overhead: N must be a positive integer\n");
    return 2;
  }
  at::set_num_threads(1);
  auto a = torch::ones({1});
  auto b = torch::ones({1});
  auto x = torch::ones({1}, torch::requires_grad());
  auto m = torch::ones({4, 4});
  auto idx = torch::tensor({int64_t{0}, int64_t{2}});
  auto v = torch::ones({4, 2});
  // Half a second of untimed work first (see bench()).
  auto until = Clock::now() + std::chrono::milliseconds(500);
  while (Clock::now() < until)
    for (int i = 0; i < 1000; i++) a.mul(b);

  std::vector<std::pair<std::string, double>> rows;
  rows.emplace_back("a+b", bench([&] { return a.add(b); }));
  rows.emplace_back("torch.add(a,b)", bench([&] { return torch::add(a, b); }));
  rows.emplace_back("a.add(b, alpha=2)", bench([&] { return a.add(b, 2); }));
  rows.emplace_back("a.mul(b).sigmoid()", bench([&] { return a.mul(b).sigmoid(); }));
  rows.emplace_back("torch.zeros(1)", bench([&] { return torch::zeros({1}); }));
  rows.emplace_back("(x*x).sum() fwd only, grad on", bench([&] { return x.mul(x).sum(); }));
  // x.grad accumulates across calls, as on the other sides; a backward costs as much as tens of
  // small ops, so N / 10 calls.
  rows.emplace_back("(x*x).sum().backward()", bench([&] { x.mul(x).sum().backward(); }, std::max(1L, N / 10)));
  rows.emplace_back("m[:, 1:3]", bench([&] { return m.index({Slice(), Slice(1, 3)}); }));
  rows.emplace_back("m[0]", bench([&] { return m.index({0}); }));
  rows.emplace_back("m[idx]", bench([&] { return m.index({idx}); }));
  rows.emplace_back("m[:, 1:3] = v", bench([&] { m.index_put_({Slice(), Slice(1, 3)}, v); }));
  rows.emplace_back("m[idx] = 1", bench([&] { m.index_put_({idx}, 1); }));

  std::string out = "{";
  for (size_t i = 0; i < rows.size(); i++) {
    char num[32];
    std::snprintf(num, sizeof num, "%.4f", rows[i].second);
    out += (i ? ", \"" : "\"") + rows[i].first + "\": " + num;
  }
  std::printf("%s}\n", out.c_str());
  return 0;
}
