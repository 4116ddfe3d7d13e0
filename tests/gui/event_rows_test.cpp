// The event log's rows, kept from frame to frame, are exactly the rows built afresh:
// while the run goes on, after a step back, and when a filter changes.
#include <doctest/doctest.h>

#include <algorithm>
#include <vector>

#include "gui/model/event_rows.h"
#include "gui/model/session.h"

using gui::EventFilter;
using gui::EventRow;
using gui::EventRows;

namespace {

bool same(const std::vector<EventRow>& a, const std::vector<EventRow>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].record != b[i].record || a[i].decision != b[i].decision) return false;
  }
  return true;
}

std::vector<EventRow> afresh(const gui::RecordStore& records, std::size_t visible, const EventFilter& filter) {
  EventRows rows;
  rows.update(records, visible, 1, 0, filter);
  return rows.rows();
}

EventFilter all_kinds() {
  EventFilter filter;
  filter.kinds.fill(true);
  return filter;
}

}  // namespace

TEST_CASE("event rows: extended and cut back frame by frame, they equal the rows built afresh") {
  gui::Session session(gui::new_cluster_origin(5, 11));
  session.play_to(3 * raft::kSecond);
  const gui::RecordStore& records = session.history().branch().records;
  REQUIRE(records.size() > 500);
  EventFilter by_node = all_kinds();
  by_node.node = 2;
  EventFilter searching = all_kinds();
  searching.text = "vote";
  for (const EventFilter& filter : {all_kinds(), by_node, searching}) {
    EventRows kept;
    for (const std::size_t visible : {std::size_t{10}, std::size_t{300}, records.size(), std::size_t{123}, records.size()}) {
      CAPTURE(visible);
      kept.update(records, visible, 1, 0, filter);
      CHECK(same(kept.rows(), afresh(records, visible, filter)));
    }
  }
}

TEST_CASE("event rows: a decision row names the decision its node made, and filters start over") {
  gui::Session session(gui::new_cluster_origin(3, 5));
  session.play_to(2 * raft::kSecond);
  const gui::RecordStore& records = session.history().branch().records;
  EventFilter filter = all_kinds();
  filter.node = 1;
  EventRows rows;
  rows.update(records, records.size(), 1, 0, filter);
  std::size_t decisions = 0;
  for (const EventRow& row : rows.rows()) {
    if (row.decision < 0) continue;
    ++decisions;
    CHECK(gui::decision_shown(records[row.record], 1, row.decision).node == 1);
  }
  CHECK(decisions > 0);
  filter.why = false;
  rows.update(records, records.size(), 1, 0, filter);
  CHECK(std::none_of(rows.rows().begin(), rows.rows().end(), [](const EventRow& row) { return row.decision >= 0; }));
  // Another run with as many records is not mistaken for this one.
  gui::Session other(gui::new_cluster_origin(3, 6));
  other.play_to(2 * raft::kSecond);
  const gui::RecordStore& others = other.history().branch().records;
  const std::size_t visible = std::min(records.size(), others.size());
  rows.update(records, visible, 1, 0, filter);
  rows.update(others, visible, 2, 0, filter);
  CHECK(same(rows.rows(), afresh(others, visible, filter)));
  CHECK(!same(rows.rows(), afresh(records, visible, filter)));
}
