// An hourly load (and generation) profile applied to a case: hour by hour, the case's loads
// scaled system-wide and, optionally, loads at single buses scaled or set. The numerical
// engine's view of a profile file (schema: docs/schemas/batch_pf.md); readers build it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "gat/core/network.hpp"

namespace gat::pf {

class LoadProfile {
 public:
  // Starts a new hour: every in-service load's P and Q scaled by load_scale, every generator's
  // P set-point by gen_scale.
  void add_hour(std::int64_t hour, double load_scale = 1.0, double gen_scale = 1.0);
  // For the hour last added: the loads at `bus` (network index) scaled by `scale` instead of
  // the hour's system-wide factor.
  void scale_bus(std::int32_t bus, double scale);
  // For the hour last added: the total load at `bus` set to p + jq (p.u.).
  void set_bus(std::int32_t bus, double p_pu, double q_pu);

  std::size_t n_hours() const { return hours_.size(); }
  std::int64_t hour_id(std::size_t h) const { return hours_[h].id; }

  // The case's in-service load per bus, the base every hour starts from.
  static void base_load(const core::Network& net, std::vector<double>& bus_p_pu,
                        std::vector<double>& bus_q_pu);
  // Hour h's total load per bus and generator P set-points, from the base loads and the
  // case's generator set-points.
  void apply(std::size_t h, const core::Network& net, std::span<const double> base_p_pu,
             std::span<const double> base_q_pu, std::span<double> bus_p_pu,
             std::span<double> bus_q_pu, std::span<double> gen_p_pu) const;

 private:
  struct Hour {
    std::int64_t id;
    double load_scale;
    double gen_scale;
    std::size_t first, last;  // its entries in values_
  };
  struct BusValue {
    std::int32_t bus;
    bool is_scale;
    double p;  // scale factor when is_scale
    double q;
  };
  std::vector<Hour> hours_;
  std::vector<BusValue> values_;
};

}  // namespace gat::pf
