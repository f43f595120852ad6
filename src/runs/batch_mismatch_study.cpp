// gat batch mismatch: a screen of batch AC power-flow states, as a study. The AC mismatch of
// one voltage state (pf::mismatch_state: the solved base case, or the case's own voltages)
// against every hour's scheduled injections (pf/mismatch.hpp); an hour whose worst mismatch
// is below the tolerance is already solved by that state, the others need a power flow.
//
// Axis "hour" (hours in profile order). The state is computed once per process; a chunk
// forms its hours' schedules and sums their mismatches (each hour's sums are independent of
// the others: any chunking gives the same bits). Table mismatch (docs/schemas/batch_mismatch.md).
#include <algorithm>
#include <mutex>

#include "gat/accel/device.hpp"
#include "gat/io/arrow/scenario.hpp"
#include "gat/io/case_loader.hpp"
#include "gat/pf/mismatch.hpp"
#include "gat/results/mismatch_tables.hpp"
#include "studies.hpp"

namespace gat::runs {

namespace {

class BatchMismatchStudy final : public Study {
 public:
  explicit BatchMismatchStudy(const exec::StudySpec& spec)
      : net_(io::load_case(spec.input("case").path)),
        topo_(core::analyze_topology(net_)),
        profile_(io::read_scenario(spec.input("profile").path, net_)),
        state_(pf::mismatch_state(net_, topo_, spec.params.at("state") == "solved")),
        y_(pf::ybus_rows(pf::build_ybus(net_, topo_))),
        tol_mva_(spec.params.at("tol_mva").get<double>()),
        gpu_(spec.params.at("gpu").get<bool>()),
        run_id_(spec.run_id()) {
    const auto precision =
        accel::parse_precision(spec.params.at("gpu_precision").get<std::string>());
    precision_ = precision == accel::Precision::kAuto ? accel::Precision::kF64 : precision;
  }

  std::vector<exec::Axis> axes() const override {
    return {{"hour", static_cast<std::int64_t>(profile_.n_hours())}};
  }
  std::vector<TableInfo> tables() const override { return {{"mismatch", "max_dp_mw"}}; }
  std::vector<io::NamedTable> run(const exec::ChunkSpec& chunk) const override;

 private:
  core::Network net_;
  core::Topology topo_;
  core::Scenario profile_;
  pf::MismatchState state_;
  pf::YbusRows y_;
  double tol_mva_;
  // --gpu: opened by the first chunk that runs (a fork-server child must not inherit a CUDA
  // context), then the chunks of this process take turns on it.
  bool gpu_;
  accel::Precision precision_;
  mutable std::unique_ptr<accel::Device> device_;
  mutable std::mutex device_mutex_;
  std::string run_id_;
};

std::vector<io::NamedTable> BatchMismatchStudy::run(const exec::ChunkSpec& chunk) const {
  const auto* range = chunk.range("hour");
  const auto first = static_cast<std::size_t>(range->begin);
  const auto nh = static_cast<std::size_t>(range->size());
  std::vector<double> p, q;
  pf::scheduled_injections(profile_, first, nh, p, q);
  const pf::MismatchInput in{nh, state_.vr, state_.vi, p, q, state_.p_check, state_.q_check};
  accel::MismatchOutput r;
  if (gpu_) {
    std::lock_guard<std::mutex> lock(device_mutex_);
    if (!device_) device_ = accel::open("cuda");
    r = pf::power_mismatch(y_, in, device_.get(), precision_);
  } else {
    r = pf::power_mismatch(y_, in);
  }
  std::vector<std::int64_t> hours(nh);
  for (std::size_t h = 0; h < nh; ++h) hours[h] = profile_.hour_id(first + h);
  return {results::mismatch_table(net_, hours, r, tol_mva_, run_id_)};
}

}  // namespace

StudyType batch_mismatch_study() {
  return {
      .command = "batch mismatch",
      .summary = "Screen batch power-flow states: AC mismatch of one state for every hour",
      .inputs = {case_input(), profile_input(true)},
      .options = {{.key = "state",
                   .flag = "--state",
                   .type = OptionType::kText,
                   .default_value = "solved",
                   .help = "Voltages: solved (the base case's AC power flow) or case",
                   .choices = {"solved", "case"}},
                  {.key = "tol_mva",
                   .flag = "--tol",
                   .type = OptionType::kNumber,
                   .default_value = 0.1,
                   .unit = "MVA",
                   .help = "Mismatch above which an hour needs a power flow",
                   .min = 0},
                  {.key = "gpu",
                   .flag = "--gpu",
                   .type = OptionType::kBool,
                   .default_value = false,
                   .help = "Sum the mismatches on a CUDA GPU (see gat doctor)"},
                  {.key = "gpu_precision",
                   .flag = "--gpu-precision",
                   .type = OptionType::kText,
                   .default_value = "auto",
                   .help = "auto (f64), f32 or f64",
                   .choices = {"auto", "f32", "f64"},
                   .only_with = "gpu=true"}},
      .axes = {fixed_axis("hour", "--chunk-hours", "Hours per chunk (default: all)", 0)},
      .open = [](const exec::StudySpec& spec) -> std::unique_ptr<Study> {
        return std::make_unique<BatchMismatchStudy>(spec);
      },
      .highlights = batch_mismatch_highlights,
      .examples = R"(Examples:
  gat batch mismatch case2383wp --profile hours.csv -o out/
                                              hours the solved base case already solves
  gat batch mismatch case2383wp --profile hours.csv --state case --tol 1 -o out/
                                              the case's own voltages, 1 MVA tolerance)",
  };
}

}  // namespace gat::runs
