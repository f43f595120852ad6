// Run records: JSON round trip, atomic save, lock, id prefixes.
#include "gat/runs/run_store.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "gat/core/error.hpp"
#include "gat/exec/planner.hpp"

using namespace gat;
namespace fs = std::filesystem;

namespace {

exec::StudySpec study() {
  exec::StudySpec s;
  s.command = "batch noop";
  s.gat_version = "0.1.0";
  s.params = {{"items", 4}};
  s.chunk_size = {{"item", 1}};
  s.output.dir = "/tmp/out";
  return s;
}

runs::RunRecord record() {
  const auto s = study();
  return runs::new_run_record(s, {{"noop", "value"}}, exec::plan_chunks(s, {{"item", 4}}));
}

}  // namespace

TEST(RunRecord, NewRecordHasEveryChunkPending) {
  const auto r = record();
  EXPECT_EQ(r.run_id, study().run_id());
  EXPECT_EQ(r.chunks.size(), 4u);
  EXPECT_EQ(r.count(exec::ChunkState::kPending), 4);
  EXPECT_FALSE(r.complete());
}

TEST(RunRecord, AttemptsAndResultsRoundTrip) {
  auto r = record();
  r.mark_started(1);
  exec::ChunkResult result;
  result.index = 1;
  result.state = exec::ChunkState::kFailed;
  result.error = "boom";
  result.exit_code = 9;
  result.stderr_tail = "last line";
  r.apply(result);
  r.mark_started(2);
  const auto back = runs::run_record_from_json(runs::to_json(r), "test");
  EXPECT_EQ(back.chunks[1].state, exec::ChunkState::kFailed);
  EXPECT_EQ(back.chunks[1].attempts, 1);
  EXPECT_EQ(back.chunks[1].error, "boom");
  EXPECT_EQ(back.chunks[1].exit_code, 9);
  EXPECT_EQ(back.chunks[2].state, exec::ChunkState::kRunning);
  EXPECT_EQ(back.chunk_spec(3).ranges, r.chunk_spec(3).ranges);
  EXPECT_EQ(back.chunk_spec(3).run_id, r.run_id);
}

// The columns a chunk reports for its tables are what the record reads them back with: kept
// from the first chunk, through the chunk result's JSON and the record's.
TEST(RunRecord, KeepsTheColumnsTheFirstChunkWrote) {
  auto r = record();
  EXPECT_TRUE(r.tables[0].columns.empty());
  exec::ChunkResult result;
  result.index = 0;
  result.state = exec::ChunkState::kDone;
  result.schemas["noop"] = {{"run_id", "string"}, {"item", "int64"}, {"value", "double"}};
  r.apply(exec::chunk_result_from_json(exec::to_json(result), "child"));
  result.index = 1;
  result.schemas["noop"] = {{"value", "int64"}};
  r.apply(result);
  const auto back = runs::run_record_from_json(runs::to_json(r), "test");
  EXPECT_EQ(
      back.tables[0].columns,
      (std::vector<exec::Column>{{"run_id", "string"}, {"item", "int64"}, {"value", "double"}}));
}

TEST(RunStore, SavesLoadsListsAndResolvesPrefixes) {
  const auto root = fs::temp_directory_path() / ("gat_test_store_" + std::to_string(::getpid()));
  fs::remove_all(root);
  runs::RunStore store(root);
  const auto r = record();
  store.save(r);
  EXPECT_TRUE(store.exists(r.run_id));
  EXPECT_EQ(store.load(r.run_id).chunks.size(), 4u);
  EXPECT_EQ(store.resolve(r.run_id.substr(0, 6)), r.run_id);
  EXPECT_THROW(store.resolve("zzzz"), UsageError);
  EXPECT_EQ(store.list().size(), 1u);
  fs::remove_all(root);
}

TEST(RunLock, SecondHolderIsRefused) {
  const auto dir = fs::temp_directory_path() / ("gat_test_lock_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  {
    runs::RunLock first(dir, "abc");
    // flock locks belong to open file descriptions: a second open in this process conflicts
    // just as another process would.
    EXPECT_THROW(runs::RunLock(dir, "abc"), Error);
  }
  EXPECT_NO_THROW(runs::RunLock(dir, "abc"));
  fs::remove_all(dir);
}
