// gat sens ptdf|lodf CASE: dense sensitivity matrices, written in long layout.
#include <memory>

#include "cli.hpp"
#include "gat/core/run_id.hpp"
#include "gat/core/topology.hpp"
#include "gat/io/arrow/sens_tables.hpp"
#include "gat/sens/lodf.hpp"
#include "gat/sens/ptdf.hpp"
#include "progress.hpp"

namespace gat::cli {

namespace {

struct SensOptions {
  std::string case_name;
  std::int64_t slack_bus = -1;  // external id; -1: each island's reference bus
  std::string slack_weights;    // file of bus_id, weight
  double min_abs = 0;
  std::string threads = "auto";
  GpuOptions gpu;
  OutputOptions output;
};

// Sensitivities are results, not a screen: auto means f64 here.
accel::Precision sens_precision(const GpuOptions& gpu) {
  const auto p = gpu.parsed();
  return p == accel::Precision::kAuto ? accel::Precision::kF64 : p;
}

std::string where(const accel::Device* device, accel::Precision precision) {
  if (device != nullptr) return describe_device(*device, precision);
  return std::to_string(thread_count()) + " threads";
}

core::StudyIdentity identity(const char* command, const SensOptions& o, const core::Network& net) {
  core::StudyIdentity id{command,
                         {{"format", o.output.format},
                          {"min_abs", std::to_string(o.min_abs)},
                          {"slack_bus", std::to_string(o.slack_bus)}},
                         {std::filesystem::path(net.source)}};
  if (!o.slack_weights.empty()) id.inputs.emplace_back(o.slack_weights);
  return id;
}

void run_ptdf(const SensOptions& o) {
  Stopwatch clock;
  const auto limit = limit_threads(o.threads);
  const auto device = open_gpu(o.gpu);
  const auto net = load_network(o.case_name);
  const auto topo = core::analyze_topology(net);
  const sens::DcModel model(net, topo);
  sens::SlackSpec slack;
  if (o.slack_bus >= 0) slack.bus = net.bus_at(o.slack_bus);
  if (!o.slack_weights.empty()) slack.weights = io::read_bus_weights(o.slack_weights, net);
  const double t_read = clock.lap();
  const auto precision = sens_precision(o.gpu);
  const auto h = sens::ptdf(model, slack, device.get(), precision);
  const double t_solve = clock.lap();
  const auto run_id = core::make_run_id(identity("sens ptdf", o, net));
  const auto written =
      emit_tables({io::ptdf_table(net, model, h, o.min_abs, run_id)}, o.output, "ptdf");
  auto* s = summary_stream(o.output);
  std::fprintf(s, "gat sens ptdf  %s  (%zu branches x %zu buses)\n", net.name.c_str(),
               net.n_branches(), net.n_buses());
  std::fprintf(s, "  slack        %s\n",
               o.slack_bus >= 0           ? ("bus " + std::to_string(o.slack_bus)).c_str()
               : !o.slack_weights.empty() ? ("distributed (" + o.slack_weights + ")").c_str()
                                          : "reference bus of each island");
  std::fprintf(s, "  run          %s: %s\n", run_id.c_str(), written.c_str());
  std::fprintf(s, "  time         read %.3f s, PTDF %.3f s (%s), write %.3f s\n", t_read, t_solve,
               where(device.get(), precision).c_str(), clock.lap());
}

void run_lodf(const SensOptions& o) {
  Stopwatch clock;
  const auto limit = limit_threads(o.threads);
  const auto device = open_gpu(o.gpu);
  const auto net = load_network(o.case_name);
  const auto topo = core::analyze_topology(net);
  const sens::DcModel model(net, topo);
  const double t_read = clock.lap();
  const auto precision = sens_precision(o.gpu);
  const auto l = sens::lodf(model, device.get(), precision);
  const double t_solve = clock.lap();
  const auto run_id = core::make_run_id(identity("sens lodf", o, net));
  const auto written =
      emit_tables(io::lodf_tables(net, model, l, o.min_abs, run_id), o.output, "lodf");
  std::size_t islanding = 0, active = 0;
  for (std::size_t k = 0; k < net.n_branches(); ++k) {
    active += model.active(k);
    islanding += model.active(k) && l.islanding[k];
  }
  auto* s = summary_stream(o.output);
  std::fprintf(s, "gat sens lodf  %s  (%zu branches, %zu in service)\n", net.name.c_str(),
               net.n_branches(), active);
  std::fprintf(s, "  islanding    %zu outages split an island (flagged; their columns are null)\n",
               islanding);
  std::fprintf(s, "  run          %s: %s\n", run_id.c_str(), written.c_str());
  std::fprintf(s, "  time         read %.3f s, LODF %.3f s (%s), write %.3f s\n", t_read, t_solve,
               where(device.get(), precision).c_str(), clock.lap());
}

void add_common(CLI::App* cmd, SensOptions& o) {
  add_case_argument(cmd, o.case_name);
  cmd->add_option("--min-abs", o.min_abs, "Leave out entries smaller than this in magnitude");
  add_threads_option(cmd, o.threads);
  add_gpu_options(cmd, o.gpu);
  add_output_options(cmd, o.output);
}

}  // namespace

void add_sens_command(CLI::App& app) {
  auto* sens = app.add_subcommand("sens", "DC sensitivities: PTDF and LODF matrices");
  sens->require_subcommand(1);
  sens->footer(R"(Examples:
  gat sens ptdf case118 -o out/               PTDF matrix (long layout) in out/ptdf.parquet
  gat sens lodf case118 -o out/               LODF matrix (long layout) in out/lodf.parquet)");

  auto ptdf = std::make_shared<SensOptions>();
  auto* p = sens->add_subcommand("ptdf", "Power transfer distribution factors (branches x buses)");
  add_common(p, *ptdf);
  auto* slack = p->add_option("--slack", ptdf->slack_bus, "Single slack bus (bus number)");
  p->add_option("--slack-weights", ptdf->slack_weights,
                "Distributed slack: CSV/Parquet with columns bus_id, weight")
      ->excludes(slack);
  p->footer(R"(Examples:
  gat sens ptdf case118 -o out/               PTDF matrix (long layout) in out/ptdf.parquet
  gat sens ptdf case118 --slack-weights w.csv --min-abs 1e-4 -o out/
                                              distributed slack, small entries left out)");
  p->callback([ptdf] { run_ptdf(*ptdf); });

  auto lodf = std::make_shared<SensOptions>();
  auto* l = sens->add_subcommand("lodf", "Line outage distribution factors (branches x branches)");
  add_common(l, *lodf);
  l->footer(R"(Examples:
  gat sens lodf case118 -o out/               LODF matrix (long layout) in out/lodf.parquet
  gat sens lodf case2383wp --gpu -o out/      on a CUDA GPU)");
  l->callback([lodf] { run_lodf(*lodf); });
}

}  // namespace gat::cli
