#!/usr/bin/env bash
# Plays one scenario over a range of seeds: seed_sweep.sh RAFTSIM FILE FIRST COUNT.
# Stops at the first seed that fails, printing its report and how to reproduce it.
set -u
raftsim=$1 file=$2 first=$3 count=$4
for ((seed = first; seed < first + count; ++seed)); do
  if ! output=$("$raftsim" check "$file" --seed "$seed"); then
    printf '%s\nseed %s of %s..%s failed\n' "$output" "$seed" "$first" "$((first + count - 1))"
    exit 1
  fi
done
echo "$count seeds passed ($first..$((first + count - 1)))"
