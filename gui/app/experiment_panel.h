// The Experiment tab: Figure 16 of the Raft paper, live. A small leader-failover
// experiment runs in a worker thread (gui/model/live_experiment.h) while the tab draws
// the cumulative distribution of the time without a leader as it fills in, next to the
// paper's curve for the same timeout range (digitised, sim/experiments/paper_figure16.h).
#pragma once

#include "gui/app/panel.h"
#include "gui/model/live_experiment.h"

namespace gui {

class ExperimentPanel : public Panel {
 public:
  ExperimentPanel() : Panel("Experiment") {}
  void draw(const Frame& frame) override;
  // While trials run, and until their last result is on screen, the window must keep
  // redrawing (it otherwise sleeps until input when paused).
  bool wants_redraw() const { return experiment_.progress().running || !final_drawn_; }

 private:
  void start();
  void draw_chart(const Frame& frame, const LiveExperiment::Progress& progress, ImVec2 size) const;

  LiveExperiment experiment_;
  bool started_ = false;  // the first look at the tab starts a run
  bool final_drawn_ = true;  // the finished run's last state has been drawn
  int range_ = 5;         // index into the paper's ranges: 150-300 ms
  int servers_ = 5;
  int trials_ = 300;
  int pace_ = 1;          // index into kPaces
};

}  // namespace gui
