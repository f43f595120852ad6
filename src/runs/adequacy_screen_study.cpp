// gat adequacy screen: the Monte Carlo capacity check of a case (adequacy/capacity.hpp): every
// generating unit out with its forced outage rate in each (scenario, hour), against the case's
// load or a profile's, on the CPU or a CUDA GPU, as a study.
//
// Axis "scenario". Unit u in (scenario s, hour h) is drawn by Philox4x32-10 keyed by the seed,
// with (s, h, u) in the counter, so a scenario's draws do not depend on the chunk it runs in;
// `gat runs replay RUN --scenario s` recomputes it alone. Tables (docs/schemas/adequacy.md),
// all partial, made by reduce() once every scenario is done:
//   adequacy_scenarios  one row per scenario: each chunk writes its own, the reduce puts them
//                       together
//   adequacy_hours      per hour over every scenario: each chunk writes its scenarios' count
//                       short and their unserved energy as an exact sum (FixedSum, two int64
//                       halves), the reduce adds them up: the same bits for any chunking
//   adequacy_indices    LOLE, EUE, LOLP with standard errors over the scenarios, and the
//                       system studied
// --gpu runs the draws on the device; its sums run in the CPU's order (the same bits), so it is
// a setting, not part of the run id.
#include <algorithm>
#include <mutex>
#include <numeric>

#include "adequacy_system.hpp"
#include "gat/accel/device.hpp"
#include "gat/adequacy/capacity.hpp"
#include "gat/core/error.hpp"
#include "gat/io/arrow/adequacy_tables.hpp"
#include "gat/io/arrow/scenario.hpp"
#include "gat/io/case_loader.hpp"
#include "studies.hpp"

namespace gat::runs {

namespace {

template <typename A>
const A& column(const arrow::Table& t, const std::string& name) {
  return static_cast<const A&>(*t.GetColumnByName(name)->chunk(0));
}

class AdequacyScreenStudy final : public Study {
 public:
  explicit AdequacyScreenStudy(const exec::StudySpec& spec);

  std::vector<exec::Axis> axes() const override { return {{"scenario", scenarios_}}; }
  std::vector<TableInfo> tables() const override {
    return {{"adequacy_hours", "lolp", true},
            {"adequacy_scenarios", "unserved_mwh", true},
            {"adequacy_indices", "", true}};
  }
  std::vector<io::NamedTable> run(const exec::ChunkSpec& chunk) const override;
  std::vector<io::NamedTable> reduce(const PartialReader& partial) const override;

 private:
  adequacy::Units units_;
  std::vector<double> load_mw_;
  std::vector<std::int32_t> hours_;  // the profile's hour labels
  std::int64_t scenarios_;
  std::uint64_t seed_;
  bool gpu_;
  // --gpu: opened by the first chunk that runs (a fork-server child must not inherit a CUDA
  // context); the chunks of this process take turns on it.
  mutable std::unique_ptr<accel::Device> device_;
  mutable std::mutex device_mutex_;
  std::string run_id_;
};

AdequacyScreenStudy::AdequacyScreenStudy(const exec::StudySpec& spec)
    : scenarios_(spec.params.at("scenarios").get<std::int64_t>()),
      seed_(spec.seeds.at("seed").get<std::uint64_t>()),
      gpu_(spec.settings.at("gpu").get<bool>()),
      run_id_(spec.run_id()) {
  const auto net = io::load_case(spec.input("case").path);
  const double default_for = spec.params.at("default_for").get<double>();
  if (!(default_for <= 1.0)) throw UsageError("--for must lie in [0, 1]");
  units_ = adequacy::units_from_case(net, default_for);
  const exec::InputFile* profile_input = nullptr;
  for (const auto& in : spec.inputs) {
    if (in.name == "for_file") io::read_forced_outage_rates(in.path, net, units_);
    if (in.name == "profile") profile_input = &in;
  }
  const auto profile =
      profile_input ? io::read_scenario(profile_input->path, net) : core::Scenario::case_hour(net);
  load_mw_ = adequacy::hourly_load_mw(net, profile);
  for (std::size_t h = 0; h < profile.n_hours(); ++h)
    hours_.push_back(static_cast<std::int32_t>(profile.hour_id(h)));
  const auto n = spec.params.at("hours").get<std::size_t>();  // 0: as the profile or case says
  if (n == 0) return;
  if (profile_input && n > load_mw_.size())
    throw UsageError("--hours " + std::to_string(n) + ": the profile has " +
                     std::to_string(load_mw_.size()));
  if (!profile_input) {  // the case's load in every hour
    load_mw_.assign(n, load_mw_[0]);
    hours_.resize(n);
    std::iota(hours_.begin(), hours_.end(), 0);
  }
  load_mw_.resize(n);
  hours_.resize(n);
}

std::vector<io::NamedTable> AdequacyScreenStudy::run(const exec::ChunkSpec& chunk) const {
  const auto* r = chunk.range("scenario");
  adequacy::CapacityOptions o;
  o.seed = seed_;
  o.first_scenario = static_cast<std::size_t>(r->begin);
  o.n_scenarios = static_cast<std::size_t>(r->size());
  adequacy::CapacityResult result;
  if (gpu_) {
    std::lock_guard<std::mutex> lock(device_mutex_);
    if (!device_) device_ = accel::open("cuda");
    o.device = device_.get();
    result = adequacy::capacity_check(units_, load_mw_, o);
  } else {
    result = adequacy::capacity_check(units_, load_mw_, o);
  }
  const auto& raw = result.raw;
  const std::size_t nh = load_mw_.size();
  auto scenarios = results::adequacy_scenarios_table(r->begin, raw.scenario_lol_hours,
                                                     raw.scenario_unserved_mwh, run_id_);
  // This chunk's share of every hour: scenarios short, and their unserved energy exactly.
  std::vector<std::int64_t> position(nh), lol(nh), high(nh), low(nh);
  for (std::size_t h = 0; h < nh; ++h) {
    position[h] = static_cast<std::int64_t>(h);
    lol[h] = raw.hour_lol_count[h];
    high[h] = result.hour_unserved_mwh_sum[h].high();
    low[h] = static_cast<std::int64_t>(result.hour_unserved_mwh_sum[h].low());
  }
  auto hours = io::TableBuilder(static_cast<std::int64_t>(nh))
                   .add("position", position)
                   .add("lol_scenarios", lol)
                   .add("unserved_high", high)
                   .add("unserved_low", low)
                   .finish("adequacy_hours_share", kAdequacySchemaVersion);
  return {scenarios, {"adequacy_hours", hours}};
}

std::vector<io::NamedTable> AdequacyScreenStudy::reduce(const PartialReader& partial) const {
  const std::size_t nh = load_mw_.size();
  std::vector<std::int64_t> lol(nh, 0);
  std::vector<adequacy::FixedSum> unserved(nh);
  const auto shares = partial("adequacy_hours")->CombineChunks().ValueOrDie();
  const auto& position = column<arrow::Int64Array>(*shares, "position");
  const auto& count = column<arrow::Int64Array>(*shares, "lol_scenarios");
  const auto& high = column<arrow::Int64Array>(*shares, "unserved_high");
  const auto& low = column<arrow::Int64Array>(*shares, "unserved_low");
  for (std::int64_t r = 0; r < shares->num_rows(); ++r) {
    const auto h = static_cast<std::size_t>(position.Value(r));
    lol[h] += count.Value(r);
    unserved[h] +=
        adequacy::FixedSum::from_halves(high.Value(r), static_cast<std::uint64_t>(low.Value(r)));
  }
  // Every scenario's row, in scenario order (chunks are read in plan order).
  const auto scenarios = partial("adequacy_scenarios")->CombineChunks().ValueOrDie();
  const auto& lol_hours = column<arrow::Int64Array>(*scenarios, "lol_hours");
  const auto& unserved_mwh = column<arrow::DoubleArray>(*scenarios, "unserved_mwh");
  std::vector<double> x(static_cast<std::size_t>(scenarios->num_rows()));
  for (std::size_t s = 0; s < x.size(); ++s)
    x[s] = static_cast<double>(lol_hours.Value(static_cast<std::int64_t>(s)));
  const auto lole = adequacy::estimate_mean(x);
  for (std::size_t s = 0; s < x.size(); ++s)
    x[s] = unserved_mwh.Value(static_cast<std::int64_t>(s));
  IndexRows rows;
  rows.add("system", "units", static_cast<double>(units_.size()), "");
  rows.add("system", "installed_mw", std::accumulate(units_.p_mw.begin(), units_.p_mw.end(), 0.0),
           "MW");
  rows.add("system", "hours", static_cast<double>(nh), "h");
  rows.add("system", "peak_mw", *std::max_element(load_mw_.begin(), load_mw_.end()), "MW");
  rows.add("states", "lole", lole, "h");
  rows.add("states", "eue", adequacy::estimate_mean(x), "MWh");
  auto lolp = lole;
  lolp.mean /= static_cast<double>(nh);
  lolp.std_error /= static_cast<double>(nh);
  rows.add("states", "lolp", lolp, "");
  return {results::adequacy_hours_table(hours_, load_mw_, lol, unserved, scenarios_, run_id_),
          {"adequacy_scenarios", scenarios},
          rows.table(run_id_)};
}

}  // namespace

StudyType adequacy_screen_study() {
  return {
      .command = "adequacy screen",
      .summary = "Monte Carlo capacity check: scenarios x hours x units, forced outages",
      .inputs = {case_input(),
                 {"profile", "--profile", false,
                  "CSV/Parquet load profile: hour,scale or hour,bus_id,p_mw (default: the case's "
                  "load)"},
                 {"for_file", "--for-file", false,
                  "CSV/Parquet with columns gen (1-based generator row), for"}},
      .options = {{.key = "scenarios",
                   .flag = "--scenarios",
                   .type = OptionType::kInt,
                   .default_value = 1000,
                   .help = "Monte Carlo scenarios (each a sampled period of the hours)",
                   .min = 1},
                  {.key = "hours",
                   .flag = "--hours",
                   .type = OptionType::kInt,
                   .default_value = 0,
                   .help = "The first H hours of the profile, or H hours of the case's load (0: "
                           "the profile's hours, or 1)",
                   .min = 0},
                  {.key = "seed",
                   .flag = "--seed",
                   .type = OptionType::kInt,
                   .default_value = 0,
                   .help = "Key of the counter-based generator (Philox4x32-10): scenario s's "
                           "draws depend on (seed, s) alone",
                   .min = 0,
                   .seed = true},
                  {.key = "default_for",
                   .flag = "--for",
                   .type = OptionType::kNumber,
                   .default_value = adequacy::kDefaultForcedOutageRate,
                   .help = "Forced outage rate of every unit --for-file does not name",
                   .min = 0},
                  {.key = "gpu",
                   .flag = "--gpu",
                   .type = OptionType::kBool,
                   .default_value = false,
                   .help = "Draw on a CUDA GPU (see gat doctor); the same results as the CPU's",
                   .identity = false}},
      .axes = {fixed_axis("scenario", "--chunk-scenarios",
                          "Scenarios per chunk (default 100; a GPU wants more)", 100)},
      .open = [](const exec::StudySpec& spec) -> std::unique_ptr<Study> {
        return std::make_unique<AdequacyScreenStudy>(spec);
      },
      .highlights = adequacy_screen_highlights,
      .examples = R"(Examples:
  gat adequacy screen case_ACTIVSg2000 --scenarios 1000 --hours 8760 --seed 7 -o out/
                                              Monte Carlo capacity check, the case's load
  gat adequacy screen case118 --profile year.csv --for-file for.csv --gpu -o out/
                                              hourly load, outage rates per unit, on a GPU)",
  };
}

}  // namespace gat::runs
