// `raftsim live-check`: Jepsen's idea on one machine (docs/live.md, "live-check"). It
// starts a local cluster, drives concurrent clients that write unique keys over HTTP for
// a given time while it kills (SIGKILL), pauses (SIGSTOP/SIGCONT) and restarts servers,
// then heals everything and checks that every acknowledged write is on every server.
// (Until the linearizability checker lands, that is the check; the history it records
// is the checker's input.) Loopback only; bounded in time and count.
#pragma once

#include <cstdint>
#include <string>

#include "sim/live/local_cluster.h"

namespace sim::live {

struct LiveCheckOptions {
  LocalClusterOptions cluster;   // data empty: a temporary directory, removed on success
  double seconds = 30;           // of workload and faults
  int clients = 4;
  int keys = 3;                  // the shared keys k1..kN the clients read and write
  std::uint64_t seed = 1;        // the fault schedule and the clients' choice of node
  bool faults = true;
  std::string history;           // a JSON Lines file of every operation, or none
};

int run_live_check(LiveCheckOptions options);

}  // namespace sim::live
