#!/usr/bin/env bash
# Writes amilint's man page and shell completions from what the built binary says:
# `amilint --help` (options, their value placeholders and choices, the footer),
# `amilint rules --help` and `amilint rules --format markdown` (the rules).
#   gen_docs.sh AMILINT_BINARY OUTDIR
# OUTDIR receives amilint.1, amilint.bash, _amilint (zsh) and amilint.fish.
# Needs only bash, awk and sed, so a quick-start build needs nothing more.
set -euo pipefail
bin=$1
out=$2
mkdir -p "$out"
export LC_ALL=C

help=$("$bin" --help)
rules_help=$("$bin" rules --help)
rules_md=$("$bin" rules --format markdown)
version=$("$bin" --version | awk '{print $2}')

# One line per option entry of the help text, fields separated by \037:
#   names, placeholder, choices, description, group
# names: comma-separated (-o,--output); placeholder: empty for a flag; choices: the
# a|b|c (or CLI11's {a,b,c}) of a value checked against a set, space-separated;
# group: the heading the option is listed under ("Regions and AMIs").
options_of() {
  awk '
    function flush() {
      if (names != "") printf "%s\037%s\037%s\037%s\037%s\n", names, arg, choices, desc, group
      names = ""
    }
    /^[A-Z][A-Za-z ]*:$/ { flush(); group = substr($0, 1, length($0) - 1); next }
    /^  +-/ {
      flush()
      line = $0; sub(/^ +/, "", line)
      # the left column ends at two spaces or more (CLI11 pads it)
      left = line; desc = ""
      if (match(line, /   *[^ ]/)) { left = substr(line, 1, RSTART - 1); desc = substr(line, RSTART + RLENGTH - 1) }
      n = split(left, w, " ")
      names = w[1]; arg = ""; choices = ""
      for (i = 2; i <= n && w[i] !~ /^(Excludes|Needs):$/; i++) arg = arg (i > 2 ? " " : "") w[i]
      if (match(arg, /\{[^}]*\}/)) {
        choices = substr(arg, RSTART + 1, RLENGTH - 2); gsub(/,/, " ", choices)
        arg = substr(arg, 1, RSTART - 1); sub(/:$/, "", arg)
      } else if (arg ~ /^[a-z0-9-]+(\|[a-z0-9-]+)+$/) {
        choices = arg; gsub(/\|/, " ", choices); arg = ""
      }
      next
    }
    names != "" && /^    +[^ -]/ {  # the description on the next lines
      d = $0; sub(/^ +/, "", d)
      desc = desc == "" ? d : desc " " d
      next
    }
    { flush() }
    END { flush() }'
}

# The subcommands the footer names ("amilint explain CODE|NAME ..."), and `help` when
# the binary takes it.
subcommands() {
  printf '%s\n' "$help" | sed -n 's/^ *amilint \([a-z][a-z-]*\)\( .*\)\{0,1\}$/\1/p' | sort -u
  if "$bin" help >/dev/null 2>&1; then echo help; fi
}

lint_opts=$(printf '%s\n' "$help" | options_of)
rules_opts=$(printf '%s\n' "$rules_help" | options_of)
subs=$(subcommands | sort -u | tr '\n' ' ')
rule_codes=$(printf '%s\n' "$rules_md" | awk -F' [|] ' '$1 ~ /^[|] AMI[0-9]/ {sub(/^[|] /, "", $1); print $1}' | tr '\n' ' ')
rule_names=$(printf '%s\n' "$rules_md" | awk -F' [|] ' '$1 ~ /^[|] AMI[0-9]/ {print $2}' | tr '\n' ' ')

if [ -z "$lint_opts" ] || [ -z "$rule_codes" ] || [ -z "$version" ]; then
  echo "gen_docs: could not read the options, rules or version from $bin" >&2
  exit 1
fi

# What an option's value completes to: its choices, rule codes and names (comma
# lists), files, or nothing (numbers, times, regions, account IDs, globs).
value_kind() {  # names placeholder choices
  local names=$1 arg=$2 choices=$3
  if [ -n "$choices" ]; then echo words; return; fi
  case ",$names," in
    *,--select,*|*,--ignore,*|*,--enable,*) echo rules; return ;;
    *,--jobs,*|*,--now,*|*,--region,*|*,--dr-region,*|*,--trusted-account,*|*,--exclude,*) echo none; return ;;
  esac
  case "$arg" in
    INT*|UINT*|FLOAT*|NUM*|N|N:*|RFC3339*|REGION*|ID*|ACCOUNT*|GLOB*|CODE*|TIME*|DATE*) echo none ;;
    *) echo files ;;
  esac
}

# --- man page --------------------------------------------------------------------
roff() {  # escape text for roff: backslashes, hyphens, a leading dot or quote
  sed -e 's/\\/\\e/g' -e 's/-/\\-/g' -e "s/^[.']/\\\\\\&&/"
}

render_options() {  # a help text's option entries as .TP paragraphs, by group (with "groups")
  local last_group="" by_group=${1:-}
  while IFS=$'\037' read -r names arg choices desc group; do
    [ -n "$names" ] || continue
    if [ -n "$by_group" ] && [ -n "$group" ] && [ "$group" != "$last_group" ] && [ "$group" != "Options" ]; then
      printf '.SS %s\n' "$(printf '%s' "$group" | roff)"
      last_group=$group
    fi
    local shown
    shown=$(printf '%s' "$names" | sed 's/,/, /g' | roff)
    shown="\\fB${shown//, /\\fR, \\fB}\\fR"
    if [ -n "$arg" ] || [ -n "$choices" ]; then
      local a=${arg:-VALUE}
      [ -n "$choices" ] && a="${choices// /|}"
      shown="$shown \\fI$(printf '%s' "$a" | roff)\\fR"
    fi
    printf '.TP\n%s\n%s\n' "$shown" "$(printf '%s' "$desc" | roff)"
  done
}

{
  title=$(printf '%s\n' "$help" | head -n 1 | sed 's/^amilint: //')
  echo '.\" Generated from amilint --help and amilint rules by packaging/gen_docs.sh; do not edit.'
  echo ".TH AMILINT 1 \"\" \"amilint $version\" \"User Commands\""
  echo '.SH NAME'
  echo "amilint \\- $(printf '%s' "$title" | roff)"
  echo '.SH SYNOPSIS'
  printf '%s\n' "$help" | sed -n 's/^Usage: //p' | roff | sed 's/^/.B /'
  for s in $subs; do
    line=$(printf '%s\n' "$help" | sed -n "s/^ *\\(amilint $s\\( [^ ]*\\)*\\)   .*/\\1/p" | head -n 1)
    [ -n "$line" ] || line="amilint $s"
    printf '.br\n.B %s\n' "$(printf '%s' "$line" | roff)"
  done
  echo '.SH DESCRIPTION'
  echo 'amilint lints AWS CloudFormation templates (JSON and YAML) and Terraform (HCL, JSON and plans) for AMI mistakes, and prints one finding per problem at the exact line and column of the value it is about.'
  echo 'With no PATH, amilint lints the current directory. Directories are walked recursively.'
  echo '.SH OPTIONS'
  printf '%s\n' "$lint_opts" | render_options groups
  # The footer: everything after the option entries (subcommands, exit codes).
  printf '%s\n' "$help" | awk '
    { line[NR] = $0 }
    /^  +-/ { last = NR; in_opt = 1; next }
    in_opt && /^      +[^ ]/ { last = NR; next }
    { in_opt = 0 }
    END {
      for (i = last + 1; i <= NR; i++) {
        t = line[i]
        if (t ~ /^[A-Za-z][^:]*:$/) print "HEADER\t" t
        else if (t ~ /^  +[^ ]/) { sub(/^ +/, "", t); print "ENTRY\t" t }
        else if (t ~ /[^ ]/) print "TEXT\t" t
      }
    }
  ' | while IFS=$'\t' read -r kind text; do
    case $kind in
      HEADER) printf '.SH %s\n' "$(printf '%s' "${text%:}" | tr '[:lower:]' '[:upper:]' | roff)" ;;
      ENTRY)
        left=$(printf '%s' "$text" | sed 's/   .*//')
        right=$(printf '%s' "$text" | sed -n 's/^[^ ]\([^ ]\| [^ ]\)*   *//p')
        printf '.TP\n\\fB%s\\fR\n%s\n' "$(printf '%s' "$left" | roff)" "$(printf '%s' "$right" | roff)" ;;
      TEXT) printf '.PP\n%s\n' "$(printf '%s' "$text" | roff)" ;;
    esac
  done
  echo '.SS amilint rules'
  printf '%s\n' "$rules_opts" | render_options
  echo '.SH RULES'
  echo 'Run \fBamilint explain\fR \fICODE\fR for a rule'"'"'s documentation.'
  printf '%s\n' "$rules_md" | awk -F' [|] ' '$1 ~ /^[|] AMI[0-9]/ {
    sub(/^[|] /, "", $1); sub(/ [|]$/, "", $5)
    printf "%s\t%s\t%s\t%s\n", $1, $2, $3, $5 }' |
    while IFS=$'\t' read -r code name sev summary; do
      printf '.TP\n\\fB%s\\fR %s (%s)\n%s\n' "$code" "$(printf '%s' "$name" | roff)" "$(printf '%s' "$sev" | roff)" \
        "$(printf '%s' "$summary" | roff)"
    done
  echo '.SH FILES'
  echo '.TP'
  echo '\fB.amilint.yaml\fR, \fB.amilint.yml\fR'
  echo 'The config file: the first one found from the current directory up to the repository root (see \fB\-\-config\fR, \fB\-\-no\-config\fR).'
  echo '.SH SEE ALSO'
  echo 'The README at https://github.com/amilint/amilint (config file, suppressions, baseline, output formats, CI).'
} >"$out/amilint.1"

# --- completions -------------------------------------------------------------------
# Every option name, the ones that take a value, and each value's kind and words.
all_names=""
declare -A kind_of=() words_of=() desc_of=()
while IFS=$'\037' read -r names arg choices desc _group; do
  [ -n "$names" ] || continue
  k=flag
  [ -n "$arg" ] || [ -n "$choices" ] && k=$(value_kind "$names" "$arg" "$choices")
  IFS=, read -r -a ns <<<"$names"
  for n in "${ns[@]}"; do
    all_names+="$n "
    kind_of[$n]=$k
    words_of[$n]=$choices
    desc_of[$n]=$desc
  done
done <<<"$lint_opts"
rules_format_words=$(printf '%s\n' "$rules_opts" | awk -F'\037' '$1 ~ /--format/ {print $3}')

names_of_kind() {  # kind -> the option names of that kind, |-separated
  local k=$1 out="" n
  for n in $all_names; do [ "${kind_of[$n]}" = "$k" ] && out+="${out:+|}$n"; done
  printf '%s' "$out"
}

# bash
{
  echo '# bash completion for amilint; generated from amilint --help by packaging/gen_docs.sh'
  echo '_amilint() {'
  echo '  local cur=${COMP_WORDS[COMP_CWORD]} prev="" sub="" i'
  echo '  COMPREPLY=()'
  echo '  # --opt=value: bash splits at "=", so the option is one or two words back'
  echo '  if [[ $cur == "=" ]]; then cur=""; prev=${COMP_WORDS[COMP_CWORD-1]}'
  echo '  elif (( COMP_CWORD >= 2 )) && [[ ${COMP_WORDS[COMP_CWORD-1]} == "=" ]]; then prev=${COMP_WORDS[COMP_CWORD-2]}'
  echo '  elif (( COMP_CWORD >= 1 )); then prev=${COMP_WORDS[COMP_CWORD-1]}; fi'
  echo '  (( COMP_CWORD > 1 )) && sub=${COMP_WORDS[1]}'
  echo "  local rules=\"$rule_codes$rule_names\""
  echo '  case $sub in'
  echo '    explain) (( COMP_CWORD == 2 )) && mapfile -t COMPREPLY < <(compgen -W "$rules" -- "$cur"); return 0 ;;'
  echo "    rules)"
  echo "      if [[ \$prev == --format ]]; then mapfile -t COMPREPLY < <(compgen -W \"$rules_format_words\" -- \"\$cur\")"
  echo "      else mapfile -t COMPREPLY < <(compgen -W \"$(printf '%s\n' "$rules_opts" | cut -d $'\037' -f1 | tr ',' ' ' | tr '\n' ' ')\" -- \"\$cur\"); fi"
  echo '      return 0 ;;'
  echo "    help) (( COMP_CWORD == 2 )) && mapfile -t COMPREPLY < <(compgen -W \"$subs\" -- \"\$cur\"); return 0 ;;"
  echo '  esac'
  echo '  case $prev in'
  for n in $all_names; do
    [ "${kind_of[$n]}" = words ] && echo "    $n) mapfile -t COMPREPLY < <(compgen -W \"${words_of[$n]}\" -- \"\$cur\"); return 0 ;;"
  done
  [ -n "$(names_of_kind rules)" ] && cat <<EOF
    $(names_of_kind rules))  # a comma-separated list: complete its last item
      local done_part=""
      [[ \$cur == *,* ]] && done_part=\${cur%,*},
      mapfile -t COMPREPLY < <(compgen -P "\$done_part" -W "\$rules" -- "\${cur##*,}")
      return 0 ;;
EOF
  [ -n "$(names_of_kind none)" ] && echo "    $(names_of_kind none)) return 0 ;;"
  [ -n "$(names_of_kind files)" ] && echo "    $(names_of_kind files)) compopt -o filenames 2>/dev/null; mapfile -t COMPREPLY < <(compgen -f -- \"\$cur\"); return 0 ;;"
  echo '  esac'
  echo "  if [[ \$cur == -* ]]; then mapfile -t COMPREPLY < <(compgen -W \"$all_names\" -- \"\$cur\"); return 0; fi"
  echo '  compopt -o filenames 2>/dev/null'
  echo '  mapfile -t COMPREPLY < <(compgen -f -- "$cur")'
  echo "  (( COMP_CWORD == 1 )) && COMPREPLY+=(\$(compgen -W \"$subs\" -- \"\$cur\"))"
  echo '  return 0'
  echo '}'
  echo 'complete -F _amilint amilint'
} >"$out/amilint.bash"

# zsh: a completion function for _arguments
zq() {  # text for inside a single-quoted zsh word, with [ ] : escaped for _arguments
  printf '%s' "$1" | sed -e "s/'/'\\\\''/g" -e 's/\[/\\[/g' -e 's/\]/\\]/g' -e 's/:/\\:/g'
}
{
  echo '#compdef amilint'
  echo '# zsh completion for amilint; generated from amilint --help by packaging/gen_docs.sh'
  echo "local -a amilint_rules=($rule_codes$rule_names)"
  echo 'local -a amilint_subcommands=('"$subs"')'
  echo 'if (( CURRENT > 2 )); then'
  echo '  case $words[2] in'
  echo '    explain) (( CURRENT == 3 )) && compadd -a amilint_rules; return ;;'
  echo "    rules) _arguments '(-h --help)'{-h,--help}'[print the help]' '--format=[output format]:format:($rules_format_words)'; return ;;"
  echo '    help) (( CURRENT == 3 )) && compadd -a amilint_subcommands; return ;;'
  echo '  esac'
  echo 'fi'
  echo 'local -a args=('
  while IFS=$'\037' read -r names arg choices desc _group; do
    [ -n "$names" ] || continue
    IFS=, read -r -a ns <<<"$names"
    k=${kind_of[${ns[0]}]}
    d=$(zq "$desc")
    case $k in
      words) action=":value:(${choices})" ;;
      rules) action=":rules:_sequence compadd -a amilint_rules" ;;
      files) action=":file:_files" ;;
      none) action=":value: " ;;
      flag) action="" ;;
    esac
    rep=""
    case "$arg" in *...*) rep='*' ;; esac
    case ",$names," in *,--region,*|*,--dr-region,*|*,--select,*|*,--ignore,*|*,--enable,*|*,--exclude,*|*,--trusted-account,*) rep='*' ;; esac
    for n in "${ns[@]}"; do
      eq=""
      [ "$k" != flag ] && [[ $n == --* ]] && eq="="
      printf "  '%s%s%s[%s]%s'\n" "$rep" "$n" "$eq" "$d" "$action"
    done
  done <<<"$lint_opts"
  echo "  '1: :->first'"
  echo "  '*:path:_files'"
  echo ')'
  echo '_arguments -s -S $args && return'
  echo 'if [[ $state == first ]]; then'
  echo "  _alternative 'subcommands:subcommand:compadd -a amilint_subcommands' 'files:path:_files'"
  echo 'fi'
} >"$out/_amilint"

# fish
fq() { printf '%s' "$1" | sed "s/'/\\\\'/g"; }
{
  echo '# fish completion for amilint; generated from amilint --help by packaging/gen_docs.sh'
  echo "set -l amilint_rules $rule_codes$rule_names"
  echo "set -l amilint_subcommands $subs"
  echo 'function __amilint_rule_list --description "rule codes and names after the last comma"'
  echo '    set -l tok (commandline -ct)'
  echo '    set -l head (string replace -r "[^,]*\$" "" -- $tok)'
  echo "    for r in $rule_codes$rule_names"
  echo '        echo $head$r'
  echo '    end'
  echo 'end'
  echo 'complete -c amilint -n "__fish_seen_subcommand_from explain" -f -a "$amilint_rules"'
  echo "complete -c amilint -n \"__fish_seen_subcommand_from rules\" -l format -x -a \"$rules_format_words\" -d 'output format'"
  echo 'complete -c amilint -n "__fish_seen_subcommand_from help" -f -a "$amilint_subcommands"'
  echo 'complete -c amilint -n "__fish_use_subcommand" -a "$amilint_subcommands" -d subcommand'
  while IFS=$'\037' read -r names arg choices desc _group; do
    [ -n "$names" ] || continue
    IFS=, read -r -a ns <<<"$names"
    k=${kind_of[${ns[0]}]}
    spec=""
    for n in "${ns[@]}"; do
      if [[ $n == --* ]]; then spec+=" -l ${n#--}"; else spec+=" -s ${n#-}"; fi
    done
    case $k in
      words) spec+=" -x -a '$choices'" ;;
      rules) spec+=" -x -a '(__amilint_rule_list)'" ;;
      files) spec+=" -r -F" ;;
      none) spec+=" -x" ;;
    esac
    echo "complete -c amilint -n 'not __fish_seen_subcommand_from explain rules help'$spec -d '$(fq "$desc")'"
  done <<<"$lint_opts"
} >"$out/amilint.fish"
