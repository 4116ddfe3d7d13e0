#!/usr/bin/env bash
# Regenerates the figures and tables of docs/experiments.md from a build of raftsim:
#   docs/experiments/regenerate.sh [path/to/raftsim]     (default build/release/sim/raftsim)
# Runs the three experiments with the settings the page states (1,000 trials each,
# seed 1; Figure 16 with timers up to 1 ms late, as a real server's are), keeps the charts (PNG) and summary tables here, and leaves the CSVs and
# the gnuplot scripts in a scratch folder it names. Takes a few minutes on two cores.
# The prose of docs/experiments.md quotes these tables: reread it after a run.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
raftsim=${1:-$here/../../build/release/sim/raftsim}
scratch=$(mktemp -d "${TMPDIR:-/tmp}/raftsim-experiments.XXXXXX")
echo "regenerate: scratch files (CSVs, gnuplot scripts, SVGs) in $scratch"

"$raftsim" experiment leader-failover --trials 1000 --seed 1 --timer-jitter 1 --out "$scratch"
"$raftsim" experiment leader-failover --trials 1000 --seed 1 --timer-jitter 1 --equal-logs --out "$scratch/equal-logs"
# The same without jitter: exact timers, as in every other run of the simulator.
"$raftsim" experiment leader-failover --trials 1000 --seed 1 --no-charts --out "$scratch/exact-timers"
"$raftsim" experiment cluster-size --trials 1000 --seed 1 --out "$scratch"
"$raftsim" experiment split-votes --trials 1000 --seed 1 --out "$scratch"

for name in leader-failover cluster-size split-votes; do
  cp "$scratch/$name.png" "$scratch/$name-summary.md" "$here/"
done
cp "$scratch/equal-logs/leader-failover.png" "$here/leader-failover-equal-logs.png"
cp "$scratch/equal-logs/leader-failover-summary.md" "$here/leader-failover-equal-logs-summary.md"
cp "$scratch/exact-timers/leader-failover-summary.md" "$here/leader-failover-exact-timers-summary.md"
echo "regenerate: charts and tables written to $here"
