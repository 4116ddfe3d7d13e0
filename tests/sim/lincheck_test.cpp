// The linearizability checker on hand-made histories, written as history files are:
// one operation a line (docs/trace.md, "The client's history").
#include <doctest/doctest.h>

#include "sim/lincheck/checker.h"
#include "sim/lincheck/history_reader.h"
#include "sim/lincheck/report.h"
#include "sim/lincheck/synthetic.h"
#include "sim/lincheck/window.h"

namespace {

using namespace sim::lincheck;

// Short forms for a line: a write or read with its interval, in microseconds.
std::string write(int op, const std::string& command, int invoked, int completed) {
  return R"({"op":)" + std::to_string(op) + R"(,"command":")" + command + R"(","invoked_us":)" + std::to_string(invoked) +
         R"(,"outcome":"acknowledged","completed_us":)" + std::to_string(completed) + "}\n";
}
std::string write_with(int op, const std::string& command, int invoked, const std::string& outcome) {
  return R"({"op":)" + std::to_string(op) + R"(,"command":")" + command + R"(","invoked_us":)" + std::to_string(invoked) +
         R"(,"outcome":")" + outcome + R"("})" + "\n";
}
std::string read(int op, const std::string& key, const std::string& value_json, int invoked, int completed) {
  return R"({"op":)" + std::to_string(op) + R"(,"kind":"read","key":")" + key + R"(","value":)" + value_json +
         R"(,"invoked_us":)" + std::to_string(invoked) + R"(,"outcome":"acknowledged","completed_us":)" +
         std::to_string(completed) + "}\n";
}

struct Checked {
  History history;
  CheckResult result;
  std::vector<std::uint64_t> window_ids() const {
    std::vector<std::uint64_t> ids;
    for (const std::size_t index : result.window) ids.push_back(history.operations[index].id);
    return ids;
  }
  Time point_of(std::uint64_t id) const {
    for (std::size_t i = 0; i < history.operations.size(); ++i) {
      if (history.operations[i].id == id) return result.points.at(i);
    }
    return -1;
  }
};

Checked check(const std::string& text) {
  Checked checked{parse_history(text, "test.jsonl"), {}};
  checked.result = check_history(checked.history);
  return checked;
}

}  // namespace

TEST_CASE("a read after a write returns it: linearizable, each point inside its operation") {
  const Checked checked = check(write(1, "x=1", 0, 10) + read(2, "x", R"("1")", 20, 30));
  CHECK(checked.result.verdict == Verdict::Linearizable);
  CHECK(checked.point_of(1) >= 0);
  CHECK(checked.point_of(1) <= 10);
  CHECK(checked.point_of(2) >= 20);
  CHECK(checked.point_of(2) <= 30);
}

TEST_CASE("a read before any write finds no value; one after a write that finds none is a violation") {
  CHECK(check(read(1, "x", "null", 0, 5) + write(2, "x=1", 10, 20)).result.verdict == Verdict::Linearizable);
  const Checked stale = check(write(1, "x=1", 0, 10) + read(2, "x", "null", 20, 30));
  CHECK(stale.result.verdict == Verdict::NotLinearizable);
  CHECK(stale.window_ids() == std::vector<std::uint64_t>{1, 2});
}

TEST_CASE("a stale read (the value before a write that had finished) is not linearizable; the window is the three ops") {
  const Checked checked = check(write(1, "x=1", 0, 10) + read(2, "x", R"("1")", 12, 14) + write(3, "x=2", 20, 30) +
                                read(4, "x", R"("1")", 40, 50) + write(5, "x=3", 60, 70) + read(6, "x", R"("3")", 80, 90));
  REQUIRE(checked.result.verdict == Verdict::NotLinearizable);
  CHECK(checked.result.key == "x");
  // Op 2 (a read) and ops 5, 6 (after the violation) are left out; ops 1 and 3 cannot be.
  CHECK(checked.window_ids() == std::vector<std::uint64_t>{1, 3, 4});
  CHECK(checked.result.window_minimal);
  CHECK(checked.history.operations[checked.result.stuck].id == 4);
  const std::string report = describe(checked.history, checked.result);
  CHECK(report.find("NOT LINEARIZABLE") != std::string::npos);
  CHECK(report.find("op 4  client 1  read x -> 1  invoked 40us, answered 50us") != std::string::npos);
}

TEST_CASE("concurrent operations may take effect in either order") {
  // A read during a write may see the old value or the new one...
  CHECK(check(write(1, "x=1", 0, 100) + read(2, "x", "null", 10, 20) + read(3, "x", R"("1")", 30, 40)).result.verdict ==
        Verdict::Linearizable);
  // ...but once one read has seen the new value, a later read cannot see the old.
  CHECK(check(write(1, "x=1", 0, 100) + read(2, "x", R"("1")", 10, 20) + read(3, "x", "null", 30, 40)).result.verdict ==
        Verdict::NotLinearizable);
  // Two concurrent writes: later reads agree on which came last.
  CHECK(check(write(1, "x=1", 0, 100) + write(2, "x=2", 0, 100) + read(3, "x", R"("1")", 110, 120) +
              read(4, "x", R"("1")", 130, 140)).result.verdict == Verdict::Linearizable);
  CHECK(check(write(1, "x=1", 0, 100) + write(2, "x=2", 0, 100) + read(3, "x", R"("1")", 110, 120) +
              read(4, "x", R"("2")", 130, 140)).result.verdict == Verdict::NotLinearizable);
  // Operations that touch (one answered at the instant the other began) are concurrent.
  CHECK(check(write(1, "x=1", 0, 10) + read(2, "x", "null", 10, 20)).result.verdict == Verdict::Linearizable);
}

TEST_CASE("a write with an unknown outcome that must have taken effect: a later read returned its value") {
  const Checked checked = check(write_with(1, "x=1", 0, "unknown") + read(2, "x", R"("1")", 50, 60));
  CHECK(checked.result.verdict == Verdict::Linearizable);
  CHECK(checked.point_of(1) <= 60);
}

TEST_CASE("a write with an unknown outcome that must not have taken effect is left out") {
  const Checked checked = check(write(1, "x=1", 0, 10) + write_with(2, "x=2", 20, "unknown") +
                                read(3, "x", R"("1")", 30, 40) + read(4, "x", R"("2")", 50, 60) +
                                write_with(5, "x=3", 70, "pending") + read(6, "x", R"("2")", 80, 90));
  CHECK(checked.result.verdict == Verdict::Linearizable);
  CHECK(checked.point_of(5) == kNever);  // never needed: nothing read 3
}

TEST_CASE("an unknown outcome takes effect only after its invocation; a failed write never") {
  CHECK(check(read(1, "x", R"("2")", 0, 10) + write_with(2, "x=2", 20, "unknown")).result.verdict ==
        Verdict::NotLinearizable);
  const Checked failed = check(R"({"op":1,"command":"x=1","invoked_us":0,"outcome":"failed","completed_us":5})"
                               "\n" + read(2, "x", R"("1")", 10, 20));
  CHECK(failed.result.verdict == Verdict::NotLinearizable);
  CHECK(failed.history.failed_left_out == 1);
}

TEST_CASE("keys are checked apart; the violation names its key") {
  const std::string base = write(1, "x=1", 0, 10) + write(2, "y=2", 0, 10) + read(3, "x", R"("1")", 20, 30);
  const Checked good = check(base + read(4, "y", R"("2")", 20, 30));
  CHECK(good.result.verdict == Verdict::Linearizable);
  CHECK(good.result.keys == 2);
  const Checked bad = check(base + read(4, "y", R"("1")", 20, 30));
  CHECK(bad.result.verdict == Verdict::NotLinearizable);
  CHECK(bad.result.key == "y");
  CHECK(bad.window_ids() == std::vector<std::uint64_t>{4});  // a value never written to y
}

TEST_CASE("the window alone cannot be ordered (so it proves the violation)") {
  std::string text;
  for (int i = 0; i < 40; ++i) text += write(2 * i + 1, "x=" + std::to_string(i), 100 * i, 100 * i + 50) +
                                       read(2 * i + 2, "x", "\"" + std::to_string(i) + "\"", 100 * i + 60, 100 * i + 70);
  text += read(100, "x", R"("3")", 5000, 5010);
  const Checked checked = check(text);
  REQUIRE(checked.result.verdict == Verdict::NotLinearizable);
  // The write of 3, a later write it was overwritten by, and the read of 3.
  const std::vector<std::uint64_t> window = checked.window_ids();
  REQUIRE(window.size() == 3);
  CHECK(window.front() == 7);
  CHECK(window.back() == 100);
  Budget budget;
  CHECK(check_indices(checked.history, checked.result.window, budget) == Verdict::NotLinearizable);
}

TEST_CASE("generated linearizable histories pass, with every point inside its operation") {
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    SyntheticShape shape;
    shape.seed = seed;
    shape.operations = 2000;
    shape.clients = 1 + static_cast<std::uint32_t>(seed % 8);
    shape.keys = 1 + static_cast<std::uint32_t>(seed % 3);
    shape.unknown_percent = 5;
    const History history = synthetic_history(shape);
    const CheckResult result = check_history(history);
    REQUIRE(result.verdict == Verdict::Linearizable);
    for (std::size_t i = 0; i < history.operations.size(); ++i) {
      if (result.points[i] == kNever) continue;
      CHECK(result.points[i] >= history.operations[i].invoked);
      CHECK(result.points[i] <= history.operations[i].returned);
    }
  }
}

TEST_CASE("a search past its budget is undecided, neither a pass nor a violation") {
  SyntheticShape shape;
  shape.operations = 5000;
  Budget budget;
  budget.steps = 100;
  const CheckResult result = check_history(synthetic_history(shape), budget);
  CHECK(result.verdict == Verdict::Undecided);
  CHECK(result.steps <= 100);
}
