#include "sim/live/wal.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "sim/io/safe_text.h"

namespace sim::live {
namespace {

std::string system_error(const std::string& what) { return what + ": " + std::strerror(errno); }

// The directory's entry for a new file is durable only once the directory is synced.
bool sync_directory(const std::string& directory) {
  const int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return false;
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  return synced;
}

bool read_whole(int fd, std::string& out) {
  char buffer[1 << 16];
  for (;;) {
    const ssize_t got = ::read(fd, buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return false;
    if (got == 0) return true;
    out.append(buffer, static_cast<std::size_t>(got));
  }
}

std::string members_text(const std::vector<raft::NodeId>& members) {
  std::string text;
  for (raft::NodeId member : members) text += (text.empty() ? "" : ",") + std::to_string(member);
  return text;
}

// Why a WAL written by `found` is not ours (empty if it is).
std::string identity_mismatch(const WalIdentity& found, const WalIdentity& expected) {
  if (found.cluster != expected.cluster)
    return "it belongs to cluster '" + echo(found.cluster) + "', not '" + echo(expected.cluster) + "'";
  if (found.node != expected.node)
    return "it belongs to node " + std::to_string(found.node) + ", not node " + std::to_string(expected.node);
  if (found.members != expected.members)
    return "it was written for members " + members_text(found.members) + ", not " + members_text(expected.members);
  return "";
}

WalOpened refuse(int fd, std::string error, std::string hint) {
  if (fd >= 0) ::close(fd);
  WalOpened opened;
  opened.error = std::move(error);
  opened.hint = std::move(hint);
  return opened;
}

}  // namespace

std::string wal_path(const std::string& directory) { return directory + "/wal"; }

WalOpened Wal::open(const std::string& directory, const WalIdentity& identity) {
  // Its parents too, as `mkdir -p` would: `--data /tmp/raft/n1` works on a fresh machine.
  std::error_code created;
  std::filesystem::create_directories(directory, created);
  if (created)
    return refuse(-1, "cannot create data directory '" + echo(directory, 200) + "': " + created.message(),
                  "check the path and its permissions");
  const std::string path = wal_path(directory);
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NONBLOCK, 0666);
  if (fd < 0) return refuse(-1, system_error("cannot open '" + echo(path, 200) + "'"), "is --data a directory you may write?");
  struct stat file {};
  if (::fstat(fd, &file) != 0 || !S_ISREG(file.st_mode))
    return refuse(fd, "'" + echo(path, 200) + "' is not a regular file", "the WAL is a plain file the node writes itself");
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0)
    return refuse(fd, "'" + echo(path, 200) + "' is locked by another process", "is another node running on this directory?");
  std::string bytes;
  if (!read_whole(fd, bytes)) return refuse(fd, system_error("cannot read '" + echo(path, 200) + "'"), "");
  WalScan scan = scan_wal(bytes);
  if (scan.end == WalEnd::Corrupt)
    return refuse(fd, "'" + echo(path, 200) + "' is corrupt at byte " + std::to_string(scan.valid_bytes) + ": " + scan.problem,
                  "refusing to guess: restore the directory from a replica, or remove it to rejoin empty "
                  "(only safe if a majority keeps every committed entry)");
  WalOpened opened;
  if (scan.identity) {
    const std::string mismatch = identity_mismatch(*scan.identity, identity);
    if (!mismatch.empty())
      return refuse(fd, "the data directory '" + echo(directory, 200) + "' is not this node's: " + mismatch,
                    "give each node its own --data directory, with the same --id, --peers and --cluster as before");
  }
  std::string fresh;
  if (!scan.identity) {  // a new file, or one whose creation a crash cut short
    scan.valid_bytes = 0;
    fresh = std::string(kWalMagic);
    append_identity_record(fresh, identity);
    opened.note = "wal: created " + path;
  } else if (scan.end == WalEnd::TornTail) {
    opened.note = "wal: cut a torn tail of " + std::to_string(bytes.size() - scan.valid_bytes) + " bytes at byte " +
                  std::to_string(scan.valid_bytes) + " (" + scan.problem + "); recovered " +
                  std::to_string(scan.records) + " records, " + std::to_string(scan.state.log.size()) + " log entries";
  }
  if (scan.valid_bytes != bytes.size() && ::ftruncate(fd, static_cast<off_t>(scan.valid_bytes)) != 0)
    return refuse(fd, system_error("cannot cut the torn tail of '" + echo(path, 200) + "'"), "");
  if (::lseek(fd, static_cast<off_t>(scan.valid_bytes), SEEK_SET) < 0) return refuse(fd, system_error("cannot seek"), "");
  std::unique_ptr<Wal> wal(new Wal(fd, path, scan.valid_bytes));
  if ((!fresh.empty() && !wal->write_all(fresh)) || ::fdatasync(fd) != 0 || !sync_directory(directory))
    return refuse(-1, system_error("cannot write '" + echo(path, 200) + "'"), "is the disk full or read-only?");
  opened.wal = std::move(wal);
  opened.state = std::move(scan.state);
  return opened;
}

Wal::~Wal() {
  if (fd_ >= 0) ::close(fd_);
}

bool Wal::write_all(const std::string& bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t wrote = ::write(fd_, bytes.data() + done, bytes.size() - done);
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote <= 0) {
      error_ = system_error("cannot write '" + echo(path_, 200) + "'");
      return false;
    }
    done += static_cast<std::size_t>(wrote);
  }
  bytes_ += bytes.size();
  return true;
}

bool Wal::persist(const std::optional<raft::HardState>& hard_state, const std::optional<raft::LogWrite>& log_write) {
  if (!error_.empty()) return false;  // after a failed write the file's end is unknown
  if (!hard_state && !log_write) return true;
  std::string records;
  if (hard_state) append_hard_state_record(records, *hard_state);
  if (log_write) append_log_write_record(records, *log_write);
  if (!write_all(records)) return false;
  if (::fdatasync(fd_) != 0) {
    error_ = system_error("cannot sync '" + echo(path_, 200) + "'");
    return false;
  }
  ++syncs_;
  return true;
}

}  // namespace sim::live
