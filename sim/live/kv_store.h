// The state machine the live cluster replicates: a map from keys to values. Log entries
// carry its commands as text, readable in a trace:
//   "KEY=VALUE"   put (the original system's /req?age=V writes "age=V")
//   "read KEY"    a read that goes through the log (it changes nothing; its place in
//                 the log is the moment the read happens, so it is linearizable): the
//                 simulator's encoding (sim::log_read_key), so a live trace reads alike
//   ""            a new leader's no-op (raft::is_noop; dissertation 6.4); it changes nothing
// Keys are 1 to 128 of [A-Za-z0-9._-], so neither '=', ' ' nor '?' can appear in one and
// a write always holds '='. Logs written before the encodings agreed hold reads as
// "?KEY": the WAL keeps commands as they were proposed, so such entries still replay,
// and they are applied as what they were, reads that change nothing.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace sim::live {

inline constexpr std::size_t kMaxKeyBytes = 128;
inline constexpr std::size_t kMaxValueBytes = 64 * 1024;

bool valid_key(std::string_view key);
std::string put_command(std::string_view key, std::string_view value);
std::string read_command(std::string_view key);
// The key a read command names ("read KEY", or an older log's "?KEY"), else nullopt.
std::optional<std::string> read_key(const std::string& command);

class KvStore {
 public:
  // Applies one committed command; an unknown one changes nothing.
  void apply(const std::string& command);
  std::optional<std::string> get(const std::string& key) const;
  std::size_t size() const { return values_.size(); }

 private:
  std::map<std::string, std::string> values_;
};

}  // namespace sim::live
