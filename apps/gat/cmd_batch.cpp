// gat batch pf CASE --profile FILE: AC power flow for every hour of a load profile.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <set>
#include <sstream>

#include "cli.hpp"
#include "gat/core/run_id.hpp"
#include "gat/core/topology.hpp"
#include "gat/io/arrow/batch_pf_tables.hpp"
#include "gat/io/arrow/load_profile.hpp"
#include "gat/pf/batch_power_flow.hpp"

namespace gat::cli {

namespace {

struct BatchPfArgs {
  std::string case_name;
  std::string profile;
  OutputOptions output;
  std::string threads = "auto";
  bool q_limits = false;
  std::string algorithm = "nr";
  std::string fdpf_variant = "xb";
  double tol = 1e-8;
  int max_iter = 0;
  std::string tables = "status,bus,branch";
  int chunk_hours = 168;
  int block_hours = 24;
  bool cold = false;
};

std::set<std::string> parse_tables(const std::string& list) {
  std::set<std::string> out;
  std::stringstream in(list);
  std::string item;
  while (std::getline(in, item, ',')) {
    if (item != "status" && item != "bus" && item != "branch") {
      throw UsageError("--tables: unknown table '" + item + "' (status, bus, branch)");
    }
    out.insert(item);
  }
  return out;
}

pf::BatchOptions to_options(const BatchPfArgs& a, const std::set<std::string>& tables) {
  pf::BatchOptions o;
  if (a.algorithm == "fdpf") {
    o.pf.algorithm = a.fdpf_variant == "bx" ? pf::AcAlgorithm::kFastDecoupledBX
                                            : pf::AcAlgorithm::kFastDecoupledXB;
  }
  o.pf.tol_pu = a.tol;
  o.pf.max_iter = a.max_iter;
  o.pf.q_limits = a.q_limits ? 1 : 0;
  if (a.threads != "auto") {
    try {
      o.threads = std::stoi(a.threads);
    } catch (const std::exception&) {
      o.threads = -1;
    }
    if (o.threads < 1) throw UsageError("--threads: a positive number or 'auto'");
  }
  o.block_hours = a.block_hours;
  o.warm_start = !a.cold;
  o.keep_bus = tables.count("bus") > 0;
  o.keep_branch = tables.count("branch") > 0;
  return o;
}

// Appends one chunk's hour tables as DIR/<table>/part-NNNNN.<ext>.
void write_parts(const std::vector<io::NamedTable>& tables, const OutputOptions& out,
                 std::size_t part) {
  char name[32];
  std::snprintf(name, sizeof name, "part-%05zu", part);
  const auto format = io::parse_table_format(out.format);
  for (const auto& t : tables) {
    io::write_table({name, t.table}, std::filesystem::path(out.out) / t.name, format);
  }
}

void print_batch_summary(std::FILE* s, const core::Network& net, const pf::BatchResult& r) {
  const double base = net.base_mva;
  std::size_t ok = 0;
  int max_it = 0;
  double sum_it = 0, loss_min = INFINITY, loss_max = -INFINITY, loss_sum = 0, vmin = INFINITY;
  std::int64_t vmin_hour = 0;
  for (const auto& h : r.hours) {
    sum_it += h.iterations;
    max_it = std::max(max_it, h.iterations);
    if (!h.converged()) continue;
    ++ok;
    loss_min = std::min(loss_min, h.losses_p_pu * base);
    loss_max = std::max(loss_max, h.losses_p_pu * base);
    loss_sum += h.losses_p_pu * base;
    if (h.min_vm_pu < vmin) vmin = h.min_vm_pu, vmin_hour = h.hour;
  }
  const auto n = r.hours.size();
  std::fprintf(s, "  hours        %zu, %zu converged", n, ok);
  if (ok < n) std::fprintf(s, ", %zu NOT converged", n - ok);
  std::fprintf(s, "\n");
  int shown = 0;
  for (const auto& h : r.hours) {
    if (h.converged() || shown++ >= 5) continue;
    std::fprintf(s, "    hour %lld: %s (%d iterations, mismatch %.3g MVA) %s\n",
                 static_cast<long long>(h.hour), std::string(pf::to_string(h.status)).c_str(),
                 h.iterations, h.max_mismatch_pu * base, h.message.c_str());
  }
  if (n == 0) return;
  std::fprintf(s, "  iterations   %.2f per hour on average, %d at most\n", sum_it / n, max_it);
  if (ok > 0) {
    std::fprintf(s, "  losses       %s .. %s MW, %s MW on average\n",
                 thousands(loss_min, 2).c_str(), thousands(loss_max, 2).c_str(),
                 thousands(loss_sum / ok, 2).c_str());
    std::fprintf(s, "  voltages     lowest %.4f p.u. (hour %lld)\n", vmin,
                 static_cast<long long>(vmin_hour));
  }
}

void run_batch_pf(const BatchPfArgs& a) {
  if (a.output.out == "-") throw UsageError("gat batch pf writes a folder: give -o DIR");
  if (a.chunk_hours < 1) throw UsageError("--chunk-hours must be positive");
  const auto tables = parse_tables(a.tables);
  Stopwatch clock;
  const auto net = load_network(a.case_name);
  const auto topo = core::analyze_topology(net);
  const auto profile = io::read_pf_load_profile(a.profile, net);
  const double t_read = clock.lap();
  const auto options = to_options(a, tables);
  const auto run_id =
      core::make_run_id({"batch pf",
                         {{"algorithm", std::string(pf::to_string(options.pf.algorithm))},
                          {"block_hours", std::to_string(options.block_hours)},
                          {"format", a.output.format},
                          {"max_iter", std::to_string(options.pf.effective_max_iter())},
                          {"q_limits", std::to_string(options.pf.q_limits)},
                          {"tables", a.tables},
                          {"tol", std::to_string(options.pf.tol_pu)},
                          {"warm_start", options.warm_start ? "1" : "0"}},
                         {std::filesystem::path(net.source), std::filesystem::path(a.profile)}});

  // Hours in chunks, so per-hour tables never hold the whole year in memory.
  pf::BatchResult all;
  double t_solve = 0, t_write = 0;
  const auto chunk = static_cast<std::size_t>(a.chunk_hours);
  for (std::size_t first = 0, part = 0; first < profile.n_hours(); first += chunk, ++part) {
    auto r = pf::solve_batch(net, topo, profile, options, first, chunk);
    t_solve += clock.lap();
    if (options.keep_bus || options.keep_branch)
      write_parts(io::batch_hour_tables(net, r, run_id), a.output, part);
    all.threads = r.threads;
    all.hours.insert(all.hours.end(), r.hours.begin(), r.hours.end());
    t_write += clock.lap();
  }
  if (tables.count("status")) {
    io::write_table(io::batch_status_table(net, all, run_id), a.output.out,
                    io::parse_table_format(a.output.format));
  }
  t_write += clock.lap();

  std::FILE* s = stdout;
  std::fprintf(s, "gat batch pf  %s  (%zu buses, %zu branches, %zu generators)\n", net.name.c_str(),
               net.n_buses(), net.n_branches(), net.n_gens());
  std::fprintf(s, "  profile      %s: %zu hours\n", a.profile.c_str(), profile.n_hours());
  std::fprintf(s, "  solver       %s, tol %g p.u.%s, %d threads, %s\n",
               std::string(pf::to_string(options.pf.algorithm)).c_str(), options.pf.tol_pu,
               options.pf.q_limits ? ", Q limits" : "", all.threads,
               options.warm_start ? "warm start hour to hour" : "every hour from the case");
  print_batch_summary(s, net, all);
  std::fprintf(s, "  run          %s: %s -> %s/ (%s)\n", run_id.c_str(), a.tables.c_str(),
               a.output.out.c_str(), a.output.format.c_str());
  std::fprintf(s, "  time         read %.3f s, solve %.3f s (%.1f hours/s), write %.3f s\n", t_read,
               t_solve, t_solve > 0 ? static_cast<double>(all.hours.size()) / t_solve : 0.0,
               t_write);
  const bool all_ok = std::all_of(all.hours.begin(), all.hours.end(),
                                  [](const pf::HourResult& h) { return h.converged(); });
  if (!all_ok) throw PartialResult("results written, but some hours did not converge");
}

}  // namespace

void add_batch_command(CLI::App& app) {
  auto* batch = app.add_subcommand("batch", "A study over the hours of a profile");
  batch->require_subcommand(1);
  auto a = std::make_shared<BatchPfArgs>();
  auto* cmd = batch->add_subcommand("pf", "AC power flow for every hour of a load profile");
  cmd->add_option("case", a->case_name, "Case name (case118), .m file")->required();
  cmd->add_option("--profile", a->profile,
                  "Load profile, .parquet or .csv (docs/schemas/batch_pf.md)")
      ->required();
  cmd->add_option("--threads", a->threads, "Threads: a number or 'auto' (every core)");
  cmd->add_flag("--q-limits", a->q_limits, "Enforce generator Q limits every hour");
  cmd->add_option("--algorithm", a->algorithm, "nr (default) or fdpf")
      ->check(CLI::IsMember({"nr", "fdpf"}));
  cmd->add_option("--fdpf-variant", a->fdpf_variant, "xb (default) or bx")
      ->check(CLI::IsMember({"xb", "bx"}));
  cmd->add_option("--tol", a->tol, "Convergence tolerance, p.u. (1e-8)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--max-iter", a->max_iter, "Iteration limit per hour")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--tables", a->tables, "Tables to write: status,bus,branch (default: all)");
  cmd->add_option("--chunk-hours", a->chunk_hours,
                  "Hours per written part of the bus/branch tables (168)");
  cmd->add_option("--block-hours", a->block_hours,
                  "Hours solved in sequence with warm start, the unit of parallel work (24)")
      ->check(CLI::PositiveNumber);
  cmd->add_flag("--cold", a->cold, "Start every hour from the case instead of the previous hour");
  add_output_options(cmd, a->output);
  cmd->callback([a] { run_batch_pf(*a); });
  add_batch_mismatch_command(batch);
}

}  // namespace gat::cli
