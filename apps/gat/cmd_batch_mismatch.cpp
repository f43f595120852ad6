// gat batch mismatch CASE --profile FILE: a screen of batch AC power-flow states. The AC
// mismatch of one voltage state (the solved base case, or the case's own voltages) against
// every hour's scheduled injections; hours whose worst mismatch is below the tolerance are
// already solved by that state, the others need a power flow (pf/mismatch.hpp).
#include <cmath>
#include <memory>

#include "cli.hpp"
#include "gat/core/run_id.hpp"
#include "gat/core/topology.hpp"
#include "gat/io/arrow/scenario.hpp"
#include "gat/pf/ac_power_flow.hpp"
#include "gat/pf/mismatch.hpp"
#include "progress.hpp"

namespace gat::cli {

namespace {

struct MismatchArgs {
  std::string case_name;
  std::string profile;
  std::string state = "solved";
  double tol_mva = 0.1;
  std::string threads = "auto";
  GpuOptions gpu;
  OutputOptions output;
};

struct State {
  std::vector<double> vr, vi;
  std::vector<std::uint8_t> p_check, q_check;
};

State voltage_state(const core::Network& net, const core::Topology& topo,
                    const std::string& which) {
  std::vector<double> vm = net.buses.vm_pu, va = net.buses.va_rad;
  std::vector<core::BusType> type = net.buses.type;
  if (which == "solved") {
    const auto r = pf::solve_ac_power_flow(net, topo);
    for (std::size_t i = 0; i < vm.size(); ++i) {
      if (std::isfinite(r.vm_pu[i])) vm[i] = r.vm_pu[i], va[i] = r.va_rad[i];
    }
    type = r.bus_type;
  }
  State s;
  for (std::size_t i = 0; i < vm.size(); ++i) {
    s.vr.push_back(vm[i] * std::cos(va[i]));
    s.vi.push_back(vm[i] * std::sin(va[i]));
    const bool live = topo.bus_island[i] >= 0;
    s.p_check.push_back(live && type[i] != core::BusType::kRef &&
                        type[i] != core::BusType::kIsolated);
    s.q_check.push_back(live && type[i] == core::BusType::kPQ);
  }
  return s;
}

// Scheduled injections S = generation − load per bus and hour (p.u.), hour after hour.
void schedules(const core::Scenario& profile, std::vector<double>& p, std::vector<double>& q) {
  const std::size_t nb = profile.n_buses(), nh = profile.n_hours();
  p.resize(nb * nh);
  q.resize(nb * nh);
  for (std::size_t h = 0; h < nh; ++h)
    profile.bus_injections(h, {p.data() + h * nb, nb}, {q.data() + h * nb, nb});
}

void run_mismatch(const MismatchArgs& a) {
  Stopwatch clock;
  const auto limit = limit_threads(a.threads);
  const auto device = open_gpu(a.gpu);
  const auto precision =
      a.gpu.parsed() == accel::Precision::kAuto ? accel::Precision::kF64 : a.gpu.parsed();
  const auto net = load_network(a.case_name);
  const auto topo = core::analyze_topology(net);
  const auto profile = io::read_scenario(a.profile, net);
  const auto state = voltage_state(net, topo, a.state);
  const auto y = pf::ybus_rows(pf::build_ybus(net, topo));
  std::vector<double> p, q;
  schedules(profile, p, q);
  const double t_read = clock.lap();
  pf::MismatchInput in{profile.n_hours(), state.vr, state.vi, p, q, state.p_check, state.q_check};
  const auto r = pf::power_mismatch(y, in, device.get(), precision);
  const double t_solve = clock.lap();

  const std::size_t nh = profile.n_hours();
  const double base = net.base_mva;
  std::vector<std::int64_t> hour(nh), bus_p(nh), bus_q(nh);
  std::vector<double> dp(nh), dq(nh);
  std::vector<bool> needs(nh);
  std::size_t n_needs = 0;
  for (std::size_t h = 0; h < nh; ++h) {
    hour[h] = profile.hour_id(h);
    dp[h] = r.max_dp[h] * base;
    dq[h] = r.max_dq[h] * base;
    bus_p[h] = r.worst_p_bus[h] >= 0 ? net.buses.id[r.worst_p_bus[h]] : -1;
    bus_q[h] = r.worst_q_bus[h] >= 0 ? net.buses.id[r.worst_q_bus[h]] : -1;
    needs[h] = std::max(dp[h], dq[h]) > a.tol_mva;
    n_needs += needs[h];
  }
  const auto run_id =
      core::make_run_id({"batch mismatch",
                         {{"state", a.state}, {"tol_mva", std::to_string(a.tol_mva)}},
                         {std::filesystem::path(net.source), std::filesystem::path(a.profile)}});
  const auto table = io::TableBuilder(static_cast<std::int64_t>(nh))
                         .add("hour", hour)
                         .add("max_dp_mw", dp)
                         .add("worst_p_bus", bus_p)
                         .add("max_dq_mvar", dq)
                         .add("worst_q_bus", bus_q)
                         .add("needs_solve", needs)
                         .add_constant("run_id", run_id)
                         .finish("batch_mismatch", 1);
  const auto written = emit_tables({{"mismatch", table}}, a.output, "mismatch");
  auto* s = summary_stream(a.output);
  std::fprintf(s, "gat batch mismatch  %s  (%zu buses, Ybus %zu entries)\n", net.name.c_str(),
               net.n_buses(), y.col_idx.size());
  std::fprintf(s, "  state        %s voltages; %zu hours of %s\n", a.state.c_str(), nh,
               a.profile.c_str());
  std::fprintf(
      s, "  screen       %zu hours above %.3g MVA need a power flow, %zu are solved by the state\n",
      n_needs, a.tol_mva, nh - n_needs);
  std::fprintf(s, "  run          %s: %s\n", run_id.c_str(), written.c_str());
  std::fprintf(s, "  time         read + base case %.3f s, mismatch %.3f s (%s)\n", t_read, t_solve,
               device ? describe_device(*device, precision).c_str()
                      : (std::to_string(thread_count()) + " threads").c_str());
}

}  // namespace

void add_batch_mismatch_command(CLI::App* batch) {
  auto a = std::make_shared<MismatchArgs>();
  auto* cmd = batch->add_subcommand(
      "mismatch", "Screen batch power-flow states: AC mismatch of one state for every hour");
  add_case_argument(cmd, a->case_name);
  cmd->add_option("--profile", a->profile,
                  "Load profile, .parquet or .csv (docs/schemas/batch_pf.md)")
      ->required();
  cmd->add_option("--state", a->state, "Voltages: solved (base-case AC power flow) or case")
      ->check(CLI::IsMember({"solved", "case"}));
  cmd->add_option("--tol", a->tol_mva, "Mismatch above which an hour needs a power flow, MVA");
  add_threads_option(cmd, a->threads);
  add_gpu_options(cmd, a->gpu);
  add_output_options(cmd, a->output);
  cmd->footer(R"(Examples:
  gat batch mismatch case2383wp --profile hours.csv -o out/
                                              hours the solved base case already solves
  gat batch mismatch case2383wp --profile hours.csv --state case --tol 1 -o out/
                                              the case's own voltages, 1 MVA tolerance)");
  cmd->callback([a] { run_mismatch(*a); });
}

}  // namespace gat::cli
