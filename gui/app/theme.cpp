#include "gui/app/theme.h"

#include "gui/model/text_scale.h"

#include <backends/imgui_impl_opengl3.h>

#include <algorithm>
#include <cmath>
#include <fstream>

namespace gui {

namespace {

constexpr const char* kFontPaths[] = {
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
};
constexpr const char* kBoldFontPaths[] = {
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf",
};

const char* first_existing(const char* const* paths, std::size_t count) {
  for (std::size_t i = 0; i < count; ++i) {
    if (std::ifstream(paths[i]).good()) return paths[i];
  }
  return nullptr;
}

}  // namespace

ImU32 Theme::role(raft::Role r) const {
  switch (r) {
    case raft::Role::Follower: return follower;
    case raft::Role::Candidate: return candidate;
    case raft::Role::PreCandidate: return pre_candidate;
    case raft::Role::Leader: return leader;
  }
  return follower;
}

ImU32 Theme::message(MessageKind kind) const {
  const Rgb colour = message_style(kind).colour;
  return IM_COL32(colour.r, colour.g, colour.b, 255);
}

ImU32 Theme::term(raft::Term t) const {
  static constexpr ImU32 kPalette[] = {
      IM_COL32(174, 199, 232, 255), IM_COL32(255, 187, 120, 255), IM_COL32(152, 223, 138, 255),
      IM_COL32(255, 152, 150, 255), IM_COL32(197, 176, 213, 255), IM_COL32(196, 156, 148, 255),
      IM_COL32(247, 182, 210, 255), IM_COL32(219, 219, 141, 255), IM_COL32(158, 218, 229, 255),
      IM_COL32(199, 199, 199, 255),
  };
  return kPalette[t % (sizeof kPalette / sizeof kPalette[0])];
}

ImU32 Theme::group(int g) const {
  static constexpr ImU32 kGroups[] = {
      IM_COL32(226, 236, 250, 255), IM_COL32(253, 236, 206, 255), IM_COL32(222, 244, 222, 255),
      IM_COL32(246, 224, 240, 255), IM_COL32(236, 236, 210, 255),
  };
  return kGroups[static_cast<std::size_t>(g) % (sizeof kGroups / sizeof kGroups[0])];
}

bool Theme::update(int window_width, int window_height, float zoom, float lines_min) {
  const float wanted = text_scale(window_width, window_height, zoom, lines_min);
  if (regular != nullptr && wanted == scale) return false;
  scale = wanted;
  font_size = std::round(18.0f * scale);

  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  const char* path = first_existing(kFontPaths, std::size(kFontPaths));
  const char* bold = first_existing(kBoldFontPaths, std::size(kBoldFontPaths));
  have_ttf = path != nullptr;
  if (have_ttf) {
    ImFontConfig config;
    config.OversampleH = 2;
    regular = io.Fonts->AddFontFromFileTTF(path, font_size, &config);
    large = io.Fonts->AddFontFromFileTTF(bold ? bold : path, std::round(font_size * 1.6f), &config);
  } else {
    // No TTF: ImGui's own font, scaled (blurrier, but always there).
    ImFontConfig config;
    config.SizePixels = std::round(13.0f * scale);
    regular = io.Fonts->AddFontDefault(&config);
    config.SizePixels = std::round(13.0f * scale * 1.6f);
    large = io.Fonts->AddFontDefault(&config);
    font_size = std::round(13.0f * scale);
  }
  if (io.BackendRendererUserData != nullptr) {  // an OpenGL backend is up (not in tests)
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
  } else {
    unsigned char* pixels = nullptr;
    int width = 0, height = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);  // builds the atlas
  }

  ImGuiStyle& style = ImGui::GetStyle();
  style = ImGuiStyle();
  ImGui::StyleColorsLight(&style);
  style.WindowRounding = 4.0f;
  style.FrameRounding = 3.0f;
  style.WindowBorderSize = 1.0f;
  style.FramePadding = ImVec2(6, 4);
  style.ItemSpacing = ImVec2(8, 6);
  style.ScaleAllSizes(scale);
  // Windows leave their background to glClear (see clear_colour): under software
  // OpenGL, filling every window's background each frame is the largest single cost.
  style.Colors[ImGuiCol_WindowBg] = ImVec4(0, 0, 0, 0);
  style.Colors[ImGuiCol_FrameBg] = ImVec4(0.88f, 0.89f, 0.91f, 1.0f);  // fields stand out on the light page
  style.Colors[ImGuiCol_PopupBg] = ImVec4(0.99f, 0.99f, 0.98f, 0.98f);
  style.Colors[ImGuiCol_TitleBgActive] = ImVec4(0.82f, 0.86f, 0.93f, 1.0f);
  style.Colors[ImGuiCol_TitleBg] = ImVec4(0.88f, 0.90f, 0.94f, 1.0f);
  return true;
}

}  // namespace gui
