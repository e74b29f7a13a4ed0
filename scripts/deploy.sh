#!/bin/bash
# Builds PulseChat and deploys it to AWS in one command:
#   jars (Maven) -> gateway and trainer AMIs (Packer) -> Lambda jar upload (S3)
#   -> CloudFormation stack -> browser client upload (S3 + CloudFront) -> stack outputs.
# The browser client uploaded is gateway/target/client (public/ plus chart.js, built by Maven),
# with a config.json naming the WebSocket URL, the rooms API and, in token mode, the sign-in:
#   {"webSocketUrl": ..., "apiBaseUrl": ..., "auth": {"mode": "token", "authority":
#    "https://<domain>.auth.<region>.amazoncognito.com", "clientId": ..., "scopes": "openid profile email"}}
#
# Usage:
#   scripts/deploy.sh [--dry-run] [--yes] [--stack NAME] [--region REGION]
#                     [--vpc vpc-..] [--private-subnets subnet-a,subnet-b] [--public-subnets subnet-c,subnet-d]
#                     [--email admin@example.com] [--front-door ApiGateway|LoadBalancer]
#                     [--certificate-arn arn:aws:acm:..] [--host-name chat.example.com]
#                     [--gateway-ami ami-..] [--trainer-ami ami-..]
#                     [--auth-mode open|token] [--auth-domain PREFIX]
#                     [--jwks-url https://..] [--jwt-issuer ISS] [--jwt-audience AUD]
#                     [--jwt-secret-file FILE | --jwt-secret SECRET] [-- Key=Value ...]
#
# Before anything is built, a preflight checks the tools, the caller's AWS identity and, when the
# stack does not exist yet, the parameters a first deploy needs (--vpc, --private-subnets and
# --email; --public-subnets, --certificate-arn and --host-name with --front-door LoadBalancer),
# and that the subnets belong to the VPC. It then prints what will be created and what it costs,
# and asks for confirmation unless --yes is given (without a terminal, --yes is required).
# Later deploys keep the stack's previous values for every parameter not given.
# Sign-in: --auth-mode open (the default) lets anyone join under a free name; --auth-mode token
# requires a signed token on every connection and /api request. Token mode without --jwks-url
# creates a Cognito user pool with a hosted sign-in page at
# https://PREFIX.auth.REGION.amazoncognito.com (--auth-domain PREFIX; default: the stack name in
# lower case and the account id; give it again on later deploys of a stack whose name has
# capitals) and writes its authority and app client id into config.json; invite users with
# aws cognito-idp admin-create-user (README, "Run it in AWS"). --jwks-url (with --jwt-issuer,
# --jwt-audience) checks another issuer's tokens instead; --jwt-secret-file (or --jwt-secret,
# which other users of the machine can see in the process list) adds an HS256 key, at least 32
# characters, for tokens minted with the gateway's token command.
# --gateway-ami/--trainer-ami skip that Packer build. Anything after "--" is passed on as extra
# CloudFormation parameter overrides. --dry-run prints every command instead of running it
# (values that would be read from a command's output are shown as <placeholders>).
# -h/--help prints this text.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)

dry_run=false
yes=false
certificate_arn=""
host_name=""
stack=pulsechat
region=${AWS_REGION:-${AWS_DEFAULT_REGION:-}}
vpc=""
private_subnets=""
public_subnets=""
email=""
front_door=""
gateway_ami=""
trainer_ami=""
auth_mode=""
auth_domain=""
jwks_url=""
jwt_issuer=""
jwt_audience=""
jwt_secret=""
extra_overrides=()

# The header comment above: on stdout with status 0 for --help, on stderr with 2 for a usage error.
usage() {
  local status=${1:-2}
  if [ "${status}" -eq 0 ]; then
    sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
  else
    sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2
  fi
  exit "${status}"
}

need_value() {
  [ $# -ge 2 ] && [ -n "$2" ] || { echo "deploy.sh: $1 needs a value" >&2; exit 2; }
}

while [ $# -gt 0 ]; do
  case "$1" in
    --dry-run) dry_run=true ;;
    --yes) yes=true ;;
    --certificate-arn) need_value "$@"; certificate_arn=$2; shift ;;
    --host-name) need_value "$@"; host_name=$2; shift ;;
    --stack) need_value "$@"; stack=$2; shift ;;
    --region) need_value "$@"; region=$2; shift ;;
    --vpc) need_value "$@"; vpc=$2; shift ;;
    --private-subnets) need_value "$@"; private_subnets=$2; shift ;;
    --public-subnets) need_value "$@"; public_subnets=$2; shift ;;
    --email) need_value "$@"; email=$2; shift ;;
    --front-door) need_value "$@"; front_door=$2; shift ;;
    --gateway-ami) need_value "$@"; gateway_ami=$2; shift ;;
    --trainer-ami) need_value "$@"; trainer_ami=$2; shift ;;
    --auth-mode) need_value "$@"; auth_mode=$2; shift ;;
    --auth-domain) need_value "$@"; auth_domain=$2; shift ;;
    --jwks-url) need_value "$@"; jwks_url=$2; shift ;;
    --jwt-issuer) need_value "$@"; jwt_issuer=$2; shift ;;
    --jwt-audience) need_value "$@"; jwt_audience=$2; shift ;;
    --jwt-secret) need_value "$@"; jwt_secret=$2; shift ;;
    --jwt-secret-file)
      need_value "$@"
      [ -r "$2" ] || { echo "deploy.sh: cannot read $2" >&2; exit 2; }
      jwt_secret=$(tr -d '\r\n' <"$2"); shift ;;
    --) shift; extra_overrides=("$@"); break ;;
    -h|--help) usage 0 ;;
    *) echo "deploy.sh: unknown option $1" >&2; usage ;;
  esac
  shift
done

case "${front_door}" in
  ""|ApiGateway|LoadBalancer) ;;
  *) echo "deploy.sh: --front-door must be ApiGateway or LoadBalancer" >&2; exit 2 ;;
esac
if ! [[ "${stack}" =~ ^[A-Za-z][A-Za-z0-9-]{0,50}$ ]]; then
  echo "deploy.sh: --stack must start with a letter and hold only letters, digits and '-'" >&2
  exit 2
fi
case "${auth_mode}" in
  ""|open|token) ;;
  *) echo "deploy.sh: --auth-mode must be open or token" >&2; exit 2 ;;
esac
if [ -n "${jwt_secret}" ] && ! [[ "${jwt_secret}" =~ ^[!-~]{32,256}$ ]]; then
  echo "deploy.sh: the JWT secret must be 32-256 visible ASCII characters" >&2
  exit 2
fi
if [ -n "${jwks_url}" ] && ! [[ "${jwks_url}" =~ ^https://[!-~]+$ ]]; then
  echo "deploy.sh: --jwks-url must be an https:// URL" >&2
  exit 2
fi
if [ -n "${auth_domain}" ] && ! [[ "${auth_domain}" =~ ^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$ ]]; then
  echo "deploy.sh: --auth-domain must be lower-case letters, digits and '-', at most 63" >&2
  exit 2
fi
if [ -z "${region}" ]; then
  echo "deploy.sh: no region: pass --region or set AWS_REGION" >&2
  exit 2
fi

# shellcheck source=lib/commands.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/commands.sh"

# The AMI id of the last build recorded in a Packer manifest ("region:ami-..." artifact ids).
ami_from_manifest() {
  local manifest=$1 placeholder=$2
  if [ "${dry_run}" = true ]; then
    echo "${placeholder}"
    return
  fi
  local ami
  ami=$(grep -o '"artifact_id": *"[^"]*"' "${manifest}" | tail -n 1 | sed -E 's/.*:(ami-[0-9a-f]+)"$/\1/')
  if ! [[ "${ami}" =~ ^ami-[0-9a-f]+$ ]]; then
    echo "deploy.sh: no AMI id in ${manifest}" >&2
    exit 1
  fi
  echo "${ami}"
}

stack_output() {
  capture "<${1} of ${stack}>" aws cloudformation describe-stacks --region "${region}" --stack-name "${stack}" \
    --query "Stacks[0].Outputs[?OutputKey=='${1}'].OutputValue" --output text
}

work=$(mktemp -d)
trap 'rm -rf "${work}"' EXIT
cd "${repo}"
version=$(git rev-parse --short=12 HEAD 2>/dev/null || echo dev)
export PACKER_CHECKPOINT_DISABLE=1

fail() {
  echo "deploy.sh: $*" >&2
  exit 1
}

echo "== preflight"
tools=(aws java)
if [ -z "${gateway_ami}" ] || [ -z "${trainer_ami}" ]; then tools+=(packer); fi
for tool in "${tools[@]}"; do
  command -v "${tool}" >/dev/null || fail "${tool} is not installed (needed: ${tools[*]})"
done
identity=$(capture "<account> <caller ARN>" aws sts get-caller-identity --query '[Account, Arn]' --output text) \
  || fail "no usable AWS credentials (aws sts get-caller-identity failed); configure them with aws configure or AWS_PROFILE"
read -r account caller <<<"${identity}"
echo "deploying as ${caller} in account ${account}, region ${region}"
stack_status=$(capture "<status of ${stack}, or nothing on a first deploy>" aws cloudformation describe-stacks \
  --region "${region}" --stack-name "${stack}" --query 'Stacks[0].StackStatus' --output text 2>/dev/null) || stack_status=""
first_deploy=false
if [ -z "${stack_status}" ] || [ "${stack_status}" = REVIEW_IN_PROGRESS ]; then
  first_deploy=true
  missing=()
  [ -n "${vpc}" ] || missing+=(--vpc)
  [ -n "${private_subnets}" ] || missing+=(--private-subnets)
  [ -n "${email}" ] || missing+=(--email)
  if [ "${front_door}" = LoadBalancer ]; then
    [ -n "${public_subnets}" ] || missing+=(--public-subnets)
    [ -n "${certificate_arn}" ] || missing+=(--certificate-arn)
    [ -n "${host_name}" ] || missing+=(--host-name)
  fi
  if [ ${#missing[@]} -gt 0 ] && [ "${dry_run}" = false ]; then
    fail "stack ${stack} does not exist in ${region}; a first deploy needs ${missing[*]}"
  fi
fi
if [ -n "${private_subnets}${public_subnets}" ]; then
  [ -n "${vpc}" ] || fail "--private-subnets/--public-subnets need --vpc"
  subnets="${private_subnets}${private_subnets:+${public_subnets:+,}}${public_subnets}"
  subnet_vpcs=$(capture "${vpc}" aws ec2 describe-subnets --region "${region}" --subnet-ids ${subnets//,/ } \
    --query 'Subnets[].VpcId' --output text) || fail "cannot read the subnets ${subnets} in ${region}"
  for subnet_vpc in ${subnet_vpcs}; do
    [ "${subnet_vpc}" = "${vpc}" ] || fail "a subnet of ${subnets} is in ${subnet_vpc}, not in ${vpc}"
  done
fi

# What this deploy creates and what it costs (figures from README, "Run it in AWS").
if [ "${first_deploy}" = true ]; then what="first deploy: everything below is created"; else what="update of ${stack_status}"; fi
amis="gateway ${gateway_ami:-baked by Packer}, trainer ${trainer_ami:-baked by Packer}"
door=${front_door:-"unchanged (ApiGateway on a first deploy)"}
# The hosted sign-in page's domain prefix when the stack's own user pool signs the tokens.
default_domain=$(tr '[:upper:]' '[:lower:]' <<<"${stack}-${account}")
if [ -z "${auth_domain}" ] && [[ "${stack}" =~ [A-Z] ]]; then auth_domain=${default_domain}; fi
case "${auth_mode}:${jwks_url}" in
  token:) sign_in="token mode, a Cognito user pool and hosted sign-in page at
    https://${auth_domain:-${default_domain}}.auth.${region}.amazoncognito.com (Lite tier: the first
    10,000 monthly active users free, then \$0.0055 each; invite users with admin-create-user)" ;;
  token:*) sign_in="token mode, tokens checked against ${jwks_url}" ;;
  open:*) sign_in="open mode: anyone joins under a free name (no sign-in)" ;;
  *) sign_in="unchanged (open mode on a first deploy; --auth-mode token adds Cognito sign-in)" ;;
esac
cat <<SUMMARY
== summary
Stack ${stack} in ${region} (${what}):
  - AMIs: ${amis} (a build instance for ~10 min each, a few cents; snapshots ~\$0.05/GB-month)
  - bucket pulsechat-artifacts-${account}-${region} for the Lambda jar and the template (cents)
  - the gateway fleet: MinSize (default 2) c7i.large instances, about \$0.09/hour each (~\$130/month for two)
  - front door ${door}: API Gateway \$1.00 per million messages (a message into an N-member
    room is 1 + N) plus \$0.25 per million connection-minutes; or a public NLB, ~\$16/month plus
    ~\$0.0015 per million delivered frames; an internal NLB (~\$16/month) in both
  - the rooms API: an API Gateway HTTP API behind CloudFront, \$1.00 per million requests
  - sign-in: ${sign_in}
  - DynamoDB tables on demand, S3 buckets, CloudFront, a KMS key (\$1/month), SNS, EventBridge, two
    Lambdas, a trainer instance (m7i.large, running only while it trains), a dashboard (\$3/month), alarms
  Prices are us-east-1 list prices; README "What a million messages costs" has the per-message figures.
SUMMARY
if [ "${dry_run}" = false ] && [ "${yes}" = false ]; then
  [ -t 0 ] || fail "not a terminal: pass --yes to deploy without confirmation"
  read -r -p "Deploy? [y/N] " answer
  case "${answer}" in
    y|Y|yes|YES) ;;
    *) echo "deploy.sh: nothing was deployed"; exit 1 ;;
  esac
fi

echo "== 1/6 build the jars"
run ./mvnw -B -q package -DskipTests
needed=(lambdas/target/lambdas.jar gateway/target/client/index.html gateway/target/client/vendor/chart.js/chart.umd.min.js)
[ -z "${gateway_ami}" ] && needed+=(gateway/target/gateway.jar)
[ -z "${trainer_ami}" ] && needed+=(trainer/target/trainer.jar)
for jar in "${needed[@]}"; do
  if [ "${dry_run}" = false ] && [ ! -s "${jar}" ]; then
    echo "deploy.sh: the build did not produce ${jar}" >&2
    exit 1
  fi
done

echo "== 2/6 bake the AMIs"
if [ -z "${gateway_ami}" ]; then
  run packer build -var "region=${region}" -var "app_version=${version}" \
    -var "gateway_jar=${repo}/gateway/target/gateway.jar" -var "manifest=${work}/gateway-manifest.json" \
    packer/gateway/gateway.pkr.hcl
  gateway_ami=$(ami_from_manifest "${work}/gateway-manifest.json" "<GatewayAmiId from gateway-manifest.json>")
fi
if [ -z "${trainer_ami}" ]; then
  run packer build -var "region=${region}" -var "app_version=${version}" \
    -var "trainer_jar=${repo}/trainer/target/trainer.jar" -var "manifest=${work}/trainer-manifest.json" \
    packer/trainer/trainer.pkr.hcl
  trainer_ami=$(ami_from_manifest "${work}/trainer-manifest.json" "<TrainerAmiId from trainer-manifest.json>")
fi
echo "gateway AMI ${gateway_ami}, trainer AMI ${trainer_ami}"

echo "== 3/6 upload the Lambda jar"
artifacts="pulsechat-artifacts-${account}-${region}"
if [ "${dry_run}" = true ]; then
  lambda_key="lambdas/lambdas-<sha256>.jar"
else
  # Content-addressed: a changed jar gets a new key, so CloudFormation publishes a new version.
  lambda_key="lambdas/lambdas-$(sha256sum lambdas/target/lambdas.jar | cut -c1-16).jar"
fi
if ! run aws s3api head-bucket --bucket "${artifacts}" 2>/dev/null || [ "${dry_run}" = true ]; then
  run aws s3 mb "s3://${artifacts}" --region "${region}"
  run aws s3api put-public-access-block --bucket "${artifacts}" --public-access-block-configuration \
    BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true
fi
run aws s3 cp lambdas/target/lambdas.jar "s3://${artifacts}/${lambda_key}" --region "${region}"

echo "== 4/6 deploy the stack ${stack}"
overrides=("GatewayAmiId=${gateway_ami}" "TrainerAmiId=${trainer_ami}"
  "ArtifactBucket=${artifacts}" "LambdaCodeKey=${lambda_key}")
[ -n "${vpc}" ] && overrides+=("VpcId=${vpc}")
[ -n "${private_subnets}" ] && overrides+=("PrivateSubnetIds=${private_subnets}")
[ -n "${public_subnets}" ] && overrides+=("PublicSubnetIds=${public_subnets}")
[ -n "${email}" ] && overrides+=("AdminEmail=${email}")
[ -n "${front_door}" ] && overrides+=("FrontDoor=${front_door}")
[ -n "${certificate_arn}" ] && overrides+=("CertificateArn=${certificate_arn}")
[ -n "${host_name}" ] && overrides+=("PublicHostName=${host_name}")
[ -n "${auth_mode}" ] && overrides+=("AuthMode=${auth_mode}")
[ -n "${auth_domain}" ] && overrides+=("AuthDomainPrefix=${auth_domain}")
[ -n "${jwks_url}" ] && overrides+=("AuthJwksUrl=${jwks_url}")
[ -n "${jwt_issuer}" ] && overrides+=("AuthJwtIssuer=${jwt_issuer}")
[ -n "${jwt_audience}" ] && overrides+=("AuthJwtAudience=${jwt_audience}")
[ -n "${jwt_secret}" ] && overrides+=("AuthJwtSecret=${jwt_secret}")
overrides+=("${extra_overrides[@]}")
# The template is over CloudFormation's 51,200-byte inline limit, so it travels through S3.
run aws cloudformation deploy --region "${region}" --stack-name "${stack}" \
  --template-file cloudformation/pulsechat.yaml \
  --s3-bucket "${artifacts}" --s3-prefix templates \
  --capabilities CAPABILITY_IAM --no-fail-on-empty-changeset \
  --tags Application=pulsechat "Version=${version}" \
  --parameter-overrides "${overrides[@]}"

echo "== 5/6 upload the browser client"
client_bucket=$(stack_output ClientBucketName)
distribution=$(stack_output ClientDistributionId)
websocket_url=$(stack_output WebSocketUrl)
api_base_url=$(stack_output ApiBaseUrl)
# The sign-in the browser reads (public/js/config.js): none in open mode; in token mode the stack's
# Cognito hosted UI and app client, or only the mode when another issuer signs the tokens.
deployed_mode=$(stack_output AuthMode)
auth_json=""
if [ "${deployed_mode}" = token ]; then
  authority=$(stack_output AuthAuthority)
  client_id=$(stack_output AuthClientId)
  if [ -n "${authority}" ] && [ "${authority}" != None ]; then
    auth_json=$(printf ', "auth": {"mode": "token", "authority": "%s", "clientId": "%s", "scopes": "openid profile email"}' \
      "${authority}" "${client_id}")
  else
    auth_json=', "auth": {"mode": "token"}'
  fi
fi
printf '{"webSocketUrl": "%s", "apiBaseUrl": "%s"%s}\n' "${websocket_url}" "${api_base_url}" "${auth_json}" \
  >"${work}/config.json"
run aws s3 sync gateway/target/client/ "s3://${client_bucket}/" --delete --exclude config.json --region "${region}"
run aws s3 cp "${work}/config.json" "s3://${client_bucket}/config.json" \
  --content-type application/json --cache-control no-store --region "${region}"
run aws cloudfront create-invalidation --distribution-id "${distribution}" --paths "/*"

echo "== 6/6 outputs"
run aws cloudformation describe-stacks --region "${region}" --stack-name "${stack}" \
  --query "Stacks[0].Outputs[].[OutputKey,OutputValue]" --output table
