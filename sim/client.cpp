#include "sim/client.h"

namespace sim {

const char* outcome_name(Outcome outcome) {
  switch (outcome) {
    case Outcome::Pending: return "pending";
    case Outcome::Acknowledged: return "acknowledged";
    case Outcome::Failed: return "failed";
    case Outcome::Unknown: return "unknown";
  }
  return "?";
}

}  // namespace sim
