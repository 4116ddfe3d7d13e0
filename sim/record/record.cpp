#include "sim/record/record.h"

namespace sim {

const char* record_kind_name(RecordKind kind) {
  switch (kind) {
    case RecordKind::Deliver: return "deliver";
    case RecordKind::Drop: return "drop";
    case RecordKind::Timeout: return "timeout";
    case RecordKind::Heartbeat: return "heartbeat";
    case RecordKind::ClientWrite: return "client-write";
    case RecordKind::ClientRetry: return "client-retry";
    case RecordKind::Crash: return "crash";
    case RecordKind::Restart: return "restart";
    case RecordKind::Network: return "network";
    case RecordKind::Campaign: return "campaign";
    case RecordKind::Timers: return "timers";
    case RecordKind::DropMessage: return "drop-message";
    case RecordKind::Say: return "say";
    case RecordKind::Transfer: return "transfer";
    case RecordKind::Snapshot: return "snapshot";
    case RecordKind::Membership: return "membership";
  }
  return "?";
}

}  // namespace sim
