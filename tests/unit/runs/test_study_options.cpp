// One declaration per study: canonical parameters, hostile specs, command-line values.
#include <gtest/gtest.h>

#include "gat/core/error.hpp"
#include "gat/runs/study.hpp"

namespace {

using gat::UsageError;
using gat::runs::canonical_options;
using gat::runs::parse_option_value;
using nlohmann::json;

const gat::runs::StudyType& ac() {
  return gat::runs::study_type("batch pf");
}

std::string error_of(const json& given) {
  try {
    canonical_options(ac(), given, "spec.json");
  } catch (const UsageError& e) {
    return e.what();
  }
  return "";
}

TEST(StudyOptions, DefaultsMakeTheSameStudyFromAnyWayOfAskingForIt) {
  const auto none = canonical_options(ac(), json::object(), "x");
  const auto explicit_defaults =
      canonical_options(ac(), {{"algorithm", "nr"}, {"tol_pu", 1e-8}, {"block_hours", 24}}, "x");
  EXPECT_EQ(none.params, explicit_defaults.params);
  EXPECT_EQ(none.params.at("tables"), json({"status", "bus", "branch"}));
  EXPECT_EQ(none.params.size(), ac().options.size());
  // An option whose condition does not hold keeps its default: it changes nothing.
  EXPECT_EQ(canonical_options(ac(), {{"fdpf_variant", "bx"}}, "x").params, none.params);
  EXPECT_EQ(canonical_options(ac(), {{"algorithm", "fdpf"}, {"fdpf_variant", "bx"}}, "x")
                .params.at("fdpf_variant"),
            "bx");
}

TEST(StudyOptions, HostileParametersAreRefusedNamingSourceAndKey) {
  EXPECT_NE(
      error_of({{"rm_rf", true}}).find("spec.json: study 'batch pf' has no parameter 'rm_rf'"),
      std::string::npos);
  EXPECT_NE(error_of({{"tol_pu", "1e-8"}}).find("tol_pu must be a number"), std::string::npos);
  EXPECT_NE(error_of({{"tol_pu", 0}}).find("greater than 0"), std::string::npos);
  EXPECT_NE(error_of({{"block_hours", 1.5}}).find("whole number"), std::string::npos);
  EXPECT_NE(error_of({{"block_hours", -3}}).find("at least 1"), std::string::npos);
  EXPECT_NE(error_of({{"algorithm", "../../etc"}}).find("one of nr, fdpf"), std::string::npos);
  EXPECT_NE(error_of({{"tables", {"bus", 7}}}).find("list of text"), std::string::npos);
  EXPECT_NE(error_of({{"tables", {"bus", "x"}}}).find("'x' is not one of"), std::string::npos);
  EXPECT_NE(error_of({{"q_limits", 1}}).find("true or false"), std::string::npos);
  EXPECT_NE(error_of(json::array()).find("must be an object"), std::string::npos);
}

TEST(StudyOptions, CommandLineValuesAreParsedWhole) {
  const auto& options = ac().options;
  const auto& tol = *std::find_if(options.begin(), options.end(),
                                  [](const auto& o) { return o.key == "tol_pu"; });
  const auto& block = *std::find_if(options.begin(), options.end(),
                                    [](const auto& o) { return o.key == "block_hours"; });
  EXPECT_EQ(parse_option_value(tol, "1e-6"), json(1e-6));
  EXPECT_EQ(parse_option_value(block, "12"), json(12));
  EXPECT_THROW(parse_option_value(block, "12h"), UsageError);
  EXPECT_THROW(parse_option_value(block, "1.5"), UsageError);
  EXPECT_THROW(parse_option_value(tol, "nan"), UsageError);
  EXPECT_THROW(parse_option_value(tol, ""), UsageError);
}

TEST(StudyOptions, EveryDeclarationIsConsistent) {
  for (const auto& type : gat::runs::study_types()) {
    SCOPED_TRACE(type.command);
    // Defaults are valid values: canonical_options of nothing succeeds.
    EXPECT_NO_THROW(canonical_options(type, json::object(), "defaults"));
    for (const auto& o : type.options) {
      // ... and pass the checks a value given for them would.
      EXPECT_NO_THROW(canonical_options(type, {{o.key, o.default_value}}, "default")) << o.key;
      EXPECT_TRUE(o.flag.starts_with("--")) << o.key;
      EXPECT_FALSE(o.help.empty()) << o.key;
    }
    for (const auto& a : type.axes) EXPECT_TRUE(a.default_chunk) << a.name;
    EXPECT_NE(type.open, nullptr);
  }
}

}  // namespace
