// Every batch study gat can plan, run and resume, by the command that names it.
#include <oneapi/tbb/parallel_invoke.h>

#include <exception>
#include <filesystem>

#include "gat/core/error.hpp"
#include "gat/core/run_id.hpp"
#include "studies.hpp"

namespace gat::runs {

namespace {

constexpr StudyType kStudies[] = {
    {"batch pf", "AC power flow for every hour of a load profile", open_batch_pf_ac},
    {"batch pf dc", "DC power flow for every hour of a load profile", open_batch_pf_dc},
    {"nminus1 dc", "DC contingency screening over the hours of a profile", open_nminus1_dc},
    {"batch noop", "chunks that compute nothing (executor overhead benchmarks)", open_noop},
};

}  // namespace

std::span<const StudyType> study_types() {
  return kStudies;
}

std::unique_ptr<Study> open_study(const exec::StudySpec& spec) {
  for (const auto& type : kStudies) {
    if (type.command != spec.command) continue;
    // A spec names its inputs by path (not part of the run id): a device or a pipe would be
    // read for ever; a file or a network directory only.
    for (const auto& in : spec.inputs) {
      std::error_code ec;
      const auto status = std::filesystem::status(in.path, ec);
      if (std::filesystem::exists(status) && !std::filesystem::is_regular_file(status) &&
          !std::filesystem::is_directory(status))
        throw UsageError("input " + in.name + " (" + in.path + ") is not a file or a folder");
    }
    // The inputs' checksums while the study reads them: a changed input is the error to
    // report, before any the study met reading it.
    std::string changed;
    std::unique_ptr<Study> study;
    std::exception_ptr failed;
    tbb::parallel_invoke(
        [&] {
          try {
            for (const auto& in : spec.inputs) {
              if (core::sha256_file(in.path) == in.sha256) continue;
              changed = "input " + in.path +
                        " is not the file the study was planned with (SHA-256 " +
                        in.sha256.substr(0, 12) + "...); plan the study again";
              return;
            }
          } catch (const Error& e) {
            changed = e.what();  // missing or unreadable
          }
        },
        [&] {
          try {
            study = type.open(spec);
          } catch (...) {
            failed = std::current_exception();
          }
        });
    if (!changed.empty()) throw Error(changed);
    if (failed) std::rethrow_exception(failed);
    return study;
  }
  throw UsageError("no study '" + spec.command + "' in this gat");
}

}  // namespace gat::runs
