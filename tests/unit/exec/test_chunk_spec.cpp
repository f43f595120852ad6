// The chunk contract's documents: round trips, versions, run ids, planning.
#include "gat/exec/chunk_spec.hpp"

#include <gtest/gtest.h>

#include "gat/core/error.hpp"
#include "gat/exec/planner.hpp"

using namespace gat::exec;

namespace {

StudySpec sample_study() {
  StudySpec s;
  s.command = "batch pf dc";
  s.gat_version = "0.1.0";
  s.inputs = {{"case", "/data/case118.m", std::string(64, 'a')},
              {"profile", "/data/hours.csv", std::string(64, 'b')}};
  s.params = {{"tolerance", 1e-8}, {"algorithm", "newton"}};
  s.seeds = {{"sampling", 42}};
  s.chunk_size = {{"hour", 24}};
  s.output = {"/out", "parquet", {"hour"}};
  return s;
}

}  // namespace

TEST(StudySpec, RoundTripsThroughJson) {
  const auto s = sample_study();
  const auto back = study_spec_from_json(to_json(s), "test");
  EXPECT_EQ(back.command, s.command);
  EXPECT_EQ(back.inputs.size(), 2u);
  EXPECT_EQ(back.input("profile").sha256, s.inputs[1].sha256);
  EXPECT_EQ(back.params, s.params);
  EXPECT_EQ(back.chunk_size, s.chunk_size);
  EXPECT_EQ(back.output.partition_by, s.output.partition_by);
  EXPECT_EQ(back.run_id(), s.run_id());
}

TEST(StudySpec, RunIdIgnoresOutputFolderButNotParameters) {
  const auto s = sample_study();
  auto moved = s;
  moved.output.dir = "/elsewhere";
  EXPECT_EQ(moved.run_id(), s.run_id());
  auto other = s;
  other.params["tolerance"] = 1e-6;
  EXPECT_NE(other.run_id(), s.run_id());
  auto rechunked = s;
  rechunked.chunk_size["hour"] = 12;
  EXPECT_NE(rechunked.run_id(), s.run_id());
  auto changed_input = s;
  changed_input.inputs[0].sha256 = std::string(64, 'c');
  EXPECT_NE(changed_input.run_id(), s.run_id());
  EXPECT_EQ(s.run_id().size(), 16u);
}

TEST(StudySpec, RefusesNewerVersionsAndOtherKinds) {
  auto doc = to_json(sample_study());
  doc["version"] = kStudySpecVersion + 1;
  EXPECT_THROW(study_spec_from_json(doc, "x.json"), gat::InputError);
  doc["version"] = 1;
  doc["kind"] = "gat.chunk";
  EXPECT_THROW(study_spec_from_json(doc, "x.json"), gat::InputError);
  auto missing = to_json(sample_study());
  missing.erase("inputs");
  EXPECT_THROW(study_spec_from_json(missing, "x.json"), gat::InputError);
}

TEST(ChunkResult, RoundTripsThroughJson) {
  ChunkResult r;
  r.run_id = "0123456789abcdef";
  r.chunk_id = "00007";
  r.index = 7;
  r.state = ChunkState::kFailed;
  r.rows = 12;
  r.outputs = {{"branch", "branch/hour=3/part-00007.parquet", 12, std::string(64, 'f')}};
  r.error = "child process killed by signal 9 (Killed)";
  r.signal = 9;
  const auto back = chunk_result_from_json(to_json(r), "test");
  EXPECT_EQ(back.state, ChunkState::kFailed);
  EXPECT_EQ(back.outputs, r.outputs);
  EXPECT_EQ(back.error, r.error);
  EXPECT_EQ(back.signal, 9);
  EXPECT_FALSE(back.exit_code.has_value());
}

TEST(Planner, CartesianProductFirstAxisOutermost) {
  auto s = sample_study();
  s.chunk_size = {{"hour", 24}, {"contingency", 500}};
  const auto chunks = plan_chunks(s, {{"hour", 168}, {"contingency", 1200}});
  ASSERT_EQ(chunks.size(), 7u * 3u);
  EXPECT_EQ(chunks[0].ranges, (std::vector<Range>{{"hour", 0, 24}, {"contingency", 0, 500}}));
  EXPECT_EQ(chunks[2].ranges, (std::vector<Range>{{"hour", 0, 24}, {"contingency", 1000, 1200}}));
  EXPECT_EQ(chunks[3].ranges[0], (Range{"hour", 24, 48}));
  EXPECT_EQ(chunks[20].id, "00020");
  EXPECT_EQ(chunks[20].run_id, s.run_id());
  const auto back = chunk_spec_from_json(to_json(chunks[4]), "test");
  EXPECT_EQ(back.ranges, chunks[4].ranges);
  EXPECT_EQ(back.range("contingency")->size(), 500);
}

TEST(Planner, UnchunkedAxisIsOneBlockAndUnknownAxisIsAnError) {
  auto s = sample_study();
  s.chunk_size.clear();
  EXPECT_EQ(plan_chunks(s, {{"hour", 168}}).size(), 1u);
  EXPECT_TRUE(plan_chunks(s, {{"hour", 0}}).empty());
  s.chunk_size = {{"contingency", 10}};
  EXPECT_THROW(plan_chunks(s, {{"hour", 168}}), gat::UsageError);
}

TEST(Planner, PartitionsMustBeAxesNamedOnce) {
  auto s = sample_study();
  s.output.partition_by = {"hour", "contingency"};
  EXPECT_EQ(plan_chunks(s, {{"hour", 48}, {"contingency", 3}}).size(), 2u);
  for (const auto& keys : {std::vector<std::string>{"hours"}, {"hour", "hour"}, {"contingency"}}) {
    s.output.partition_by = keys;
    EXPECT_THROW(plan_chunks(s, {{"hour", 48}}), gat::UsageError) << keys[0];
  }
}

TEST(ChunkId, ZeroPaddedToTheWidestIndex) {
  EXPECT_EQ(chunk_id(3, 10), "00003");
  EXPECT_EQ(chunk_id(3, 200000), "000003");
  EXPECT_EQ(chunk_id(199999, 200000), "199999");
}
