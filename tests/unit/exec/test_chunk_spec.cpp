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

// Hostile and damaged chunk specs: a spec is an interface (run-chunk, soon a queue), so every
// field is checked, as read and then against the study, before anything runs or is written.
namespace {

ChunkSpec planned_chunk(std::size_t i) {
  auto s = sample_study();
  s.chunk_size = {{"hour", 24}, {"contingency", 500}};
  return plan_chunks(s, {{"hour", 168}, {"contingency", 1200}})[i];
}

const std::vector<Axis> kAxes = {{"hour", 168}, {"contingency", 1200}};

// The reader's error for doc, or "" when it reads.
std::string read_error(const nlohmann::json& doc) {
  try {
    (void)chunk_spec_from_json(doc, "spec.json");
    return "";
  } catch (const gat::InputError& e) {
    return e.what();
  }
}

}  // namespace

TEST(ChunkSpecReader, ReadsWhatThePlannerWrites) {
  const auto c = planned_chunk(4);
  EXPECT_EQ(read_error(to_json(c)), "");
  EXPECT_NO_THROW(check_chunk(chunk_spec_from_json(to_json(c), "x"), kAxes));
}

TEST(ChunkSpecReader, RefusesIdsThatAreNotTheZeroPaddedIndex) {
  for (const char* id : {"../../../../outside/x", "4", "00005", "0000x", "", "00004/..",
                         "99999999999999999999999"}) {
    auto doc = to_json(planned_chunk(4));
    doc["id"] = id;
    EXPECT_NE(read_error(doc).find("field 'id'"), std::string::npos) << id;
  }
  auto doc = to_json(planned_chunk(4));
  doc["id"] = 4;
  EXPECT_NE(read_error(doc).find("field 'id' must be a string"), std::string::npos);
}

TEST(ChunkSpecReader, RefusesUnknownMissingAndWronglyTypedFields) {
  using nlohmann::json;
  const auto good = to_json(planned_chunk(4));
  const std::vector<std::pair<json::json_pointer, json>> edits = {
      {json::json_pointer("/extra"), 1},
      {json::json_pointer("/index"), 4.5},
      {json::json_pointer("/index"), true},
      {json::json_pointer("/index"), "4"},
      {json::json_pointer("/index"), -1},
      {json::json_pointer("/index"), 18446744073709551615ull},
      {json::json_pointer("/run_id"), "ABC"},
      {json::json_pointer("/ranges"), json::object()},
      {json::json_pointer("/ranges/0/begin"), -5},
      {json::json_pointer("/ranges/0/end"), 0},
      {json::json_pointer("/ranges/0/end"), 1.0e9},
      {json::json_pointer("/ranges/0/axis"), "../hour"},
      {json::json_pointer("/ranges/1/axis"), "hour"},
      {json::json_pointer("/ranges/0/step"), 1},
      {json::json_pointer("/study/command"), 7},
      {json::json_pointer("/study/params"), json::array()},
      {json::json_pointer("/study/chunk_size/hour"), -24},
      {json::json_pointer("/study/chunk_size/hour"), "24"},
      {json::json_pointer("/study/inputs/0/path"), "relative/case118.m"},
      {json::json_pointer("/study/inputs/0/sha256"), "abc"},
      {json::json_pointer("/study/inputs/1/name"), "case"},
      {json::json_pointer("/study/output/dir"), "/out/../../etc"},
      {json::json_pointer("/study/output/dir"), "out"},
      {json::json_pointer("/study/output/dir"), "/"},
      {json::json_pointer("/study/output/format"), "xml"},
      {json::json_pointer("/study/output/partition_by"), json::array({"../x"})},
      {json::json_pointer("/study/output/owner"), "root"},
      {json::json_pointer("/study/version"), 2},
      {json::json_pointer("/version"), 2},
      {json::json_pointer("/version"), "1"},
      {json::json_pointer("/kind"), 5},
  };
  for (const auto& [where, value] : edits) {
    auto doc = good;
    doc[where] = value;
    EXPECT_NE(read_error(doc), "") << where.to_string() << " = " << value.dump();
  }
  for (const char* field : {"/run_id", "/index", "/id", "/ranges", "/study", "/study/inputs",
                            "/study/output", "/study/output/dir", "/ranges/0/end"}) {
    auto doc = good;
    const json::json_pointer p(field);
    doc[p.parent_pointer()].erase(p.back());
    EXPECT_NE(read_error(doc).find("is missing"), std::string::npos) << field;
  }
  EXPECT_NE(read_error(json::array()), "");
  EXPECT_NE(read_error("gat.chunk"), "");
}

// Found by gat_fuzz_chunk_spec: a number too large for a double escaped as nlohmann's
// out_of_range (gat: "internal error", exit 70).
TEST(ChunkSpecReader, NumbersTooLargeAreInvalidJson) {
  EXPECT_THROW(parse_json(R"({"kind": "gat.chunk", "index": 9e447})", "spec.json"),
               gat::InputError);
}

TEST(ChunkSpecReader, ErrorsNameTheFileAndTheField) {
  auto doc = to_json(planned_chunk(4));
  doc["study"]["output"]["dir"] = "/out/../..";
  const auto error = read_error(doc);
  EXPECT_NE(error.find("spec.json"), std::string::npos) << error;
  EXPECT_NE(error.find("'study.output.dir'"), std::string::npos) << error;
}

TEST(CheckChunk, RangesMustBeTheBlocksOfTheirIndexInsideTheStudy) {
  const auto good = planned_chunk(4);  // hours [24, 48) x contingencies [500, 1000)
  EXPECT_NO_THROW(check_chunk(good, kAxes));
  auto refused = [&](auto edit) {
    auto c = good;
    edit(c);
    EXPECT_THROW(check_chunk(c, kAxes), gat::UsageError);
  };
  refused([](ChunkSpec& c) { c.ranges[1].end = 1000000000; });  // past the contingency list
  refused([](ChunkSpec& c) { c.ranges[1] = {"contingency", 1000, 1500}; });
  refused([](ChunkSpec& c) { c.ranges[0] = {"hour", 168, 192}; });  // past the profile
  refused([](ChunkSpec& c) { c.ranges[0] = {"hour", 0, 48}; });     // two blocks
  refused([](ChunkSpec& c) { c.ranges[0] = {"hour", 12, 36}; });    // not a block
  refused([](ChunkSpec& c) { c.ranges.pop_back(); });
  refused([](ChunkSpec& c) { c.ranges.push_back({"item", 0, 1}); });
  refused([](ChunkSpec& c) { c.ranges[1].axis = "item"; });
  refused([](ChunkSpec& c) { c.index = 5; });  // another chunk's index
  refused([](ChunkSpec& c) { c.id = "00005"; });
  refused([](ChunkSpec& c) { c.study.params["tolerance"] = 1.0; });  // the study was edited
  refused([](ChunkSpec& c) {  // edited, and the run id recomputed: the blocks are not its own
    c.study.chunk_size["hour"] = 1;
    c.run_id = c.study.run_id();
  });
  refused([](ChunkSpec& c) {
    c.study.output.partition_by = {"bus"};
    c.run_id = c.study.run_id();
  });
  // The last block of an axis is the short one.
  auto last = planned_chunk(20);
  EXPECT_EQ(last.ranges[1], (Range{"contingency", 1000, 1200}));
  EXPECT_NO_THROW(check_chunk(last, kAxes));
  last.ranges[1].end = 1500;
  EXPECT_THROW(check_chunk(last, kAxes), gat::UsageError);
}
