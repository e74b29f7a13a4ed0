#!/bin/bash
# Removes a PulseChat deployment: empties the stack's buckets (CloudFormation cannot delete a
# bucket that holds objects), deletes the stack and waits for it, then removes the artifact
# bucket that deploy.sh created.
#
# Usage: scripts/cleanup.sh [--dry-run] [--stack NAME] [--region REGION] [--keep-artifacts]
#
# The AMIs and their snapshots stay (they are not part of the stack); see packer/README.md.
# --dry-run prints every command instead of running it.
set -euo pipefail

dry_run=false
stack=pulsechat
region=${AWS_REGION:-${AWS_DEFAULT_REGION:-}}
keep_artifacts=false

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2
  exit 2
}

while [ $# -gt 0 ]; do
  case "$1" in
    --dry-run) dry_run=true ;;
    --stack) [ $# -ge 2 ] || usage; stack=$2; shift ;;
    --region) [ $# -ge 2 ] || usage; region=$2; shift ;;
    --keep-artifacts) keep_artifacts=true ;;
    -h|--help) usage ;;
    *) echo "cleanup.sh: unknown option $1" >&2; usage ;;
  esac
  shift
done
if [ -z "${region}" ]; then
  echo "cleanup.sh: no region: pass --region or set AWS_REGION" >&2
  exit 2
fi

# shellcheck source=lib/commands.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/commands.sh"

stack_output() {
  capture "<${1} of ${stack}>" aws cloudformation describe-stacks --region "${region}" --stack-name "${stack}" \
    --query "Stacks[0].Outputs[?OutputKey=='${1}'].OutputValue" --output text
}

echo "== empty the stack's buckets"
for output in ClientBucketName ModelsBucketName; do
  bucket=$(stack_output "${output}")
  if [ -n "${bucket}" ] && [ "${bucket}" != None ]; then
    run aws s3 rm "s3://${bucket}" --recursive --region "${region}"
  fi
done

echo "== delete the stack ${stack}"
run aws cloudformation delete-stack --region "${region}" --stack-name "${stack}"
run aws cloudformation wait stack-delete-complete --region "${region}" --stack-name "${stack}"

if [ "${keep_artifacts}" = false ]; then
  echo "== remove the artifact bucket"
  account=$(capture "<account>" aws sts get-caller-identity --query Account --output text)
  run aws s3 rb "s3://pulsechat-artifacts-${account}-${region}" --force --region "${region}"
fi
echo "done: ${stack} removed from ${region}"
