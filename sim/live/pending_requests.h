// The client requests a live server proposed as leader and has not answered yet, by the
// index of their entries. Each answer says exactly what is known:
//   - the request's own entry (its index and term) is applied: 200, or the read's value;
//   - another entry is applied at its index: 503, provably not applied, since at most one
//     entry is ever committed at an index (State Machine Safety, paper section 5.4.3) and
//     a leader puts a request at one index only;
//   - the entry is a retried write its client's session already applied: 200 as before;
//     its session expired: 410 (this entry was not applied; an earlier attempt may be);
//   - the disk failed: 504, unknown (the entry may already be on other nodes' disks).
// A leader that lost an uncommitted entry and leads again may propose a new entry at the
// same index. Both requests then wait for that index: another node may still hold the
// first entry and commit it (Figure 8), so saying "not applied" then would be a guess.
#pragma once

#include <cstddef>
#include <functional>
#include <map>

#include "core/node.h"
#include "sim/client/sessions.h"
#include "sim/live/client_request.h"
#include "sim/live/kv_store.h"

namespace sim::live {

class PendingRequests {
 public:
  using Answer = std::function<void(Outcome)>;

  std::size_t size() const { return waiting_.size(); }
  void add(raft::Index index, raft::Term term, KvRequest request, Answer answer);
  // After the sessions decided on `committed` (and `kv` applied it if new): answers every
  // request waiting on its index.
  void applied(const raft::CommittedEntry& committed, SessionDecision decision, const KvStore& kv);
  // Answers every request waiting 504 with `why`: nothing more will be learned of them.
  void abandon_all(const std::string& why);

 private:
  struct Pending {
    raft::Term term = 0;
    KvRequest request;
    Answer answer;
  };
  std::multimap<raft::Index, Pending> waiting_;
};

}  // namespace sim::live
