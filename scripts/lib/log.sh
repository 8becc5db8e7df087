# shellcheck shell=bash
# Progress and failure lines, the same in every script: `==> [  12s] what is happening` on
# stdout, `!!! [  12s] what went wrong` on stderr, seconds counted from the start of the script
# (each script its own clock: "deployed in 40s" means the deploy, not the CI run around it).
# Sourced by every script in scripts/ (directly or through another lib).

AETHER_T0=${AETHER_T0:-$(date +%s)}
elapsed() { printf '%4ss' "$(($(date +%s) - AETHER_T0))"; }
step() { printf '==> [%s] %s\n' "$(elapsed)" "$*"; }
info() { printf '    %s\n' "$*"; }
fail() { printf '!!! [%s] %s\n' "$(elapsed)" "$*" >&2; }
die() {
  fail "$*"
  exit 1
}

# print_usage: the calling script's header comment (from line 2 to the first line that is not a
# comment), without the `# `: each script's usage is written once, where a reader looks.
print_usage() { sed -n '2,/^[^#]/{ /^#/ s/^# \{0,1\}//p; }' "$0"; }

# usage_or_continue ARG: a script's first argument checked for help: none prints the usage and
# fails, -h/--help prints it and succeeds; anything else returns to the script.
usage_or_continue() {
  case "${1:-}" in
    "" | -h | --help)
      print_usage
      [ -n "${1:-}" ]
      exit
      ;;
  esac
}
