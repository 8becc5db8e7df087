# shellcheck shell=bash
# Token rules of the delivery scripts (issue 12, "Deployment defaults"): a token is at least 32
# characters and not a placeholder, and never reaches a command line (`ps` shows every process's
# arguments to every user). Tokens travel in the environment (`docker exec -e NAME` copies the
# client's value, `aether` reads AETHER_TOKEN) or on stdin (curl --config -).
# shellcheck source=scripts/lib/log.sh
. "$(dirname "${BASH_SOURCE[0]}")/log.sh"

AETHER_MIN_TOKEN_LENGTH=32

# token_problem VALUE: prints why VALUE is not fit to be a token; prints nothing when it is.
token_problem() {
  local value=$1 lower
  lower=$(printf '%s' "$value" | tr '[:upper:]' '[:lower:]')
  case "$lower" in
    *change-me* | *changeme* | *replace-me* | *placeholder* | *example* | *your-token* | demo-* | *xxxxxxxx* | *'<'*'>'*)
      echo "it is a placeholder (\"$value\" from an example); put a random value there" ;;
    *)
      if [ "${#value}" -lt "$AETHER_MIN_TOKEN_LENGTH" ]; then
        echo "it is ${#value} characters long; at least $AETHER_MIN_TOKEN_LENGTH are needed"
      elif [[ "$value" =~ [[:space:]] ]]; then
        echo "it contains white space"
      fi
      ;;
  esac
}

# require_token NAME [optional]: dies unless the variable NAME holds a fit token (an unset
# optional one passes).
require_token() {
  local name=$1 optional=${2:-} problem
  if [ -z "${!name:-}" ]; then
    [ "$optional" = optional ] && return 0
    die "$name is not set (environment or .env). Make one with: $(token_recipe)"
  fi
  problem=$(token_problem "${!name}")
  [ -z "$problem" ] || die "$name is refused: $problem. Make one with: $(token_recipe)"
}

token_recipe() { printf '%s' "node -e \"console.log(require('crypto').randomBytes(32).toString('base64url'))\""; }

# random_token: 43 URL-safe characters (32 random bytes).
random_token() { node -e 'process.stdout.write(require("crypto").randomBytes(32).toString("base64url"))'; }

# sha256_hex NAME: the sha256 of the variable NAME's value (printf is a builtin: no process
# gets the token as an argument).
sha256_hex() { printf '%s' "${!1}" | sha256sum | cut -d' ' -f1; }

# curl_with_token NAME CURL_ARGS...: curl with `authorization: Bearer <$NAME>`, the header read
# from stdin as curl config, never from the command line.
curl_with_token() {
  local name=$1
  shift
  printf 'header = "authorization: Bearer %s"\n' "${!name}" | curl --config - "$@"
}
