#include "adequacy_elcc.hpp"

#include <cmath>
#include <sstream>

#include "cli.hpp"
#include "gat/adequacy/elcc.hpp"
#include "gat/core/error.hpp"

namespace gat::cli {

namespace {

adequacy::Units with_candidate(adequacy::Units units, const std::vector<double>& c) {
  units.gen.push_back(-1);
  units.p_mw.push_back(c[0]);
  units.forced_outage_rate.push_back(c[1]);
  if (c.size() == 3) units.mttr_h.push_back(c[2]);
  return units;
}

std::string ci_mw(const adequacy::ElccResult& r) {
  char buf[120];
  std::snprintf(buf, sizeof buf, "%.1f MW (se %.1f, 95 %% CI %.1f–%.1f)", r.elcc_mw, r.std_error_mw,
                r.elcc_mw - adequacy::Estimate::kZ95 * r.std_error_mw,
                r.elcc_mw + adequacy::Estimate::kZ95 * r.std_error_mw);
  return buf;
}

}  // namespace

std::vector<double> parse_candidate(const std::string& spec, bool needs_mttr) {
  std::vector<double> v;
  std::stringstream in(spec);
  for (std::string item; std::getline(in, item, ',');) {
    try {
      std::size_t used = 0;
      v.push_back(std::stod(item, &used));
      if (used != item.size()) v.back() = NAN;
    } catch (const std::exception&) {
      v.push_back(NAN);
    }
  }
  if (v.size() < 2 || v.size() > 3 || !(v[0] > 0) || !std::isfinite(v[0]) ||
      !(v[1] >= 0 && v[1] < 1) || (v.size() == 3 && !(v[2] > 0 && std::isfinite(v[2]))))
    throw UsageError("--elcc-unit '" + spec +
                     "': expected MW,FOR[,MTTR_h] with MW > 0, FOR in [0, 1), MTTR_h > 0");
  if (needs_mttr && v.size() == 2)
    throw UsageError("--elcc-unit '" + spec +
                     "': sequential Monte Carlo needs MW,FOR,MTTR_h (or --method copt or states)");
  return v;
}

void report_elcc(const ElccRequest& a, const adequacy::Units& units,
                 const std::vector<double>& load, const adequacy::Renewables& renewables,
                 std::FILE* s) {
  const bool unit = !a.unit_spec.empty();
  const bool all = a.method == "all";
  const auto units_with = unit ? with_candidate(units, a.candidate) : units;
  const std::vector<std::vector<double>> bare{load};
  const auto net = adequacy::net_load_mw(load, renewables);
  const auto& net_without = unit ? net : bare;
  const double upper = unit ? units_with.p_mw.back() : renewables.capacity_mw();
  std::fprintf(s, "  ELCC         of %s\n",
               unit ? ("unit " + a.unit_spec + " (MW,FOR[,MTTR])").c_str()
                    : (std::to_string(renewables.plants.size()) + " renewable plant(s), " +
                       thousands(upper, 0) + " MW")
                          .c_str());
  if (all || a.method == "copt") {
    const auto r =
        adequacy::elcc_copt(adequacy::Copt(units, a.step_mw), adequacy::Copt(units_with, a.step_mw),
                            net_without, net, upper);
    std::fprintf(s, "    COPT       %.3f MW (LOLE %.4f h without, %.4f h with)\n", r.elcc_mw,
                 r.lole_without, r.lole_with);
  }
  for (auto [name, sampling] : {std::pair{"states", adequacy::Sampling::states},
                                {"sequential", adequacy::Sampling::sequential}}) {
    if (!all && a.method != name) continue;
    const auto without = adequacy::sample_capacity(units, load.size(), a.years, a.seed, sampling);
    const auto with = adequacy::sample_capacity(units_with, load.size(), a.years, a.seed, sampling);
    const auto r = adequacy::elcc_monte_carlo(without, with, net_without, net, upper);
    std::fprintf(s, "    %-10s %zu years, common random numbers: %s\n", name, a.years,
                 ci_mw(r).c_str());
  }
}

}  // namespace gat::cli
