// The hours of a study as small deltas on one case: every study that runs over hours (batch
// power flow, N-1 screening and verification, rolling OPF, adequacy, batch mismatch) reads its
// hour h from here instead of rebuilding the network.
//
// Hour h of a scenario, relative to the case it was built from:
//   load at bus i = P_i,Q_i set for the hour            when the hour sets bus i,
//                 = s_i · (P_i,Q_i)_case                when the hour scales bus i by s_i,
//                 = load_scale_h · (P_i,Q_i)_case       otherwise
//   P set-point of generator g = gen_scale_h · P_g,case
// where (P_i,Q_i)_case is the sum of the case's in-service loads at bus i. Everything else (the
// branches, shunts, voltage set-points and the generators' Q) is the case's. Profile files are
// read into a Scenario by io::read_scenario (formats: docs/schemas/batch_pf.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "gat/core/network.hpp"

namespace gat::core {

class Scenario {
 public:
  // No hours yet (add_hour() adds them); keeps the case's per-bus loads, generator set-points
  // and shunt conductances, so the network need not outlive the scenario.
  explicit Scenario(const Network& net);
  // The case itself as one hour, id 0: what a study runs without a profile.
  static Scenario case_hour(const Network& net);

  // Starts a new hour: every bus's load times load_scale, every generator's P times gen_scale.
  void add_hour(std::int64_t id, double load_scale = 1.0, double gen_scale = 1.0);
  // For the hour last added: the load at `bus` (dense index) times `scale` instead of the
  // hour's load_scale.
  void scale_bus(std::int32_t bus, double scale);
  // For the hour last added: the total load at `bus` set to p + jq (p.u.).
  void set_bus(std::int32_t bus, double p_pu, double q_pu);

  std::size_t n_hours() const { return hours_.size(); }
  std::size_t n_buses() const { return load_p_pu_.size(); }
  std::size_t n_gens() const { return gen_p_pu_.size(); }
  std::int64_t hour_id(std::size_t h) const { return hour(h).id; }
  double load_scale(std::size_t h) const { return hour(h).load_scale; }
  double gen_scale(std::size_t h) const { return hour(h).gen_scale; }
  // The case's in-service load per bus (p.u.), what every hour starts from.
  std::span<const double> case_load_p_pu() const { return load_p_pu_; }
  std::span<const double> case_load_q_pu() const { return load_q_pu_; }
  // The case's in-service shunt conductance per bus (p.u., P drawn at |V| = 1 p.u.).
  std::span<const double> shunt_g_pu() const { return shunt_g_pu_; }

  // Hour h's total load per bus (n_buses() each, p.u.).
  void bus_loads(std::size_t h, std::span<double> p_pu, std::span<double> q_pu) const;
  // Hour h's P set-point of every generator (n_gens(), p.u.; out-of-service ones too).
  void gen_p(std::size_t h, std::span<double> p_pu) const;
  // Hour h's scheduled injection per bus, what the network must carry away (p.u.):
  //   P_i = Σ_{in-service g at i} P_g,h − P_load,i,h     Q_i = Σ Q_g,case − Q_load,i,h
  // Shunts are not in it: the admittance matrix holds them.
  void bus_injections(std::size_t h, std::span<double> p_pu, std::span<double> q_pu) const;
  // The DC model's injection: bus_injections' P − G_sh,i, the shunts' conductance drawn at
  // |V| = 1 p.u. (B' has no shunts). The reference bus takes up the imbalance.
  void dc_bus_injections(std::size_t h, std::span<double> p_pu) const;
  // Hour h's total load P over every bus (p.u.).
  double total_load_p_pu(std::size_t h) const;

 private:
  struct Hour {
    std::int64_t id;
    double load_scale;
    double gen_scale;
    std::size_t first, last;  // its bus deltas in deltas_
  };
  struct BusDelta {
    std::int32_t bus;
    bool is_scale;
    double p;  // the scale factor when is_scale
    double q;
  };
  const Hour& hour(std::size_t h) const;  // UsageError past the last hour
  static void expect_size(std::size_t got, std::size_t want);

  // The case, per bus and per generator.
  std::vector<double> load_p_pu_, load_q_pu_, shunt_g_pu_;
  std::vector<double> gen_p_pu_, gen_q_pu_;
  std::vector<std::int32_t> gen_bus_;
  std::vector<std::uint8_t> gen_in_service_;
  std::vector<Hour> hours_;
  std::vector<BusDelta> deltas_;
};

}  // namespace gat::core
