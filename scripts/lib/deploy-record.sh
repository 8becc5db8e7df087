# shellcheck shell=bash
# Records a deploy in the gateway (PRODUCT.md "Deploys as first-class events"): the start before
# anything changes, the finish with its outcome after the verdict, through `aether deploy`. The
# record never decides a deploy: when no gateway answers (a first deploy, a gateway that is down,
# one too old to know deploys) it warns and the deploy goes on.
#
# The caller defines `gateway_cli ARGS...`, which runs the aether CLI where it reaches the gateway
# with an operator token in AETHER_TOKEN (deploy.sh: docker exec into the gateway container), and
# `gateway_service_ids`, which prints the ids of the services the deploy touches.
# Needs log.sh (info). Warnings go where deploy.sh's others do: `info "warning: …"`.

deploy_id=""

# record_deploy_start VERSION DESCRIPTION: sets deploy_id, or leaves it empty with a warning.
record_deploy_start() {
  local version=$1 description=$2 services service args=()
  deploy_id=""
  services=$(gateway_service_ids 2>/dev/null) || services=""
  if [ -z "$services" ]; then
    info "warning: no gateway to record the deploy with; deploying without a record"
    return 0
  fi
  for service in $services; do args+=(--service "$service"); done
  if deploy_id=$(gateway_cli deploy start "${args[@]}" --version "$version" --description "$description" 2>/dev/null) &&
    [[ "$deploy_id" =~ ^[A-Za-z0-9._:-]+$ ]]; then
    info "deploy recorded as $deploy_id ($(wc -w <<<"$services" | tr -d ' ') services)"
  else
    deploy_id=""
    info "warning: the gateway did not record the deploy start; deploying without a record"
  fi
  return 0
}

# record_deploy_finish OUTCOME: succeeded | failed | rolled-back, with whichever gateway is up now.
record_deploy_finish() {
  [ -n "$deploy_id" ] || return 0
  if gateway_cli deploy finish "$deploy_id" --outcome "$1" >/dev/null 2>&1; then
    info "deploy $deploy_id recorded as $1"
  else
    info "warning: the gateway did not record deploy $deploy_id as $1"
  fi
  return 0
}
