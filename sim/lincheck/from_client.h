// The simulator's client history (sim/client/client.h) as the checker reads it, in memory: the
// same operations `raftsim run --history` writes, with the same rules (failed ones left
// out, unknown and pending ones open to the end).
#pragma once

#include "sim/client/client.h"
#include "sim/lincheck/history.h"

namespace sim::lincheck {

History history_of(const ClientHistory& operations);

}  // namespace sim::lincheck
