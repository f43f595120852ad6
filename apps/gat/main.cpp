// gat: the command-line front end. Parses arguments, calls the library, prints; nothing else.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cctype>
#include <cstdio>
#include <string>

#include "cli.hpp"
#include "gat/build_info.hpp"
#include "gat/core/error.hpp"
#include "gat/io/arrow/gat_format.hpp"
#ifdef GAT_HAVE_CUDA
#include "gat/gpu/cuda.hpp"
#endif

namespace {

constexpr const char* kExamples = R"(Examples:
  gat inspect summary case118                 what a case holds (name, .m, .raw or .gat)
  gat import psse grid.raw --out grid.gat     PSS/E RAW (v33-35) to gat's network format
  gat convert grid.gat --to matpower -o g.m   write a case MATPOWER runs
  gat inspect branches grid.gat               branch table as CSV on standard output
  gat pf dc case9241pegase -o out/            DC power flow, Parquet tables in out/
  gat pf dc case118 -o - --table branch       branch flows as CSV on standard output
  gat pf ac case2383wp --q-limits -o out/     AC power flow (Newton), generator Q limits enforced
  gat batch pf case2383wp --profile hours.parquet -o out/ --threads auto
                                              AC power flow for every hour of a load profile
  gat opf dc case2869pegase -o out/           DC-OPF with LMPs (HiGHS)
  gat opf dc case118 --profile hours.csv -o out/   rolling DC-OPF, one LP per hour
  gat opf ac case300 -o out/                  AC-OPF (Ipopt)
  gat sens lodf case118 -o out/               LODF matrix (long layout) in out/lodf.parquet
  gat nminus1 dc case_ACTIVSg10k -o out/      N-1 DC screening of every branch
  gat nminus1 dc case13659pegase --profile hours.csv --gpu -o out/
                                              the same screen, fused on a CUDA GPU
  gat adequacy screen case_ACTIVSg2000 --scenarios 1000 --hours 8760 --seed 7 -o out/
                                              Monte Carlo capacity check (add --gpu)
  gat batch pf dc case118 --profile hours.csv --executor process --max-procs 8
                                              one DC power flow per hour, in resumable chunks
  gat runs list ; gat runs show RUN           runs, their progress, failures and tables
  gat doctor                                  libraries, solvers, threads and GPU found

A bare case name is looked up in $GAT_CASE_PATH, then in the MATPOWER data folder.)";

int fail(const char* kind, const char* what, int code) {
  std::fprintf(stderr, "gat: %s%s\n", kind, what);
  return code;
}

constexpr int kUsage = 2;  // README: exit status 2 is bad usage, whatever the parser's own codes

// The deepest command the arguments reached: "gat pf dc".
const CLI::App& reached(const CLI::App& app, std::string& path) {
  path = app.get_name();
  const CLI::App* cmd = &app;
  while (!cmd->get_subcommands().empty()) {
    cmd = cmd->get_subcommands().front();
    path += " " + cmd->get_name();
  }
  return *cmd;
}

// One line on stderr for an argument error, naming the command and where its help is.
int usage_error(const CLI::App& app, const CLI::ParseError& e) {
  std::string path;
  const CLI::App& cmd = reached(app, path);
  std::string message = e.what();
  if (cmd.get_require_subcommand_min() > 0 && cmd.get_subcommands().empty()) {
    std::string names;
    for (const auto* sub :
         cmd.get_subcommands([](const CLI::App* a) { return !a->get_group().empty(); }))
      names += (names.empty() ? "" : ", ") + sub->get_name();
    const auto extra = cmd.remaining();
    message = !extra.empty() && extra.front().rfind('-', 0) != 0
                  ? "unknown command '" + extra.front() + "'; commands: " + names
                  : "a command is needed: " + names;
  } else if (!message.empty()) {
    message[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(message[0])));
  }
  std::fprintf(stderr, "%s: error: %s (see %s --help)\n", path.c_str(), message.c_str(),
               path.c_str());
  return kUsage;
}

int run(CLI::App& app, int argc, char** argv) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);  // --help, --version
  } catch (const CLI::ParseError& e) {
    return usage_error(app, e);
  } catch (const gat::cli::PartialResult& e) {
    return fail("", e.what(), 3);
  } catch (const gat::UsageError& e) {
    return fail("error: ", e.what(), kUsage);
  } catch (const gat::Error& e) {
    return fail("error: ", e.what(), 1);
  } catch (const std::bad_alloc&) {
    return fail("error: ", "out of memory", 1);
  } catch (const std::exception& e) {
    return fail("internal error: ", e.what(), 70);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  spdlog::set_default_logger(spdlog::stderr_color_mt("gat"));
  spdlog::set_pattern("[%l] %v");
  spdlog::set_level(spdlog::level::warn);

  // Named, so that help and errors say "gat pf dc", not the path the binary was started by.
  CLI::App app{"gat - Grid Analysis Toolkit: power flow, contingency screening, optimal power flow",
               "gat"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("gat ") + gat::build::kVersion + " (" +
                                        gat::build::kGitDescribe + ", " + gat::build::kBuildType +
                                        ")");
  std::string log_level = "warn";
  app.add_option("--log-level", log_level,
                 "Log detail on stderr: trace, debug, info, warn, error, off")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}));
  app.parse_complete_callback([&] { spdlog::set_level(spdlog::level::from_str(log_level)); });

  gat::cli::add_inspect_command(app);
  gat::cli::add_pf_command(app);
  gat::cli::add_opf_command(app);
  gat::cli::add_sens_command(app);
  gat::cli::add_nminus1_command(app);
  gat::cli::add_batch_command(app);
  gat::cli::add_adequacy_command(app);
  gat::cli::add_study_commands(app);  // after the commands whose parents they share
  gat::cli::add_runs_command(app);
  gat::cli::add_admin_command(app);
  gat::cli::add_run_chunk_command(app);
  gat::cli::add_doctor_command(app);
  gat::cli::add_import_command(app);
  gat::cli::add_convert_command(app);
  // Set after the commands are added, which copy their parent's footer: each command's help
  // shows its own examples, not these.
  app.footer(kExamples);
#ifdef GAT_HAVE_CUDA
  gat::gpu::register_cuda_backend();
#endif
  gat::io::register_gat_format();  // every command reads gat network directories

  // Every file is written and closed by now: the process ends without tearing down the
  // libraries' state (thread pools, allocators, a GPU context): a few ms a run.
  // A bare `gat` asks what gat does: the help, on stdout, exit 0.
  const int code = argc > 1 ? run(app, argc, argv) : (std::fputs(app.help().c_str(), stdout), 0);
  std::fflush(nullptr);
  std::_Exit(code);
}
