// What a finished run found, in a few lines for the terminal, read back from its tables.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "gat/core/error.hpp"
#include "gat/runs/result_tables.hpp"
#include "gat/runs/text.hpp"
#include "studies.hpp"
#include "table_columns.hpp"

namespace gat::runs {

std::string nminus1_dc_highlights(const RunRecord& r) {
  std::string out;
  const auto& params = r.study.params;
  const bool all = params.at("all_violations").get<bool>();
  if (auto t = read_result_table(r, "contingencies")) {
    t = t->CombineChunks().ValueOrDie();
    std::map<std::string, std::int64_t> by_status;
    std::int64_t with_violations = 0;
    const auto& status = column<arrow::StringArray>(*t, "status");
    const auto& n = column<arrow::Int64Array>(*t, "n_violations");
    for (std::int64_t i = 0; i < t->num_rows(); ++i) {
      ++by_status[std::string(status.GetView(i))];
      with_violations += n.Value(i) > 0;
    }
    std::string text;
    for (const auto& [name, count] : by_status)
      text += (text.empty() ? "" : ", ") + std::to_string(count) + " " + name;
    append(out, "  contingencies  %lld: %s; %lld with violations%s\n",
           static_cast<long long>(t->num_rows()), text.c_str(),
           static_cast<long long>(with_violations), all ? "" : " (new or worse)");
  }
  const auto base = read_result_table(r, "base_violations");
  append(out,
         "  pre-contingency  %lld branch-hours above the limit before any outage "
         "(table base_violations)\n",
         static_cast<long long>(base ? base->num_rows() : 0));
  auto v = read_result_table(r, "violations");
  const auto n_violations = static_cast<long long>(v ? v->num_rows() : 0);
  if (all) {
    append(out, "  violations     %lld post-contingency (every one: --all-violations)\n",
           n_violations);
  } else {
    append(out,
           "  violations     %lld post-contingency, new or worse by more than %g %% of the "
           "pre-contingency loading\n",
           n_violations, params.at("min_increase_pct").get<double>());
  }
  if (!v || v->num_rows() == 0) return out;
  v = top_rows(v, "loading_pct", 10)->CombineChunks().ValueOrDie();
  append(out, "  worst %lld (all: gat runs show %s --table violations --top N)\n",
         static_cast<long long>(v->num_rows()), r.run_id.c_str());
  append(out, "    %-14s %8s %7s %7s %6s %9s %9s %8s %8s\n", "outage", "branch", "from", "to",
         "hour", "pre MW", "post MW", "rate", "loading");
  const auto& outage = column<arrow::StringArray>(*v, "outage");
  const auto& branch = column<arrow::Int64Array>(*v, "branch_id");
  const auto& from = column<arrow::Int64Array>(*v, "from_bus");
  const auto& to = column<arrow::Int64Array>(*v, "to_bus");
  const auto& pre = column<arrow::DoubleArray>(*v, "pre_mw");
  const auto& post = column<arrow::DoubleArray>(*v, "post_mw");
  const auto& rate = column<arrow::DoubleArray>(*v, "rate_mva");
  const auto& loading = column<arrow::DoubleArray>(*v, "loading_pct");
  for (std::int64_t i = 0; i < v->num_rows(); ++i) {
    append(out, "    %-14s %8lld %7lld %7lld %6lld %9.1f %9.1f %8.1f %7.1f%%\n",
           std::string(outage.GetView(i)).c_str(), static_cast<long long>(branch.Value(i)),
           static_cast<long long>(from.Value(i)), static_cast<long long>(to.Value(i)),
           static_cast<long long>(int_at(*v, "hour", i)), pre.Value(i), post.Value(i),
           rate.Value(i), loading.Value(i));
  }
  return out;
}

std::string batch_pf_highlights(const RunRecord& r) {
  std::string out;
  auto t = read_result_table(r, "hour_status");
  if (!t || t->num_rows() == 0) return out;
  t = t->CombineChunks().ValueOrDie();
  const auto& converged = column<arrow::BooleanArray>(*t, "converged");
  const auto& iterations = column<arrow::Int32Array>(*t, "iterations");
  const auto& losses = column<arrow::DoubleArray>(*t, "losses_mw");
  const auto& vmin = column<arrow::DoubleArray>(*t, "min_vm_pu");
  std::int64_t ok = 0, low_row = -1, max_it = 0;
  double sum_it = 0, loss_lo = INFINITY, loss_hi = -INFINITY;
  for (std::int64_t i = 0; i < t->num_rows(); ++i) {
    sum_it += iterations.Value(i);
    max_it = std::max<std::int64_t>(max_it, iterations.Value(i));
    if (!converged.Value(i)) continue;
    ++ok;
    loss_lo = std::min(loss_lo, losses.Value(i));
    loss_hi = std::max(loss_hi, losses.Value(i));
    if (low_row < 0 || vmin.Value(i) < vmin.Value(low_row)) low_row = i;
  }
  const auto n = t->num_rows();
  append(out, "  hours          %lld, %lld converged%s\n", static_cast<long long>(n),
         static_cast<long long>(ok), ok < n ? " (see the status column of hour_status)" : "");
  append(out, "  iterations     %.2f per hour on average, %lld at most\n",
         sum_it / static_cast<double>(n), static_cast<long long>(max_it));
  if (ok == 0) return out;
  append(out, "  losses         %.1f .. %.1f MW\n", loss_lo, loss_hi);
  append(out, "  voltages       lowest %.4f p.u. (hour %lld)\n", vmin.Value(low_row),
         static_cast<long long>(int_at(*t, "hour", low_row)));
  return out;
}

}  // namespace gat::runs
