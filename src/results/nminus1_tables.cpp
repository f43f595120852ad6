#include <cmath>

#include "gat/results/nminus1_tables.hpp"

namespace gat::results {

using namespace io;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Columns naming a monitored branch: branch_id, from_bus, to_bus.
struct BranchColumns {
  std::vector<std::int64_t> id, from, to;
  void push(const core::Network& net, std::int32_t k) {
    id.push_back(net.branches.id[k]);
    from.push_back(net.buses.id[net.branches.from_bus[k]]);
    to.push_back(net.buses.id[net.branches.to_bus[k]]);
  }
  void add_to(TableBuilder& t) const {
    t.add("branch_id", id).add("from_bus", from).add("to_bus", to);
  }
};

NamedTable violations_table(const core::Network& net, const std::vector<std::string>& label,
                            const contingency::DcScreenResult& r,
                            std::span<const std::int64_t> hours, const std::string& run_id) {
  const double base = net.base_mva;
  const auto n = r.violations.size();
  std::vector<std::int64_t> hour(n);
  std::vector<std::int32_t> cont(n);
  std::vector<std::string> outage(n);
  BranchColumns branch;
  std::vector<double> pre(n), post(n), rate(n), loading(n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto& v = r.violations[i];
    hour[i] = hours[v.hour];
    cont[i] = v.contingency;
    outage[i] = label[v.contingency];
    branch.push(net, v.branch);
    pre[i] = v.pre_pu * base;
    post[i] = v.post_pu * base;
    rate[i] = v.limit_pu * base;
    loading[i] = 100.0 * v.loading();
  }
  TableBuilder t(static_cast<std::int64_t>(n));
  t.add_constant("run_id", run_id).add("hour", hour).add("contingency", cont).add("outage", outage);
  branch.add_to(t);
  t.add("pre_mw", pre).add("post_mw", post).add("rate_mva", rate).add("loading_pct", loading);
  return {"violations", t.finish("violations", kNminus1SchemaVersion)};
}

NamedTable base_violations_table(const core::Network& net, const contingency::DcScreenResult& r,
                                 std::span<const std::int64_t> hours, const std::string& run_id) {
  const double base = net.base_mva;
  const auto n = r.base_violations.size();
  std::vector<std::int64_t> hour(n);
  BranchColumns branch;
  std::vector<double> flow(n), rate(n), loading(n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto& v = r.base_violations[i];
    hour[i] = hours[v.hour];
    branch.push(net, v.branch);
    flow[i] = v.flow_pu * base;
    rate[i] = v.limit_pu * base;
    loading[i] = 100.0 * v.loading();
  }
  TableBuilder t(static_cast<std::int64_t>(n));
  t.add_constant("run_id", run_id).add("hour", hour);
  branch.add_to(t);
  t.add("pre_mw", flow).add("rate_mva", rate).add("loading_pct", loading);
  return {"base_violations", t.finish("base_violations", kNminus1SchemaVersion)};
}

NamedTable contingencies_table(const core::Network& net,
                               std::span<const contingency::Outage> outages,
                               const std::vector<std::string>& label,
                               const contingency::DcScreenResult& r,
                               std::span<const std::int64_t> hours, const std::string& run_id) {
  const auto n = outages.size();
  std::vector<std::int32_t> index(n), n_elements(n);
  std::vector<std::string> status(n);
  std::vector<bool> islanding(n), has_worst(n);
  std::vector<std::int64_t> n_violations(n), worst_branch(n, 0), worst_hour(n, 0);
  std::vector<double> worst(n);
  for (std::size_t c = 0; c < n; ++c) {
    const auto& s = r.contingencies[c];
    index[c] = static_cast<std::int32_t>(c);
    n_elements[c] = static_cast<std::int32_t>(outages[c].branches.size());
    status[c] = std::string(contingency::to_string(s.status));
    islanding[c] = s.status == contingency::OutageStatus::kIslanding;
    n_violations[c] = s.n_violations;
    has_worst[c] = s.worst_branch >= 0;
    worst[c] = has_worst[c] ? 100.0 * s.worst_loading : kNaN;
    if (has_worst[c]) {
      worst_branch[c] = net.branches.id[s.worst_branch];
      worst_hour[c] = hours[s.worst_hour];
    }
  }
  TableBuilder t(static_cast<std::int64_t>(n));
  t.add_constant("run_id", run_id)
      .add("contingency", index)
      .add("outage", label)
      .add("n_elements", n_elements)
      .add("status", status)
      .add("islanding", islanding)
      .add("n_violations", n_violations)
      .add("worst_loading_pct", worst)
      .add("worst_branch_id", worst_branch, has_worst)
      .add("worst_hour", worst_hour, has_worst);
  return {"contingencies", t.finish("contingencies", kNminus1SchemaVersion)};
}

NamedTable top_table(const core::Network& net, const std::vector<std::string>& label,
                     const contingency::DcScreenResult& r, std::span<const std::int64_t> hours,
                     const std::string& run_id) {
  const double base = net.base_mva;
  const auto n = r.top.size();
  std::vector<std::int64_t> hour(n);
  std::vector<std::int32_t> rank(n), cont(n);
  std::vector<std::string> outage(n);
  BranchColumns branch;
  std::vector<double> post(n), rate(n), loading(n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto& x = r.top[i];
    rate[i] = x.limit_pu * base;
    hour[i] = hours[x.hour];
    rank[i] = x.rank;
    cont[i] = x.contingency;
    outage[i] = label[x.contingency];
    branch.push(net, x.branch);
    post[i] = x.post_pu * base;
    loading[i] = 100.0 * x.loading;
  }
  TableBuilder t(static_cast<std::int64_t>(n));
  t.add_constant("run_id", run_id).add("hour", hour);
  branch.add_to(t);
  t.add("rank", rank).add("contingency", cont).add("outage", outage);
  t.add("post_mw", post).add("rate_mva", rate).add("loading_pct", loading);
  return {"top", t.finish("top", kNminus1SchemaVersion)};
}

}  // namespace

std::vector<NamedTable> dc_screen_tables(const core::Network& net,
                                         std::span<const contingency::Outage> outages,
                                         const contingency::DcScreenResult& result,
                                         std::span<const std::int64_t> hours,
                                         const std::string& run_id) {
  std::vector<std::string> label(outages.size());
  for (std::size_t c = 0; c < outages.size(); ++c)
    label[c] = contingency::describe(net, outages[c]);
  return {violations_table(net, label, result, hours, run_id),
          contingencies_table(net, outages, label, result, hours, run_id),
          top_table(net, label, result, hours, run_id),
          base_violations_table(net, result, hours, run_id)};
}

}  // namespace gat::results
