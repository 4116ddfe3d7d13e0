// The write-ahead log on disk: one file, DIR/wal, in the format of wal_codec.h. It holds
// exactly what Ready asked a server to persist (Raft paper, Figure 2: currentTerm,
// votedFor, log[]), and persist() returns only once the bytes are on stable storage
// (fdatasync), so the host may then send the messages that depend on them.
//
// On open, the file is replayed: a torn tail (a crash during the last write) is cut,
// with a note saying where and why; corruption before the end, or a WAL of another
// cluster or node, refuses to start rather than guess. The file is locked (flock) so
// that two processes never share a directory.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "core/node.h"
#include "sim/live/wal_codec.h"

namespace sim::live {

class Wal;

struct WalOpened {
  std::unique_ptr<Wal> wal;         // null if the directory cannot be used
  raft::PersistentState state;      // what the server persisted before
  std::string note;                 // a torn tail cut, or a new WAL created: one log line
  std::string error;                // why the directory cannot be used
  std::string hint;
};

class Wal {
 public:
  static WalOpened open(const std::string& directory, const WalIdentity& identity);
  ~Wal();
  Wal(const Wal&) = delete;
  Wal& operator=(const Wal&) = delete;

  // Appends the hard state and the log write (either may be absent) as records, then
  // fdatasync. False if a write or the sync failed (a full disk): the caller must stop
  // acknowledging anything, for the file's end is then unknown; error() says why.
  bool persist(const std::optional<raft::HardState>& hard_state, const std::optional<raft::LogWrite>& log_write);
  const std::string& error() const { return error_; }

  std::uint64_t syncs() const { return syncs_; }
  std::uint64_t bytes() const { return bytes_; }
  const std::string& path() const { return path_; }

 private:
  Wal(int fd, std::string path, std::uint64_t bytes) : fd_(fd), path_(std::move(path)), bytes_(bytes) {}
  bool write_all(const std::string& bytes);

  int fd_ = -1;
  std::string path_;
  std::uint64_t bytes_ = 0;
  std::uint64_t syncs_ = 0;
  std::string error_;
};

// The WAL's file in `directory`.
std::string wal_path(const std::string& directory);

}  // namespace sim::live
