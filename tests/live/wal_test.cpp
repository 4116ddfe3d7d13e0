// The write-ahead log: a restart recovers exactly what was persisted; a crash in the
// middle of a write (a WAL cut mid-record) recovers up to the last whole record, with a
// note; a corrupt middle, or another node's or cluster's WAL, refuses to start.
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/live/crc32c.h"
#include "sim/live/wal.h"
#include "sim/live/wal_codec.h"

namespace {

using namespace sim::live;
namespace fs = std::filesystem;

struct TempDir {
  fs::path path;
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "raftsim-wal-XXXXXX").string();
    path = ::mkdtemp(pattern.data());
  }
  ~TempDir() { fs::remove_all(path); }
  std::string data() const { return (path / "data").string(); }
};

const WalIdentity kIdentity{"test", 2, {1, 2, 3}};

raft::LogWrite append(raft::Index keep_through, std::vector<raft::LogEntry> entries) {
  return raft::LogWrite{keep_through, std::move(entries)};
}

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

// Persists term 3 (voted for 1), entries a, b, c, then replaces c by d (a conflict).
void persist_history(const std::string& directory) {
  WalOpened opened = Wal::open(directory, kIdentity);
  REQUIRE(opened.wal);
  REQUIRE(opened.wal->persist(raft::HardState{3, 1}, append(0, {{1, "a=1"}, {2, "b=2"}, {3, "c=3"}})));
  REQUIRE(opened.wal->persist(std::nullopt, append(2, {{3, "d=4"}})));
}

}  // namespace

TEST_CASE("crc32c gives the standard check value") { CHECK(crc32c("123456789") == 0xE3069283u); }

TEST_CASE("a restarted server recovers exactly what it persisted") {
  TempDir dir;
  persist_history(dir.data());
  WalOpened reopened = Wal::open(dir.data(), kIdentity);
  REQUIRE(reopened.wal);
  CHECK(reopened.note.empty());
  CHECK(reopened.state.hard_state == raft::HardState{3, 1});
  CHECK(reopened.state.log == std::vector<raft::LogEntry>{{1, "a=1"}, {2, "b=2"}, {3, "d=4"}});
}

TEST_CASE("a WAL cut mid-record recovers up to the last whole record, and says so") {
  TempDir dir;
  persist_history(dir.data());
  const std::string whole = file_bytes(wal_path(dir.data()));
  // Every cut inside the last record (the log write of d=4) recovers a, b, c.
  const std::size_t last_record = whole.size() - (kWalRecordHeaderBytes + 8 + 4 + 8 + 4 + 3);
  for (std::size_t cut = last_record + 1; cut < whole.size(); ++cut) {
    CAPTURE(cut);
    write_bytes(wal_path(dir.data()), whole.substr(0, cut));
    WalOpened reopened = Wal::open(dir.data(), kIdentity);
    REQUIRE(reopened.wal);
    CHECK(reopened.note.find("cut a torn tail of " + std::to_string(cut - last_record) + " bytes") != std::string::npos);
    CHECK(reopened.state.log == std::vector<raft::LogEntry>{{1, "a=1"}, {2, "b=2"}, {3, "c=3"}});
    reopened.wal.reset();
    CHECK(file_bytes(wal_path(dir.data())) == whole.substr(0, last_record));  // the tail is gone from disk too
  }
}

TEST_CASE("a last record failing its checksum, or zeros after it, are a torn tail") {
  TempDir dir;
  persist_history(dir.data());
  const std::string whole = file_bytes(wal_path(dir.data()));
  std::string flipped = whole;
  flipped.back() ^= 0x01;
  write_bytes(wal_path(dir.data()), flipped);
  WalOpened reopened = Wal::open(dir.data(), kIdentity);
  REQUIRE(reopened.wal);
  CHECK(reopened.note.find("the last record fails its checksum") != std::string::npos);
  CHECK(reopened.state.log.back() == raft::LogEntry{3, "c=3"});
  reopened.wal.reset();

  write_bytes(wal_path(dir.data()), whole + std::string(4096, '\0'));
  reopened = Wal::open(dir.data(), kIdentity);
  REQUIRE(reopened.wal);
  CHECK(reopened.note.find("zeros after the last record") != std::string::npos);
  CHECK(reopened.state.log.back() == raft::LogEntry{3, "d=4"});
}

TEST_CASE("a corrupt record in the middle refuses to start") {
  TempDir dir;
  persist_history(dir.data());
  std::string bytes = file_bytes(wal_path(dir.data()));
  const std::size_t identity_bytes = kWalRecordHeaderBytes + 4 + 4 + 4 + 4 + 3 * 4;
  bytes[kWalMagic.size() + identity_bytes + kWalRecordHeaderBytes + 2] ^= 0x40;  // inside the second record
  write_bytes(wal_path(dir.data()), bytes);
  WalOpened reopened = Wal::open(dir.data(), kIdentity);
  CHECK_FALSE(reopened.wal);
  CHECK(reopened.error.find("corrupt at byte") != std::string::npos);
  CHECK(reopened.error.find("fails its checksum and more bytes follow") != std::string::npos);
  CHECK(file_bytes(wal_path(dir.data())) == bytes);  // nothing was cut
}

TEST_CASE("a flipped bit in a record's length is corruption, not a torn tail") {
  TempDir dir;
  persist_history(dir.data());
  std::string bytes = file_bytes(wal_path(dir.data()));
  bytes[kWalMagic.size() + 2] ^= 0x10;  // the identity record's length
  write_bytes(wal_path(dir.data()), bytes);
  WalOpened reopened = Wal::open(dir.data(), kIdentity);
  CHECK_FALSE(reopened.wal);
  CHECK(reopened.error.find("length fails its checksum") != std::string::npos);
}

TEST_CASE("another node's or another cluster's directory refuses to start") {
  TempDir dir;
  persist_history(dir.data());
  WalOpened other_node = Wal::open(dir.data(), WalIdentity{"test", 3, {1, 2, 3}});
  CHECK_FALSE(other_node.wal);
  CHECK(other_node.error.find("belongs to node 2, not node 3") != std::string::npos);
  WalOpened other_cluster = Wal::open(dir.data(), WalIdentity{"prod", 2, {1, 2, 3}});
  CHECK_FALSE(other_cluster.wal);
  CHECK(other_cluster.error.find("belongs to cluster 'test', not 'prod'") != std::string::npos);
  WalOpened other_members = Wal::open(dir.data(), WalIdentity{"test", 2, {1, 2, 3, 4}});
  CHECK_FALSE(other_members.wal);
}

TEST_CASE("a directory in use by another process is refused") {
  TempDir dir;
  WalOpened first = Wal::open(dir.data(), kIdentity);
  REQUIRE(first.wal);
  WalOpened second = Wal::open(dir.data(), kIdentity);
  CHECK_FALSE(second.wal);
  CHECK(second.error.find("locked by another process") != std::string::npos);
}

TEST_CASE("a file that is not a WAL refuses to start") {
  TempDir dir;
  fs::create_directories(dir.data());
  write_bytes(wal_path(dir.data()), "hello, this is not a write-ahead log");
  WalOpened opened = Wal::open(dir.data(), kIdentity);
  CHECK_FALSE(opened.wal);
  CHECK(opened.error.find("does not start with RAFTWAL1") != std::string::npos);
}

TEST_CASE("a file whose creation a crash cut short starts afresh") {
  TempDir dir;
  fs::create_directories(dir.data());
  write_bytes(wal_path(dir.data()), "RAFT");
  WalOpened opened = Wal::open(dir.data(), kIdentity);
  REQUIRE(opened.wal);
  CHECK(opened.state.log.empty());
}

TEST_CASE("a WAL that is not a regular file (a pipe) is refused at once") {
  TempDir dir;
  fs::create_directories(dir.data());
  REQUIRE(::mkfifo(wal_path(dir.data()).c_str(), 0600) == 0);
  WalOpened opened = Wal::open(dir.data(), kIdentity);
  CHECK_FALSE(opened.wal);
  CHECK(opened.error.find("is not a regular file") != std::string::npos);
}

TEST_CASE("entries with client session stamps survive a restart; a log without them is written as before") {
  TempDir dir;
  {
    WalOpened opened = Wal::open(dir.data(), kIdentity);
    REQUIRE(opened.wal);
    REQUIRE(opened.wal->persist(raft::HardState{1, 2}, append(0, {{1, "a=1"}})));
    REQUIRE(opened.wal->persist(std::nullopt, append(1, {{1, "b=2", {7, 3, 2, 1765000000000000}}, {1, "read b"}})));
  }
  WalOpened reopened = Wal::open(dir.data(), kIdentity);
  REQUIRE(reopened.wal);
  CHECK(reopened.state.log == std::vector<raft::LogEntry>{{1, "a=1"}, {1, "b=2", {7, 3, 2, 1765000000000000}}, {1, "read b"}});
  // The unstamped write is a type 3 record, as versions before sessions wrote and read.
  const std::string bytes = file_bytes((dir.path / "data" / "wal").string());
  std::string record;
  append_log_write_record(record, append(0, {{1, "a=1"}}));
  CHECK(bytes.find(record) != std::string::npos);
  CHECK(static_cast<int>(record[12]) == 3);
}

TEST_CASE("a data directory is created with its parents, and a path that cannot be one is refused") {
  TempDir dir;
  const std::string nested = (dir.path / "raft" / "n1").string();
  persist_history(nested);
  WalOpened reopened = Wal::open(nested, kIdentity);
  REQUIRE(reopened.wal);
  CHECK(reopened.state.log.size() == 3);
  write_bytes((dir.path / "file").string(), "not a directory");
  WalOpened refused = Wal::open((dir.path / "file" / "n1").string(), kIdentity);
  CHECK_FALSE(refused.wal);
  CHECK(refused.error.find("cannot create data directory") != std::string::npos);
}
