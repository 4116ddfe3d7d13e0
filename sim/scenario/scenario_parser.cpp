// The scenario language (docs/scenarios.md), file by file: lines, `repeat` blocks,
// names, setup before actions, and the limits on the work a file may ask for. A line's
// own grammar is in the files scenario.h lists.
#include <limits>
#include <map>
#include <sstream>

#include "sim/io/safe_text.h"
#include "sim/scenario/limits.h"
#include "sim/scenario/scenario.h"
#include "sim/scenario/scenario_line.h"

namespace sim {

namespace {

using scenario_detail::FileContext;
using scenario_detail::Token;
using Kind = Command::Kind;

bool is_setup(Kind kind) {
  return kind == Kind::Cluster || kind == Kind::Seed || kind == Kind::ElectionTimeout || kind == Kind::Heartbeat ||
         kind == Kind::Option || kind == Kind::SnapshotChunk || kind == Kind::Reads || kind == Kind::MaxDrift;
}

// The work a file asks for, counting each line as many times as its `repeat` blocks run
// it, checked against the limits of sim/scenario/limits.h as each line is read.
class WorkEstimate {
 public:
  explicit WorkEstimate(int cluster_size) : cluster_size_(cluster_size) {}
  void set_cluster_size(int nodes) { cluster_size_ = nodes; }
  // Setup lines that change what a second of the run costs.
  void configure(const Command& command) {
    if (command.kind == Kind::Heartbeat) shape_.heartbeat = command.duration;
    if (command.kind == Kind::ElectionTimeout) shape_.election_timeout_min = command.low;
  }

  // Called for every line: `command` runs `times()` times.
  void count(const Command& command) {
    commands_ += times();
    if (commands_ > kMaxCommandsRun) {
      throw ScenarioError(command.location, "with this line the scenario carries out more than " +
                                                std::to_string(kMaxCommandsRun) + " commands (repeats counted)",
                          "repeat fewer times, or make a repeated block shorter");
    }
    // A read costs what a write does (through the log it is an entry): it counts as one.
    const std::int64_t writes = command.kind == Kind::Write || command.kind == Kind::Read ? 1
                                : command.kind == Kind::WriteUntil ? 1 + command.duration / kReproposeEvery
                                : command.kind == Kind::Stream     ? command.number * command.duration / raft::kSecond
                                                                   : 0;
    add_events(command, writes);
    if (writes == 0) return;
    writes_ = std::min<std::int64_t>(writes_ + writes * times(), kMaxCommandsRun * kMaxLogEntries);
    if (writes_ > max_writes(cluster_size_)) {
      throw ScenarioError(command.location, "with this line the scenario makes more client writes and reads than the limit of " +
                                                std::to_string(max_writes(cluster_size_)) + " for " +
                                                std::to_string(cluster_size_) +
                                                " nodes (all writes, reads and streams together), each repeat counted",
                          "write or read less often, or for a shorter time (the limit is " + std::to_string(kMaxLogEntries) +
                              " log entries in all, writes times nodes)");
    }
  }
  // How many times the current line runs: the product of the open repeats' counts
  // (held below kMaxCommandsRun + 1, so that it never overflows).
  std::int64_t times() const { return repeats_.empty() ? 1 : repeats_.back(); }
  void open(std::int64_t count) { repeats_.push_back(std::min(times() * count, kMaxCommandsRun + 1)); }
  void close() { repeats_.pop_back(); }

 private:
  // Adds what the line costs to the run's shape, `times()` over, and checks the events
  // that shape fires against kMaxEvents.
  void add_events(const Command& command, std::int64_t writes) {
    const auto n = static_cast<std::uint64_t>(times());
    const bool waits = command.kind == Kind::RunUntil || command.kind == Kind::WriteUntil;
    const Time span = command.kind == Kind::Run || waits                          ? command.duration
                      : command.kind == Kind::RunBetween                        ? command.high
                      : command.kind == Kind::Expect                            ? command.condition.span
                                                                                : 0;
    const std::uint64_t steps = command.kind == Kind::Step ? static_cast<std::uint64_t>(command.number) : 0;
    if (span == 0 && steps == 0 && writes == 0) return;
    shape_.nodes = cluster_size_;
    shape_.span = saturating_add(shape_.span, saturating_times(span, n));
    if (waits) shape_.watched = saturating_add(shape_.watched, saturating_times(span, n));
    shape_.steps = saturating_add(shape_.steps, saturating_times(steps, n));
    shape_.writes = saturating_add(shape_.writes, saturating_times(writes, n));
    const std::uint64_t events = estimated_events(shape_);
    if (events <= kMaxEvents) return;
    throw ScenarioError(command.location,
                        "with this line the scenario would fire about " + std::to_string(events) +
                            " events, more than the limit of " + std::to_string(kMaxEvents) + " (" +
                            std::to_string(shape_.nodes) + " nodes, " + format_duration(shape_.span) +
                            " of virtual time, " + std::to_string(shape_.writes) + " writes, " +
                            std::to_string(shape_.steps) + " steps, repeats counted)",
                        "run for less time in all (each heartbeat costs a message and a reply for every other node), "
                        "use fewer nodes, a longer heartbeat, or fewer writes");
  }
  template <typename T>
  static T saturating_times(T value, std::uint64_t n) {
    const auto limit = static_cast<std::uint64_t>(std::numeric_limits<T>::max());
    const auto v = static_cast<std::uint64_t>(value);
    return n != 0 && v > limit / n ? std::numeric_limits<T>::max() : static_cast<T>(v * n);
  }
  template <typename T>
  static T saturating_add(T a, T b) {
    return a > std::numeric_limits<T>::max() - b ? std::numeric_limits<T>::max() : a + b;
  }

  RunShape shape_;  // the events of the run so far, against kMaxEvents
  int cluster_size_;
  std::int64_t commands_ = 0;
  std::int64_t writes_ = 0;  // by `write` and `stream`
  std::vector<std::int64_t> repeats_;
};

// Is a line inside some `repeat` block (the open blocks may be `if`s too)?
bool inside_repeat(const Scenario& scenario, const std::vector<std::size_t>& open_blocks) {
  for (const std::size_t block : open_blocks) {
    if (scenario.commands[block].kind == Kind::Repeat) return true;
  }
  return false;
}

// The rules between lines: setup first and once, `since mark` after a mark.
void check_order(const Command& command, const Token& word, bool& acted, std::map<std::string, int>& setup_seen,
                 FileContext& file) {
  const bool spans = command.condition.kind == Condition::Kind::Stable || command.condition.kind == Condition::Kind::Messages;
  if (command.kind == Kind::Expect && spans && command.condition.span == 0 && !file.marked) {
    throw ScenarioError(command.location, "'since mark' with no 'mark' before it", "put a line 'mark' where the span begins");
  }
  if (command.kind == Kind::Mark) file.marked = true;
  if (is_setup(command.kind)) {
    if (acted) {
      throw ScenarioError(command.location, "'" + word.text + "' configures the cluster and must come before the first action",
                          "move it to the top of the file");
    }
    if (setup_seen[word.text]++ > 0) throw ScenarioError(command.location, "'" + word.text + "' is given twice", "keep only one");
    if (command.kind == Kind::Cluster) file.cluster_size = static_cast<int>(command.number + command.spares);
  } else if (command.kind != Kind::Say && command.kind != Kind::Mark) {
    acted = true;  // narration and marks may come first: they change nothing
  }
}

}  // namespace

Scenario parse_scenario(const std::string& text, const std::string& file_name) {
  Scenario scenario{file_name, {}, {}};
  if (text.size() > kMaxScenarioBytes) {
    throw ScenarioError(SourceLocation{file_name, 1, 1}, "this scenario is larger than the limit of " +
                                                         std::to_string(kMaxScenarioBytes) + " bytes (1 MiB)",
                        "a scenario is a short script: use 'stream' for long workloads and 'run' for long spans");
  }
  // A UTF-8 byte order mark, as some editors write, is not part of the first command.
  std::istringstream lines(text.rfind("\xEF\xBB\xBF", 0) == 0 ? text.substr(3) : text);
  std::string line;
  int line_number = 0;
  FileContext file;
  bool acted = false;
  std::map<std::string, int> setup_seen;
  WorkEstimate work(file.cluster_size);
  std::vector<std::size_t> open_repeats;  // indexes of the `repeat` lines not yet ended
  while (std::getline(lines, line)) {
    ++line_number;
    SourceLocation location{file_name, line_number, 1};
    if (const std::size_t cr = line.find('\r'); cr != std::string::npos && cr + 1 != line.size()) {
      // Checked before comments are cut off: with CR-only line endings the whole file is
      // one line, and a comment on its first line would hide every command after it.
      scenario_detail::error_at(location, cr, "a carriage return in the middle of a line",
                                "this file seems to have CR-only (classic Mac) line endings: save it with LF (Unix) or CRLF line endings");
    }
    std::vector<Token> tokens = scenario_detail::tokenize(line, location);
    if (tokens.empty()) continue;
    location.column = tokens[0].column;
    if (tokens[0].quoted) throw ScenarioError(location, "expected a command, found text in quotes", "say \"...\" shows narration");
    Command command;
    command.location = location;
    // The command as written: from its first token to its last, without a comment or
    // trailing blanks (a '#' inside quotes is text, not a comment).
    const std::size_t first = static_cast<std::size_t>(tokens.front().column - 1);
    command.text = line.substr(first, tokens.back().end - first);
    const Token word = tokens[0];
    command = scenario_detail::LineParser(std::move(tokens), location, file).parse(std::move(command));
    check_order(command, word, acted, setup_seen, file);
    work.set_cluster_size(file.cluster_size);
    work.configure(command);
    work.count(command);
    command.counted = command.value.find('$') != std::string::npos || command.condition.value.find('$') != std::string::npos;
    if (command.counted && command.kind != Kind::Say && work.times() == 1 && !inside_repeat(scenario, open_repeats)) {
      throw ScenarioError(location, "'$' stands for a repeat's round, and this line is in no 'repeat' block",
                          "use it inside 'repeat N' ... 'end', as in: write x=$");
    }
    if (command.kind == Kind::Say) command.counted = false;  // narration is said as written
    const std::size_t index = scenario.commands.size();
    if (command.kind == Kind::Repeat || command.kind == Kind::If) {
      open_repeats.push_back(index);
      work.open(command.kind == Kind::Repeat ? command.number : 1);
    } else if (command.kind == Kind::Else) {
      if (open_repeats.empty() || scenario.commands[open_repeats.back()].kind != Kind::If ||
          scenario.commands[open_repeats.back()].partner != 0) {
        throw ScenarioError(location, "'else' with no 'if' before it (or a second 'else')", "write: if COND ... else ... end");
      }
      scenario.commands[open_repeats.back()].partner = index;  // a false `if` goes on after its `else`
    } else if (command.kind == Kind::End) {
      if (open_repeats.empty()) {
        throw ScenarioError(location, "'end' with no 'repeat' or 'if' before it", "remove it, or open the block with 'repeat N' or 'if COND'");
      }
      Command& opened = scenario.commands[open_repeats.back()];
      command.partner = open_repeats.back();
      if (opened.kind == Kind::If && opened.partner != 0) {
        scenario.commands[opened.partner].partner = index;  // the `else` skips to here
      } else {
        opened.partner = index;
      }
      open_repeats.pop_back();
      work.close();
    }
    scenario.commands.push_back(std::move(command));
  }
  if (!open_repeats.empty()) {
    const Command& open = scenario.commands[open_repeats.back()];
    throw ScenarioError(open.location, std::string("this '") + (open.kind == Kind::If ? "if" : "repeat") + "' has no 'end'",
                        "close the block with a line 'end'");
  }
  scenario.names = std::move(file.names);
  return scenario;
}

std::string format_error(const ScenarioError& error) {
  std::ostringstream out;
  out << printable(error.location.file);
  if (error.location.line > 0) out << ':' << error.location.line << ':' << error.location.column;
  out << ": error: " << error.what();
  if (!error.hint.empty()) out << "\n  hint: " << error.hint;
  return out.str();
}

bool compare(std::int64_t actual, Comparison comparison, std::int64_t expected) {
  switch (comparison) {
    case Comparison::Equal: return actual == expected;
    case Comparison::AtLeast: return actual >= expected;
    case Comparison::AtMost: return actual <= expected;
    case Comparison::Greater: return actual > expected;
    case Comparison::Less: return actual < expected;
  }
  return false;
}

const char* comparison_symbol(Comparison comparison) {
  switch (comparison) {
    case Comparison::Equal: return "==";
    case Comparison::AtLeast: return ">=";
    case Comparison::AtMost: return "<=";
    case Comparison::Greater: return ">";
    case Comparison::Less: return "<";
  }
  return "?";
}

std::string format_duration(Time time) {
  const bool negative = time < 0;
  const std::uint64_t value = negative ? static_cast<std::uint64_t>(-time) : static_cast<std::uint64_t>(time);
  auto with_unit = [](std::uint64_t whole, std::uint64_t fraction, int digits, const char* unit) {
    std::string text = std::to_string(whole);
    if (fraction != 0) {
      std::string decimals = std::to_string(fraction);
      decimals.insert(0, static_cast<std::size_t>(digits) - decimals.size(), '0');
      while (decimals.back() == '0') decimals.pop_back();
      text += "." + decimals;
    }
    return text + unit;
  };
  std::string text;
  if (value >= 1'000'000) {
    text = with_unit(value / 1'000'000, value % 1'000'000, 6, "s");
  } else if (value >= 1000) {
    text = with_unit(value / 1000, value % 1000, 3, "ms");
  } else {
    text = std::to_string(value) + "us";
  }
  return negative ? "-" + text : text;
}

}  // namespace sim
