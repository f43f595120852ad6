#include "gat/core/scenario.hpp"

#include <algorithm>
#include <string>

#include "gat/core/error.hpp"

namespace gat::core {

Scenario::Scenario(const Network& net)
    : load_p_pu_(net.n_buses(), 0.0),
      load_q_pu_(net.n_buses(), 0.0),
      shunt_g_pu_(net.n_buses(), 0.0),
      gen_p_pu_(net.gens.pg_pu),
      gen_q_pu_(net.gens.qg_pu),
      gen_bus_(net.gens.bus),
      gen_in_service_(net.gens.in_service) {
  for (std::size_t l = 0; l < net.loads.size(); ++l) {
    if (!net.loads.in_service[l]) continue;
    load_p_pu_[net.loads.bus[l]] += net.loads.p_pu[l];
    load_q_pu_[net.loads.bus[l]] += net.loads.q_pu[l];
  }
  for (std::size_t s = 0; s < net.shunts.size(); ++s) {
    if (net.shunts.in_service[s]) shunt_g_pu_[net.shunts.bus[s]] += net.shunts.g_pu[s];
  }
}

Scenario Scenario::case_hour(const Network& net) {
  Scenario s(net);
  s.add_hour(0);
  return s;
}

void Scenario::add_hour(std::int64_t id, double load_scale, double gen_scale) {
  hours_.push_back({id, load_scale, gen_scale, deltas_.size(), deltas_.size()});
}

void Scenario::scale_bus(std::int32_t bus, double scale) {
  if (hours_.empty()) throw UsageError("Scenario: scale_bus() before add_hour()");
  if (bus < 0 || static_cast<std::size_t>(bus) >= n_buses())
    throw UsageError("Scenario: scale_bus() of bus index " + std::to_string(bus));
  deltas_.push_back({bus, true, scale, 0.0});
  hours_.back().last = deltas_.size();
}

void Scenario::set_bus(std::int32_t bus, double p_pu, double q_pu) {
  if (hours_.empty()) throw UsageError("Scenario: set_bus() before add_hour()");
  if (bus < 0 || static_cast<std::size_t>(bus) >= n_buses())
    throw UsageError("Scenario: set_bus() of bus index " + std::to_string(bus));
  deltas_.push_back({bus, false, p_pu, q_pu});
  hours_.back().last = deltas_.size();
}

const Scenario::Hour& Scenario::hour(std::size_t h) const {
  if (h >= hours_.size())
    throw UsageError("Scenario: hour " + std::to_string(h) + " of " +
                     std::to_string(hours_.size()));
  return hours_[h];
}

void Scenario::expect_size(std::size_t got, std::size_t want) {
  if (got != want) throw UsageError("Scenario: output sized for another network");
}

void Scenario::bus_loads(std::size_t h, std::span<double> p_pu, std::span<double> q_pu) const {
  const auto& hr = hour(h);
  expect_size(p_pu.size(), n_buses());
  expect_size(q_pu.size(), n_buses());
  for (std::size_t i = 0; i < p_pu.size(); ++i) {
    p_pu[i] = load_p_pu_[i] * hr.load_scale;
    q_pu[i] = load_q_pu_[i] * hr.load_scale;
  }
  for (auto k = hr.first; k < hr.last; ++k) {
    const auto& d = deltas_[k];
    if (d.is_scale) {
      p_pu[d.bus] = load_p_pu_[d.bus] * d.p;
      q_pu[d.bus] = load_q_pu_[d.bus] * d.p;
    } else {
      p_pu[d.bus] = d.p;
      q_pu[d.bus] = d.q;
    }
  }
}

void Scenario::gen_p(std::size_t h, std::span<double> p_pu) const {
  const auto& hr = hour(h);
  expect_size(p_pu.size(), n_gens());
  for (std::size_t g = 0; g < p_pu.size(); ++g) p_pu[g] = gen_p_pu_[g] * hr.gen_scale;
}

void Scenario::bus_injections(std::size_t h, std::span<double> p_pu, std::span<double> q_pu) const {
  std::vector<double> load_p(n_buses()), load_q(n_buses());
  bus_loads(h, load_p, load_q);
  expect_size(p_pu.size(), n_buses());
  expect_size(q_pu.size(), n_buses());
  const double gen_scale = hours_[h].gen_scale;
  std::fill(p_pu.begin(), p_pu.end(), 0.0);
  std::fill(q_pu.begin(), q_pu.end(), 0.0);
  for (std::size_t g = 0; g < gen_bus_.size(); ++g) {
    if (!gen_in_service_[g]) continue;
    p_pu[gen_bus_[g]] += gen_p_pu_[g] * gen_scale;
    q_pu[gen_bus_[g]] += gen_q_pu_[g];
  }
  for (std::size_t i = 0; i < p_pu.size(); ++i) {
    p_pu[i] -= load_p[i];
    q_pu[i] -= load_q[i];
  }
}

void Scenario::dc_bus_injections(std::size_t h, std::span<double> p_pu) const {
  std::vector<double> q(n_buses());
  bus_injections(h, p_pu, q);
  for (std::size_t i = 0; i < p_pu.size(); ++i) p_pu[i] -= shunt_g_pu_[i];
}

double Scenario::total_load_p_pu(std::size_t h) const {
  std::vector<double> p(n_buses()), q(n_buses());
  bus_loads(h, p, q);
  double sum = 0.0;
  for (double x : p) sum += x;
  return sum;
}

}  // namespace gat::core
