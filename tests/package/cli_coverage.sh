#!/bin/bash
# package.cli_coverage: every command `vtune --help` lists, and every option each command's
# --help lists, must appear in vtune(8) (in that command's section, its SYNOPSIS lines, or
# the shared "Plan options") and in the bash completion (its line in
# _vtune_command_options). So a new command or option that is not documented there fails
# here. Then a few real completions, through bash-completion when it is installed.
#
#   cli_coverage.sh VTUNE MAN_PAGE(roff) COMPLETION
set -euo pipefail
vtune=$1
man=$2
completion=$3
failures=0
miss() { echo "MISSING: $*" >&2; failures=$((failures + 1)); }

# The man page as plain words: \- is -, font escapes dropped.
man_text=$(sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\[&e]//g' "$man")

# Lines of the section .SS NAME (up to the next .SS or .SH).
man_section() {
  awk -v want="$1" '/^\.S[SH] /{on = ($1 == ".SS" && $2 == want); next} on' <<<"$man_text"
}
# The SYNOPSIS entries of "vtune NAME" (.SY "vtune NAME" up to .YS).
man_synopsis() {
  awk -v want="\"vtune $1\"" '/^\.SY /{on = (substr($0, 5) == want); next} /^\.YS/{on = 0} on' \
    <<<"$man_text"
}

# The options a --help prints (its "Options:" section; -h/--help left out).
help_options() {
  "$vtune" "$@" --help | awk '/^Options:/{on = 1; next} /^[A-Z][a-z]+:/{on = 0} on' |
    grep -oE '^  (-[a-zA-Z],)?--[a-z0-9-]+' | tr ',' '\n' | sed 's/^ *//' |
    grep -vxE -- '-h|--help' || true
}
# The subcommands a --help prints.
help_commands() {
  "$vtune" "$@" --help | awk '/^Subcommands:/{on = 1; next} /^[A-Z][a-z]+:/{on = 0} on' |
    grep -oE '^  [a-z][a-z-]*' | sed 's/^ *//' || true
}

completion_options() {
  sed -n '/^_vtune_command_options()/,/^}/p' "$completion" |
    sed -n "s/^ *$1) echo \"\\(.*\\)\" ;;\$/\\1/p"
}

check_command() {  # NAME [SUB]: the options of `vtune NAME [SUB] --help`
  local name=$1 sub=${2-} key text comp opt
  key=$name${sub:+-$sub}
  text=$(man_section "$name"; man_synopsis "$name")
  man_synopsis "$name" | grep -q "plan-options" && text+=$'\n'$(man_section Plan)
  comp=$(completion_options "$key")
  [[ -n $comp ]] || miss "completion: no options line for '$key'"
  for opt in $(help_options "$name" ${sub:+"$sub"}); do
    grep -qE -- "(^|[^a-z-])$opt([^a-z-]|\$)" <<<"$text" || miss "vtune.8: $name ${sub:+$sub }$opt"
    [[ " $comp " == *" $opt "* ]] || miss "completion: $key $opt"
  done
}

commands=$(help_commands)
[[ -n $commands ]] || { echo "FAIL: no subcommands in vtune --help" >&2; exit 1; }
comp_commands=$(sed -n '/local commands="/,/"/p' "$completion" | tr -d '"' | sed 's/local commands=//')
count=0
for c in $commands; do
  count=$((count + 1))
  grep -qx "\.SS $c" <<<"$man_text" || miss "vtune.8: no section .SS $c"
  grep -q "^\.SY \"vtune $c\"" <<<"$man_text" || miss "vtune.8: no SYNOPSIS line for $c"
  [[ " $(echo $comp_commands) " == *" $c "* ]] || miss "completion: command $c"
  check_command "$c"
  for s in $(help_commands "$c"); do
    grep -qE "(^|[^a-z])$s([^a-z]|\$)" <<<"$(man_section "$c")" || miss "vtune.8: $c $s"
    [[ " $(completion_options "$c") " == *" $s "* ]] || miss "completion: $c $s"
    check_command "$c" "$s"
  done
done
for opt in $(help_options); do
  grep -qE -- "(^|[^a-z-])$opt([^a-z-]|\$)" <<<"$(awk '/^\.SH GLOBAL/{on=1;next} /^\.S[HS] /{on=0} on' <<<"$man_text")" ||
    miss "vtune.8 GLOBAL OPTIONS: $opt"
  grep -q -- "global_options=\".*$opt" "$completion" || miss "completion: global $opt"
done
echo "checked $count commands of vtune --help against $(basename "$man") and the completion"

# Real completions, run as bash would (bash-completion's _init_completion is needed).
if [[ -f /usr/share/bash-completion/bash_completion ]]; then
  complete_line() {
    bash -c '
      source /usr/share/bash-completion/bash_completion
      source "$1"; shift
      compopt() { :; }
      COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
      read -ra COMP_WORDS <<<"$COMP_LINE"; [[ $COMP_LINE == *" " ]] && COMP_WORDS+=("")
      COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMPREPLY=()
      _vtune; printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "' _ "$completion" "$@"
  }
  expect() {  # WANT LINE...: WANT must be among the completions of LINE
    local want=$1 got
    shift
    got=$(complete_line "$@")
    [[ " $got " == *" $want "* ]] || miss "completing '$*' gave '$got', not $want"
  }
  expect plan "$vtune" pl
  expect high-concurrency-web "$vtune" plan --profile high
  expect prometheus "$vtune" --root / check --format p
  expect --only-drift "$vtune" plan --only
  expect net.n2-somaxconn "$vtune" explain net.n2-soma
  expect cpu.int "$vtune" bench cpu.i
  expect --rules "$vtune" profiles show x --ru
  echo "completions checked through bash-completion"
else
  echo "bash-completion is not installed: the live completions were not exercised"
fi

[[ $failures == 0 ]] || { echo "FAIL: $failures missing" >&2; exit 1; }
echo PASS
