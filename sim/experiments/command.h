// `raftsim experiment NAME`: the command line of the experiments (leader-failover,
// cluster-size, split-votes). main.cpp registers it with one call and runs it with
// another; everything else about the command lives here.
//
// Exit codes: 0 done; 2 bad input (nothing is run); 3 a trial violated a safety
// invariant; 4 the trials ran and their files were written, but the charts could not
// be drawn (gnuplot missing or failing); 5 some trials could not set up the stage.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>

namespace sim::experiments {

struct CommandOptions {
  std::string ranges;           // leader-failover: "150-155,12-24"; empty = the paper's
  std::string sizes = "3,5,7,9,11,15,21,31,41,51";  // cluster-size
  std::string range = "150-300";                       // cluster-size
  std::string spreads = "0,1,2,3,5,10,15,20,30,50,75,100,150";  // split-votes, ms above 150
  int trials = 1000;
  int nodes = 5;
  int jobs = 0;  // 0: one per core
  std::uint64_t seed = 1;
  double latency_min_ms = 5;
  double latency_max_ms = 10;
  double give_up_seconds = 600;
  double timer_jitter_ms = 0;  // off: exact timers
  std::string csv;
  std::string out = "experiment-out";
  bool equal_logs = false;
  bool no_charts = false;
  bool quiet = false;
};

// Adds the `experiment` command and its subcommands to `app`; returns it.
CLI::App* add_experiment_command(CLI::App& app, CommandOptions& options);
// Runs the subcommand that was parsed; returns the exit code.
int run_experiment_command(const CLI::App& command, const CommandOptions& options);

}  // namespace sim::experiments
