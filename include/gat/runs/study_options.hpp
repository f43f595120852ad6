// What a study takes, declared once: its inputs, its options and the axes it is chunked along.
//
// One declaration per study (runs::StudyType) makes
//   - the command's flags (apps/gat/study_command.cpp builds them from it),
//   - the StudySpec's parameters: canonical_params() checks a spec's params against it (a
//     spec may come from a queue or a hand edit) and fills in the defaults, so that two ways of
//     asking for the same study get the same run id,
//   - the run id: options marked `identity` are in StudySpec::params (hashed), the others in
//     StudySpec::settings (how to compute, not what: never in the id),
//   - the reference page docs/studies.md (`gat studies --markdown`).
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

namespace gat::runs {

enum class OptionType {
  kBool,      // a flag
  kInt,       // a whole number
  kNumber,    // a real number
  kText,      // one word, from `choices` when it has any
  kTextList,  // comma-separated words, each from `choices` when it has any; a JSON array.
              // The flag may be given several times: the words of each, in order
};

struct Option {
  std::string key = {};   // the StudySpec parameter: "tol_pu"
  std::string flag = {};  // the command-line flag: "--tol"
  OptionType type = OptionType::kText;
  nlohmann::json default_value = {};  // a value of `type`
  std::string unit = {};              // "p.u.", "MW", "%", "" when none
  std::string help = {};
  std::vector<std::string> choices = {};
  double min = -std::numeric_limits<double>::infinity();  // kInt, kNumber: smallest value
  bool min_exclusive = false;                             // ... and whether it is excluded
  bool identity = true;   // part of the run id (what is computed), else a setting (how)
  bool seed = false;      // a random seed: in StudySpec::seeds (part of the run id)
  bool inverted = false;  // kBool: the flag sets the parameter to false ("--cold" → warm_start)
  // Applies only when the option with this key has this value ("algorithm=fdpf"); otherwise
  // the flag is refused and the parameter keeps its default.
  std::string only_with = {};
};

struct InputSpec {
  std::string name = {};  // StudySpec input role: "case", "profile", "contingencies"
  std::string flag = {};  // "--profile"; empty for the case, the positional argument
  bool required = true;
  std::string help = {};
};

struct AxisSpec {
  std::string name = {};  // "hour", "contingency", "scenario"
  std::string flag = {};  // "--chunk-hours"
  std::string help = {};
  // The chunk size when the flag is not given, from the canonical parameters (an N-1 screen
  // on a GPU wants every contingency in one chunk).
  std::function<std::int64_t(const nlohmann::json& params)> default_chunk = {};
  // The input the axis runs over ("profile"), when it is optional: the chunk flag is refused
  // without that input's flag. Empty: the axis always has its items.
  std::string input = {};
};

struct StudyType;

// The study's parameters, settings and seeds from `given` (a spec's three merged):
// every key declared (UsageError naming `source` and the key otherwise), of its type, in its
// choices and range; absent keys get their defaults; options whose `only_with` does not hold
// get their defaults. Returns {params, settings, seeds}.
struct CanonicalOptions {
  nlohmann::json params = nlohmann::json::object();
  nlohmann::json settings = nlohmann::json::object();
  nlohmann::json seeds = nlohmann::json::object();
};
CanonicalOptions canonical_options(const StudyType& type, const nlohmann::json& given,
                                   const std::string& source);

// A command-line value of an option as JSON (UsageError naming the flag when malformed).
nlohmann::json parse_option_value(const Option& option, const std::string& text);

// The reference page of every study: inputs, options (type, default, unit, identity), axes.
std::string studies_markdown();

}  // namespace gat::runs
