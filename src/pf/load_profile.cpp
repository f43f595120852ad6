#include "gat/pf/load_profile.hpp"

#include <algorithm>

#include "gat/core/error.hpp"

namespace gat::pf {

void LoadProfile::add_hour(std::int64_t hour, double load_scale, double gen_scale) {
  hours_.push_back({hour, load_scale, gen_scale, values_.size(), values_.size()});
}

void LoadProfile::scale_bus(std::int32_t bus, double scale) {
  if (hours_.empty()) throw UsageError("LoadProfile: scale_bus() before add_hour()");
  values_.push_back({bus, true, scale, 0.0});
  hours_.back().last = values_.size();
}

void LoadProfile::set_bus(std::int32_t bus, double p_pu, double q_pu) {
  if (hours_.empty()) throw UsageError("LoadProfile: set_bus() before add_hour()");
  values_.push_back({bus, false, p_pu, q_pu});
  hours_.back().last = values_.size();
}

void LoadProfile::base_load(const core::Network& net, std::vector<double>& bus_p_pu,
                            std::vector<double>& bus_q_pu) {
  bus_p_pu.assign(net.n_buses(), 0.0);
  bus_q_pu.assign(net.n_buses(), 0.0);
  for (std::size_t l = 0; l < net.loads.size(); ++l) {
    if (!net.loads.in_service[l]) continue;
    bus_p_pu[net.loads.bus[l]] += net.loads.p_pu[l];
    bus_q_pu[net.loads.bus[l]] += net.loads.q_pu[l];
  }
}

void LoadProfile::apply(std::size_t h, const core::Network& net, std::span<const double> base_p_pu,
                        std::span<const double> base_q_pu, std::span<double> bus_p_pu,
                        std::span<double> bus_q_pu, std::span<double> gen_p_pu) const {
  const auto& hour = hours_.at(h);
  for (std::size_t i = 0; i < bus_p_pu.size(); ++i) {
    bus_p_pu[i] = base_p_pu[i] * hour.load_scale;
    bus_q_pu[i] = base_q_pu[i] * hour.load_scale;
  }
  for (auto k = hour.first; k < hour.last; ++k) {
    const auto& v = values_[k];
    if (v.is_scale) {
      bus_p_pu[v.bus] = base_p_pu[v.bus] * v.p;
      bus_q_pu[v.bus] = base_q_pu[v.bus] * v.p;
    } else {
      bus_p_pu[v.bus] = v.p;
      bus_q_pu[v.bus] = v.q;
    }
  }
  for (std::size_t g = 0; g < gen_p_pu.size(); ++g)
    gen_p_pu[g] = net.gens.pg_pu[g] * hour.gen_scale;
}

}  // namespace gat::pf
