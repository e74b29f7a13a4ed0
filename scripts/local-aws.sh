#!/bin/bash
# The deployed shape of PulseChat on one machine, with one command:
#   - the browser client (gateway/target/client) in an s3proxy bucket with its config.json,
#     served by a CloudFront stand-in that also routes /api/* to the gateways;
#   - the API Gateway WebSocket API stand-in with the real $connect/$disconnect Lambdas;
#   - two gateways in API Gateway mode, clustered as one fleet, on one DynamoDB Local;
#   - the EventBridge stand-in receiving the gateways' events;
#   - a second client site whose config.json points at the gateways' /ws (the direct
#     front door through a TCP load-balancer stand-in, as FrontDoor=LoadBalancer would).
# Everything listens on 127.0.0.1 on free ports. The URLs are printed and written, with the
# gateways' process ids, to the state file; Ctrl-C (or SIGTERM) stops everything it started.
#
# Usage: scripts/local-aws.sh [--no-build] [--state FILE] [--help]
#   --no-build    use the jars already built (gateway.jar, local-aws.jar, gateway/target/client)
#   --state FILE  where to write the endpoints (default target/local-aws/state.json)
# Needs Java 17+ and python3. local-aws/README.md says where the stand-ins differ from AWS.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
build=true
state="${repo}/target/local-aws/state.json"

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
}

while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=false ;;
    --state) [ $# -ge 2 ] || { echo "local-aws.sh: --state needs a file" >&2; exit 2; }; state=$2; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "local-aws.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

for tool in java python3; do
  command -v "${tool}" >/dev/null || { echo "local-aws.sh: ${tool} is not installed" >&2; exit 1; }
done

cd "${repo}"
if [ "${build}" = true ]; then
  echo "== building (./mvnw -B -q package -DskipTests)"
  ./mvnw -B -q package -DskipTests
fi
for file in gateway/target/gateway.jar local-aws/target/local-aws.jar gateway/target/client/index.html; do
  [ -s "${file}" ] || { echo "local-aws.sh: ${file} is missing; run without --no-build" >&2; exit 1; }
done

run_dir=$(dirname "${state}")
mkdir -p "${run_dir}"
rm -f "${state}" "${state}.aws"
pids=()
stop_all() {
  local pid
  for pid in "${pids[@]}"; do
    kill "${pid}" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "${pid}" 2>/dev/null || true
  done
}
trap stop_all EXIT
trap 'exit 130' INT TERM

# Free loopback ports: two gateways' HTTP and two Hazelcast ports.
read -r gw1 gw2 hz1 hz2 < <(python3 - <<'EOF'
import socket
held = []
for _ in range(4):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    held.append(s)
print(" ".join(str(s.getsockname()[1]) for s in held))
EOF
)

echo "== AWS stand-ins (log: ${run_dir}/local-aws.log)"
GATEWAY_URLS="http://127.0.0.1:${gw1},http://127.0.0.1:${gw2}" CLIENT_DIR="${repo}/gateway/target/client" \
  STATE_FILE="${state}.aws" java -jar local-aws/target/local-aws.jar rehearse >"${run_dir}/local-aws.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 240); do
  [ -s "${state}.aws" ] && break
  kill -0 "${pids[0]}" 2>/dev/null || { echo "local-aws.sh: the stand-ins stopped:" >&2; tail -n 30 "${run_dir}/local-aws.log" >&2; exit 1; }
  sleep 0.5
done
[ -s "${state}.aws" ] || { echo "local-aws.sh: the stand-ins did not start within 120 s" >&2; exit 1; }
field() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "${state}.aws" "$1"; }

cluster="local-aws-$$"
start_gateway() {
  local n=$1 port=$2 hazelcast=$3
  mkdir -p "${run_dir}/gateway${n}"
  # Two gateways on one machine: each management server (/metrics) takes a free port of its own,
  # named in its log, instead of both asking for the default 9090.
  env -u CHAT_PUBLIC_DIR PORT="${port}" HOST=127.0.0.1 MANAGEMENT_PORT=0 DATA_DIR="${run_dir}/gateway${n}/data" \
    CHAT_FRONT_DOOR=ApiGateway CHAT_APIGW_ENDPOINT="$(field apigwEndpoint)" AUTH_APIGW_SECRET="$(field integrationSecret)" \
    DYNAMODB_ENDPOINT="$(field dynamoDbEndpoint)" AWS_REGION=us-east-1 \
    AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local \
    CHAT_EVENT_BUS=pulsechat-local AWS_ENDPOINT_URL_EVENTBRIDGE="$(field eventBridgeEndpoint)" \
    CLUSTER_ENABLED=true CLUSTER_NAME="${cluster}" CLUSTER_HOST=127.0.0.1 CLUSTER_PORT="${hazelcast}" \
    CLUSTER_MEMBERS="127.0.0.1:${hz1},127.0.0.1:${hz2}" \
    java -Xmx384m -jar gateway/target/gateway.jar >"${run_dir}/gateway${n}/gateway.log" 2>&1 &
  pids+=($!)
  echo "$!" >"${run_dir}/gateway${n}.pid"
}
echo "== two gateways in API Gateway mode, one fleet (logs: ${run_dir}/gateway1, gateway2)"
start_gateway 1 "${gw1}" "${hz1}"
start_gateway 2 "${gw2}" "${hz2}"
for port in "${gw1}" "${gw2}"; do
  for _ in $(seq 1 360); do
    python3 -c 'import sys,urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' \
      "http://127.0.0.1:${port}/health/ready" 2>/dev/null && break
    sleep 0.5
  done
done

python3 - "${state}.aws" "${state}" "${gw1}" "${gw2}" "$(cat "${run_dir}/gateway1.pid")" "$(cat "${run_dir}/gateway2.pid")" <<'EOF'
import json, sys
state = json.load(open(sys.argv[1]))
state["gateways"] = [
    {"url": "http://127.0.0.1:%s" % sys.argv[3], "pid": int(sys.argv[5])},
    {"url": "http://127.0.0.1:%s" % sys.argv[4], "pid": int(sys.argv[6])},
]
open(sys.argv[2] + ".tmp", "w").write(json.dumps(state, indent=2))
EOF
mv "${state}.tmp" "${state}"

cat <<DONE
== ready
  browser client (API Gateway front door): $(field clientUrl)
  browser client (direct front door):      $(field directClientUrl)
  WebSocket API:                           $(field webSocketUrl)?user=NAME
  gateways:                                http://127.0.0.1:${gw1}/health  http://127.0.0.1:${gw2}/health
  state:                                   ${state}
Ctrl-C stops everything.
DONE
# Runs until stopped, or until the stand-ins exit; a gateway that dies (a test kills one) leaves the rest running.
while kill -0 "${pids[0]}" 2>/dev/null; do
  sleep 1
done
