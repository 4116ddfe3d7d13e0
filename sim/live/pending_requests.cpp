#include "sim/live/pending_requests.h"

#include <utility>

namespace sim::live {

void PendingRequests::add(raft::Index index, raft::Term term, KvRequest request, Answer answer) {
  waiting_.emplace(index, Pending{term, std::move(request), std::move(answer)});
}

void PendingRequests::applied(const raft::CommittedEntry& committed, SessionDecision decision, const KvStore& kv) {
  auto [first, last] = waiting_.equal_range(committed.index);
  std::multimap<raft::Index, Pending> answering;
  answering.insert(std::make_move_iterator(first), std::make_move_iterator(last));
  waiting_.erase(first, last);  // before answering: an answer may add a request
  for (auto& [index, pending] : answering) {
    if (committed.entry.term != pending.term) {
      pending.answer(answered(kStatusNotApplied, "a new leader committed another entry at this request's index " +
                                                     std::to_string(index) + "; it was not applied; retry\n"));
    } else if (decision == SessionDecision::Expired) {
      pending.answer(answered(kStatusSessionExpired, "the session of client " + std::to_string(pending.request.stamp.client) +
                                                         " expired: this request was not applied, and whether an earlier "
                                                         "attempt of it was is no longer known; use a new client id\n"));
    } else if (pending.request.kind == KvRequest::Kind::Put) {
      pending.answer(answered(200, decision == SessionDecision::Duplicate ? "OK (applied before: a retry)\n" : "OK\n"));
    } else {
      const std::optional<std::string> value = kv.get(pending.request.key);
      pending.answer(value ? answered(200, *value) : answered(404, "no such key\n"));
    }
  }
}

void PendingRequests::abandon_all(const std::string& why) {
  std::multimap<raft::Index, Pending> abandoned = std::move(waiting_);
  waiting_.clear();
  for (auto& [index, pending] : abandoned) pending.answer(answered(kStatusUnknown, why));
}

}  // namespace sim::live
