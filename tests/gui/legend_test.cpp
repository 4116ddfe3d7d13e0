// The cluster view's legend lists what the run can draw, decided from its configuration
// and what has happened by the moment shown; and its rows go in one column or two.
#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

#include "gui/model/legend.h"
#include "sim/scenario/player.h"
#include "sim/scenario/scenario.h"

using gui::LegendRow;
using gui::MessageKind;
using gui::NodeMark;

namespace {

sim::Simulator played(const std::string& text) {
  sim::ScenarioPlayer player(sim::parse_scenario(text, "test"));
  player.play_to_end();
  return player.simulator();
}

std::vector<std::string> labels(const sim::Simulator& simulator, bool crashed_before = false) {
  std::vector<std::string> out;
  for (const LegendRow& row : gui::legend_rows(gui::run_facts(simulator, crashed_before))) out.push_back(row.label);
  return out;
}

bool lists(const std::vector<std::string>& rows, const std::string& label) {
  return std::find(rows.begin(), rows.end(), label) != rows.end();
}

const std::vector<std::string> kEveryRun = {"follower",  "candidate",    "leader",         "RequestVote",
                                            "vote granted", "vote denied", "AppendEntries",
                                            "heartbeat", "append ok",   "append rejected"};

}  // namespace

TEST_CASE("message kinds: one row each, in order, and the names the tooltips use") {
  std::set<std::string> names;
  for (int kind = 0; kind < gui::kMessageKinds; ++kind) {
    const gui::MessageStyle& style = gui::message_style(static_cast<MessageKind>(kind));
    CHECK(static_cast<int>(style.kind) == kind);
    CHECK(names.insert(style.label).second);
    CHECK(gui::message_kind_label(style.kind) == std::string(style.label));
  }
  CHECK(gui::message_styles().size() == static_cast<std::size_t>(gui::kMessageKinds));
}

TEST_CASE("legend: a plain election lists the roles and Figure 2's messages, nothing more") {
  const sim::Simulator simulator = played("cluster 5\nseed 1\nrun until leader within 1s\n");
  CHECK(labels(simulator) == kEveryRun);
}

TEST_CASE("legend: rows come as the run gets what they show, and not before") {
  SUBCASE("pre-vote, from the configuration") {
    const std::vector<std::string> rows = labels(played("cluster 3\nseed 1\nprevote on\n"));
    CHECK(lists(rows, "pre-candidate"));
    CHECK(lists(rows, "PreVote"));
    CHECK(lists(rows, "pre-vote granted"));
    CHECK(lists(rows, "pre-vote denied"));
    CHECK(rows[1] == "pre-candidate");  // between follower and candidate, as a run goes
  }
  SUBCASE("a client, once it asked") {
    const std::string start = "cluster 3\nseed 1\nrun until leader within 1s\n";
    CHECK_FALSE(lists(labels(played(start)), "client request"));
    const std::vector<std::string> rows = labels(played(start + "write x=1\n"));
    CHECK(lists(rows, "client request"));
    CHECK(lists(rows, "client reply"));
  }
  SUBCASE("a crash, while the node is down or once the records hold one") {
    const std::string start = "cluster 3\nseed 1\nrun until leader within 1s\n";
    CHECK_FALSE(lists(labels(played(start)), "crashed"));
    CHECK(lists(labels(played(start + "crash n2\n")), "crashed"));
    CHECK_FALSE(lists(labels(played(start + "crash n2\nrestart n2\n")), "crashed"));  // the simulator alone...
    CHECK(lists(labels(played(start + "crash n2\nrestart n2\n"), true), "crashed"));  // ...and with the records
  }
  SUBCASE("membership: not a member while outside, learner while learning") {
    const std::string start = "cluster 3 spare 1\nseed 1\nrun until leader within 1s\n";
    const std::vector<std::string> before = labels(played(start));
    CHECK(lists(before, "not a member"));
    CHECK_FALSE(lists(before, "learner"));
    const std::vector<std::string> added = labels(played(start + "run 100ms\nadd n4\nrun 5ms\n"));
    CHECK(lists(added, "learner"));
    CHECK_FALSE(lists(added, "not a member"));
  }
  SUBCASE("snapshots, once one is taken (snapshot-every alone is not enough)") {
    const std::string start = "cluster 3\nseed 1\nsnapshot-every 50\nrun until leader within 1s\nwrite x=1\n"
                              "run until committed x=1 on all within 1s\n";
    CHECK_FALSE(lists(labels(played(start)), "InstallSnapshot"));
    const std::vector<std::string> rows = labels(played(start + "snapshot n1\n"));
    CHECK(lists(rows, "InstallSnapshot"));
    CHECK(lists(rows, "snapshot reply"));
  }
  SUBCASE("TimeoutNow, once a transfer began") {
    const std::string start = "cluster 3\nseed 1\nrun until leader n1 within 2s\n";
    CHECK_FALSE(lists(labels(played(start)), "TimeoutNow"));
    CHECK(lists(labels(played(start + "transfer n2\nrun until leader n2 within 1s\n")), "TimeoutNow"));
  }
  SUBCASE("ReadIndex, once a read was forwarded to the leader") {
    const std::string start = "cluster 3\nseed 1\nreads readindex\nrun until leader n1 within 2s\n";
    CHECK_FALSE(lists(labels(played(start + "read x via n1\nrun 100ms\n")), "ReadIndex"));
    const std::vector<std::string> rows = labels(played(start + "read x via n2\nrun 100ms\n"));
    CHECK(lists(rows, "ReadIndex"));
    CHECK(lists(rows, "read index"));
  }
}

TEST_CASE("legend layout: one column if it fits, else two, else none") {
  const std::vector<float> widths = {100, 60, 80, 200, 50};  // five rows
  SUBCASE("one column") {
    const gui::LegendLayout layout = gui::lay_out_legend(widths, 10, 2, 54, 500);
    CHECK(layout.columns == 1);
    CHECK(layout.per_column == 5);
    CHECK(layout.height == doctest::Approx(54));
    CHECK(layout.width == doctest::Approx(204));
  }
  SUBCASE("two columns, the first holding the odd row") {
    const gui::LegendLayout layout = gui::lay_out_legend(widths, 10, 2, 53, 500);
    CHECK(layout.columns == 2);
    CHECK(layout.per_column == 3);
    CHECK(layout.height == doctest::Approx(34));
    REQUIRE(layout.column_widths.size() == 2);
    CHECK(layout.column_widths[0] == doctest::Approx(104));
    CHECK(layout.column_widths[1] == doctest::Approx(204));
    CHECK(layout.width == doctest::Approx(308));
  }
  SUBCASE("none: too tall for two, or too wide") {
    CHECK(gui::lay_out_legend(widths, 10, 2, 33, 500).columns == 0);
    CHECK(gui::lay_out_legend(widths, 10, 2, 53, 300).columns == 0);
    CHECK(gui::lay_out_legend(widths, 10, 2, 54, 200).columns == 0);
    CHECK(gui::lay_out_legend({}, 10, 2, 100, 100).columns == 0);
  }
}
