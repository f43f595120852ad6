// What a finished run found, in a few lines for the terminal, read back from its tables.
#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <map>

#include "gat/core/error.hpp"
#include "gat/runs/result_tables.hpp"
#include "studies.hpp"

namespace gat::runs {

namespace {

// printf into a string.
[[gnu::format(printf, 2, 3)]] void append(std::string& out, const char* format, ...) {
  char buf[512];
  va_list args;
  va_start(args, format);
  const int n = std::vsnprintf(buf, sizeof buf, format, args);
  va_end(args);
  out.append(buf, static_cast<std::size_t>(std::clamp(n, 0, static_cast<int>(sizeof buf) - 1)));
}

template <typename A>
const A& column(const arrow::Table& t, const std::string& name) {
  const auto& array = *t.GetColumnByName(name)->chunk(0);
  if (array.type_id() != A::TypeClass::type_id)
    throw Error("table column '" + name + "' has type " + array.type()->ToString());
  return static_cast<const A&>(array);
}

// An integer column whichever width it came back with (partition columns are read as int64).
std::int64_t int_at(const arrow::Table& t, const std::string& name, std::int64_t row) {
  const auto& array = *t.GetColumnByName(name)->chunk(0);
  if (array.type_id() == arrow::Type::INT32)
    return static_cast<const arrow::Int32Array&>(array).Value(row);
  return column<arrow::Int64Array>(t, name).Value(row);
}

}  // namespace

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

namespace {

// Rows by the value of a string column.
std::map<std::string, std::int64_t> count_by(const std::shared_ptr<arrow::Table>& t,
                                             const std::string& name) {
  std::map<std::string, std::int64_t> n;
  if (!t) return n;
  const auto c = t->CombineChunks().ValueOrDie();
  const auto& values = column<arrow::StringArray>(*c, name);
  for (std::int64_t i = 0; i < c->num_rows(); ++i) ++n[std::string(values.GetView(i))];
  return n;
}

// "converged 10, islanding 2"
std::string listed(const std::map<std::string, std::int64_t>& n) {
  std::string text;
  for (const auto& [name, count] : n)
    text += (text.empty() ? "" : ", ") + name + " " + std::to_string(count);
  return text;
}

}  // namespace

std::string nminus1_ac_highlights(const RunRecord& r) {
  std::string out;
  const auto& params = r.study.params;
  const auto base = count_by(read_result_table(r, "ac_base_cases"), "status");
  std::int64_t hours = 0;
  for (const auto& [status, n] : base) hours += n;
  append(out, "  hours          %lld, base case converged in %lld\n", static_cast<long long>(hours),
         static_cast<long long>(base.count("converged") ? base.at("converged") : 0));
  auto cases = read_result_table(r, "ac_cases");
  const auto n_cases = static_cast<long long>(cases ? cases->num_rows() : 0);
  if (params.at("all").get<bool>()) {
    append(out, "  cases          %lld (every contingency in every hour: --all)\n", n_cases);
  } else {
    const auto screen = count_by(read_result_table(r, "contingencies"), "status");
    const auto screened = screen.count("screened") ? screen.at("screened") : 0;
    append(out,
           "  cases          %lld (contingency, hour) pairs flagged by the DC screen of %lld\n",
           n_cases, static_cast<long long>(screened * hours));
  }
  const auto solves = listed(count_by(cases, "status"));
  append(out, "  AC solves      %s\n", solves.empty() ? "none" : solves.c_str());
  const auto threshold = params.at("threshold_pct").get<double>();
  const auto rating = params.at("rating").get<std::string>();
  const auto kinds = [&](const char* what, const std::shared_ptr<arrow::Table>& t,
                         const char* which) {
    auto n = count_by(t, "kind");
    append(out,
           "  %-14s %lld %s: branch flow above %g %% of rate %s %lld, voltage high %lld, low "
           "%lld\n",
           what, static_cast<long long>(t ? t->num_rows() : 0), which, threshold, rating.c_str(),
           static_cast<long long>(n["branch_flow"]), static_cast<long long>(n["voltage_high"]),
           static_cast<long long>(n["voltage_low"]));
  };
  kinds("pre-contingency", read_result_table(r, "ac_base_violations"),
        "in the base cases (table ac_base_violations)");
  auto v = read_result_table(r, "ac_violations");
  kinds("violations", v,
        params.at("all_violations").get<bool>()
            ? "post-contingency (every one: --all-violations)"
            : "post-contingency, new or worse than before the outage");
  if (!v) return out;
  // The worst branch flows (voltage rows have no loading).
  v = v->CombineChunks().ValueOrDie();
  const auto& kind = column<arrow::StringArray>(*v, "kind");
  const auto& loading = column<arrow::DoubleArray>(*v, "loading_pct");
  std::vector<std::int64_t> rows;
  for (std::int64_t i = 0; i < v->num_rows(); ++i)
    if (kind.GetView(i) == "branch_flow") rows.push_back(i);
  std::stable_sort(rows.begin(), rows.end(), [&](std::int64_t a, std::int64_t b) {
    return loading.Value(a) > loading.Value(b);
  });
  rows.resize(std::min<std::size_t>(rows.size(), 10));
  if (rows.empty()) return out;
  v = take_rows(v, rows)->CombineChunks().ValueOrDie();
  append(out, "  worst %zu branch flows (all: gat runs show %s --table ac_violations --top N)\n",
         rows.size(), r.run_id.c_str());
  append(out, "    %-14s %8s %7s %7s %6s %9s %9s %8s %8s\n", "outage", "branch", "from", "to",
         "hour", "base MVA", "post MVA", "rate", "loading");
  const auto& outage = column<arrow::StringArray>(*v, "outage");
  const auto& base_s = column<arrow::DoubleArray>(*v, "base_s_mva");
  const auto& s = column<arrow::DoubleArray>(*v, "s_mva");
  const auto& rate = column<arrow::DoubleArray>(*v, "rate_mva");
  const auto& top = column<arrow::DoubleArray>(*v, "loading_pct");
  for (std::int64_t i = 0; i < v->num_rows(); ++i) {
    append(out, "    %-14s %8lld %7lld %7lld %6lld %9.1f %9.1f %8.1f %7.1f%%\n",
           std::string(outage.GetView(i)).c_str(),
           static_cast<long long>(int_at(*v, "branch_id", i)),
           static_cast<long long>(int_at(*v, "from_bus", i)),
           static_cast<long long>(int_at(*v, "to_bus", i)),
           static_cast<long long>(int_at(*v, "hour", i)), base_s.Value(i), s.Value(i),
           rate.Value(i), top.Value(i));
  }
  return out;
}

std::string nminus1_ac_incomplete(const RunRecord& r) {
  const auto base = count_by(read_result_table(r, "ac_base_cases"), "status");
  std::int64_t hours = 0;
  for (const auto& [status, n] : base) hours += n;
  const auto failed = hours - (base.count("converged") ? base.at("converged") : 0);
  if (failed == 0) return {};
  return "the AC base case did not converge in " + std::to_string(failed) + " of " +
         std::to_string(hours) + " hours (" + listed(base) + ": table ac_base_cases)";
}

std::string batch_mismatch_highlights(const RunRecord& r) {
  std::string out;
  auto t = read_result_table(r, "mismatch");
  if (!t) return out;
  t = t->CombineChunks().ValueOrDie();
  const auto& needs = column<arrow::BooleanArray>(*t, "needs_solve");
  std::int64_t n_needs = 0;
  for (std::int64_t i = 0; i < t->num_rows(); ++i) n_needs += needs.Value(i);
  const auto& params = r.study.params;
  append(out, "  state          %s voltages; %lld hours of %s\n",
         params.at("state").get<std::string>().c_str(), static_cast<long long>(t->num_rows()),
         r.study.input("profile").path.c_str());
  append(out,
         "  screen         %lld hours above %.3g MVA need a power flow, %lld are solved by the "
         "state\n",
         static_cast<long long>(n_needs), params.at("tol_mva").get<double>(),
         static_cast<long long>(t->num_rows() - n_needs));
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
