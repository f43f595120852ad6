#include "gat/contingency/outage.hpp"

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>

#include <algorithm>

#include "gat/core/error.hpp"

namespace gat::contingency {

std::string describe(const core::Network& net, const Outage& outage) {
  std::string s;
  for (auto k : outage.branches) {
    if (!s.empty()) s += '+';
    s += std::to_string(net.branches.id[k]);
  }
  return s;
}

std::vector<Outage> all_branch_outages(const core::Network& net) {
  const auto& br = net.branches;
  auto isolated = [&](std::int32_t b) { return net.buses.type[b] == core::BusType::kIsolated; };
  std::vector<Outage> out;
  for (std::size_t k = 0; k < br.size(); ++k) {
    if (br.in_service[k] && !isolated(br.from_bus[k]) && !isolated(br.to_bus[k])) {
      out.push_back({{static_cast<std::int32_t>(k)}});
    }
  }
  return out;
}

Rating parse_rating(std::string_view name) {
  if (name == "a" || name == "A") return Rating::kA;
  if (name == "b" || name == "B") return Rating::kB;
  if (name == "c" || name == "C") return Rating::kC;
  throw UsageError("unknown rating '" + std::string(name) + "' (use a, b or c)");
}

const std::vector<double>& ratings(const core::Network& net, Rating rating) {
  switch (rating) {
    case Rating::kB:
      return net.branches.rate_b_pu;
    case Rating::kC:
      return net.branches.rate_c_pu;
    case Rating::kA:
      break;
  }
  return net.branches.rate_a_pu;
}

void hourly_injections(const core::Scenario& scenario, std::size_t first, std::size_t n,
                       std::span<double> p) {
  const std::size_t nb = scenario.n_buses();
  if (p.size() != nb * n || first + n > scenario.n_hours())
    throw UsageError("hourly_injections: hours or buffer out of range");
  for (std::size_t h = 0; h < n; ++h) scenario.dc_bus_injections(first + h, p.subspan(h * nb, nb));
}

std::vector<double> hourly_injections(const core::Scenario& scenario) {
  const std::size_t nb = scenario.n_buses();
  const std::size_t nh = scenario.n_hours();
  std::vector<double> p(nb * nh);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, nh, 16), [&](const auto& r) {
    hourly_injections(scenario, r.begin(), r.size(),
                      std::span(p.data() + r.begin() * nb, r.size() * nb));
  });
  return p;
}

}  // namespace gat::contingency
