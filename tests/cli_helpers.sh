# Shared by the command-line test scripts (tests/sim/cli_test.sh,
# tests/gui/flags_test.sh, tests/experiments/experiment_cli_test.sh): source it after
# setting
#   program        the binary under test
#   program_name   how failures name it ("raftsim", "raftsim-gui")
#   work           a scratch folder (the last run's stdout and stderr go there)
#   fail_prefix    how a failure line starts ("FAIL [case]", "FAIL")
#   run_timeout    optional: seconds a run may take (0 or unset: no limit)
# and end with `finish NAME`.
failures=0

fail() {
  echo "$fail_prefix: $*"
  failures=$((failures + 1))
}

# run CODE ARGS...: runs the program with ARGS, keeps stdout and stderr, checks the exit code.
run() {
  local expected=$1
  shift
  timeout "${run_timeout:-0}" "$program" "$@" >"$work/out" 2>"$work/err"
  local code=$?
  if [ "$code" -ne "$expected" ]; then
    fail "$program_name $* exited $code, expected $expected"
    echo "--- stdout:"; head -c 4000 "$work/out"
    echo "--- stderr:"; head -c 4000 "$work/err"
  fi
}

# has STREAM TEXT: the last run printed TEXT (a fixed string) on STREAM (out or err).
has() {
  if ! grep -qF -- "$2" "$work/$1"; then
    fail "expected std$1 to contain: $2"
    echo "--- std$1:"; head -c 4000 "$work/$1"
  fi
}

# finish NAME: the script's last line; exit 1 with the count if any check failed.
finish() {
  if [ "$failures" -ne 0 ]; then
    echo "$1: $failures check(s) failed"
    exit 1
  fi
  echo "$1: ok"
}
