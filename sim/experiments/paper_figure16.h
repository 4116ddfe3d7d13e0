// Reference data: the curves of Figure 16 of the Raft paper (Ongaro and Ousterhout,
// USENIX ATC 2014; the same figure is 9.8 in the dissertation), digitised by us from
// the vector figures in the dissertation's sources (ongardie/dissertation,
// leaderelection/benchmarks-randomness.svg and benchmarks-scale.svg): the time without
// a leader, in milliseconds, at which each curve reaches 0%, 5%, 10%, ..., 95%, 99% and
// 100% of its trials. The axis ticks of the SVG give the scale; the result agrees with
// the paper's text to the millisecond (150-155: median 287 ms; 150-200: worst 513 ms,
// we read 512; 12-24: worst 152 ms). The 150-150 line (100 trials) runs off the
// paper's axis; its upper end is as drawn.
#pragma once

#include <array>
#include <string_view>

namespace sim::experiments {

struct PaperCurve {
  const char* range;  // as the paper labels it, milliseconds
  std::array<int, 22> ms;  // at 0%, 5%, ..., 95%, then 99% and 100%
};

inline constexpr std::array<double, 22> kPaperCurveFractions = {
    0.00, 0.05, 0.10, 0.15, 0.20, 0.25, 0.30, 0.35, 0.40, 0.45, 0.50,
    0.55, 0.60, 0.65, 0.70, 0.75, 0.80, 0.85, 0.90, 0.95, 0.99, 1.00};

inline constexpr std::array<PaperCurve, 10> kPaperFigure16 = {{
    {"150-150", {9865, 17401, 19969, 24775, 27169, 28492, 31993, 34349, 36457, 38147, 41104, 45042, 50090, 54903, 57178,
                 60664, 66362, 77469, 84933, 121426, 527964, 527964}},
    {"150-151", {86, 287, 434, 571, 689, 737, 849, 896, 1021, 1063, 1199, 1342, 1475, 1629, 1779, 1943, 2238, 2543, 3132,
                 4007, 6013, 8231}},
    {"150-155", {85, 106, 119, 129, 143, 154, 244, 257, 267, 278, 287, 299, 308, 398, 419, 435, 453, 559, 609, 764, 1242,
                 2143}},
    {"150-175", {84, 102, 107, 111, 116, 121, 124, 129, 133, 137, 141, 145, 150, 155, 160, 164, 173, 263, 291, 314, 467,
                 610}},
    {"150-200", {87, 104, 110, 116, 120, 125, 129, 134, 138, 142, 146, 150, 154, 158, 162, 167, 172, 181, 194, 296, 352,
                 512}},
    {"150-300", {93, 115, 125, 132, 138, 144, 148, 155, 160, 164, 171, 177, 185, 192, 200, 208, 217, 229, 244, 265, 415,
                 603}},
    {"12-24", {15, 18, 20, 22, 23, 24, 26, 27, 28, 29, 30, 31, 33, 36, 39, 42, 45, 48, 53, 67, 87, 152}},
    {"25-50", {24, 29, 31, 32, 34, 35, 37, 38, 40, 41, 43, 45, 46, 48, 50, 52, 55, 63, 74, 83, 119, 276}},
    {"50-100", {37, 44, 48, 51, 54, 56, 59, 60, 62, 64, 67, 69, 71, 73, 77, 79, 84, 89, 96, 120, 169, 253}},
    {"100-200", {66, 78, 85, 92, 96, 100, 105, 108, 111, 116, 120, 124, 129, 133, 140, 145, 152, 159, 166, 182, 277,
                 335}},
    // 150-300 is drawn on both graphs of the figure; it is one curve, listed once.
}};

// The paper's curve for a range named like range_name() ("150-155"), or nullptr.
inline const PaperCurve* paper_curve(const std::string_view range) {
  for (const PaperCurve& curve : kPaperFigure16) {
    if (range == curve.range) return &curve;
  }
  return nullptr;
}

}  // namespace sim::experiments
