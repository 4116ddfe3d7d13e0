#include "sim/client/sessions.h"

#include <algorithm>
#include <sstream>

namespace sim {

void SessionTable::expire(raft::Time timeout) {
  for (auto session = sessions_.begin(); session != sessions_.end();) {
    if (clock_ - session->second.last_active > timeout) {
      expired_.insert(session->first);
      session = sessions_.erase(session);
    } else {
      ++session;
    }
  }
}

SessionDecision SessionTable::decide(const raft::ClientStamp& stamp, raft::Time timeout) {
  if (stamp.client == 0) return SessionDecision::Apply;
  clock_ = std::max(clock_, stamp.proposed_at);
  expire(timeout);
  if (expired_.contains(stamp.client)) return SessionDecision::Expired;
  return settled(stamp.client, stamp.sequence) ? SessionDecision::Duplicate : SessionDecision::Apply;
}

void SessionTable::record_applied(const raft::ClientStamp& stamp, raft::Index index, raft::Term term) {
  if (stamp.client == 0) return;
  ClientSession& session = sessions_[stamp.client];
  session.last_active = std::max(session.last_active, stamp.proposed_at);
  // The client has had every answer below its floor: those answers can go (6.3).
  session.floor = std::max(session.floor, stamp.first_unanswered);
  session.answers.erase(session.answers.begin(), session.answers.lower_bound(session.floor));
  if (stamp.sequence >= session.floor) session.answers[stamp.sequence] = {index, term};
}

std::optional<SessionAnswer> SessionTable::answer(std::uint32_t client, std::uint64_t sequence) const {
  const auto session = sessions_.find(client);
  if (session == sessions_.end()) return std::nullopt;
  const auto found = session->second.answers.find(sequence);
  if (found == session->second.answers.end()) return std::nullopt;
  return found->second;
}

bool SessionTable::settled(std::uint32_t client, std::uint64_t sequence) const {
  const auto session = sessions_.find(client);
  if (session == sessions_.end()) return false;
  return sequence < session->second.floor || session->second.answers.contains(sequence);
}

// "clock C\n", "expired ID\n" per expired client, then per session
// "session ID FLOOR LAST_ACTIVE COUNT SEQ INDEX TERM ...\n".
std::string SessionTable::encode() const {
  std::string out = "clock " + std::to_string(clock_) + "\n";
  for (const std::uint32_t client : expired_) out += "expired " + std::to_string(client) + "\n";
  for (const auto& [client, session] : sessions_) {
    out += "session " + std::to_string(client) + " " + std::to_string(session.floor) + " " +
           std::to_string(session.last_active) + " " + std::to_string(session.answers.size());
    for (const auto& [sequence, answer] : session.answers) {
      out += " " + std::to_string(sequence) + " " + std::to_string(answer.index) + " " + std::to_string(answer.term);
    }
    out += "\n";
  }
  return out;
}

std::optional<SessionTable> SessionTable::decode(const std::string& text) {
  // Written by encode() into a snapshot only this program reads; a torn snapshot is
  // refused whole, as the key-value part is (sim/client/state_machine.cpp).
  constexpr std::uint64_t kMaxAnswers = 1'000'000;
  SessionTable table;
  std::istringstream in(text);
  std::string word;
  if (!(in >> word) || word != "clock" || !(in >> table.clock_)) return std::nullopt;
  while (in >> word) {
    std::uint32_t client = 0;
    if (!(in >> client) || client == 0) return std::nullopt;
    if (word == "expired") {
      table.expired_.insert(client);
      continue;
    }
    ClientSession session;
    std::uint64_t count = 0;
    if (word != "session" || !(in >> session.floor >> session.last_active >> count) || count > kMaxAnswers) return std::nullopt;
    for (std::uint64_t i = 0; i < count; ++i) {
      std::uint64_t sequence = 0;
      SessionAnswer answer;
      if (!(in >> sequence >> answer.index >> answer.term)) return std::nullopt;
      session.answers[sequence] = answer;
    }
    table.sessions_[client] = std::move(session);
  }
  return table;
}

}  // namespace sim
