// Every batch study gat can plan, run and resume, by the command that names it.
#include <oneapi/tbb/parallel_invoke.h>

#include <algorithm>
#include <exception>
#include <filesystem>

#include "gat/core/error.hpp"
#include "gat/io/sha256.hpp"
#include "studies.hpp"

namespace gat::runs {

InputSpec case_input() {
  return {"case", "", true,
          "Case: a MATPOWER .m, a PSS/E .raw, a gat network folder, or a name (case118) looked "
          "up in $GAT_CASE_PATH, then in MATPOWER's data folder"};
}

InputSpec profile_input(bool required) {
  return {"profile", "--profile", required,
          "Load profile, .parquet or .csv (docs/schemas/batch_pf.md)"};
}

const exec::InputFile* find_input(const exec::StudySpec& spec, std::string_view name) {
  for (const auto& in : spec.inputs) {
    if (in.name == name) return &in;
  }
  return nullptr;
}

std::vector<Option> join(std::initializer_list<std::vector<Option>> parts) {
  std::vector<Option> out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

AxisSpec fixed_axis(std::string name, std::string flag, std::string help, std::int64_t size) {
  return {std::move(name), std::move(flag), std::move(help),
          [size](const nlohmann::json&) { return size; }};
}

const std::vector<StudyType>& study_types() {
  static const std::vector<StudyType> types = {
      adequacy_elcc_study(),
      adequacy_indices_study(),
      adequacy_screen_study(),
      batch_pf_ac_study(),
      batch_pf_dc_study(),
      batch_mismatch_study(),
      nminus1_dc_study(),
      nminus1_ac_study(),
      opf_dc_study(),
      opf_ac_study(),
      pf_dc_study(),
      pf_ac_study(),
      sens_ptdf_study(),
      sens_lodf_study(),
      noop_study(),
  };
  return types;
}

const StudyType& study_type(std::string_view command) {
  for (const auto& type : study_types()) {
    if (type.command == command) return type;
  }
  throw UsageError("no study '" + std::string(command) + "' in this gat");
}

std::unique_ptr<Study> open_study(const exec::StudySpec& spec) {
  const auto& type = study_type(spec.command);
  // A spec may come from anywhere: its parameters must be those the declaration makes.
  auto given = spec.params;
  given.update(spec.settings);
  given.update(spec.seeds);
  const auto canonical = canonical_options(type, given, "study '" + spec.command + "'");
  if (canonical.params != spec.params || canonical.settings != spec.settings ||
      canonical.seeds != spec.seeds) {
    throw UsageError("study '" + spec.command + "': parameters are not canonical (expected " +
                     canonical.params.dump() + ", settings " + canonical.settings.dump() +
                     ", seeds " + canonical.seeds.dump() + ")");
  }
  for (const auto& in : spec.inputs) {
    if (std::none_of(type.inputs.begin(), type.inputs.end(),
                     [&](const InputSpec& s) { return s.name == in.name; }))
      throw UsageError("study '" + spec.command + "' has no input '" + in.name + "'");
  }
  for (const auto& s : type.inputs) {
    if (s.required && std::none_of(spec.inputs.begin(), spec.inputs.end(),
                                   [&](const exec::InputFile& in) { return in.name == s.name; }))
      throw UsageError("study '" + spec.command + "' needs input '" + s.name + "'");
  }
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
            if (io::sha256_file(in.path) == in.sha256) continue;
            changed = "input " + in.path + " is not the file the study was planned with (SHA-256 " +
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

}  // namespace gat::runs
