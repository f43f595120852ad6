// The local executor; fault switch; atomic files. (The process executor is exercised
// end to end by tests/integration/, since it runs the gat binary.)
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <set>

#include "gat/core/error.hpp"
#include "gat/exec/atomic_file.hpp"
#include "gat/exec/executor.hpp"
#include "gat/exec/planner.hpp"

using namespace gat::exec;
namespace fs = std::filesystem;

namespace {

std::vector<ChunkSpec> plan(std::int64_t n) {
  StudySpec s;
  s.command = "test";
  s.chunk_size = {{"item", 1}};
  return plan_chunks(s, {{"item", n}});
}

ExecutorOptions options(std::string name, int workers = 0) {
  ExecutorOptions o;
  o.name = std::move(name);
  o.workers = workers;
  return o;
}

ChunkResult ok(const ChunkSpec& c) {
  ChunkResult r;
  r.chunk_id = c.id;
  r.index = c.index;
  r.state = ChunkState::kDone;
  r.rows = c.ranges[0].begin;
  return r;
}

}  // namespace

TEST(LocalExecutor, RunsEveryChunkOnceAndReportsEach) {
  const auto chunks = plan(200);
  std::atomic<int> calls{0};
  auto executor = make_executor(options("local", 4), [&](const ChunkSpec& c) {
    ++calls;
    return ok(c);
  });
  EXPECT_EQ(executor->workers(), 4);
  std::set<std::int64_t> started, finished;
  executor->run(chunks, {[&](const ChunkSpec& c) { started.insert(c.index); },
                         [&](ChunkResult r) {
                           EXPECT_TRUE(r.ok());
                           EXPECT_EQ(r.rows, r.index);
                           finished.insert(r.index);
                         },
                         nullptr});
  EXPECT_EQ(calls.load(), 200);
  EXPECT_EQ(started.size(), 200u);
  EXPECT_EQ(finished.size(), 200u);
}

TEST(LocalExecutor, AnExceptionFailsItsChunkOnly) {
  const auto chunks = plan(10);
  auto executor = make_executor(options("local", 2), [&](const ChunkSpec& c) {
    if (c.index == 3) throw gat::Error("bad hour");
    return ok(c);
  });
  int failed = 0, done = 0;
  executor->run(chunks, {nullptr,
                         [&](ChunkResult r) {
                           if (r.ok()) return void(++done);
                           ++failed;
                           EXPECT_EQ(r.index, 3);
                           EXPECT_EQ(r.error, "bad hour");
                         },
                         nullptr});
  EXPECT_EQ(done, 9);
  EXPECT_EQ(failed, 1);
}

TEST(LocalExecutor, StopsStartingChunksOnceCancelled) {
  const auto chunks = plan(50);
  auto executor = make_executor(options("local", 1), ok);
  int finished = 0;
  executor->run(chunks, {nullptr, [&](ChunkResult) { ++finished; }, [&] { return finished >= 5; }});
  EXPECT_EQ(finished, 5);
}

// The worker is data: any program that reads a chunk spec and prints a chunk result will do
// (here a shell script echoing the chunk's id and index), and a worker that cannot start
// fails its chunks with the reason.
TEST(ProcessExecutor, RunsTheWorkerCommandItIsGiven) {
  const auto dir = fs::temp_directory_path() / ("gat_test_worker_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  auto o = options("process", 2);
  o.spec_dir = dir;
  o.launch = "spawn";
  o.chunk_command = {"/bin/sh", "-c",
                     R"sh(field() { sed -n "s/^  \"$1\": \"*\([0-9]*\)\"*,*$/\1/p" "$2"; }
printf '{"kind":"gat.chunk_result","version":1,"run_id":"r","chunk":"%s","index":%s,"status":"done","rows":%s}' \
  "$(field id "$1")" "$(field index "$1")" "$(field index "$1")")sh",
                     "worker", "{chunk_spec}"};
  const auto chunks = plan(5);
  std::set<std::int64_t> rows;
  make_executor(o, nullptr)
      ->run(chunks, {nullptr,
                     [&](ChunkResult r) {
                       EXPECT_TRUE(r.ok()) << r.error << r.stderr_tail;
                       EXPECT_EQ(r.chunk_id, chunks[static_cast<std::size_t>(r.index)].id);
                       rows.insert(r.rows);
                     },
                     nullptr});
  EXPECT_EQ(rows, (std::set<std::int64_t>{0, 1, 2, 3, 4}));

  o.chunk_command = {(dir / "no-such-worker").string(), "{chunk_spec}"};
  int failed = 0;
  make_executor(o, nullptr)
      ->run(chunks, {nullptr,
                     [&](ChunkResult r) {
                       EXPECT_NE(r.error.find("no-such-worker"), std::string::npos) << r.error;
                       failed += !r.ok();
                     },
                     nullptr});
  EXPECT_EQ(failed, 5);
  EXPECT_EQ(fill_command({"a{x}b", "{x}", "y"}, "{x}", "Z"),
            (std::vector<std::string>{"aZb", "Z", "y"}));
  fs::remove_all(dir);
}

TEST(Executors, UnknownNameListsTheKnownOnes) {
  try {
    make_executor(options("slurm"), ok);
    FAIL();
  } catch (const gat::UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("local, process"), std::string::npos);
  }
}

TEST(AtomicFile, ReplacesWholeAndLeavesNoTemporaryFiles) {
  const auto dir = fs::temp_directory_path() / ("gat_test_atomic_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  atomic_write_file(dir / "a.json", "first");
  atomic_write_file(dir / "a.json", "second");
  std::ifstream in(dir / "a.json");
  std::string text;
  in >> text;
  EXPECT_EQ(text, "second");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator{}), 1);
  EXPECT_THROW(atomic_write_file(dir / "missing" / "a.json", "x"), gat::Error);
  EXPECT_TRUE(is_temporary_name(".part-00001.parquet.tmp-123-4"));
  EXPECT_FALSE(is_temporary_name("part-00001.parquet"));
  fs::remove_all(dir);
}
