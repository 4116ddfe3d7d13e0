// A live client's session (dissertation 6.3; the simulator's sim/client/sessions.h): a write may
// carry the headers
//   X-Raftsim-Client: C             the client's id, 1 to 4294967295, chosen by the client
//   X-Raftsim-Sequence: S           its writes numbered 1, 2, 3, ...; a retry keeps its number
//   X-Raftsim-First-Unanswered: F   the lowest number it still awaits (default S)
// so that a write retried after an unknown answer (504, a lost connection) is applied
// once: the servers' session table remembers what each client's writes did.
#pragma once

#include <string>

#include "core/types.h"

namespace sim::live {

inline constexpr const char* kClientHeader = "X-Raftsim-Client";
inline constexpr const char* kSequenceHeader = "X-Raftsim-Sequence";
inline constexpr const char* kFirstUnansweredHeader = "X-Raftsim-First-Unanswered";

// Reads the headers' values ("" when absent) into `stamp` (client 0: no session, when
// all are absent); the error for a 400 if they are malformed, else "".
std::string parse_session(const std::string& client, const std::string& sequence, const std::string& first_unanswered,
                          raft::ClientStamp& stamp);

}  // namespace sim::live
