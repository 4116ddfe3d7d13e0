// Child processes of raftsim cluster and live-check: started with their standard error
// in a log file, signalled, and always reaped. A ChildProcess that goes out of scope
// while its process runs kills it (SIGKILL) and waits, so no test leaves a server behind.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace sim::live {

class ChildProcess {
 public:
  ChildProcess() = default;
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  ~ChildProcess();

  // Runs argv[0] with the arguments; its stdout and stderr go to the end of `log_path`.
  std::string start(const std::vector<std::string>& argv, const std::string& log_path);
  bool running();  // false once it has exited (reaps it)
  void signal(int signal_number);
  // SIGCONT (a paused process cannot handle SIGTERM), then one SIGTERM.
  void ask_to_stop();
  // Waits for it to exit until `deadline`, then SIGKILL; reaps it. Never signals twice:
  // a second SIGTERM could reach a node after its handler is gone and kill it mid-exit.
  void wait_or_kill(std::chrono::steady_clock::time_point deadline);
  pid_t pid() const { return pid_; }
  // How it ended, once it has: "exit 0", "killed by SIGKILL".
  const std::string& ending() const { return ending_; }
  std::optional<int> exit_code() const { return exit_code_; }

 private:
  void record_ending(int status);
  pid_t pid_ = -1;
  std::string ending_;
  std::optional<int> exit_code_;
};

// The path of the program now running (/proc/self/exe), to start more of itself.
std::string own_program();

}  // namespace sim::live
