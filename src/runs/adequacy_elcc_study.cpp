// gat adequacy elcc: the effective load carrying capability of renewable plants or of a
// candidate unit (adequacy/elcc.hpp) by the exact COPT and by each Monte Carlo method with
// common random numbers, as a study.
//
// Axis "method": one chunk per method asked for (copt, states, sequential). An ELCC is a
// bisection in which every step needs every sampled year (the LOLE at a load addition), so a
// method's ELCC is one chunk: cutting its years into chunks would need a round of chunks per
// bisection step. The methods are independent, so they are the axis, and run in parallel.
// Table (docs/schemas/adequacy.md): adequacy_elcc, one row per method.
#include <cmath>
#include <sstream>

#include "adequacy_system.hpp"
#include "gat/adequacy/elcc.hpp"
#include "gat/core/error.hpp"
#include "studies.hpp"

namespace gat::runs {

namespace {

// --unit MW,FOR[,MTTR_h]; UsageError (exit 2) for anything else.
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
    throw UsageError("--unit '" + spec +
                     "': expected MW,FOR[,MTTR_h] with MW > 0, FOR in [0, 1), MTTR_h > 0");
  if (needs_mttr && v.size() == 2)
    throw UsageError("--unit '" + spec +
                     "': sequential Monte Carlo needs MW,FOR,MTTR_h (or --method copt or states)");
  return v;
}

class AdequacyElccStudy final : public Study {
 public:
  explicit AdequacyElccStudy(const exec::StudySpec& spec)
      : system_(read_adequacy_system(spec)),
        unit_spec_(spec.params.at("unit").get<std::string>()),
        years_(spec.params.at("years").get<std::size_t>()),
        seed_(spec.seeds.at("seed").get<std::uint64_t>()),
        step_mw_(spec.params.at("step_mw").get<double>()),
        run_id_(spec.run_id()) {
    const auto method = spec.params.at("method").get<std::string>();
    if (method == "all" || method == "copt") methods_.push_back("copt");
    for (const auto& m : monte_carlo_methods(method)) methods_.push_back(m);
    if (system_.renewables.plants.empty() && unit_spec_.empty())
      throw UsageError("gat adequacy elcc needs --renewables FILE or --unit MW,FOR[,MTTR_h]");
    units_with_ = system_.units;
    if (unit_spec_.empty()) return;
    const auto c = parse_candidate(unit_spec_, method == "all" || method == "sequential");
    units_with_.gen.push_back(-1);
    units_with_.p_mw.push_back(c[0]);
    units_with_.forced_outage_rate.push_back(c[1]);
    if (c.size() == 3) units_with_.mttr_h.push_back(c[2]);
  }

  std::vector<exec::Axis> axes() const override {
    return {{"method", static_cast<std::int64_t>(methods_.size())}};
  }
  std::vector<TableInfo> tables() const override { return {{"adequacy_elcc", "elcc_mw"}}; }
  std::vector<io::NamedTable> run(const exec::ChunkSpec& chunk) const override;

 private:
  AdequacySystem system_;
  std::string unit_spec_;
  std::size_t years_;
  std::uint64_t seed_;
  double step_mw_;
  std::vector<std::string> methods_;
  adequacy::Units units_with_;  // the units, and the candidate unit if there is one
  std::string run_id_;
};

std::vector<io::NamedTable> AdequacyElccStudy::run(const exec::ChunkSpec& chunk) const {
  const bool unit = !unit_spec_.empty();
  // Renewables: the units against the load without them, and against the net load with them.
  // A unit: without and with it, against the same (net) load.
  const std::vector<std::vector<double>> bare{system_.load_mw};
  const auto& net = system_.net_load_mw;
  const auto& net_without = unit ? net : bare;
  const double upper = unit ? units_with_.p_mw.back() : system_.renewables.capacity_mw();
  results::ElccRows rows;
  const auto* r = chunk.range("method");
  for (auto m = r->begin; m < r->end; ++m) {
    const auto& name = methods_[static_cast<std::size_t>(m)];
    adequacy::ElccResult e;
    if (name == "copt") {
      e = adequacy::elcc_copt(adequacy::Copt(system_.units, step_mw_),
                              adequacy::Copt(units_with_, step_mw_), net_without, net, upper);
      e.std_error_mw = NAN;  // exact: null
    } else {
      const auto sampling =
          name == "states" ? adequacy::Sampling::states : adequacy::Sampling::sequential;
      const auto hours = system_.load_mw.size();
      e = adequacy::elcc_monte_carlo(
          adequacy::sample_capacity(system_.units, hours, years_, seed_, sampling),
          adequacy::sample_capacity(units_with_, hours, years_, seed_, sampling), net_without, net,
          upper);
    }
    rows.add(name,
             unit ? "unit " + unit_spec_ + " (MW,FOR[,MTTR])"
                  : std::to_string(system_.renewables.plants.size()) + " renewable plant(s), " +
                        std::to_string(std::lround(upper)) + " MW",
             e, name == "copt" ? 0 : static_cast<std::int64_t>(years_), name != "copt");
  }
  return {rows.table(run_id_)};
}

}  // namespace

StudyType adequacy_elcc_study() {
  auto options = adequacy_system_options("Monte Carlo years (every one kept in memory)");
  options.push_back({.key = "unit",
                     .flag = "--unit",
                     .type = OptionType::kText,
                     .default_value = "",
                     .help = "Candidate unit MW,FOR[,MTTR_h]: its ELCC against the units and the "
                             "renewables (sequential needs the MTTR); default: the renewables'"});
  return {
      .command = "adequacy elcc",
      .summary =
          "ELCC of renewable plants or of a candidate unit: COPT and MC with common random "
          "numbers",
      .inputs = adequacy_system_inputs(),
      .options = std::move(options),
      .axes = {fixed_axis("method", "--chunk-methods", "Methods per chunk (default 1)", 1)},
      .open = [](const exec::StudySpec& spec) -> std::unique_ptr<Study> {
        return std::make_unique<AdequacyElccStudy>(spec);
      },
      .highlights = adequacy_elcc_highlights,
      .examples = R"(Examples:
  gat adequacy elcc --units units.csv --load-model rts79/ --peak-mw 2850 --renewables pv.csv -o out/
                                              ELCC of solar plants by weather year
  gat adequacy elcc --units units.csv --load-model rts79/ --peak-mw 2850 --unit 100,0.04,50 -o out/
                                              ELCC of a candidate 100 MW unit at FOR 0.04, MTTR 50 h)",
  };
}

}  // namespace gat::runs
