// The event log's rows: every record up to the moment shown that passes the filters,
// each followed by the decisions it carries.
//
// An hour-long class has a million records and as many decisions; building the rows
// again every frame cost most of a frame (and a 30 MB vector each time). So the rows
// are kept, and a frame only adds the records that became visible, or drops those that
// a step back hid. They are rebuilt when the filters, the branch or the run change.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "gui/model/record_store.h"

namespace gui {

// Every RecordKind (Membership is the last).
inline constexpr int kRecordKinds = static_cast<int>(sim::RecordKind::Membership) + 1;

struct EventFilter {
  std::array<bool, kRecordKinds> kinds{};  // shown kinds, by RecordKind
  sim::NodeId node = 0;                     // only records involving it (0: all)
  std::string text;                         // only records whose line or a reason holds it
  bool why = true;                          // a row for each decision under its event
  friend bool operator==(const EventFilter&, const EventFilter&) = default;
};

// 8 bytes: an hour has two million rows. (Four billion records would need 400 GB.)
struct EventRow {
  std::uint32_t record = 0;
  std::int32_t decision = -1;  // -1: the event itself; else its n-th decision shown (by the filter's node)
};

// The event's line: "n1 -> n2  AppendEntries ...  [n2 follower term 3]".
std::string event_line(const sim::Record& record);
// "n1 grants n2 its vote in term 1: ...".
std::string decision_line(const sim::NodeDecision& made);
// The `shown`-th decision of `record` made by `node` (by any node for node 0).
const sim::NodeDecision& decision_shown(const sim::Record& record, sim::NodeId node, int shown);

class EventRows {
 public:
  // Brings the rows up to `visible` records of `records`: those of branch `branch` of
  // the run that Session::load made `load`-th.
  void update(const RecordStore& records, std::size_t visible, std::uint64_t load, std::size_t branch,
              const EventFilter& filter);
  const std::vector<EventRow>& rows() const { return rows_; }

 private:
  void add(const RecordStore& records, std::size_t index);

  std::vector<EventRow> rows_;
  std::size_t scanned_ = 0;  // records [0, scanned_) have their rows
  std::uint64_t load_ = 0;
  std::size_t branch_ = 0;
  EventFilter filter_;
  bool built_ = false;
};

}  // namespace gui
