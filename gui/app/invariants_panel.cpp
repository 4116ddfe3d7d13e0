// Safety at a glance: green while Raft's invariants hold, red with the report when one
// breaks; and the scenario's expectations.
#include <string>

#include "gui/app/panels.h"

namespace gui {

void InvariantsPanel::draw(const Frame& frame) {
  const sim::Simulator& simulator = frame.session.simulator();
  const Theme& theme = frame.theme;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const float width = ImGui::GetContentRegionAvail().x;
  const auto& violation = simulator.violation();
  const std::string headline = violation ? "VIOLATED: " + violation->invariant : "Safety invariants hold";
  const float height = theme.font_size * 1.8f;
  draw->AddRectFilled(at, ImVec2(at.x + width, at.y + height), violation ? theme.bad : theme.good, 5);
  draw->AddText(theme.large, theme.font_size * 1.15f, ImVec2(at.x + theme.font_size * 0.5f, at.y + theme.font_size * 0.3f),
                IM_COL32(255, 255, 255, 255), headline.c_str());
  ImGui::Dummy(ImVec2(width, height));
  if (violation) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(sim::format_violation(*violation).c_str());
    ImGui::PopTextWrapPos();
  } else {
    ImGui::TextDisabled("Figure 3's five safety properties and 7 more, checked after every event");
    if (ImGui::IsItemHovered()) {
      ImGui::SetTooltip("Election Safety, Leader Append-Only, Log Matching, Leader Completeness,\n"
                        "State Machine Safety (Raft paper, Figure 3); the commit rule of Figure 8;\n"
                        "committed entries held by a majority; no commit beyond the durable log;\n"
                        "terms and commit indexes never go back; one vote per term;\n"
                        "acknowledged writes are committed where the client was told.");
    }
  }

  // The scenario's expectations, as far as it has played.
  const History& history = frame.session.history();
  const auto& notes = history.branch().notes;
  const std::size_t visible = history.visible_notes();
  std::size_t passed = 0;
  const sim::Note* failed = nullptr;
  for (std::size_t i = 0; i < visible; ++i) {
    if (notes[i].note.kind == sim::Note::Kind::ExpectPassed) ++passed;
    if (notes[i].note.kind == sim::Note::Kind::ExpectFailed) failed = &notes[i].note;
  }
  if (failed) {
    ImGui::TextColored(ImVec4(0.8f, 0.1f, 0.1f, 1), "Expectation failed (line %d): %s", failed->location.line,
                       failed->text.c_str());
    ImGui::TextWrapped("expected %s; got %s", failed->expected.c_str(), failed->actual.c_str());
  } else if (passed > 0) {
    ImGui::TextColored(ImVec4(0.1f, 0.5f, 0.2f, 1), "%zu expectation%s of the scenario held", passed,
                       passed == 1 ? "" : "s");
  }
  if (ImGui::IsWindowHovered() && visible > 0) {
    ImGui::BeginTooltip();
    for (std::size_t i = 0; i < visible; ++i) {
      const sim::Note& note = notes[i].note;
      if (note.kind == sim::Note::Kind::Say) continue;
      ImGui::Text("%s  line %d: %s  (%s)", note.kind == sim::Note::Kind::ExpectFailed ? "FAILED" : "ok",
                  note.location.line, note.text.c_str(), note.actual.c_str());
    }
    ImGui::EndTooltip();
  }
}

}  // namespace gui
