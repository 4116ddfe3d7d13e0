#include "sim/lincheck/synthetic.h"

#include <algorithm>
#include <map>
#include <numeric>

#include "core/random.h"

namespace sim::lincheck {

History synthetic_history(const SyntheticShape& shape) {
  raft::Prng random(shape.seed);
  History history;
  std::vector<Time> client_free(std::max<std::uint32_t>(shape.clients, 1), 0);
  std::vector<Time> points;
  std::vector<bool> takes_effect;
  for (std::size_t i = 0; i < shape.operations; ++i) {
    const std::size_t client = random.below(client_free.size());
    Operation operation;
    operation.id = i + 1;
    operation.client = client + 1;
    operation.key = "k" + std::to_string(random.below(std::max<std::uint32_t>(shape.keys, 1)));
    operation.kind = random.below(100) < shape.reads_percent ? OperationKind::Read : OperationKind::Write;
    // Clients start their next operation a little after their last one's answer.
    operation.invoked = client_free[client] + random.between(0, shape.longest / 4);
    operation.returned = operation.invoked + random.between(1, shape.longest);
    client_free[client] = operation.returned;
    points.push_back(random.between(operation.invoked, operation.returned));
    bool effect = true;
    if (operation.kind == OperationKind::Write) {
      operation.value = std::to_string(i + 1);
      if (random.below(100) < shape.unknown_percent) {
        operation.returned = kNever;  // the client's next operation may still begin later
        effect = random.below(2) == 0;
      }
    }
    takes_effect.push_back(effect);
    history.operations.push_back(std::move(operation));
  }
  // Replay in the order of the points: each read returns what its key then holds.
  std::vector<std::size_t> order(history.operations.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&points](std::size_t a, std::size_t b) { return points[a] < points[b]; });
  std::map<std::string, std::string> state;
  for (const std::size_t index : order) {
    Operation& operation = history.operations[index];
    if (operation.kind == OperationKind::Write) {
      if (takes_effect[index]) state[operation.key] = *operation.value;
    } else if (const auto found = state.find(operation.key); found != state.end()) {
      operation.value = found->second;
    }
  }
  return history;
}

}  // namespace sim::lincheck
