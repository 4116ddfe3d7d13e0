#!/usr/bin/env bash
# `raftsim experiment` end to end, one case per ctest test:
#   experiment_cli_test.sh CASE RAFTSIM CHARTS
# CHARTS is "drawn" when gnuplot is installed (the charts must then exist) or
# "missing" (the command must then exit 4 after writing everything else).
# A small run: a few trials of two ranges, seconds of CPU.
set -uo pipefail

case_name=$1
raftsim=$2
charts=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
program=$raftsim
program_name=raftsim
fail_prefix="FAIL [$case_name]"
source "$(dirname "$0")/../cli_helpers.sh"

small_run() {  # small_run OUT_FOLDER EXTRA_ARGS...
  local out=$1
  shift
  local expected=0
  if [ "$charts" = missing ] && [[ " $* " != *" --no-charts "* ]]; then expected=4; fi
  run $expected experiment leader-failover --ranges 150-300,12-24 --trials 40 --seed "${seed:-5}" --out "$out" "$@"
}

# The table's figures recomputed from the CSV with awk: mean, nearest-rank median,
# 90th and 99th percentile, max, split-vote share, mean rounds; one line per range,
# formatted like the table's row.
table_from_csv() {
  local csv=$1
  for range in $(tail -n +2 "$csv" | cut -d, -f1 | awk '!seen[$0]++'); do
    awk -F, -v r="$range" 'NR > 1 && $1 == r { print $5 }' "$csv" | sort -g >"$work/sorted"
    awk -F, -v r="$range" '
      function rank(p,   k) { k = int((p * n + 99) / 100); return v[k] }
      FNR == NR { v[++n] = $1; next }
      $1 == r { sum += $5; splits += $7; rounds += $6 }
      END {
        printf "| %s | %d | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f%% | %.2f |\n",
               r, n, sum / n, rank(50), rank(90), rank(99), v[n], 100 * splits / n, rounds / n
      }' "$work/sorted" "$csv"
  done
}

case $case_name in
  files-and-table)
    small_run "$work/out1" --jobs 2
    for file in leader-failover.csv leader-failover-summary.md leader-failover-cdf.dat leader-failover-paper.dat \
                leader-failover.gp; do
      [ -s "$work/out1/$file" ] || fail "$file was not written"
    done
    if [ "$charts" = drawn ]; then
      [ "$(head -c 8 "$work/out1/leader-failover.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] ||
        fail "leader-failover.png is not a PNG"
      grep -q "<svg" "$work/out1/leader-failover.svg" || fail "leader-failover.svg is not an SVG"
      has out "drew $work/out1/leader-failover.png"
    else
      has err "gnuplot is not installed"
    fi
    head -1 "$work/out1/leader-failover.csv" | grep -q "^range,nodes,trial,seed,downtime_ms,rounds,split_vote," ||
      fail "the CSV header is not range,nodes,trial,seed,downtime_ms,rounds,split_vote,..."
    [ "$(tail -n +2 "$work/out1/leader-failover.csv" | wc -l)" -eq 80 ] || fail "the CSV should have 2 x 40 trials"
    # The table agrees with the CSV (the columns awk recomputes; 'unfinished' is 0).
    table_from_csv "$work/out1/leader-failover.csv" >"$work/expected"
    grep "^| [0-9]" "$work/out1/leader-failover-summary.md" | sed 's/ [0-9]* |$//' >"$work/actual"
    diff "$work/expected" "$work/actual" || fail "the summary table disagrees with the CSV (expected < > actual)"
    grep -q "^| 150-300 | 40 |" "$work/out" || fail "the table was not printed"
    ;;
  workers-agree)
    small_run "$work/one" --jobs 1 --no-charts
    small_run "$work/two" --jobs 2 --no-charts
    cmp "$work/one/leader-failover-summary.md" "$work/two/leader-failover-summary.md" ||
      fail "1 and 2 workers gave different tables"
    cmp "$work/one/leader-failover.csv" "$work/two/leader-failover.csv" || fail "1 and 2 workers gave different CSVs"
    seed=6 small_run "$work/other" --jobs 2 --no-charts
    if cmp -s "$work/one/leader-failover.csv" "$work/other/leader-failover.csv"; then
      fail "another --seed gave the same trials"
    fi
    ;;
  doc-figures)
    # docs/experiments.md quotes the tables regenerate.sh wrote. Trial t has the same
    # seed in every range, so a few of Figure 16's ranges, rerun as the script runs them,
    # must give the committed rows byte for byte; if a change to the core moves them,
    # rerun docs/experiments/regenerate.sh and update the page.
    docs=$(dirname "$0")/../../docs/experiments
    run 0 experiment leader-failover --ranges 150-300,100-200,12-24 --trials 1000 --seed 1 --timer-jitter 1 \
      --no-charts --out "$work/doc"
    for range in 150-300 100-200 12-24; do
      grep "^| $range |" "$work/doc/leader-failover-summary.md" >"$work/row"
      grep -qxF -f "$work/row" "$docs/leader-failover-summary.md" ||
        fail "range $range: the row in docs/experiments/leader-failover-summary.md is out of date (rerun regenerate.sh)"
    done
    has out "timer jitter 0-1 ms"
    ;;
  bad-input)
    run 2 experiment leader-failover --ranges 150-x --out "$work/x"
    has err "--ranges '150-x', column 5: expected a maximum timeout in milliseconds"
    has err "hint: write ranges in milliseconds as MIN-MAX"
    [ ! -e "$work/x" ] || fail "nothing should be written for bad input"
    run 2 experiment leader-failover --ranges 300-150
    has err "expected a maximum no smaller than the minimum"
    run 2 experiment leader-failover --ranges 12-24 --latency-max 30 --out "$work/x"
    has err "no leader could be kept until the crash"
    run 2 experiment leader-failover --latency-min 10 --latency-max 5
    has err "is below --latency-min"
    run 2 experiment leader-failover --trials 0
    run 2 experiment leader-failover --timer-jitter -1
    run 2 experiment leader-failover --timer-jitter x
    run 2 experiment cluster-size --sizes 3,x
    has err "--sizes '3,x', column 3: expected a whole number"
    run 2 experiment cluster-size --sizes 2
    has err "out of range"
    run 2 experiment nonsense
    run 2 experiment
    run 2 experiment leader-failover --ranges 150-300 --trials 1 --csv "$work" --no-charts --out "$work/y"
    has err "cannot write '$work': it is a folder"
    ;;
  *)
    fail "unknown case"
    ;;
esac

finish "$case_name"
