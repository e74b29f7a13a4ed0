#!/bin/bash
# Offline checks of the AWS side, run by scripts/test-all.sh after the Maven build:
# the CloudFormation template (cfn-lint), both Packer templates, and deploy/cleanup against
# stand-in aws/packer executables. Needs no AWS account and no network.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== cfn-lint cloudformation/*.yaml"
if command -v cfn-lint >/dev/null; then
  # Errors fail the build; warnings would print but pass (the template has none today).
  cfn-lint --non-zero-exit-code error cloudformation/*.yaml
else
  # cfn-lint is a Python tool preinstalled on the CI image; PyPI is not reachable to add it.
  echo "cfn-lint not found: CloudFormation lint SKIPPED" >&2
fi

echo "== packer/validate.sh"
packer/validate.sh

echo "== scripts/test/run.sh"
scripts/test/run.sh
