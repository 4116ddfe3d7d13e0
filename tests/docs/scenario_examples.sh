#!/usr/bin/env bash
# Every scenario example in the docs runs and passes:
#   scenario_examples.sh SOURCE_ROOT RAFTSIM
# A fenced block opened with ```scenario in README.md or docs/*.md is written to a file
# named after the doc and the block's first line, and `raftsim check` runs them all.
# (Fragments are whole files too: a block without `cluster` runs on the default 5 nodes.)
set -uo pipefail

root=$1
raftsim=$2
work=$(mktemp -d)
failures=0
trap 'rm -rf "$work"' EXIT

for doc in "$root/README.md" "$root"/docs/*.md; do
  awk -v out="$work" -v name="$(basename "$doc" .md)" '
    /^```scenario[[:space:]]*$/ { file = out "/" name "-line-" NR ".scenario"; inside = 1; next }
    inside && /^```/ { inside = 0; close(file); next }
    inside { print > file }
  ' "$doc"
done

count=$(find "$work" -name '*.scenario' | wc -l)
if [ "$count" -lt 10 ]; then
  echo "FAIL: only $count scenario blocks found in the docs (expected the dozen of docs/scenarios.md)"
  exit 1
fi
# Every command of the language's table (sim/scenario/scenario_commands.cpp) starts a line of some
# example, and every condition (sim/scenario/scenario_conditions.cpp, and the node conditions)
# follows an expect, until or if in one.
cat "$work"/*.scenario | sed 's/#.*//' >"$work/lines"
for command in $(grep -oE '^ *\{"[a-z-]+", "' "$root/sim/scenario/scenario_commands.cpp" | grep -oE '[a-z-]+'); do
  grep -qE "^[[:space:]]*$command([[:space:]]|\$)" "$work/lines" ||
    { echo "FAIL: no scenario example in the docs uses the command '$command'"; failures=$((failures + 1)); }
done
for condition in $(grep -oE '^ *\{"[a-z-]+", "' "$root/sim/scenario/scenario_conditions.cpp" | grep -oE '[a-z-]+') \
                 role term commit up down voter learner outside; do
  grep -qE "(expect|until|if)[[:space:]](.*[[:space:]])?$condition([[:space:]]|\$)" "$work/lines" ||
    { echo "FAIL: no scenario example in the docs uses the condition '$condition'"; failures=$((failures + 1)); }
done

"$raftsim" check "$work" >"$work/out" 2>&1
code=$?
if [ "$code" -ne 0 ]; then
  cat "$work/out"
  echo "FAIL: a scenario example in the docs does not pass (exit $code); the file name gives the doc and line"
  exit 1
fi
if [ "$failures" -ne 0 ]; then
  echo "scenario_examples: $failures command(s) or condition(s) without an example"
  exit 1
fi
echo "scenario_examples: $(tail -1 "$work/out")"
