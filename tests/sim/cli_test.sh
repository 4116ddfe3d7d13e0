#!/usr/bin/env bash
# Command-line tests of raftsim, one case per ctest test:
#   cli_test.sh CASE RAFTSIM FIXTURES
# Each case runs raftsim, checks the exact exit code (0 passed, 1 an expectation
# failed, 2 bad input, 3 an invariant was violated) and what it printed.
set -uo pipefail

case_name=$1
raftsim=$2
fixtures=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

fail() {
  echo "FAIL [$case_name]: $*"
  failures=$((failures + 1))
}

# run CODE ARGS...: runs raftsim ARGS, keeps stdout and stderr, checks the exit code.
run() {
  local expected=$1
  shift
  "$raftsim" "$@" >"$work/out" 2>"$work/err"
  local code=$?
  if [ "$code" -ne "$expected" ]; then
    fail "raftsim $* exited $code, expected $expected"
    echo "--- stdout:"; cat "$work/out"
    echo "--- stderr:"; cat "$work/err"
  fi
}

# has STREAM TEXT: the last run printed TEXT (a fixed string) on STREAM (out or err).
has() {
  if ! grep -qF -- "$2" "$work/$1"; then
    fail "expected std$1 to contain: $2"
    echo "--- std$1:"; cat "$work/$1"
  fi
}

# bad_file NAME LINE COL MESSAGE HINT: the file is rejected with exit 2 and a located error.
bad_file() {
  local file=$fixtures/$1
  run 2 run "$file"
  has err "$file:$2:$3: error: $4"
  has err "  hint: $5"
  if [ -s "$work/out" ]; then fail "nothing should run for a bad file, but stdout has: $(head -3 "$work/out")"; fi
}

case $case_name in
  passes)
    run 0 run "$fixtures/lesson.scenario" --quiet
    has out "PASSED: 8 expectations held"
    ;;
  trace-is-byte-identical)
    run 0 run "$fixtures/lesson.scenario" --quiet --trace "$work/a.jsonl"
    run 0 run "$fixtures/lesson.scenario" --trace "$work/b.jsonl"
    run 0 run "$fixtures/lesson.scenario" --verbose --seed 42 --trace "$work/c.jsonl"
    cmp "$work/a.jsonl" "$work/b.jsonl" || fail "two runs of the same scenario and seed gave different traces"
    cmp "$work/a.jsonl" "$work/c.jsonl" || fail "--seed 42 (the file's own seed) gave a different trace"
    lines=$(wc -l <"$work/a.jsonl")
    [ "$lines" -gt 500 ] || fail "the trace has only $lines lines"
    head -1 "$work/a.jsonl" | grep -q '^{"kind":"run","file":' || fail "the first line is not the run's header: $(head -1 "$work/a.jsonl")"
    sed -n 2p "$work/a.jsonl" | grep -q '^{"seq":1,"t_us":' || fail "the second line is not record 1: $(sed -n 2p "$work/a.jsonl")"
    tail -1 "$work/a.jsonl" | grep -q '^{"kind":"result","status":"passed"' || fail "the last line is not the result: $(tail -1 "$work/a.jsonl")"
    grep -q '"kind":"expect-passed"' "$work/a.jsonl" || fail "the trace has no expectation results"
    ;;
  history-written)
    run 0 run "$fixtures/lesson.scenario" --quiet --history "$work/h.jsonl"
    head -1 "$work/h.jsonl" | grep -q '^{"op":1,"command":"' || fail "the history does not start with operation 1: $(head -1 "$work/h.jsonl")"
    grep -q '"outcome":"acknowledged"' "$work/h.jsonl" || fail "no acknowledged write in the history"
    run 2 run "$fixtures/lesson.scenario" --history "$work"
    has err "is a folder"
    ;;
  other-seed-other-trace)
    run 0 run "$fixtures/lesson.scenario" --quiet --trace "$work/a.jsonl"
    run 0 run "$fixtures/lesson.scenario" --seed 43 --trace "$work/b.jsonl"
    if cmp -s "$work/a.jsonl" "$work/b.jsonl"; then fail "seed 43 gave the same trace as seed 42"; fi
    has out "5 nodes, seed 43 (reproduce with: $raftsim run $fixtures/lesson.scenario --seed 43)"
    ;;
  expectation-fails)
    run 1 run "$fixtures/expect-fails.scenario"
    has out "$fixtures/expect-fails.scenario:5: expectation failed: expect leader"
    has out "  expected: one leader"
    has out "  actual:   no working leader"
    has out "n1: follower, term 0"
    has out "FAILED; reproduce with: $raftsim run $fixtures/expect-fails.scenario --seed 1"
    run 1 run "$fixtures/expect-fails.scenario" --quiet
    has out "expectation failed"
    ;;
  unknown-command)
    bad_file bad-unknown-command.scenario 3 1 "unknown command 'crsh'" "did you mean 'crash'?"
    ;;
  bad-duration)
    bad_file bad-duration.scenario 3 5 "expected a duration to run for, found '10' (no unit)" \
      "write a number with a unit: 500us, 150ms, 2s or 1.5s"
    ;;
  bad-percentage)
    bad_file bad-percentage.scenario 2 6 "expected a percentage, found '20'" "write a percentage such as 20% or 0.5%"
    ;;
  node-out-of-range)
    bad_file bad-node-out-of-range.scenario 3 7 "there is no node n4" "this cluster has nodes n1..n3"
    ;;
  missing-within)
    bad_file bad-missing-within.scenario 2 17 "expected 'within' here, found the end of the line" \
      "'run until' needs a time limit: run until leader within 2s"
    ;;
  unterminated-quote)
    bad_file bad-unterminated-quote.scenario 2 5 "this text has no closing double quote" 'end the text with "'
    ;;
  trailing-garbage)
    bad_file bad-trailing-garbage.scenario 2 6 "unexpected 'now' after the end of the command" \
      "remove it, or put a '#' before it to make it a comment"
    ;;
  setup-after-action)
    bad_file bad-setup-after-action.scenario 3 1 "'seed' configures the cluster and must come before the first action" \
      "move it to the top of the file"
    ;;
  duplicate-setup)
    bad_file bad-duplicate-setup.scenario 3 1 "'cluster' is given twice" "keep only one"
    ;;
  empty-file)
    bad_file empty.scenario 1 1 "this file has no commands" "a scenario is a text file of commands"
    ;;
  non-text-file)
    bad_file binary.scenario 1 10 "this is not a text file (it holds a NUL byte)" "a scenario is a text file of commands"
    ;;
  missing-file)
    run 2 run "$work/no-such.scenario"
    has err "$work/no-such.scenario: error: cannot open the scenario file: there is no such file"
    has err "  hint: check the spelling of the name and of its folders"
    ;;
  no-subcommand)
    run 2
    has err "raftsim: error: A subcommand is required"
    has err "hint:"
    ;;
  unknown-flag)
    run 2 --frobnicate
    has err "raftsim: error:"
    run 2 run "$fixtures/lesson.scenario" --frobnicate
    has err "raftsim: error: The following argument was not expected: --frobnicate"
    has err "hint: see 'raftsim run --help'"
    ;;
  unknown-run-flag)
    run 2 run
    has err "raftsim: error:"
    run 2 run "$fixtures/lesson.scenario" --seed notanumber
    has err "raftsim: error:"
    run 2 nosuchcommand
    has err "raftsim: error:"
    ;;
  bench-zero-nodes)
    run 2 bench --nodes 0
    has err "raftsim: error: --nodes: Value 0 not in range 1 to 1001"
    has err "hint: see 'raftsim bench --help'"
    run 2 bench --latency-min 5 --latency-max 1
    has err "a minimum is larger than its maximum"
    run 0 bench --nodes 3 --duration 2
    ;;
  trace-unwritable)
    run 2 run "$fixtures/lesson.scenario" --trace "$work/no/such/folder/trace.jsonl"
    has err "raftsim: error: cannot write the trace file"
    has err "hint:"
    ;;
  check-mixed)
    run 0 check "$fixtures/lesson.scenario"
    has out "PASS $fixtures/lesson.scenario"
    has out "1 passed, 0 failed"
    run 1 check "$fixtures/lesson.scenario" "$fixtures/expect-fails.scenario"
    has out "FAIL $fixtures/expect-fails.scenario"
    has out "reproduce with: $raftsim run $fixtures/expect-fails.scenario --seed 1"
    has out "1 passed, 1 failed"
    # The worst result decides the exit code: bad input (2) outranks a failed expectation (1).
    run 2 check "$fixtures/lesson.scenario" "$fixtures/expect-fails.scenario" "$fixtures/bad-duration.scenario"
    has out "FAIL $fixtures/bad-duration.scenario (bad file)"
    has out "$fixtures/bad-duration.scenario:3:5: error:"
    has out "1 passed, 2 failed"
    run 2 check "$work/missing.scenario"
    has out "$work/missing.scenario: error: no such file or folder"
    has out "  hint: check the spelling"
    mkdir -p "$work/empty-folder/sub"
    run 2 check "$work/empty-folder"
    has out "$work/empty-folder: error: this folder holds no .scenario files (its subfolders were searched too)"
    has out "  hint: name a folder of scenarios"
    has out "0 passed, 1 failed"
    ;;
  chaos-one-seed)
    run 0 chaos --seed 5
    has out "seed 5: passed"
    has out "1 passed, 0 failed"
    run 0 chaos --seeds 20 --first-seed 100 --nodes 3
    has out "20 passed, 0 failed"
    run 2 chaos --nodes 0
    ;;
  exit-codes-documented)
    # A violation (exit 3) cannot be provoked from the command line with a correct core;
    # the library tests prove each invariant check fires. Here: the codes are documented.
    for command in "" run check bench chaos; do
      run 0 $command --help
      has out "EXIT CODES"
      has out "  0  passed: every expectation held"
      has out "  1  an expectation failed"
      has out "  2  bad input"
      has out "  3  a safety invariant was violated"
      has out "  4  an output could not be written in full"
    done
    ;;
  *)
    fail "unknown case"
    ;;
esac

if [ "$failures" -ne 0 ]; then
  echo "$case_name: $failures check(s) failed"
  exit 1
fi
echo "$case_name: ok"
