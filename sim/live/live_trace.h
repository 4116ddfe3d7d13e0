// A live server's trace, in the schema of docs/trace.md, so that raftsim's readers and
// the timeline work on a live run too. Each process writes its own file; t_us is real
// time (microseconds since the process started, on the monotonic clock) instead of
// virtual time, and `changes` and `decisions` are this server's only. The first line
// says it is live: {"kind":"run","file":"live node N",...,"live":true}.
#pragma once

#include <string>
#include <vector>

#include "core/node.h"
#include "sim/io/output_file.h"
#include "sim/record/record.h"

namespace sim::live {

struct ServerOptions;

NodeSummary summary_of(const raft::Node& node);

class LiveTrace {
 public:
  std::string open(const std::string& path, const ServerOptions& options, const raft::Node& node);
  // One input and what it did to this server; false once a write has failed.
  bool record(RecordKind kind, raft::Time now, const NodeSummary& before, const raft::Node& node,
              const raft::Message* message, const std::vector<raft::Decision>& decisions, const std::string& reason);
  ~LiveTrace();

 private:
  OutputFile file_;
  std::uint64_t sequence_ = 0;
};

}  // namespace sim::live
