#include "gat/results/adequacy_tables.hpp"

#include <algorithm>
#include <cmath>

namespace gat::results {

void IndexRows::add(const std::string& m, const std::string& i, double v, const std::string& u) {
  method.push_back(m);
  index.push_back(i);
  unit.push_back(u);
  value.push_back(v);
  for (auto* c : {&std_error, &ci95_low, &ci95_high, &cov}) c->push_back(NAN);  // null
  samples.push_back(0);
  sampled.push_back(false);
}

void IndexRows::add(const std::string& m, const std::string& i, const adequacy::Estimate& e,
                    const std::string& u) {
  add(m, i, e.mean, u);
  std_error.back() = e.std_error;
  ci95_low.back() = e.ci95_low();
  ci95_high.back() = e.ci95_high();
  cov.back() = e.coefficient_of_variation();
  samples.back() = static_cast<std::int64_t>(e.n);
  sampled.back() = true;
}

io::NamedTable IndexRows::table(const std::string& run_id) const {
  auto t = io::TableBuilder(static_cast<std::int64_t>(method.size()))
               .add("method", method)
               .add("index", index)
               .add("value", value)
               .add("unit", unit)
               .add("std_error", std_error)
               .add("ci95_low", ci95_low)
               .add("ci95_high", ci95_high)
               .add("cov", cov)
               .add("samples", samples, sampled)
               .add_constant("run_id", run_id)
               .finish("adequacy_indices", kAdequacySchemaVersion);
  return {"adequacy_indices", t};
}

void ElccRows::add(const std::string& m, const std::string& subject, const adequacy::ElccResult& e,
                   std::int64_t n_years, bool is_sampled) {
  method.push_back(m);
  of.push_back(subject);
  elcc.push_back(e.elcc_mw);
  se.push_back(e.std_error_mw);
  low.push_back(e.elcc_mw - adequacy::Estimate::kZ95 * e.std_error_mw);
  high.push_back(e.elcc_mw + adequacy::Estimate::kZ95 * e.std_error_mw);
  without.push_back(e.lole_without);
  with.push_back(e.lole_with);
  years.push_back(n_years);
  sampled.push_back(is_sampled);
}

io::NamedTable ElccRows::table(const std::string& run_id) const {
  auto t = io::TableBuilder(static_cast<std::int64_t>(method.size()))
               .add("method", method)
               .add("of", of)
               .add("elcc_mw", elcc)
               .add("std_error_mw", se)
               .add("ci95_low_mw", low)
               .add("ci95_high_mw", high)
               .add("lole_without_h", without)
               .add("lole_with_h", with)
               .add("years", years, sampled)
               .add_constant("run_id", run_id)
               .finish("adequacy_elcc", kAdequacySchemaVersion);
  return {"adequacy_elcc", t};
}

io::NamedTable adequacy_years_table(const std::vector<std::string>& methods,
                                    const std::vector<adequacy::YearIndices>& years,
                                    std::size_t first, const std::string& run_id) {
  std::vector<std::string> method;
  std::vector<std::int64_t> year, lol, events;
  std::vector<double> unserved;
  std::vector<bool> has_events;
  for (std::size_t m = 0; m < methods.size(); ++m) {
    const auto& y = years[m];
    for (std::size_t i = 0; i < y.lol_hours.size(); ++i) {
      method.push_back(methods[m]);
      year.push_back(static_cast<std::int64_t>(first + i));
      lol.push_back(std::llround(y.lol_hours[i]));
      unserved.push_back(y.unserved_mwh[i]);
      // State sampling's independent hourly draws define no events.
      has_events.push_back(methods[m] == "sequential");
      events.push_back(methods[m] == "sequential" ? std::llround(y.events[i]) : 0);
    }
  }
  auto t = io::TableBuilder(static_cast<std::int64_t>(method.size()))
               .add("method", method)
               .add("year", year)
               .add("lol_hours", lol)
               .add("unserved_mwh", unserved)
               .add("events", events, has_events)
               .add_constant("run_id", run_id)
               .finish("adequacy_years", kAdequacySchemaVersion);
  return {"adequacy_years", t};
}

io::NamedTable adequacy_scenarios_table(std::int64_t first, std::span<const std::int32_t> lol_hours,
                                        std::span<const double> unserved_mwh,
                                        const std::string& run_id) {
  const std::size_t n = lol_hours.size();
  std::vector<std::int64_t> scenario(n), lol(n);
  for (std::size_t s = 0; s < n; ++s) {
    scenario[s] = first + static_cast<std::int64_t>(s);
    lol[s] = lol_hours[s];
  }
  auto t = io::TableBuilder(static_cast<std::int64_t>(n))
               .add("scenario", scenario)
               .add("lol_hours", lol)
               .add("unserved_mwh", unserved_mwh)
               .add_constant("run_id", run_id)
               .finish("adequacy_scenarios", kAdequacySchemaVersion);
  return {"adequacy_scenarios", t};
}

io::NamedTable adequacy_hours_table(std::span<const std::int32_t> hours,
                                    std::span<const double> load_mw,
                                    const std::vector<std::int64_t>& lol,
                                    const std::vector<adequacy::FixedSum>& unserved,
                                    std::int64_t n_scenarios, const std::string& run_id) {
  const std::size_t nh = load_mw.size();
  const double ns = static_cast<double>(std::max<std::int64_t>(1, n_scenarios));
  std::vector<double> lolp(nh), mean(nh);
  for (std::size_t h = 0; h < nh; ++h) {
    lolp[h] = static_cast<double>(lol[h]) / ns;
    mean[h] = unserved[h].value() / ns;
  }
  auto t = io::TableBuilder(static_cast<std::int64_t>(nh))
               .add("hour", hours)
               .add("load_mw", load_mw)
               .add("lol_scenarios", lol)
               .add("lolp", lolp)
               .add("unserved_mwh_mean", mean)
               .add_constant("run_id", run_id)
               .finish("adequacy_hours", kAdequacySchemaVersion);
  return {"adequacy_hours", t};
}

}  // namespace gat::results
