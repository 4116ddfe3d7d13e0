// live-check's faults (docs/live.md, "live-check"), one at a time and each healed before
// the next: SIGKILL the leader (timing the election) or another node, and restart it;
// SIGSTOP a node, then SIGCONT; cut every link to and from one node, or from and to the
// leader (link_proxy.h), then heal them. One node at most is down or cut off at a time,
// so a majority can always serve. The schedule's choices come from the seeded PRNG.
#pragma once

#include <chrono>
#include <optional>
#include <vector>

#include "core/random.h"
#include "sim/live/link_proxy.h"
#include "sim/live/local_cluster.h"

namespace sim::live {

struct FaultFigures {
  std::vector<double> elections_ms;  // from a leader's SIGKILL to a new leader seen
  int kills = 0, pauses = 0, restarts = 0, partitions = 0, links_cut = 0;
};

void one_fault(LocalCluster& cluster, LinkProxy& proxy, raft::Prng& random, FaultFigures& figures);

// The node every running node names as leader, if they agree (0 if not).
int agreed_leader(LocalCluster& cluster);
// Waits (up to `limit`) for the running nodes to agree on a leader other than `old`:
// how long it took, or nothing.
std::optional<double> wait_for_new_leader(LocalCluster& cluster, int old, std::chrono::seconds limit);

}  // namespace sim::live
