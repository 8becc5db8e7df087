#!/usr/bin/env bash
# Tests of scripts/lib/tokens.sh and of the rule it serves (issue 12, "Deployment defaults"):
# which tokens deploy.sh refuses, that curl_with_token really sends the header, and that no
# script in scripts/ or .ci/ passes a token on a command line. Run by .ci/run; exit 1 on failure.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=scripts/lib/tokens.sh
. "$here/tokens.sh"

failures=0
expect() { # expect DESCRIPTION ok|refused VALUE
  local problem
  problem=$(token_problem "$3")
  if { [ "$2" = ok ] && [ -z "$problem" ]; } || { [ "$2" = refused ] && [ -n "$problem" ]; }; then
    printf '  ok   %s\n' "$1"
  else
    printf '  FAIL %s: expected %s, got "%s"\n' "$1" "$2" "$problem" >&2
    failures=$((failures + 1))
  fi
}

expect "a random 43-character token" ok "$(random_token)"
expect "exactly 32 characters" ok "Zq8vN2xKp4LmR7tW1yB5cD9fH3jS6gA0"
expect "31 characters" refused "Zq8vN2xKp4LmR7tW1yB5cD9fH3jS6gA"
expect "empty" refused ""
expect "the example's placeholder" refused "change-me-to-a-long-random-token"
expect "a demo token" refused "demo-operator"
expect "a long demo token" refused "demo-orders-admin-token-0123456789abcdef"
expect "CHANGEME in capitals, long" refused "CHANGEME-CHANGEME-CHANGEME-CHANGEME"
expect "an angle-bracket placeholder" refused "<put-a-long-random-token-in-here-now>"
expect "white space inside" refused "Zq8vN2xKp4LmR7tW1yB5cD9 fH3jS6gA0xyz"

# curl_with_token: the header arrives, read from stdin, not from curl's arguments.
export TEST_TOKEN
TEST_TOKEN=$(random_token)
port_file=$(mktemp)
# One request, then the server closes; if none comes, it gives up after 10 s (an unref'd timer
# fires while the server keeps the process alive).
node -e '
  const server = require("http").createServer((req, res) => {
    res.end(req.headers.authorization ?? "none");
    server.close();
  });
  server.listen(0, "127.0.0.1", () => require("fs").writeFileSync(process.argv[1], String(server.address().port)));
  setTimeout(() => process.exit(1), 10000).unref();' "$port_file" &
server=$!
for _ in $(seq 1 50); do [ -s "$port_file" ] && break; sleep 0.1; done
answer=$(curl_with_token TEST_TOKEN -fsS "http://127.0.0.1:$(cat "$port_file")/")
kill "$server" 2>/dev/null || true
rm -f "$port_file"
if [ "$answer" = "Bearer $TEST_TOKEN" ]; then
  echo "  ok   curl_with_token sends authorization: Bearer <token>"
else
  echo "  FAIL curl_with_token: the server saw '$answer'" >&2
  failures=$((failures + 1))
fi

# No token on a command line: a bearer header, --token, `-e NAME=value` or `env NAME=value` built
# from a variable, or NAME=value on a continuation line (an argument of the command above it).
# A leading `NAME=$value cmd` or `export NAME=$value` is the environment, which ps does not show.
offenders=$(awk '
  FILENAME ~ /tokens\.test\.sh$/ { next }
  /(-H|--header)[ =]+"?[Aa]uthorization: Bearer \$|--token[ =]+"?\$|-e [A-Z0-9_]*TOKEN="?\$|env [A-Z0-9_]*TOKEN="?\$/ ||
    (continued && /[A-Z0-9_]*TOKEN="?\$/) { print FILENAME ":" FNR ": " $0 }
  { continued = /\\$/ }' "$root"/scripts/*.sh "$root"/scripts/lib/*.sh "$root"/.ci/run)
if [ -z "$offenders" ]; then
  echo "  ok   no script passes a token on a command line"
else
  printf '  FAIL a token on a command line (ps shows it):\n%s\n' "$offenders" >&2
  failures=$((failures + 1))
fi

[ "$failures" -eq 0 ] || { echo "tokens: $failures failure(s)" >&2; exit 1; }
echo "tokens: every check passed"
