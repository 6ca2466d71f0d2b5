// C's math library on JS numbers, for the scalar computations that must give Python's floats:
// Python's `x ** y` on two floats is C's pow(), while JS's `**` is V8's own pow, an ulp off for
// some inputs (0.9 ** 4 is 0.6561000000000001 in JS, 0.6561 in Python). The optimizers' bias
// corrections and schedules use it every step, so it is a plain call, not a tensor op.
#include "common.h"
#include <cmath>

namespace tn {
namespace {

Napi::Value libmPow(const Napi::CallbackInfo& info) {
  if (info.Length() < 2 || !info[0].IsNumber() || !info[1].IsNumber()) {
    throw JsTypeError("libmPow(x, y): x and y must be numbers");
  }
  double x = info[0].As<Napi::Number>().DoubleValue();
  double y = info[1].As<Napi::Number>().DoubleValue();
  return Napi::Number::New(info.Env(), std::pow(x, y));
}

}  // namespace

void registerScalarMath(Napi::Env env, Napi::Object exports) {
  defineFunctions(env, exports, {
      TN_FN("libmPow", libmPow),
  });
}

}  // namespace tn
