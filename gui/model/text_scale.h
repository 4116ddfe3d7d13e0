// The app's one scale factor: how large the text is for a window and a zoom. Every
// other size (nodes, markers, log cells, captions, widgets) derives from it, so this
// decides whether a zoom does anything. Pure arithmetic, tested without a window.
#pragma once

namespace gui {

// The text's scale (1.0: 18 px) for a window, a zoom and the least number of lines of
// text the window must hold. The window's size sets it (18 px at 1500x950), the zoom
// multiplies it, and it never grows past a `lines_min`-th of the window's height: past
// that, the drawing would have to shrink to make room for the text. Steps of 1/8, so
// that resizing does not rebuild the font atlas every frame.
float text_scale(int window_width, int window_height, float zoom, float lines_min);

// The least number of lines of text a layout needs the window to hold. The classroom
// layout stacks the toolbar, the cluster, its caption and the logs beside the side
// panels: 40 lines. Lecture mode has no side panels, and on a wide window its cluster
// and logs stand side by side, so the text may grow further: 32 lines (23 px at
// 1280x720, 34 px at 1920x1080), where 5 nodes are still as large as at zoom 1, 9
// give an eighth of their size to the text, and the toolbar keeps to one row at
// 1280 px. A crowd (more than 9 nodes) keeps 40: its 25 log rows and its ring of small
// nodes have no room for larger text; so does a narrow window, whose cluster and logs
// are stacked.
inline constexpr float kLinesMinClassroom = 40.0f;
inline constexpr float kLinesMinLecture = 32.0f;
// Lecture mode puts the cluster and the logs side by side for a crowd and on a wide
// window (at least 3:2, a projector's 16:9), one above the other otherwise.
inline bool lecture_side_by_side(int window_width, int window_height, int nodes) {
  return nodes > 9 || static_cast<float>(window_width) >= static_cast<float>(window_height) * 1.5f;
}
inline float lines_min(bool lecture, int window_width, int window_height, int nodes) {
  const bool roomy = lecture && nodes <= 9 && lecture_side_by_side(window_width, window_height, nodes);
  return roomy ? kLinesMinLecture : kLinesMinClassroom;
}

}  // namespace gui
