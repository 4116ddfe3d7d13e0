// The branch's records, kept compactly: what goes in comes out, a copy shares the
// past, and the event log's counts need no decoding.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <vector>

#include "gui/model/record_store.h"
#include "sim/cluster/simulator.h"

using gui::RecordStore;

namespace {

// Ten seconds of a five-node cluster electing a leader, taking writes, losing it and
// electing another; and one made-up record whose decisions three nodes made.
std::vector<sim::Record> some_records() {
  sim::ClusterConfig config;
  config.nodes = 5;
  config.seed = 3;
  sim::Simulator simulator(config);
  simulator.set_recording(true);
  simulator.run_until(1 * raft::kSecond);
  for (int write = 0; write < 20; ++write) simulator.write("x=" + std::to_string(write));
  simulator.crash(1);
  simulator.run_until(10 * raft::kSecond);
  std::vector<sim::Record> records = simulator.take_records();
  sim::Record several = records.back();
  several.sequence += 1;
  several.decisions = {{2, {}}, {3, {}}, {2, {}}, {5, {}}};
  records.push_back(several);
  sim::Record said = several;
  said.sequence += 1;
  said.kind = sim::RecordKind::Say;
  said.reason = "A leader is elected.";
  records.push_back(said);
  return records;
}

std::size_t distinct_chunks(const std::vector<const RecordStore*>& stores) {
  std::set<const void*> seen;
  for (const RecordStore* store : stores) store->visit_chunks([&](const void* chunk, std::size_t) { seen.insert(chunk); });
  return seen.size();
}

}  // namespace

TEST_CASE("record store: every record comes back whole, with its head beside it") {
  const std::vector<sim::Record> records = some_records();
  REQUIRE(records.size() > 1000);
  RecordStore store;
  for (const sim::Record& record : records) store.push_back(record);
  REQUIRE(store.size() == records.size());
  for (std::size_t i = 0; i < records.size(); ++i) {
    CAPTURE(i);
    CHECK(store[i] == records[i]);
    CHECK(store.head(i) == sim::head_of(records[i]));
  }
  CHECK(store.back() == records.back());
  std::vector<std::size_t> says;
  for (std::size_t i = 0; i < records.size(); ++i) {
    if (records[i].kind == sim::RecordKind::Say) says.push_back(i);
  }
  CHECK(store.says() == says);
  CHECK(store.count_through(0) == 0);
  CHECK(store.count_through(records[99].sequence) == 100);
  CHECK(store.count_through(records.back().sequence + 5) == records.size());
}

TEST_CASE("record store: the decisions each node made are counted as decoding would count them") {
  const std::vector<sim::Record> records = some_records();
  RecordStore store;
  for (const sim::Record& record : records) store.push_back(record);
  std::size_t several = 0;  // records whose decisions several nodes made
  for (std::size_t i = 0; i < records.size(); ++i) {
    const auto& made = records[i].decisions;
    CHECK(store.decisions_by(i, 0) == made.size());
    for (sim::NodeId node = 1; node <= 5; ++node) {
      const auto by_node = std::count_if(made.begin(), made.end(), [&](const sim::NodeDecision& d) { return d.node == node; });
      CHECK(store.decisions_by(i, node) == static_cast<std::size_t>(by_node));
      if (by_node > 0 && static_cast<std::size_t>(by_node) < made.size()) ++several;
    }
  }
  CHECK(several > 0);
}

TEST_CASE("record store: a copy shares the past, and shrinking it leaves the original whole") {
  const std::vector<sim::Record> records = some_records();
  RecordStore original;
  for (const sim::Record& record : records) original.push_back(record);
  const std::size_t alone = distinct_chunks({&original});
  RecordStore branch = original;
  CHECK(distinct_chunks({&original, &branch}) == alone);  // a copy is pointers, not bytes
  branch.shrink_to(records.size() / 2);
  const sim::Record& later = records[records.size() - 2];  // not the say
  branch.push_back(later);  // a later record on the new branch
  CHECK(branch.size() == records.size() / 2 + 1);
  CHECK(branch[records.size() / 2] == later);
  CHECK(branch[records.size() / 2 - 1] == records[records.size() / 2 - 1]);
  CHECK(original.says().size() == 1);
  CHECK(branch.says().empty());  // the say came after the fork
  // At most the last chunk of each column was cloned, and the record pushed on the branch
  // may open one new chunk of bytes (where it falls depends on the run's records).
  CHECK(distinct_chunks({&original, &branch}) <= alone + 3);
  for (std::size_t i = 0; i < records.size(); ++i) CHECK(original[i] == records[i]);
}

TEST_CASE("record store: the first record of a kind is found without a scan, and forgotten when shrunk past") {
  const std::vector<sim::Record> records = some_records();
  const auto crash = std::find_if(records.begin(), records.end(),
                                  [](const sim::Record& record) { return record.kind == sim::RecordKind::Crash; });
  REQUIRE(crash != records.end());
  const auto crash_index = static_cast<std::size_t>(crash - records.begin());
  RecordStore store;
  for (const sim::Record& record : records) store.push_back(record);
  CHECK(store.first_of(sim::RecordKind::Crash) == crash_index);
  CHECK(store.first_of(sim::RecordKind::Deliver) < crash_index);
  CHECK(store.first_of(sim::RecordKind::Membership) == store.size());  // none
  RecordStore before = store;
  before.shrink_to(crash_index);
  CHECK(before.first_of(sim::RecordKind::Crash) == before.size());
  before.push_back(*crash);
  CHECK(before.first_of(sim::RecordKind::Crash) == crash_index);
  store.shrink_to(crash_index + 1);
  CHECK(store.first_of(sim::RecordKind::Crash) == crash_index);
}
