#include "sim/lincheck/from_client.h"

namespace sim::lincheck {

History history_of(const ClientHistory& operations) {
  History history;
  for (const ClientOperation& client_operation : operations) {
    if (client_operation.outcome == sim::Outcome::Failed) {
      ++history.failed_left_out;
      continue;
    }
    if (client_operation.read) {
      if (client_operation.outcome != sim::Outcome::Acknowledged) {
        ++history.unanswered_reads_left_out;  // it observed nothing
        continue;
      }
      Operation read;
      read.id = client_operation.id;
      read.kind = OperationKind::Read;
      read.key = client_operation.command;
      if (client_operation.found) read.value = client_operation.value;
      read.invoked = client_operation.invoked_at;
      read.returned = client_operation.completed_at;
      history.operations.push_back(std::move(read));
      continue;
    }
    Operation operation;
    operation.id = client_operation.id;
    operation.client = client_operation.client;
    operation.kind = OperationKind::Write;
    // The state machine's reading of a command (sim/cluster/simulator_client.cpp): key=value.
    const std::size_t equals = client_operation.command.find('=');
    operation.key = client_operation.command.substr(0, equals);
    operation.value = equals == std::string::npos ? "" : client_operation.command.substr(equals + 1);
    operation.invoked = client_operation.invoked_at;
    if (client_operation.outcome == sim::Outcome::Acknowledged) operation.returned = client_operation.completed_at;
    history.operations.push_back(std::move(operation));
  }
  return history;
}

}  // namespace sim::lincheck
