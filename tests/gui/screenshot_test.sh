#!/bin/sh
# Renders a scenario at a virtual time to a PNG under Xvfb with Mesa's software OpenGL,
# then checks the picture exists and is not blank.
#   screenshot_test.sh GUI PNG_CHECK SCENARIO TIME OUT.png [MORE GUI OPTIONS...]
set -eu
gui=$1 check=$2 scenario=$3 at=$4 out=$5
shift 5
rm -f "$out"
# Under AddressSanitizer, the OpenGL driver (dlopened Mesa) leaks a few bytes we cannot
# free; our own code's leaks are caught by the model tests, which run without a driver.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
export ASAN_OPTIONS
LIBGL_ALWAYS_SOFTWARE=1 xvfb-run -a -s "-screen 0 1600x1000x24" \
  "$gui" --scenario "$scenario" --at "$at" --screenshot "$out" --exit "$@"
test -s "$out"
"$check" "$out"
