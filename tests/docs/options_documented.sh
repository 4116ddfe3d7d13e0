#!/usr/bin/env bash
# Every option that a --help prints has an example in the docs:
#   options_documented.sh DOCS_ROOT RAFTSIM [RAFTSIM_GUI]
# For each subcommand SUB of raftsim (and each experiment NAME) and each --OPTION its
# --help lists, some line of README.md or docs/*.md must show the command with it:
# `raftsim SUB ... --OPTION` (a line ending in `\` continues on the next). The same for
# raftsim-gui's flags. So a new option cannot ship without an example, and the example
# names the command it belongs to. (Whether each example works is checked by hand and by
# the tests of each command; this only keeps the docs complete.)
set -uo pipefail

root=$1
raftsim=$2
gui=${3:-}
failures=0

# The docs as one text, continuation lines joined, comments after `#` kept (an example's
# own comment may name an option, so each match below stops at the first `#`).
docs=$(mktemp)
trap 'rm -f "$docs"' EXIT
cat "$root/README.md" "$root"/docs/*.md | sed -e ':a' -e '/\\$/N; s/\\\n[[:space:]]*/ /; ta' >"$docs"

# options HELP_TEXT: the long options the Options section lists, one a line, without --help.
options() {
  printf '%s\n' "$1" | awk '/^Options:/ {on = 1; next} /^[A-Z]/ {on = 0} on' |
    grep -oE '^  (-[a-zA-Z],)?--[a-z][a-z0-9-]*' | sed -E 's/^ *(-[a-zA-Z],)?//' | grep -vx -- '--help'
}

# subcommands HELP_TEXT: the names the Subcommands section lists.
subcommands() {
  printf '%s\n' "$1" | awk '/^Subcommands:/ {on = 1; next} /^[A-Z]/ {on = 0} on && NF {print $1}'
}

# example COMMAND OPTION: a docs line runs COMMAND (its program name last, e.g.
# "raftsim chaos") with OPTION before any comment.
example() {
  local command=$1 option=$2
  # Options and arguments may stand between the command and the option; never a `#`.
  local pattern="(^|[/ \`])${command// /[[:space:]]+}([[:space:]][^#]*)?[[:space:]]${option}([^a-z0-9-]|\$)"
  grep -qE -- "$pattern" "$docs"
}

check() {
  local command=$1 help=$2 option
  for option in $(options "$help"); do
    example "$command" "$option" || {
      echo "FAIL: no example in README.md or docs/*.md of: $command ... $option"
      failures=$((failures + 1))
    }
  done
}

# check_nested SUB HELP: SUB's own subcommands (experiment NAME) share most options, so an
# option needs one example, with any of the subcommands that list it.
check_nested() {
  local sub=$1 inner option names
  declare -A listed=()
  for inner in $(subcommands "$2"); do
    for option in $(options "$("$raftsim" "$sub" "$inner" --help)"); do
      listed[$option]+="${listed[$option]:+|}$inner"
    done
  done
  for option in $(printf "%s\n" "${!listed[@]}" | sort); do
    names=${listed[$option]}
    example "raftsim $sub ($names)" "$option" || {
      echo "FAIL: no example in README.md or docs/*.md of: raftsim $sub ${names//|/ or } ... $option"
      failures=$((failures + 1))
    }
  done
}

top=$("$raftsim" --help) || { echo "FAIL: raftsim --help"; exit 1; }
check raftsim "$top"
for sub in $(subcommands "$top"); do
  help=$("$raftsim" "$sub" --help) || { echo "FAIL: raftsim $sub --help"; failures=$((failures + 1)); continue; }
  check "raftsim $sub" "$help"
  check_nested "$sub" "$help"
done
if [ -n "$gui" ]; then
  check raftsim-gui "$("$gui" --help)"
fi

if [ "$failures" -ne 0 ]; then
  echo "options_documented: $failures option(s) without an example"
  exit 1
fi
echo "options_documented: ok"
