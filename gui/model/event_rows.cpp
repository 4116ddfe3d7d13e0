#include "gui/model/event_rows.h"

#include <algorithm>
#include <cassert>
#include <cstdint>

namespace gui {

namespace {

std::string name(sim::NodeId node) { return node == 0 ? "client" : "n" + std::to_string(node); }

}  // namespace

std::string event_line(const sim::Record& record) {
  using K = sim::RecordKind;
  std::string text;
  switch (record.kind) {
    case K::Deliver:
    case K::Drop:
    case K::DropMessage:
      text = name(record.from) + " -> " + name(record.to) + "  ";
      if (record.message) text += sim::describe(*record.message);
      break;
    default:
      if (record.node) text = name(record.node) + "  ";
      break;
  }
  if (!record.reason.empty()) text += (text.empty() ? "" : "  ") + record.reason;
  for (const sim::NodeChange& change : record.changes) {
    if (change.before.role != change.after.role || change.before.term != change.after.term) {
      text += "   [" + name(change.node) + " " + (change.after.up ? raft::role_name(change.after.role) : "down") +
              " term " + std::to_string(change.after.term) + "]";
    }
    if (change.after.commit_index > change.before.commit_index) {
      text += "   [" + name(change.node) + " commits " + std::to_string(change.after.commit_index) + "]";
    }
  }
  return text;
}

std::string decision_line(const sim::NodeDecision& made) { return name(made.node) + " " + raft::explain(made.decision); }

const sim::NodeDecision& decision_shown(const sim::Record& record, sim::NodeId node, int shown) {
  for (const sim::NodeDecision& made : record.decisions) {
    if ((node == 0 || made.node == node) && shown-- == 0) return made;
  }
  assert(false && "RecordStore::decisions_by counted it");
  return record.decisions.front();
}

void EventRows::update(const RecordStore& records, std::size_t visible, std::uint64_t load, std::size_t branch,
                       const EventFilter& filter) {
  // A branch only ever grows its records at the end; another branch or run starts over.
  if (!built_ || load != load_ || branch != branch_ || !(filter == filter_)) {
    rows_.clear();
    scanned_ = 0;
    load_ = load;
    branch_ = branch;
    filter_ = filter;
    built_ = true;
  }
  if (visible < scanned_) {  // a step back: drop the rows of the records now hidden
    const auto hidden = std::lower_bound(rows_.begin(), rows_.end(), visible,
                                         [](const EventRow& row, std::size_t record) { return row.record < record; });
    rows_.erase(hidden, rows_.end());
    scanned_ = visible;
  }
  for (; scanned_ < visible; ++scanned_) add(records, scanned_);
}

// The heads filter without decoding; only a text search reads whole records.
void EventRows::add(const RecordStore& records, std::size_t index) {
  const sim::RecordHead& head = records.head(index);
  if (!filter_.kinds[static_cast<std::size_t>(head.kind)]) return;
  const sim::NodeId node = filter_.node;
  if (node != 0 && head.node != node && head.from != node && head.to != node) return;
  if (!filter_.text.empty()) {
    const auto matches = [&](const std::string& text) { return text.find(filter_.text) != std::string::npos; };
    const sim::Record record = records[index];
    if (!matches(event_line(record)) &&
        std::none_of(record.decisions.begin(), record.decisions.end(),
                     [&](const sim::NodeDecision& made) { return matches(decision_line(made)); })) {
      return;
    }
  }
  assert(index <= UINT32_MAX);
  const auto record = static_cast<std::uint32_t>(index);
  rows_.push_back(EventRow{record, -1});
  const std::size_t decisions = filter_.why ? records.decisions_by(index, node) : 0;
  for (std::size_t d = 0; d < decisions; ++d) rows_.push_back(EventRow{record, static_cast<std::int32_t>(d)});
}

}  // namespace gui
