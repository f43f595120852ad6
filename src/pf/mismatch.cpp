#include "gat/pf/mismatch.hpp"

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>

#include <chrono>
#include <cmath>

#include "gat/core/error.hpp"

namespace gat::pf {

YbusRows ybus_rows(const Ybus& y) {
  YbusRows r;
  r.n = y.n;
  const auto n = static_cast<std::size_t>(y.n);
  r.row_ptr.assign(n + 1, 0);
  for (auto i : y.row_idx) ++r.row_ptr[static_cast<std::size_t>(i) + 1];
  for (std::size_t i = 0; i < n; ++i) r.row_ptr[i + 1] += r.row_ptr[i];
  r.col_idx.resize(y.nnz());
  r.g.resize(y.nnz());
  r.b.resize(y.nnz());
  std::vector<std::int32_t> next(r.row_ptr.begin(), r.row_ptr.end() - 1);
  // Columns in ascending order: each row receives its entries in column order.
  for (std::int32_t k = 0; k < y.n; ++k) {
    for (auto p = y.col_ptr[k]; p < y.col_ptr[k + 1]; ++p) {
      const auto q = next[y.row_idx[p]]++;
      r.col_idx[q] = k;
      r.g[q] = y.g[p];
      r.b[q] = y.b[p];
    }
  }
  return r;
}

namespace {

void check(const YbusRows& y, const MismatchInput& in) {
  const auto nb = static_cast<std::size_t>(y.n), ns = in.n_scenarios;
  const bool shared = in.vr.size() == nb;
  if ((!shared && in.vr.size() != nb * ns) || in.vi.size() != in.vr.size())
    throw UsageError(
        "power_mismatch: voltages need n_buses values (shared) or one set per scenario");
  if (in.p_sched.size() != nb * ns || in.q_sched.size() != nb * ns)
    throw UsageError("power_mismatch: scheduled injections need n_buses values per scenario");
  if (in.p_check.size() != nb || in.q_check.size() != nb)
    throw UsageError("power_mismatch: p_check and q_check need one value per bus");
}

// One scenario, bus by bus: S_i = V_i conj(Σ_k Y_ik V_k), term by term as injected_power.
void one_scenario(const YbusRows& y, const MismatchInput& in, std::size_t s,
                  accel::MismatchOutput& out) {
  const auto nb = static_cast<std::size_t>(y.n);
  const std::size_t v0 = in.vr.size() == nb ? 0 : s * nb;
  const double* vr = in.vr.data() + v0;
  const double* vi = in.vi.data() + v0;
  double worst_p = 0, worst_q = 0;
  std::int32_t bus_p = -1, bus_q = -1;
  for (std::size_t i = 0; i < nb; ++i) {
    double s_re = 0.0, s_im = 0.0;
    for (auto p = y.row_ptr[i]; p < y.row_ptr[i + 1]; ++p) {
      const auto k = static_cast<std::size_t>(y.col_idx[p]);
      const double yr = y.g[p] * vr[k] - y.b[p] * vi[k];
      const double yi = y.g[p] * vi[k] + y.b[p] * vr[k];
      s_re += vr[i] * yr + vi[i] * yi;
      s_im += vi[i] * yr - vr[i] * yi;
    }
    const double dp = s_re - in.p_sched[s * nb + i], dq = s_im - in.q_sched[s * nb + i];
    if (in.keep_mismatch) {
      out.dp[s * nb + i] = dp;
      out.dq[s * nb + i] = dq;
    }
    if (in.p_check[i] && (bus_p < 0 || std::abs(dp) > worst_p)) {
      worst_p = std::abs(dp);
      bus_p = static_cast<std::int32_t>(i);
    }
    if (in.q_check[i] && (bus_q < 0 || std::abs(dq) > worst_q)) {
      worst_q = std::abs(dq);
      bus_q = static_cast<std::int32_t>(i);
    }
  }
  out.max_dp[s] = worst_p;
  out.max_dq[s] = worst_q;
  out.worst_p_bus[s] = bus_p;
  out.worst_q_bus[s] = bus_q;
}

}  // namespace

accel::MismatchOutput power_mismatch(const YbusRows& y, const MismatchInput& in,
                                     accel::Device* device, accel::Precision precision) {
  check(y, in);
  if (device != nullptr) {
    accel::MismatchProblem p;
    p.n_buses = y.n;
    p.row_ptr = y.row_ptr, p.col_idx = y.col_idx, p.g = y.g, p.b = y.b;
    p.n_scenarios = in.n_scenarios;
    p.vr = in.vr, p.vi = in.vi, p.p_sched = in.p_sched, p.q_sched = in.q_sched;
    p.p_check = in.p_check, p.q_check = in.q_check;
    p.precision = precision;
    p.keep_mismatch = in.keep_mismatch;
    return device->power_mismatch(p);
  }
  const auto start = std::chrono::steady_clock::now();
  const std::size_t ns = in.n_scenarios, nb = static_cast<std::size_t>(y.n);
  accel::MismatchOutput out;
  out.max_dp.assign(ns, 0.0);
  out.max_dq.assign(ns, 0.0);
  out.worst_p_bus.assign(ns, -1);
  out.worst_q_bus.assign(ns, -1);
  if (in.keep_mismatch) {
    out.dp.assign(ns * nb, 0.0);
    out.dq.assign(ns * nb, 0.0);
  }
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, ns), [&](const auto& r) {
    for (std::size_t s = r.begin(); s < r.end(); ++s) one_scenario(y, in, s, out);
  });
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

}  // namespace gat::pf
