// What the adequacy studies found, for the terminal, read back from their tables
// (adequacy_indices, adequacy_elcc): the lines `gat adequacy indices` has always printed.
#include <cmath>
#include <cstdio>
#include <map>

#include "gat/core/error.hpp"
#include "gat/exec/progress.hpp"
#include "gat/runs/result_tables.hpp"
#include "gat/runs/text.hpp"
#include "studies.hpp"

namespace gat::runs {

namespace {

// A row of adequacy_indices.
struct Index {
  double value = NAN, std_error = NAN, low = NAN, high = NAN, cov = NAN;
  std::int64_t samples = 0;
};

// (method, index) → row.
std::map<std::pair<std::string, std::string>, Index> read_indices(const RunRecord& r) {
  std::map<std::pair<std::string, std::string>, Index> out;
  auto t = read_result_table(r, "adequacy_indices");
  if (!t) return out;
  t = t->CombineChunks().ValueOrDie();
  const auto col = [&](const char* name) { return t->GetColumnByName(name)->chunk(0); };
  const auto& method = static_cast<const arrow::StringArray&>(*col("method"));
  const auto& index = static_cast<const arrow::StringArray&>(*col("index"));
  const auto number = [&](const char* name, std::int64_t i) {
    const auto& a = static_cast<const arrow::DoubleArray&>(*col(name));
    return a.IsNull(i) ? NAN : a.Value(i);
  };
  const auto& samples = static_cast<const arrow::Int64Array&>(*col("samples"));
  for (std::int64_t i = 0; i < t->num_rows(); ++i) {
    out[{std::string(method.GetView(i)), std::string(index.GetView(i))}] = {
        number("value", i),     number("std_error", i), number("ci95_low", i),
        number("ci95_high", i), number("cov", i),       samples.Value(i)};
  }
  return out;
}

// "9.386 (se 0.072, 95 % CI 9.244–9.527, CoV 0.8 %)"
std::string with_ci(const Index& e, int d) {
  char buf[160];
  std::snprintf(buf, sizeof buf, "%.*f (se %.*f, 95 %% CI %.*f–%.*f, CoV %.1f %%)", d, e.value, d,
                e.std_error, d, e.low, d, e.high, 100 * e.cov);
  return buf;
}

}  // namespace

std::string adequacy_indices_highlights(const RunRecord& r) {
  std::string out;
  auto x = read_indices(r);
  const auto has = [&](const char* m, const char* i) { return x.count({m, i}) > 0; };
  const auto v = [&](const char* m, const char* i) { return x[{m, i}].value; };
  append(out, "  system       %.0f units, %s MW installed; %.0f hours, peak %s MW\n",
         v("system", "units"), thousands(v("system", "installed_mw"), 0).c_str(),
         v("system", "hours"), thousands(v("system", "peak_mw"), 0).c_str());
  if (has("system", "renewable_plants"))
    append(out, "  renewables   %.0f plant(s), %s MW, %.0f weather year(s)\n",
           v("system", "renewable_plants"), thousands(v("system", "renewable_mw"), 0).c_str(),
           v("system", "weather_years"));
  if (has("copt", "lole")) {
    append(out, "  COPT         LOLE %.4f h, LOLP %.6f, EUE %s MWh", v("copt", "lole"),
           v("copt", "lolp"), thousands(v("copt", "eue"), 2).c_str());
    if (has("copt", "lole_daily_peak"))
      append(out, "; daily peaks: LOLE %.4f days", v("copt", "lole_daily_peak"));
    append(out, "\n");
  }
  if (has("states", "lole"))
    append(out, "  states       %lld years: LOLE %s h, EUE %s MWh, LOLP %.6f\n",
           static_cast<long long>(x[{"states", "lole"}].samples),
           with_ci(x[{"states", "lole"}], 3).c_str(), with_ci(x[{"states", "eue"}], 1).c_str(),
           v("states", "lolp"));
  if (has("sequential", "lole")) {
    const auto& lole = x[{"sequential", "lole"}];
    // The stop rule (adequacy::sequential_stop) held at the years the run kept.
    const auto& p = r.study.params;
    const double target = p.at("target_cov").get<double>();
    const bool reached = target > 0 && lole.samples >= p.at("min_years").get<std::int64_t>() &&
                         lole.value > 0 && lole.cov <= target;
    append(out, "  sequential   %lld years%s: LOLE %s h, EUE %s MWh, LOLF %s /yr, LOLD %.2f h\n",
           static_cast<long long>(lole.samples), reached ? " (target CoV reached)" : "",
           with_ci(lole, 3).c_str(), with_ci(x[{"sequential", "eue"}], 1).c_str(),
           with_ci(x[{"sequential", "lolf"}], 3).c_str(), v("sequential", "lold"));
  }
  return out;
}

std::string adequacy_screen_highlights(const RunRecord& r) {
  std::string out;
  auto x = read_indices(r);
  const auto v = [&](const char* m, const char* i) { return x[{m, i}].value; };
  const double installed = v("system", "installed_mw"), peak = v("system", "peak_mw");
  append(out,
         "  system       %.0f units, %s MW installed; peak load %s MW (%.1f %% of installed)\n",
         v("system", "units"), thousands(installed, 0).c_str(), thousands(peak, 0).c_str(),
         installed > 0 ? 100 * peak / installed : 0.0);
  append(
      out, "  draws        %lld scenarios x %.0f hours x %.0f units, seed %lld (Philox4x32-10)\n",
      static_cast<long long>(x[{"states", "lole"}].samples), v("system", "hours"),
      v("system", "units"), static_cast<long long>(r.study.seeds.at("seed").get<std::int64_t>()));
  append(out, "  LOLE         %s h over the %.0f hours\n",
         with_ci(x[{"states", "lole"}], 4).c_str(), v("system", "hours"));
  append(out, "  EUE          %s MWh (means over scenarios)\n",
         with_ci(x[{"states", "eue"}], 2).c_str());
  return out;
}

std::string adequacy_elcc_highlights(const RunRecord& r) {
  std::string out;
  auto t = read_result_table(r, "adequacy_elcc");
  if (!t || t->num_rows() == 0) return out;
  t = t->CombineChunks().ValueOrDie();
  const auto col = [&](const char* name) { return t->GetColumnByName(name)->chunk(0); };
  const auto& method = static_cast<const arrow::StringArray&>(*col("method"));
  const auto& of = static_cast<const arrow::StringArray&>(*col("of"));
  const auto number = [&](const char* name, std::int64_t i) {
    return static_cast<const arrow::DoubleArray&>(*col(name)).Value(i);
  };
  const auto& years = static_cast<const arrow::Int64Array&>(*col("years"));
  append(out, "  ELCC         of %s\n", std::string(of.GetView(0)).c_str());
  for (std::int64_t i = 0; i < t->num_rows(); ++i) {
    const std::string m(method.GetView(i));
    if (m == "copt") {
      append(out, "    COPT       %.3f MW (LOLE %.4f h without, %.4f h with)\n",
             number("elcc_mw", i), number("lole_without_h", i), number("lole_with_h", i));
      continue;
    }
    append(out,
           "    %-10s %lld years, common random numbers: %.1f MW (se %.1f, 95 %% CI %.1f–%.1f)\n",
           m.c_str(), static_cast<long long>(years.Value(i)), number("elcc_mw", i),
           number("std_error_mw", i), number("ci95_low_mw", i), number("ci95_high_mw", i));
  }
  return out;
}

}  // namespace gat::runs
