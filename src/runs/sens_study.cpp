// gat sens ptdf|lodf: the dense PTDF or LODF matrix of the case, as a study.
//
// PTDF: one chunk. The matrix comes from one factorization of B' solved for blocks of
// right-hand sides spread over the chunk's threads (or on the GPU), and its table is written
// branch by branch (docs/schemas/sens.md), while its columns are solved bus by bus: a chunk of
// buses would write the rows in another order. LODF: axis "outage" (the in-service branches,
// in case order), one chunk unless --chunk-outages: its table is written outage by outage,
// so chunks of outages write the rows in matrix order, each chunk holding only its columns
// (n_branches × its outages) in memory. Tables: ptdf; lodf and lodf_outages. Parameters:
// min_abs (entries left out), slack (PTDF), gpu and gpu_precision (auto: f64 here, the
// matrices are results, not a screen). Input slack_weights (PTDF): distributed slack.
#include <numeric>
#include <span>

#include "gat/accel/device.hpp"
#include "gat/core/error.hpp"
#include "gat/core/topology.hpp"
#include "gat/io/arrow/bus_weights.hpp"
#include "gat/io/case_loader.hpp"
#include "gat/results/sens_tables.hpp"
#include "gat/runs/result_tables.hpp"
#include "gat/runs/text.hpp"
#include "gat/sens/lodf.hpp"
#include "gat/sens/ptdf.hpp"
#include "studies.hpp"
#include "table_columns.hpp"

namespace gat::runs {

namespace {

class SensitivityStudy final : public Study {
 public:
  SensitivityStudy(const exec::StudySpec& spec, bool lodf)
      : net_(io::load_case(spec.input("case").path)),
        topo_(core::analyze_topology(net_)),
        model_(net_, topo_),
        lodf_(lodf),
        min_abs_(spec.params.at("min_abs").get<double>()),
        gpu_(spec.params.at("gpu").get<bool>()),
        run_id_(spec.run_id()) {
    const auto p = accel::parse_precision(spec.params.at("gpu_precision").get<std::string>());
    precision_ = p == accel::Precision::kAuto ? accel::Precision::kF64 : p;
    for (std::size_t k = 0; k < net_.n_branches(); ++k) {
      if (model_.active(k)) outages_.push_back(static_cast<std::int32_t>(k));
    }
    if (lodf_) return;
    const auto bus = spec.params.at("slack").get<std::int64_t>();
    const auto* weights = find_input(spec, "slack_weights");
    if (bus >= 0 && weights) throw UsageError("give --slack or --slack-weights, not both");
    if (bus >= 0) slack_.bus = net_.bus_at(bus);
    if (weights) slack_.weights = io::read_bus_weights(weights->path, net_);
  }

  std::vector<exec::Axis> axes() const override {
    if (lodf_) return {{"outage", static_cast<std::int64_t>(outages_.size())}};
    return {};
  }
  std::vector<TableInfo> tables() const override {
    if (lodf_) return {{"lodf", "lodf"}, {"lodf_outages", ""}};
    return {{"ptdf", "ptdf"}};
  }
  std::vector<io::NamedTable> run(const exec::ChunkSpec& chunk) const override {
    // The device is opened by the chunk (a fork-server child must not inherit a CUDA context).
    std::unique_ptr<accel::Device> device;
    if (gpu_) device = accel::open("cuda");
    if (lodf_) {
      const auto* r = chunk.range("outage");
      const std::span<const std::int32_t> outages(outages_.data() + r->begin,
                                                  static_cast<std::size_t>(r->size()));
      std::vector<std::int32_t> rows(net_.n_branches());
      std::iota(rows.begin(), rows.end(), 0);
      const auto lodf = sens::lodf_columns(model_, outages, rows, device.get(), precision_);
      return results::lodf_tables(net_, model_, outages, lodf, min_abs_, run_id_);
    }
    return {results::ptdf_table(net_, model_, sens::ptdf(model_, slack_, device.get(), precision_),
                                min_abs_, run_id_)};
  }

 private:
  core::Network net_;
  core::Topology topo_;
  sens::DcModel model_;
  bool lodf_;
  double min_abs_;
  bool gpu_;
  accel::Precision precision_ = accel::Precision::kF64;
  std::vector<std::int32_t> outages_;  // LODF: the in-service branches, the axis "outage"
  sens::SlackSpec slack_;
  std::string run_id_;
};

// Rows the run wrote into a table, from its record (a dense matrix is large to read back).
std::int64_t rows_written(const RunRecord& r, const std::string& table) {
  std::int64_t n = 0;
  for (const auto& c : r.chunks) {
    for (const auto& o : c.outputs) n += o.table == table ? o.rows : 0;
  }
  return n;
}

const char* left_out(const RunRecord& r) {
  return r.study.params.at("min_abs").get<double>() > 0 ? " (smaller ones left out: --min-abs)"
                                                        : "";
}

std::string ptdf_highlights(const RunRecord& r) {
  std::string out;
  const auto net = io::load_case(r.study.input("case").path);
  append(out, "  ptdf         %s  (%zu branches x %zu buses): %lld entries%s\n", net.name.c_str(),
         net.n_branches(), net.n_buses(), static_cast<long long>(rows_written(r, "ptdf")),
         left_out(r));
  const auto slack = r.study.params.at("slack").get<std::int64_t>();
  const auto* weights = find_input(r.study, "slack_weights");
  if (slack >= 0) {
    append(out, "  slack        bus %lld\n", static_cast<long long>(slack));
  } else if (weights) {
    append(out, "  slack        distributed (%s)\n", weights->path.c_str());
  } else {
    append(out, "  slack        reference bus of each island\n");
  }
  return out;
}

std::string lodf_highlights(const RunRecord& r) {
  std::string out;
  if (auto o = read_result_table(r, "lodf_outages")) {
    o = o->CombineChunks().ValueOrDie();
    const auto& islanding = column<arrow::BooleanArray>(*o, "islanding");
    std::int64_t n = 0;
    for (std::int64_t i = 0; i < o->num_rows(); ++i) n += islanding.Value(i);
    append(out, "  outages      %lld branches in service\n", static_cast<long long>(o->num_rows()));
    append(out, "  islanding    %lld outages split an island (flagged; their columns are null)\n",
           static_cast<long long>(n));
  }
  append(out, "  lodf         %lld entries%s\n", static_cast<long long>(rows_written(r, "lodf")),
         left_out(r));
  return out;
}

std::vector<Option> sens_options() {
  return {{.key = "min_abs",
           .flag = "--min-abs",
           .type = OptionType::kNumber,
           .default_value = 0.0,
           .help = "Leave out entries smaller than this in magnitude",
           .min = 0},
          {.key = "gpu",
           .flag = "--gpu",
           .type = OptionType::kBool,
           .default_value = false,
           .help = "Solve on a CUDA GPU (see gat doctor)"},
          {.key = "gpu_precision",
           .flag = "--gpu-precision",
           .type = OptionType::kText,
           .default_value = "auto",
           .help = "auto (f64: the CPU's values to the bit), f32 (about 1e-6 relative) or f64",
           .choices = {"auto", "f32", "f64"},
           .only_with = "gpu=true"}};
}

}  // namespace

StudyType sens_ptdf_study() {
  auto options = sens_options();
  options.insert(options.begin(), {.key = "slack",
                                   .flag = "--slack",
                                   .type = OptionType::kInt,
                                   .default_value = -1,
                                   .help = "Single slack bus (bus number; -1: each island's "
                                           "reference bus)",
                                   .min = -1});
  return {
      .command = "sens ptdf",
      .summary = "Power transfer distribution factors (branches x buses)",
      .inputs = {case_input(),
                 {"slack_weights", "--slack-weights", false,
                  "Distributed slack: CSV/Parquet with columns bus_id, weight (not with --slack)"}},
      .options = options,
      .open = [](const exec::StudySpec& spec) -> std::unique_ptr<Study> {
        return std::make_unique<SensitivityStudy>(spec, false);
      },
      .highlights = ptdf_highlights,
      .examples = R"(Examples:
  gat sens ptdf case118 -o out/               PTDF matrix (long layout) in out/ptdf/
  gat sens ptdf case118 --slack-weights w.csv --min-abs 1e-4 -o out/
                                              distributed slack, small entries left out)",
  };
}

StudyType sens_lodf_study() {
  return {
      .command = "sens lodf",
      .summary = "Line outage distribution factors (branches x branches)",
      .inputs = {case_input()},
      .options = sens_options(),
      .axes = {fixed_axis("outage", "--chunk-outages",
                          "Outages (in-service branches) per chunk (default: all, one chunk)", 0)},
      .open = [](const exec::StudySpec& spec) -> std::unique_ptr<Study> {
        return std::make_unique<SensitivityStudy>(spec, true);
      },
      .highlights = lodf_highlights,
      .examples = R"(Examples:
  gat sens lodf case118 -o out/               LODF matrix (long layout) in out/lodf/
  gat sens lodf case2383wp --gpu -o out/      on a CUDA GPU)",
  };
}

}  // namespace gat::runs
