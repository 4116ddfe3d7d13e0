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
program=$raftsim
program_name=raftsim
fail_prefix="FAIL [$case_name]"
source "$(dirname "$0")/../cli_helpers.sh"

# bad_file NAME LINE COL MESSAGE HINT: the file is rejected with exit 2 and a located error.
bad_file() {
  local file=$fixtures/$1
  run 2 run "$file"
  has err "$file:$2:$3: error: $4"
  has err "  hint: $5"
  if [ -s "$work/out" ]; then fail "nothing should run for a bad file, but stdout has: $(head -3 "$work/out")"; fi
}

# bad_text NAME LINE COL MESSAGE HINT: a scenario written from printf's format NAME's
# text (in $text) is rejected with exit 2 and a located error; nothing runs.
bad_text() {
  printf "$text" >"$work/$1.scenario"
  run 2 run "$work/$1.scenario"
  has err "$work/$1.scenario:$2:$3: error: $4"
  has err "  hint: $5"
  if [ -s "$work/out" ]; then fail "nothing should run for a bad file, but stdout has: $(head -3 "$work/out")"; fi
}

# as_user ARGS...: runs raftsim as an unprivileged user (root reads every file, so a
# permission test must drop root); the work folder is opened to that user.
as_user() {
  chmod 755 "$work"
  if [ "$(id -u)" -eq 0 ]; then
    setpriv --reuid=nobody --regid=nogroup --clear-groups "$raftsim" "$@" >"$work/out" 2>"$work/err"
  else
    "$raftsim" "$@" >"$work/out" 2>"$work/err"
  fi
  echo $?
}

# peak_kb CMD...: the peak memory of a command, in KB (GNU time); its output is kept.
peak_kb() {
  /usr/bin/time -f "%M" -o "$work/peak" "$@" >"$work/out" 2>"$work/err"
  tail -1 "$work/peak"
}

# no_raw_control STREAM: the last run printed no control byte other than newline.
no_raw_control() {
  if LC_ALL=C grep -q "$(printf '[\001-\011\013-\037\177]')" "$work/$1"; then
    fail "std$1 holds a raw control character: $(cat -v "$work/$1" | head -3)"
  fi
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
    head -1 "$work/h.jsonl" | grep -q '"kind":"write","key":"' || fail "no kind, key and value: $(head -1 "$work/h.jsonl")"
    run 0 lincheck "$work/h.jsonl"
    has out "$work/h.jsonl: linearizable"
    run 2 run "$fixtures/lesson.scenario" --history "$work"
    has err "is a folder"
    ;;
  run-judges-history)
    # Every run ends with the checker's verdict on the client's history, in memory.
    run 0 run "$fixtures/lesson.scenario" --quiet
    has out "linearizability: linearizable"
    run 0 check "$fixtures/lesson.scenario"
    has out "1 passed, 0 failed"
    ;;
  lincheck-verdicts)
    w='{"op":%d,"command":"%s","invoked_us":%d,"outcome":"acknowledged","completed_us":%d}\n'
    r='{"op":%d,"kind":"read","key":"x","value":%s,"invoked_us":%d,"outcome":"acknowledged","completed_us":%d}\n'
    printf "$w$r" 1 x=1 0 10 2 '"1"' 20 30 >"$work/good.jsonl"
    run 0 lincheck "$work/good.jsonl"
    has out "$work/good.jsonl: linearizable"
    # A stale read: the value before a write that had finished.
    printf "$w$w$r" 1 x=1 0 10 2 x=2 20 30 3 '"1"' 40 50 >"$work/stale.jsonl"
    run 3 lincheck "$work/stale.jsonl"
    has out "NOT LINEARIZABLE: on key x, these 3 operations cannot be ordered: no order that respects real time"
    has out "  op 3  client 1  read x -> 1  invoked 40us, answered 50us  (line 3)"
    has out "the search got no further than the answer to op 3 at 50us"
    # The unknown write may be left out, or have taken effect.
    printf "$w"'{"op":2,"command":"x=2","invoked_us":20,"outcome":"unknown"}\n'"$r$r" 1 x=1 0 10 3 '"1"' 30 40 \
      4 '"2"' 50 60 >"$work/unknown.jsonl"
    run 0 lincheck "$work/unknown.jsonl"
    # Out of budget: neither verdict, exit 5.
    run 5 lincheck "$work/stale.jsonl" --max-steps 2
    has out "undecided: the search on key x ran out of its budget"
    ;;
  lincheck-bad-input)
    printf '{"op":1,"command":"x=1","invoked_us":0,"outcome":"acknowledged","completed_us":5}\n{"op":2,\n' >"$work/cut.jsonl"
    run 2 lincheck "$work/cut.jsonl"
    has err "$work/cut.jsonl:2:9: error: not valid JSON"
    has err "  hint: each line is one operation"
    printf '{"op":1,"command":"x=1","invoked_us":0,"outcome":"maybe"}\n' >"$work/outcome.jsonl"
    run 2 lincheck "$work/outcome.jsonl"
    has err "$work/outcome.jsonl:1:40: error: unknown outcome 'maybe'"
    run 2 lincheck "$work/missing.jsonl"
    has err "$work/missing.jsonl: error: cannot open the history file: there is no such file"
    run 2 lincheck "$work"
    has err "this is a folder, not a history file"
    run 2 lincheck /dev/zero
    has err "/dev/zero:1:1: error: this is not a text file (it holds a NUL byte)"
    # A key with control characters is escaped in the report, never printed raw.
    printf '{"op":1,"kind":"read","key":"\\u001b[31mx","value":"1","invoked_us":0,"outcome":"acknowledged","completed_us":5}\n' \
      >"$work/escape.jsonl"
    run 3 lincheck "$work/escape.jsonl"
    has out 'read \x1B[31mx -> 1'
    if grep -q $'\x1b' "$work/out"; then fail "an escape character was printed raw"; fi
    ;;
  bench-lincheck)
    run 0 bench-lincheck --operations 1000 --operations 2000
    has out "     1000 operations: linearizable in "
    has out "     2000 operations: linearizable in "
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
    text='cluster 3\nprevote off\nnoop off\nprevote on\n'
    bad_text twice-option 4 1 "'prevote' is given twice" "keep only one"
    ;;
  option-flags)
    # noop / prevote / check-quorum: in a file (on|off only), and --noop etc. over it.
    text='cluster 3\nnoop maybe\n'
    bad_text bad-option 2 6 "expected on or off, found 'maybe'" "for example: noop off"
    text='cluster 3\nrun 1s\ncheck-quorum off\n'
    bad_text late-option 3 1 "'check-quorum' configures the cluster and must come before the first action" "move it to the top of the file"
    run 2 run "$fixtures/../../../scenarios/16-noop.scenario" --noop maybe
    has err "--noop"
    run 0 run "$fixtures/../../../scenarios/16-noop.scenario" --quiet
    run 1 run "$fixtures/../../../scenarios/16-noop.scenario" --noop off --quiet
    has out "reproduce with: "
    has out " --noop off"
    run 0 run "$fixtures/../../../scenarios/16-noop.scenario"
    has out "); noop on, prevote on, check-quorum on"
    run 0 chaos --seed 3 --prevote off --check-quorum on --noop on
    has out "noop on, prevote off, check-quorum on"
    run 0 bench --duration 5 --noop off --prevote off --check-quorum off
    has out "options: noop off, prevote off, check-quorum off"
    # The no-op and check-quorum are on by default, pre-vote off (docs/architecture.md).
    run 0 bench --duration 5
    has out "options: noop on, prevote off, check-quorum on"
    run 0 bench --help
    has out "on or off (default on)"
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
    # A huge or hostile argument is echoed escaped and shortened.
    run 2 run "$fixtures/lesson.scenario" "--$(head -c 100000 /dev/zero | tr '\0' x)"
    [ "$(wc -c <"$work/err")" -lt 500 ] || fail "a 100 kB argument was echoed whole: $(wc -c <"$work/err") bytes"
    run 2 "$(printf 'x\033[2J')"
    has err "unknown command 'x\x1B[2J'"
    no_raw_control err
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
    # The codes are documented in every --help. (With a correct core a violation, exit 3,
    # is provoked only by a named bug: see bug-flags.)
    for command in "" run check bench chaos lincheck; do
      run 0 $command --help
      has out "EXIT CODES"
      has out "  0  passed: every expectation held"
      has out "  1  an expectation failed"
      has out "  2  bad input"
      has out "  3  a safety invariant was violated"
      has out "  4  an output could not be written in full"
      has out "  5  the linearizability checker ran out of its search budget"
    done
    ;;
  invalid-utf8-and-control-text)
    # Latin-1 "café" in narration, with --trace: refused where it is (once a crash).
    text='cluster 3\nsay "caf\351"\nrun 1s\n'
    bad_text latin1 2 9 "this text is not valid UTF-8 (byte 0xE9)" "save the file as UTF-8"
    run 2 run "$work/latin1.scenario" --trace "$work/t.jsonl"
    # An escape sequence in narration or outside quotes: refused, never printed raw.
    text='cluster 3\nsay "\033[31mred"\nrun 1s\n'
    bad_text escape 2 6 "unexpected control character (byte 0x1B)" "remove it: a scenario holds printable text only"
    no_raw_control err
    text='cluster 3\ncrash\033[2J n1\n'
    bad_text escape-word 2 6 "unexpected control character (byte 0x1B)" "remove it"
    # Valid UTF-8 runs, and reaches the trace as it is.
    printf 'cluster 3\nsay "caf\303\251 \342\200\224 ok"\nrun 1s\n' >"$work/utf8.scenario"
    run 0 run "$work/utf8.scenario" --trace "$work/u.jsonl"
    has out "» café — ok"
    grep -qF '"reason":"café — ok"' "$work/u.jsonl" || fail "the trace lost the narration: $(grep say "$work/u.jsonl")"
    ;;
  odd-file-names)
    # A file name holding 0xFF and ESC bytes: runs (once a crash even without --trace);
    # the terminal sees it escaped, the trace sees valid JSON.
    odd="$work/$(printf 'odd\377\033name').scenario"
    cp "$fixtures/lesson.scenario" "$odd"
    run 0 run "$odd"
    has out 'odd\xFF\x1Bname.scenario: 5 nodes'
    no_raw_control out
    run 0 run "$odd" --quiet --trace "$work/odd.jsonl"
    head -1 "$work/odd.jsonl" | grep -qF '"file":' || fail "no header in the trace"
    python3 -c 'import json,sys; [json.loads(line) for line in open(sys.argv[1], encoding="utf-8")]' "$work/odd.jsonl" ||
      fail "the trace is not valid UTF-8 JSON Lines"
    run 0 check "$odd"
    has out 'PASS '"$work"'/odd\xFF\x1Bname.scenario'
    ;;
  unreadable-files-and-folders)
    mkdir -p "$work/tree/ok" "$work/tree/locked"
    cp "$fixtures/lesson.scenario" "$work/tree/ok/a.scenario"
    cp "$fixtures/lesson.scenario" "$work/tree/locked/b.scenario"
    cp "$fixtures/lesson.scenario" "$work/secret.scenario"
    chmod -R a+rX "$work/tree"
    chmod 000 "$work/tree/locked" "$work/secret.scenario"
    code=$(as_user check "$work/tree")
    [ "$code" -eq 2 ] || fail "check on a folder with an unreadable subfolder exited $code, expected 2"
    has out "FAIL $work/tree/locked"
    has out "$work/tree/locked: error: cannot read this folder: Permission denied"
    has out "  hint: make it readable (chmod u+rx FOLDER)"
    has out "PASS $work/tree/ok/a.scenario"
    has out "1 passed, 1 failed"
    code=$(as_user run "$work/secret.scenario")
    [ "$code" -eq 2 ] || fail "an unreadable scenario exited $code, expected 2"
    has err "$work/secret.scenario: error: cannot open the scenario file: permission denied"
    has err "  hint: you may not read this file: make it readable (chmod u+r FILE)"
    chmod 755 "$work/tree/locked"
    ;;
  huge-inputs-bounded)
    # Each is refused at its first byte past a limit, in bounded memory (GNU time's peak
    # resident memory, under 200 MB even with AddressSanitizer; once 2.1 GB, 993 MB and without end).
    [ "$(peak_kb timeout 20 "$raftsim" run /dev/zero)" -lt 200000 ] || fail "/dev/zero took too much memory"
    has err "/dev/zero:1:1: error: this is not a text file (it holds a NUL byte)"
    head -c 1100000 /dev/zero | tr '\0' '#' | fold -w 100 >"$work/big.scenario"
    [ "$(peak_kb "$raftsim" run "$work/big.scenario")" -lt 200000 ] || fail "a 1.1 MB file took too much memory"
    has err "error: this file is larger than the limit of 1048576 bytes (1 MiB)"
    has err "  hint: a scenario is a short script"
    [ "$(peak_kb timeout 20 bash -c "yes '# a comment' | \"$raftsim\" run /dev/stdin")" -lt 200000 ] || fail "an endless pipe took too much memory"
    has err "error: this file is larger than the limit of 1048576 bytes (1 MiB)"
    { echo "cluster 3"; head -c 10000000 /dev/zero | tr '\0' ','; echo; } >"$work/commas.scenario"
    [ "$(peak_kb "$raftsim" run "$work/commas.scenario")" -lt 200000 ] || fail "a 10 MB line took too much memory"
    has err "$work/commas.scenario:2:4097: error: this line is longer than the limit of 4096 bytes"
    { echo "cluster 3"; head -c 300 /dev/zero | tr '\0' 'x'; echo; } >"$work/word.scenario"
    run 2 run "$work/word.scenario"
    has err "$work/word.scenario:2:1: error: this word is 300 bytes long, more than the limit of 256"
    has err "xxxxxxxxxxxxxxxxxxxx... (300 bytes)"
    [ "$(wc -c <"$work/err")" -lt 400 ] || fail "a long word was echoed back whole: $(wc -c <"$work/err") bytes"
    ;;
  write-limits)
    # Fifty streams of 100000 writes each: refused at the first line that passes the
    # limit (once 1.9 GB of scheduled writes before anything ran).
    { echo "cluster 5"; for i in $(seq 1 50); do echo "stream k$i 1000/s for 100s"; done; echo "run 1s"; } >"$work/streams.scenario"
    run 2 run "$work/streams.scenario"
    has err "$work/streams.scenario:2:22: error: this stream would make more client writes than the limit of 50000 for 5 nodes"
    has err "  hint: write less often, or for a shorter time (the limit is 250000 log entries in all, writes times nodes)"
    { echo "cluster 5"; for i in $(seq 1 50); do echo "stream k$i 100/s for 100s"; done; echo "run 1s"; } >"$work/streams.scenario"
    run 2 run "$work/streams.scenario"
    has err "$work/streams.scenario:7:1: error: with this line the scenario makes more client writes and reads than the limit of 50000 for 5 nodes"
    printf 'cluster 1001\nstream k 10000/s for 1s\n' >"$work/wide.scenario"
    run 2 run "$work/wide.scenario"
    has err "$work/wide.scenario:2:22: error: this stream would make more client writes than the limit of 249 for 1001 nodes"
    run 2 bench --duration 1000000 --write-interval 1
    has err "raftsim: error: this benchmark would make 1000000000 client writes on 5 nodes, more than the limit of 50000"
    has err "  hint: lengthen --write-interval or shorten --duration"
    run 2 bench --nodes 1001 --duration 100000 --write-interval 1000000
    has err "raftsim: error: this benchmark would fire about 4002300300 events, more than the limit of 10000000"
    has err "  hint: shorten --duration"
    ;;
  event-limit)
    # The largest cluster for the longest run: refused before any work, at its line
    # (it once ran for hours). The same limit as bench's, from the same estimate.
    printf 'cluster 1001\nsay "a day of a thousand servers"\nrun 100000s\n' >"$work/day.scenario"
    run 2 run "$work/day.scenario"
    has err "$work/day.scenario:3:1: error: with this line the scenario would fire about 4002000000 events, more than the limit of 10000000 (1001 nodes, 100000s of virtual time, 0 writes, 0 steps, repeats counted)"
    has err "  hint: run for less time in all"
    [ ! -s "$work/out" ] || fail "something ran: $(head -c 200 "$work/out")"
    run 2 check "$work/day.scenario"
    has out "FAIL $work/day.scenario (bad file)"
    ;;
  outputs-checked)
    cp "$fixtures/lesson.scenario" "$work/lesson.scenario"
    # A full device: exit 4, said loudly (once exit 0 with nothing written).
    run 4 run "$work/lesson.scenario" --quiet --trace /dev/full
    has err "raftsim: error: writing the trace file '/dev/full' failed: No space left on device"
    has err "hint:"
    run 4 run "$work/lesson.scenario" --quiet --history /dev/full
    has err "raftsim: error: writing the history file '/dev/full' failed: No space left on device"
    "$raftsim" run "$work/lesson.scenario" >/dev/full 2>"$work/err"
    [ $? -eq 4 ] || fail "a full standard output did not give exit code 4"
    has err "raftsim: error: writing to standard output failed"
    "$raftsim" check "$work/lesson.scenario" >/dev/full 2>"$work/err"
    [ $? -eq 4 ] || fail "check to a full standard output did not give exit code 4"
    # The trace may not overwrite the scenario, nor share a file with the history.
    run 2 run "$work/lesson.scenario" --trace "$work/lesson.scenario"
    has err "raftsim: error: the trace file '$work/lesson.scenario' is the scenario file"
    has err "  hint: name a different file for the trace; writing it would destroy the scenario"
    cmp -s "$work/lesson.scenario" "$fixtures/lesson.scenario" || fail "the scenario was overwritten"
    run 2 run "$work/lesson.scenario" --trace "$work/same.jsonl" --history "$work/./same.jsonl"
    has err "raftsim: error: the history file '$work/./same.jsonl' is the trace file"
    [ ! -e "$work/same.jsonl" ] || fail "a file was written although nothing ran"
    run 2 run "$work/lesson.scenario" --history "$work/lesson.scenario"
    has err "is the scenario file"
    # Devices may be named twice.
    run 0 run "$work/lesson.scenario" --quiet --trace /dev/null --history /dev/null
    ;;
  seed-range)
    printf 'seed 18446744073709551615\nrun 100ms\n' >"$work/big-seed.scenario"
    run 0 run "$work/big-seed.scenario"
    has out "seed 18446744073709551615 (reproduce with"
    run 0 run "$work/big-seed.scenario" --quiet --seed 18446744073709551615
    text='seed 18446744073709551616\nrun 1s\n'
    bad_text too-big-seed 1 6 "a seed is a whole number from 0 to 18446744073709551615, not '18446744073709551616'" \
      "for example: seed 42"
    text='seed -1\nrun 1s\n'
    bad_text negative-seed 1 6 "a seed is a whole number from 0 to 18446744073709551615, not '-1'" "for example: seed 42"
    for bad in -1 18446744073709551616 x; do
      run 2 run "$work/big-seed.scenario" --seed "$bad"
      has err "raftsim: error: --seed: a seed is a whole number from 0 to 18446744073709551615, not '$bad'"
      run 2 chaos --first-seed "$bad"
      has err "a seed is a whole number from 0 to 18446744073709551615"
    done
    run 2 chaos --first-seed 18446744073709551615 --seeds 2
    has err "runs past the largest seed, 18446744073709551615"
    has err "hint:"
    ;;
  small-cases)
    text='run 999999999s\n'
    bad_text long-run 1 5 "the duration '999999999s' is too long" "a duration is at most 100000s"
    text='run 999999999999999s\n'
    bad_text longer-run 1 5 "the duration '999999999999999s' is too long" "a duration is at most 100000s"
    text='cluster x\n'
    bad_text cluster-word 1 9 "expected a cluster size (a whole number), found 'x'" "write a whole number from 1 to 1001"
    text='cluster 1002\n'
    bad_text cluster-big 1 9 "a cluster size must be between 1 and 1001, found 1002" "write a whole number from 1 to 1001"
    text='heartbeat 0ms\n'
    bad_text heartbeat-zero 1 11 "the heartbeat interval must be longer than zero" \
      "a leader sends heartbeats a fraction of the election timeout apart, for example: heartbeat 50ms"
    text='crash n01\n'
    bad_text leading-zero 1 7 "a node's number has no leading zero, found 'n01'" "write n1"
    text='write x=1=2\n'
    bad_text two-equals 1 7 "expected key=value, found 'x=1=2'" "a value is key=value with one '=' and no spaces"
    text='# made on an old Mac\rcluster 3\rrun 1s\r'
    bad_text cr-only 1 21 "a carriage return in the middle of a line" \
      "this file seems to have CR-only (classic Mac) line endings"
    printf 'cluster 3\r\nrun 1s\r\n' >"$work/crlf.scenario"
    run 0 run "$work/crlf.scenario" --quiet
    ;;
  heartbeat-warning)
    # The same warning from run and from bench (run once said nothing).
    printf 'heartbeat 10s\nrun 1s\n' >"$work/slow-heartbeat.scenario"
    run 0 run "$work/slow-heartbeat.scenario" --quiet
    has err "raftsim: warning: the heartbeat (10s) is not shorter than the shortest election timeout (150ms): followers will keep starting elections"
    has err "  hint: make the heartbeat a fraction of the election timeout"
    run 0 bench --heartbeat 10000 --duration 1
    has err "raftsim: warning: the heartbeat (10s) is not shorter than the shortest election timeout (150ms): followers will keep starting elections"
    run 0 run "$fixtures/lesson.scenario" --quiet
    [ ! -s "$work/err" ] || fail "a warning for a good configuration: $(cat "$work/err")"
    ;;
  help-reads-like-a-man-page)
    for command in run check bench chaos; do
      run 0 "$command" --help
      for raw in "FLOAT" "INT" "UINT" "TEXT" "NUMBER" " AND " "[0.001 - 1e+06]"; do
        if grep -qF -- "$raw" "$work/out"; then fail "'$command --help' shows CLI11's raw '$raw': $(grep -F -- "$raw" "$work/out")"; fi
      done
    done
    run 0 bench --help
    has out "--duration SECONDS          Virtual time to simulate, in seconds, from 0.001 to 1000000 (default 3600)"
    has out "Time between two client writes, in milliseconds, from 1 to 1000000 (default 100)"
    has out "--nodes N                   Cluster size, from 1 to 1001 (default 5)"
    has out "LIMITS"
    run 0 chaos --help
    has out "Run N seeds, from --first-seed on; N from 1 to 10000000 (default 1)"
    run 0 run --help
    has out "--seed SEED                 Run with this seed instead of the file's, from 0 to 18446744073709551615"
    ;;
  progress-on-a-terminal-only)
    # Piped: not a byte of progress.
    run 0 chaos --seeds 3 --nodes 3
    [ ! -s "$work/err" ] || fail "chaos printed progress into a pipe: $(cat -v "$work/err")"
    run 0 bench --duration 10
    [ ! -s "$work/err" ] || fail "bench printed progress into a pipe: $(cat -v "$work/err")"
    # On a terminal (script gives it one): a progress line, erased before the result.
    script -qec "$raftsim chaos --seeds 3 --nodes 3" /dev/null </dev/null >"$work/tty" 2>&1
    grep -qF "chaos: seed 1, 0 of 3 done, 0 failed" "$work/tty" || fail "no chaos progress on a terminal: $(cat -v "$work/tty")"
    grep -qF "3 passed, 0 failed" "$work/tty" || fail "no chaos result on a terminal"
    script -qec "$raftsim bench --duration 100" /dev/null </dev/null >"$work/tty" 2>&1
    grep -qF "bench: 1s of 100s virtual (1%)" "$work/tty" || fail "no bench progress on a terminal: $(cat -v "$work/tty")"
    ;;
  trace-doc-example)
    # docs/trace.md's first and last lines are those of the run it names.
    docs=$fixtures/../../../docs/trace.md
    header=$(grep -m1 '^{"kind":"run"' "$docs")
    result=$(grep -m1 '^{"kind":"result"' "$docs")
    file=$(echo "$header" | sed 's/.*"file":"\([^"]*\)".*/\1/')
    (cd "$fixtures/../../.." && "$raftsim" run "$file" --quiet --trace "$work/doc.jsonl" >/dev/null) ||
      fail "the scenario of docs/trace.md did not pass"
    [ "$(head -1 "$work/doc.jsonl")" = "$header" ] || fail "docs/trace.md's header is not the run's: $(head -1 "$work/doc.jsonl")"
    [ "$(tail -1 "$work/doc.jsonl")" = "$result" ] || fail "docs/trace.md's result is not the run's: $(tail -1 "$work/doc.jsonl")"
    ;;
  bugs-listed)
    # `raftsim bugs`: one line per named bug, with what it does wrong and the rule.
    run 0 bugs
    [ "$(wc -l <"$work/out")" -ge 25 ] || fail "raftsim bugs lists fewer than 25 bugs"
    has out "vote-twice"
    has out "grants a second vote in a term it already voted in [RequestVote receiver 2 (5.2)]"
    has out "commit-old-term-by-count"
    ;;
  bug-flags)
    # --bug on run, chaos and bench; an unknown name is bad input with a did-you-mean hint.
    run 2 chaos --seed 1 --bug vote-twise
    has err "unknown bug 'vote-twise'; did you mean 'vote-twice'?"
    run 2 run "$fixtures/lesson.scenario" --bug nonsense
    has err "unknown bug 'nonsense'"
    run 2 bench --duration 1 --bug vote-twise
    run 3 chaos --seed 1 --bug vote-not-restored
    has out "INVARIANT VIOLATED: One Vote Per Term"
    has out "lost that vote when it restarted"
    has out "reproduce with: raftsim chaos --seed 1 --bug vote-not-restored"
    run 1 chaos --seed 1 --bug no-timer-reset-on-heartbeat
    has out "liveness: no leader kept its term"
    run 0 chaos --seed 1
    run 0 bench --duration 1 --bug vote-twice
    printf 'cluster 3\nbug vote-twice on n2\nrun 1s\nexpect leader\n' >"$work/bug.scenario"
    run 0 run "$work/bug.scenario"
    has out "bug vote-twice switched on for n2"
    printf 'cluster 3\nbug vote-twise\n' >"$work/bad-bug.scenario"
    run 2 run "$work/bad-bug.scenario"
    has err "bad-bug.scenario:2:5: error: unknown bug 'vote-twise'"
    has err "did you mean 'vote-twice'?"
    ;;
  chaos-trace)
    # chaos --seed N --trace FILE: the failing seed's every event, then its result.
    run 3 chaos --seed 1 --bug vote-not-restored --trace "$work/chaos.jsonl"
    head -1 "$work/chaos.jsonl" | grep -qF '"file":"chaos seed 1"' || fail "no chaos header: $(head -1 "$work/chaos.jsonl")"
    head -1 "$work/chaos.jsonl" | grep -qF '"bugs":["vote-not-restored"]' || fail "the header does not name the bug"
    tail -1 "$work/chaos.jsonl" | grep -qF '"status":"invariant-violated"' || fail "no result line: $(tail -1 "$work/chaos.jsonl")"
    tail -1 "$work/chaos.jsonl" | grep -qF '"check":"One Vote Per Term"' || fail "the result does not name the check"
    [ "$(wc -l <"$work/chaos.jsonl")" -gt 100 ] || fail "the trace is too short"
    run 0 chaos --seed 2 --trace "$work/pass.jsonl"
    tail -1 "$work/pass.jsonl" | grep -qF '"status":"passed"' || fail "no passing result line"
    run 2 chaos --seeds 3 --trace "$work/many.jsonl"
    ;;
  *)
    fail "unknown case"
    ;;
esac

finish "$case_name"
