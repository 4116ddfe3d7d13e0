// The live state machine's commands: a read through the log is the simulator's entry
// "read KEY" (sim::log_read_key), so a live log and trace read as the simulator's do; a
// log written before, with reads as "?KEY", still replays from the WAL and changes nothing.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>

#include "sim/cluster/envelope.h"
#include "sim/live/kv_store.h"
#include "sim/live/wal.h"

namespace {

using namespace sim::live;

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "raftsim-kv-XXXXXX").string();
    path = ::mkdtemp(pattern.data());
  }
  ~TempDir() { std::filesystem::remove_all(path); }
};

}  // namespace

TEST_CASE("a live read through the log is the simulator's read entry") {
  CHECK(read_command("k1") == "read k1");
  CHECK(sim::log_read_key(read_command("k1")) == std::optional<std::string>("k1"));
  CHECK(read_key(read_command("c2-41")) == std::optional<std::string>("c2-41"));
  CHECK(!read_key(put_command("k1", "read k2")));  // a write always holds '='
  CHECK(!sim::log_read_key(put_command("read", "x")));
}

TEST_CASE("a read changes nothing, in either encoding; a write does") {
  KvStore kv;
  kv.apply(put_command("k", "v"));
  kv.apply(read_command("k"));
  kv.apply("?k");  // an older log's read
  kv.apply("");    // a new leader's no-op
  CHECK(kv.size() == 1);
  CHECK(kv.get("k") == std::optional<std::string>("v"));
  CHECK(read_key("?k") == std::optional<std::string>("k"));
}

TEST_CASE("a WAL written before reads were 'read KEY' replays: its '?KEY' entries are reads") {
  TempDir dir;
  const WalIdentity identity{"test", 1, {1, 2, 3}};
  {
    WalOpened opened = Wal::open(dir.path.string(), identity);
    REQUIRE(opened.wal);
    REQUIRE(opened.wal->persist(raft::HardState{2, 1}, raft::LogWrite{0, {{1, ""}, {1, "x=1"}, {1, "?x"}, {2, "x=2"}}}));
  }
  WalOpened reopened = Wal::open(dir.path.string(), identity);
  REQUIRE(reopened.wal);
  CHECK(reopened.note.empty());
  KvStore kv;
  for (const raft::LogEntry& entry : reopened.state.log) kv.apply(entry.command);
  CHECK(kv.size() == 1);
  CHECK(kv.get("x") == std::optional<std::string>("2"));
  CHECK(read_key(reopened.state.log[2].command) == std::optional<std::string>("x"));
}
