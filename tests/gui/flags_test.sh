#!/usr/bin/env bash
# raftsim-gui's command line, with hostile values: every bad flag exits 2 before any
# window opens, with a message naming the flag and what it accepts, and never prints
# a control character raw. Runs with no display: a good command line falls back to the
# headless replay (exit 0), so no Xvfb is needed.
#   flags_test.sh GUI DOCS_GUI_MD
set -uo pipefail

gui=$1
docs=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
unset DISPLAY WAYLAND_DISPLAY
program=$gui
program_name=raftsim-gui
fail_prefix="FAIL"
run_timeout=60
source "$(dirname "$0")/../cli_helpers.sh"

# bad FLAG VALUE ACCEPTS: `FLAG VALUE` exits 2, naming the flag and what it accepts, and
# nothing ran (no headless replay).
bad() {
  run 2 "$1" "$2"
  has err "raftsim-gui: error: $1: "
  has err "$3"
  has err "hint: see 'raftsim-gui --help'"
  if [ -s "$work/out" ]; then fail "$1 '$2' should run nothing, but stdout has: $(head -2 "$work/out")"; fi
  # Every byte on stderr is printable ASCII, a line break, or UTF-8 text.
  if LC_ALL=C grep -q $'[\x01-\x09\x0b-\x1f\x7f]' "$work/err"; then fail "$1: a control character was printed raw"; fi
}

nan=nan inf=inf huge=99999999999999999999999 garbage=$'\xff\xfe' escape=$'\x1b[31mred'

for value in 0 0.49 3.01 -1 $nan $inf $huge abc "" "$garbage" 1e999; do
  bad --zoom "$value" "expected a zoom from 0.5 to 3"
done
for value in abc -1 $huge 1.5 "" " 7" 0x10 "$garbage"; do
  bad --seed "$value" "expected a seed, a whole number from 0 to 18446744073709551615"
done
for value in -1 $huge 1.5 abc "" 1e3 "$garbage"; do
  bad --select "$value" "expected a node number from 0 to 1001"
done
for value in bogus Node "" "$escape" "$garbage"; do
  bad --tab "$value" "expected a tab: node, network, client, history, session or experiment"
done
for value in 0 -1 0.0001 101 $nan $inf $huge abc ""; do
  bad --speed "$value" "expected a speed from 0.001 to 100"
done
for value in 0x0 -1x-1 639x480 640x479 7681x4320 640x4321 1280 1280x x720 axb "" "$huge"x720 1280x720x1; do
  bad --size "$value" "expected WIDTHxHEIGHT in pixels, width 640 to 7680 and height 480 to 4320"
done
for value in -1s 3601s 2h $nan abc "" 1.5 "1s # x" "run 1s" "$garbage"; do
  bad --at "$value" "expected a virtual time from 0s to 3600s"
done
for value in 0 -5 100001 $huge 1.5 abc ""; do
  bad --benchmark "$value" "expected a number of frames from 1 to 100000"
done
bad --scenario "" "expected a scenario file"
bad --scenario "$work/missing.scenario" "no such file"
bad --scenario "$work" "is a folder"
bad --scenario "$work/$escape$garbage" "no such file: '$work/\\x1B[31mred\\xFF\\xFE'"
# Bytes that are not UTF-8 are escaped; UTF-8 text is printed as it is.
bad --tab $'\xff\x80\x80' "not '\xFF\x80\x80'"
bad --tab $'\xc3\xa9t\xc3\xa9' $'not \'\xc3\xa9t\xc3\xa9\''
bad --screenshot "" "expected a file name for the PNG"
bad --screenshot "$work/no/such/folder/x.png" "does not exist or is not writable"
bad --screenshot "$work" "is a folder"
for flag in --exit --play --help-overlay; do
  run 2 "$flag=3"
  has err "raftsim-gui: error: $flag: takes no value"
done

# Checks against the scenario: --select beyond the cluster (the lesson has 5 nodes).
run 2 --select 9
has err "raftsim-gui: error: --select: the scenario has 5 nodes, so expected a node number from 0 to 5, not 9"

# Unknown flags, stray words, a flag given twice, a missing value.
run 2 --bogus
has err "not expected: --bogus"
run 2 stray
has err "not expected: stray"
run 2 --zoom 1 --zoom 2
has err "--zoom"
run 2 --zoom
has err "--zoom"

# A broken scenario file: the located error and its hint.
printf 'cluster 5\nfrobnicate n1\n' >"$work/bad.scenario"
run 2 --scenario "$work/bad.scenario"
has err "$work/bad.scenario:2:1: error:"
has err "hint:"

# Good values at the ends of every range are accepted (no display: the headless replay).
run 0 --zoom 0.5 --speed 0.001 --size 640x480 --select 5 --tab session --seed 0 --at 0s --benchmark 1
has out "passed"
run 0 --zoom 3 --speed 100 --size 7680x4320 --select 0 --tab node --seed 18446744073709551615 --at 3600s
has out "passed"

# --help lists every flag, and docs/gui.md documents every flag --help lists.
run 0 --help
for flag in --scenario --seed --at --screenshot --exit --size --zoom --select --tab --play --speed --benchmark \
            --help-overlay; do
  has out "$flag"
done
for flag in $(grep -oE '^  (-h,)?--[a-z-]+' "$work/out" | sed 's/^ *-h,//; s/^ *//'); do
  grep -qF -- "\`$flag" "$docs" || fail "docs/gui.md does not document $flag"
done

finish "flag checks"
