#!/usr/bin/env bash
# Tests of scripts/lib/deploy-record.sh: a deploy is recorded (start, then finish with its
# outcome) when the gateway answers, and goes on with a warning — never failing — when it does
# not. The gateway is a stand-in here (the CLI itself is tested against a real gateway in
# gateway/src/cli/deploy-command.test.ts). Exit 1 on failure.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=scripts/lib/log.sh
. "$here/log.sh"
# shellcheck source=scripts/lib/deploy-record.sh
. "$here/deploy-record.sh"

failures=0
check() { # check DESCRIPTION EXPECTED ACTUAL
  if [ "$2" = "$3" ]; then
    printf '  ok   %s\n' "$1"
  else
    printf '  FAIL %s: expected "%s", got "%s"\n' "$1" "$2" "$3" >&2
    failures=$((failures + 1))
  fi
}

calls=$(mktemp)
trap 'rm -f "$calls"' EXIT
# A gateway stand-in: `mode` says how it answers; every call is logged.
mode=up
gateway_service_ids() { [ "$mode" != down ] && echo "orders cart"; }
gateway_cli() {
  printf '%s\n' "$*" >>"$calls"
  case "$mode" in
    up) [ "$1 $2" = "deploy start" ] && echo "dep-1234"; return 0 ;;
    refuses) echo "aether deploy: 400" >&2; return 1 ;;
    *) return 2 ;;
  esac
}

# the gateway answers: start with every service, then the finish with the outcome
: >"$calls"
record_deploy_start 1.4.2 "release r1" >/dev/null 2>&1
check "start sets the id" "dep-1234" "$deploy_id"
record_deploy_finish rolled-back >/dev/null 2>&1
check "start then finish, as the CLI takes them" \
  "deploy start --service orders --service cart --version 1.4.2 --description release r1|deploy finish dep-1234 --outcome rolled-back" \
  "$(paste -sd '|' "$calls")"

# no gateway at all: a warning, no id, no finish, and the caller goes on (status 0)
mode=down
: >"$calls"
status=0
warning=$(record_deploy_start 1.4.2 "release r2" 2>/dev/null) || status=$?
record_deploy_start 1.4.2 "release r2" >/dev/null 2>&1 || status=$?
record_deploy_finish succeeded >/dev/null 2>&1 || status=$?
check "unreachable: never fails" 0 "$status"
check "unreachable: no id" "" "$deploy_id"
check "unreachable: says so" 1 "$(grep -c 'warning: no gateway' <<<"$warning")"
check "unreachable: nothing sent" "" "$(cat "$calls")"

# a gateway that refuses the start (too old to know deploys, a bad token): the same
mode=refuses
status=0
record_deploy_start 1.4.2 "release r3" >/dev/null 2>&1 || status=$?
check "refused: never fails, no id" "0 " "$status $deploy_id"

# a gateway that goes away between start and finish
mode=up
record_deploy_start 1.4.2 "release r4" >/dev/null 2>&1
mode=gone
status=0
warning=$(record_deploy_finish failed 2>/dev/null) || status=$?
check "finish without a gateway: never fails" 0 "$status"
check "finish without a gateway: says so" 1 "$(grep -c 'did not record deploy dep-1234 as failed' <<<"$warning")"

if [ "$failures" -gt 0 ]; then
  echo "$failures failed" >&2
  exit 1
fi
echo "deploy-record: all passed"
