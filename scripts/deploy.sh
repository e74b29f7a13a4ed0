#!/bin/bash
# Builds PulseChat and deploys it to AWS in one command:
#   jars (Maven) -> gateway and trainer AMIs (Packer) -> Lambda jar upload (S3)
#   -> CloudFormation stack -> browser client upload (S3 + CloudFront) -> stack outputs.
#
# Usage:
#   scripts/deploy.sh [--dry-run] [--stack NAME] [--region REGION]
#                     [--vpc vpc-..] [--private-subnets subnet-a,subnet-b] [--public-subnets subnet-c,subnet-d]
#                     [--email admin@example.com] [--front-door ApiGateway|LoadBalancer]
#                     [--gateway-ami ami-..] [--trainer-ami ami-..] [-- Key=Value ...]
#
# The network flags and --email are required on the first deploy; later deploys keep the
# stack's previous values for every parameter not given. --gateway-ami/--trainer-ami skip that
# Packer build. Anything after "--" is passed on as extra CloudFormation parameter overrides.
# --dry-run prints every command instead of running it (values that would be read from a
# command's output are shown as <placeholders>).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)

dry_run=false
stack=pulsechat
region=${AWS_REGION:-${AWS_DEFAULT_REGION:-}}
vpc=""
private_subnets=""
public_subnets=""
email=""
front_door=""
gateway_ami=""
trainer_ami=""
extra_overrides=()

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2
  exit 2
}

need_value() {
  [ $# -ge 2 ] && [ -n "$2" ] || { echo "deploy.sh: $1 needs a value" >&2; exit 2; }
}

while [ $# -gt 0 ]; do
  case "$1" in
    --dry-run) dry_run=true ;;
    --stack) need_value "$@"; stack=$2; shift ;;
    --region) need_value "$@"; region=$2; shift ;;
    --vpc) need_value "$@"; vpc=$2; shift ;;
    --private-subnets) need_value "$@"; private_subnets=$2; shift ;;
    --public-subnets) need_value "$@"; public_subnets=$2; shift ;;
    --email) need_value "$@"; email=$2; shift ;;
    --front-door) need_value "$@"; front_door=$2; shift ;;
    --gateway-ami) need_value "$@"; gateway_ami=$2; shift ;;
    --trainer-ami) need_value "$@"; trainer_ami=$2; shift ;;
    --) shift; extra_overrides=("$@"); break ;;
    -h|--help) usage ;;
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

echo "== 1/6 build the jars"
run ./mvnw -B -q package -DskipTests
needed=(lambdas/target/lambdas.jar)
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
account=$(capture "<account>" aws sts get-caller-identity --query Account --output text)
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
printf '{"webSocketUrl": "%s"}\n' "${websocket_url}" >"${work}/config.json"
run aws s3 sync public/ "s3://${client_bucket}/" --delete --exclude config.json --region "${region}"
run aws s3 cp "${work}/config.json" "s3://${client_bucket}/config.json" \
  --content-type application/json --cache-control no-store --region "${region}"
run aws cloudfront create-invalidation --distribution-id "${distribution}" --paths "/*"

echo "== 6/6 outputs"
run aws cloudformation describe-stacks --region "${region}" --stack-name "${stack}" \
  --query "Stacks[0].Outputs[].[OutputKey,OutputValue]" --output table
