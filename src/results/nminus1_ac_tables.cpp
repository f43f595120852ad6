// AC verification results as tables (docs/schemas/nminus1.md).
#include <cmath>
#include <limits>

#include "gat/results/nminus1_tables.hpp"

namespace gat::results {

using namespace io;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

NamedTable cases_table(const core::Network& net, std::span<const contingency::Outage> outages,
                       const contingency::AcVerifyResult& r, std::span<const std::int64_t> hours,
                       const std::string& run_id) {
  const auto n = r.outcomes.size();
  std::vector<std::int64_t> hour(n);
  std::vector<std::int32_t> cont(n), iterations(n), n_violations(n);
  std::vector<std::string> outage(n), status(n);
  std::vector<double> mismatch(n), worst(n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto& o = r.outcomes[i];
    const bool solved = o.status == contingency::AcStatus::kConverged;
    hour[i] = hours[o.hour];
    cont[i] = o.contingency;
    outage[i] = contingency::describe(net, outages[o.contingency]);
    status[i] = std::string(contingency::to_string(o.status));
    iterations[i] = o.iterations;
    mismatch[i] = o.max_mismatch_pu;
    n_violations[i] = o.n_violations;
    worst[i] = solved ? 100.0 * o.worst_loading : kNaN;
  }
  TableBuilder t(static_cast<std::int64_t>(n));
  t.add_constant("run_id", run_id)
      .add("hour", hour)
      .add("contingency", cont)
      .add("outage", outage)
      .add("status", status)
      .add("iterations", iterations)
      .add("max_mismatch_pu", mismatch)
      .add("n_violations", n_violations)
      .add("worst_loading_pct", worst);
  return {"ac_cases", t.finish("ac_cases", kNminus1SchemaVersion)};
}

// ac_violations, or (post = false) ac_base_violations: the same columns less those that
// name the contingency or compare with the base case.
NamedTable violations_table(const core::Network& net, std::span<const contingency::Outage> outages,
                            std::span<const contingency::AcViolation> rows, bool post,
                            std::span<const std::int64_t> hours, const std::string& run_id) {
  const double base = net.base_mva;
  const auto n = rows.size();
  std::vector<std::int64_t> hour(n), branch(n, 0), from(n, 0), to(n, 0), bus(n, 0);
  std::vector<bool> is_branch(n), is_bus(n);
  std::vector<std::int32_t> cont(n);
  std::vector<std::string> outage(n), kind(n);
  std::vector<double> s(n, kNaN), rate(n, kNaN), base_s(n, kNaN), loading(n, kNaN);
  std::vector<double> vm(n, kNaN), vlimit(n, kNaN), base_vm(n, kNaN);
  for (std::size_t i = 0; i < n; ++i) {
    const auto& v = rows[i];
    hour[i] = hours[v.hour];
    cont[i] = v.contingency;
    if (post) outage[i] = contingency::describe(net, outages[v.contingency]);
    kind[i] = std::string(contingency::to_string(v.kind));
    is_branch[i] = v.kind == contingency::AcViolationKind::kBranchFlow;
    is_bus[i] = !is_branch[i];
    if (is_branch[i]) {
      branch[i] = net.branches.id[v.element];
      from[i] = net.buses.id[net.branches.from_bus[v.element]];
      to[i] = net.buses.id[net.branches.to_bus[v.element]];
      s[i] = v.value * base;
      rate[i] = v.limit * base;
      base_s[i] = v.base_value * base;
      loading[i] = 100.0 * v.value / v.limit;
    } else {
      bus[i] = net.buses.id[v.element];
      vm[i] = v.value;
      vlimit[i] = v.limit;
      base_vm[i] = v.base_value;
    }
  }
  TableBuilder t(static_cast<std::int64_t>(n));
  t.add_constant("run_id", run_id).add("hour", hour);
  if (post) t.add("contingency", cont).add("outage", outage);
  t.add("kind", kind)
      .add("branch_id", branch, is_branch)
      .add("from_bus", from, is_branch)
      .add("to_bus", to, is_branch)
      .add("bus_id", bus, is_bus)
      .add("s_mva", s)
      .add("rate_mva", rate);
  if (post) t.add("base_s_mva", base_s);
  t.add("loading_pct", loading).add("vm_pu", vm).add("v_limit_pu", vlimit);
  if (post) t.add("base_vm_pu", base_vm);
  const std::string name = post ? "ac_violations" : "ac_base_violations";
  return {name, t.finish(name, kNminus1SchemaVersion)};
}

// One row per hour: how its base case was solved.
NamedTable base_cases_table(const contingency::AcBaseCases& b, std::span<const std::int64_t> hours,
                            const std::string& run_id) {
  const auto n = b.n_hours();
  std::vector<std::int64_t> hour(n);
  std::vector<std::string> status(n);
  std::vector<std::int32_t> iterations(n);
  std::vector<double> mismatch(n);
  for (std::size_t h = 0; h < n; ++h) {
    hour[h] = hours[h];
    status[h] = std::string(contingency::to_string(b.status[h]));
    iterations[h] = b.solution[h].iterations;
    mismatch[h] = b.solution[h].max_mismatch_pu;
  }
  TableBuilder t(static_cast<std::int64_t>(n));
  t.add_constant("run_id", run_id)
      .add("hour", hour)
      .add("status", status)
      .add("iterations", iterations)
      .add("max_mismatch_pu", mismatch);
  return {"ac_base_cases", t.finish("ac_base_cases", kNminus1SchemaVersion)};
}

}  // namespace

std::vector<NamedTable> ac_verify_tables(const core::Network& net,
                                         std::span<const contingency::Outage> outages,
                                         const contingency::AcVerifyResult& result,
                                         std::span<const std::int64_t> hours,
                                         const std::string& run_id) {
  return {cases_table(net, outages, result, hours, run_id),
          violations_table(net, outages, result.violations, true, hours, run_id)};
}

std::vector<NamedTable> ac_base_tables(const core::Network& net,
                                       const contingency::AcBaseCases& base,
                                       std::span<const std::int64_t> hours,
                                       const std::string& run_id) {
  return {base_cases_table(base, hours, run_id),
          violations_table(net, {}, base.violations, false, hours, run_id)};
}

}  // namespace gat::results
