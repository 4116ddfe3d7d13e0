// `raftsim live-check`: Jepsen's idea on one machine (docs/live.md, "live-check"). It
// starts a local cluster with a proxy in front of every link (link_proxy.h), drives
// concurrent clients that read and write a few shared keys over HTTP for a given time
// (live_workload.h) while it kills, pauses, restarts and cuts off servers
// (live_faults.h), then heals everything and checks that the history is linearizable
// (sim/lincheck) and that every acknowledged write is on every server. Loopback only;
// bounded in time and count.
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
  std::string history;           // the history as JSON Lines (docs/trace.md), or none
};

int run_live_check(LiveCheckOptions options);

}  // namespace sim::live
