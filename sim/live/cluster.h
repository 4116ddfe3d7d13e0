// `raftsim cluster --nodes 3 --data DIR`: a local cluster for a class (docs/live.md).
// It prints how to reach every node, reports a node that dies (kill -9 from another
// terminal), takes `kill N`, `pause N`, `resume N`, `restart N` and `status` on its
// standard input, and stops every node cleanly on Ctrl-C, SIGTERM or `quit` (the end of its input does
// not stop it, so it may run in the background).
#pragma once

#include "sim/live/local_cluster.h"

namespace sim::live {

int run_cluster(const LocalClusterOptions& options);

}  // namespace sim::live
