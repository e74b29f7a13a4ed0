#!/bin/bash
# Runs scripts/deploy.sh and scripts/cleanup.sh against stand-in `aws`, `packer` and `mvnw`
# executables that log their argv, then checks the sequence and the arguments. No AWS account,
# Packer build or Maven build is involved; the whole run takes about a second.
# Prints "N passed, N failed" last and exits non-zero when anything failed.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
scripts=$(cd "${here}/.." && pwd)
passed=0
failed=0

tmp=$(mktemp -d)
trap 'rm -rf "${tmp}"' EXIT

check() {
  local description=$1
  shift
  if "$@"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL: ${description}" >&2
  fi
}

contains() { grep -qF -- "$2" <<<"$1"; }
lacks() { ! grep -qF -- "$2" <<<"$1"; }
equals() { [ "$1" = "$2" ] || { diff <(echo "$2") <(echo "$1") >&2; return 1; }; }

# ------------------------------------------------------------------ a fake checkout

repo="${tmp}/repo"
mkdir -p "${repo}/scripts" "${repo}/public" "${repo}/cloudformation" "${repo}/packer/gateway" "${repo}/packer/trainer" "${tmp}/bin"
cp "${scripts}/deploy.sh" "${scripts}/cleanup.sh" "${repo}/scripts/"
mkdir -p "${repo}/scripts/lib" && cp "${scripts}/lib/commands.sh" "${repo}/scripts/lib/"
echo '<!doctype html><title>PulseChat</title>' >"${repo}/public/index.html"
touch "${repo}/cloudformation/pulsechat.yaml" "${repo}/packer/gateway/gateway.pkr.hcl" "${repo}/packer/trainer/trainer.pkr.hcl"

# Every stand-in appends one line per call: its name, then each argument in brackets.
log="${tmp}/calls.log"
cat >"${tmp}/log-call" <<'EOF'
line=$(basename "$0")
for arg in "$@"; do line+=" [${arg}]"; done
echo "${line}" >>"${CALLS_LOG}"
EOF

cat >"${repo}/mvnw" <<'EOF'
#!/bin/bash
. "${STUBS}/log-call"
mkdir -p lambdas/target gateway/target trainer/target
echo "lambda code" >lambdas/target/lambdas.jar
echo "gateway code" >gateway/target/gateway.jar
mkdir -p gateway/target/client/vendor/chart.js
echo '<!doctype html>' >gateway/target/client/index.html
echo 'chart' >gateway/target/client/vendor/chart.js/chart.umd.min.js
# FAKE_NO_TRAINER=1: a checkout without the trainer module.
if [ "${FAKE_NO_TRAINER:-0}" = 1 ]; then rm -f trainer/target/trainer.jar; else echo "trainer code" >trainer/target/trainer.jar; fi
EOF

cat >"${tmp}/bin/packer" <<'EOF'
#!/bin/bash
. "${STUBS}/log-call"
[ "${FAKE_PACKER_FAIL:-0}" = 1 ] && { echo "packer: build failed" >&2; exit 1; }
manifest=""
for arg in "$@"; do
  case "${arg}" in manifest=*) manifest=${arg#manifest=} ;; esac
done
case "${*: -1}" in
  *gateway*) ami=ami-0aaa1111bbbb22223 ;;
  *) ami=ami-0ccc3333dddd44445 ;;
esac
# The manifest post-processor's format: one entry per build, artifact ids "region:ami".
cat >"${manifest}" <<JSON
{
  "builds": [
    {"name": "old", "builder_type": "amazon-ebs", "artifact_id": "eu-west-1:ami-0000000000000000f"},
    {"name": "new", "builder_type": "amazon-ebs", "artifact_id": "eu-west-1:${ami}"}
  ],
  "last_run_uuid": "f00"
}
JSON
EOF

cat >"${tmp}/bin/aws" <<'EOF'
#!/bin/bash
. "${STUBS}/log-call"
case "$1 $2" in
  "sts get-caller-identity")
    case "$*" in
      *Arn*) printf '123456789012\tarn:aws:iam::123456789012:user/deployer\n' ;;
      *) echo 123456789012 ;;
    esac ;;
  "ec2 describe-subnets") for s in "${@:6}"; do case "${s}" in subnet-*) echo "${FAKE_SUBNET_VPC:-vpc-0123}" ;; esac; done ;;
  "s3api head-bucket") [ "${FAKE_BUCKET_EXISTS:-0}" = 1 ] || exit 254 ;;
  "cloudformation describe-stacks")
    case "$*" in
      *StackStatus*) [ "${FAKE_STACK_EXISTS:-0}" = 1 ] || { echo "Stack with id pulsechat does not exist" >&2; exit 254; }
        echo UPDATE_COMPLETE ;;
      *ClientBucketName*) echo pulsechat-clientbucket-1a2b ;;
      *ModelsBucketName*) echo pulsechat-modelsbucket-3c4d ;;
      *ClientDistributionId*) echo E2EXAMPLE ;;
      *WebSocketUrl*) echo wss://abc123.execute-api.eu-west-1.amazonaws.com/prod ;;
      *ApiBaseUrl*) echo https://d111111abcdef8.cloudfront.net/ ;;
      *OutputKey==\'AuthMode\'*) echo "${FAKE_AUTH_MODE:-open}" ;;
      # Outputs of the stack's Cognito sign-in exist only in token mode without an outside issuer.
      *AuthAuthority*) [ "${FAKE_AUTH_MODE:-open}:${FAKE_OUTSIDE_ISSUER:-0}" = token:0 ] \
          && echo https://pulsechat-123456789012.auth.eu-west-1.amazoncognito.com ;;
      *AuthClientId*) [ "${FAKE_AUTH_MODE:-open}:${FAKE_OUTSIDE_ISSUER:-0}" = token:0 ] && echo 1example23456789 ;;
      *) echo "| WebSocketUrl | wss://abc123.execute-api.eu-west-1.amazonaws.com/prod |" ;;
    esac ;;
  "s3 cp") case "$4" in */config.json) cp "$3" "${STUBS}/uploaded-config.json" ;; esac ;;
esac
exit 0
EOF
chmod +x "${repo}/mvnw" "${tmp}/bin/packer" "${tmp}/bin/aws"

export STUBS="${tmp}" CALLS_LOG="${log}" PATH="${tmp}/bin:${PATH}"
unset AWS_REGION AWS_DEFAULT_REGION

# Runs a script of the fake checkout with a fresh log; sets out, status and calls.
invoke() {
  : >"${log}"
  out=$("${repo}/scripts/$1" "${@:2}" 2>&1)
  status=$?
  calls=$(cat "${log}")
}

# The call log reduced to program and first two words, to compare sequences.
sequence() { awk '{print $1, $2, $3}' <<<"${calls}"; }

network=(--region eu-west-1 --vpc vpc-0123 --private-subnets subnet-a,subnet-b
  --public-subnets subnet-c,subnet-d --email ops@example.com)

# ------------------------------------------------------------------ deploy, first time

invoke deploy.sh --yes "${network[@]}" --front-door LoadBalancer --certificate-arn arn:aws:acm:eu-west-1:123456789012:certificate/abc \
  --host-name chat.example.com -- MinSize=3
check "deploy succeeds with stand-ins" equals "${status}" 0
check "deploy runs preflight, build, AMIs, upload, stack, client, outputs in order" equals "$(sequence)" \
"aws [sts] [get-caller-identity]
aws [cloudformation] [describe-stacks]
aws [ec2] [describe-subnets]
mvnw [-B] [-q]
packer [build] [-var]
packer [build] [-var]
aws [s3api] [head-bucket]
aws [s3] [mb]
aws [s3api] [put-public-access-block]
aws [s3] [cp]
aws [cloudformation] [deploy]
aws [cloudformation] [describe-stacks]
aws [cloudformation] [describe-stacks]
aws [cloudformation] [describe-stacks]
aws [cloudformation] [describe-stacks]
aws [cloudformation] [describe-stacks]
aws [s3] [sync]
aws [s3] [cp]
aws [cloudfront] [create-invalidation]
aws [cloudformation] [describe-stacks]"

check "maven packages without tests" contains "${calls}" "mvnw [-B] [-q] [package] [-DskipTests]"
packer_gateway=$(grep -F 'packer [build]' <<<"${calls}" | sed -n 1p)
packer_trainer=$(grep -F 'packer [build]' <<<"${calls}" | sed -n 2p)
check "gateway AMI built from its template" contains "${packer_gateway}" "[packer/gateway/gateway.pkr.hcl]"
check "gateway AMI gets the gateway jar" contains "${packer_gateway}" "[gateway_jar=${repo}/gateway/target/gateway.jar]"
check "gateway AMI gets the region" contains "${packer_gateway}" "[-var] [region=eu-west-1]"
check "gateway build writes a manifest" contains "${packer_gateway}" "gateway-manifest.json]"
check "trainer AMI built from its template" contains "${packer_trainer}" "[packer/trainer/trainer.pkr.hcl]"
check "trainer AMI gets the trainer jar" contains "${packer_trainer}" "[trainer_jar=${repo}/trainer/target/trainer.jar]"

key="lambdas/lambdas-$(printf 'lambda code\n' | sha256sum | cut -c1-16).jar"
bucket=pulsechat-artifacts-123456789012-eu-west-1
check "artifact bucket created when missing" contains "${calls}" "aws [s3] [mb] [s3://${bucket}] [--region] [eu-west-1]"
check "lambda jar uploaded under its content hash" contains "${calls}" \
  "aws [s3] [cp] [lambdas/target/lambdas.jar] [s3://${bucket}/${key}]"

stack_call=$(grep -F 'aws [cloudformation] [deploy]' <<<"${calls}")
for expected in "[--stack-name] [pulsechat]" "[--template-file] [cloudformation/pulsechat.yaml]" \
  "[--s3-bucket] [${bucket}]" "[--capabilities] [CAPABILITY_IAM]" "[--no-fail-on-empty-changeset]" \
  "[GatewayAmiId=ami-0aaa1111bbbb22223]" "[TrainerAmiId=ami-0ccc3333dddd44445]" \
  "[ArtifactBucket=${bucket}]" "[LambdaCodeKey=${key}]" "[VpcId=vpc-0123]" \
  "[PrivateSubnetIds=subnet-a,subnet-b]" "[PublicSubnetIds=subnet-c,subnet-d]" \
  "[AdminEmail=ops@example.com]" "[FrontDoor=LoadBalancer]" "[MinSize=3]" "[--region] [eu-west-1]" \
  "[CertificateArn=arn:aws:acm:eu-west-1:123456789012:certificate/abc]" "[PublicHostName=chat.example.com]"; do
  check "stack deploy passes ${expected}" contains "${stack_call}" "${expected}"
done

check "client synced to the stack's bucket" contains "${calls}" \
  "aws [s3] [sync] [gateway/target/client/] [s3://pulsechat-clientbucket-1a2b/] [--delete]"
check "config.json uploaded uncached" contains "${calls}" "[s3://pulsechat-clientbucket-1a2b/config.json] [--content-type] [application/json] [--cache-control] [no-store]"
check "config.json names the WebSocket URL and the rooms API" equals "$(cat "${tmp}/uploaded-config.json" 2>/dev/null)" \
  '{"webSocketUrl": "wss://abc123.execute-api.eu-west-1.amazonaws.com/prod", "apiBaseUrl": "https://d111111abcdef8.cloudfront.net/"}'
check "CloudFront cache invalidated" contains "${calls}" \
  "aws [cloudfront] [create-invalidation] [--distribution-id] [E2EXAMPLE] [--paths] [/*]"
check "outputs printed" contains "${out}" "| WebSocketUrl | wss://abc123.execute-api.eu-west-1.amazonaws.com/prod |"
check "AMI ids reported" contains "${out}" "gateway AMI ami-0aaa1111bbbb22223, trainer AMI ami-0ccc3333dddd44445"
check "caller identity reported" contains "${out}" "deploying as arn:aws:iam::123456789012:user/deployer in account 123456789012"
check "summary names the first deploy" contains "${out}" "first deploy: everything below is created"
check "summary gives the fleet's cost" contains "${out}" "c7i.large instances, about \$0.09/hour each"
check "summary gives API Gateway's price" contains "${out}" "\$1.00 per million messages"
check "summary names the sign-in" contains "${out}" "sign-in: unchanged (open mode on a first deploy"
check "open mode passes no sign-in parameters" lacks "${stack_call}" "[Auth"

# ------------------------------------------------------------------ sign-in (token mode)

FAKE_AUTH_MODE=token invoke deploy.sh --yes "${network[@]}" --auth-mode token
check "a token-mode deploy succeeds" equals "${status}" 0
stack_call=$(grep -F 'aws [cloudformation] [deploy]' <<<"${calls}")
check "token mode is passed to the stack" contains "${stack_call}" "[AuthMode=token]"
check "the stack's own user pool is the default: no outside keys" lacks "${stack_call}" "[AuthJwksUrl="
check "a lower-case stack name is its own hosted UI prefix" lacks "${stack_call}" "[AuthDomainPrefix="
check "token-mode summary names the hosted sign-in page and its price" contains "${out}" \
  "https://pulsechat-123456789012.auth.eu-west-1.amazoncognito.com (Lite tier: the first"
check "config.json carries the Cognito sign-in in token mode" equals "$(cat "${tmp}/uploaded-config.json" 2>/dev/null)" \
  '{"webSocketUrl": "wss://abc123.execute-api.eu-west-1.amazonaws.com/prod", "apiBaseUrl": "https://d111111abcdef8.cloudfront.net/", "auth": {"mode": "token", "authority": "https://pulsechat-123456789012.auth.eu-west-1.amazoncognito.com", "clientId": "1example23456789", "scopes": "openid profile email"}}'

printf 'a-secret-of-at-least-32-characters-0123456789\n' >"${tmp}/jwt-secret"
FAKE_AUTH_MODE=token FAKE_OUTSIDE_ISSUER=1 invoke deploy.sh --yes "${network[@]}" --stack Chat-Dev --auth-mode token \
  --jwks-url https://issuer.example.com/.well-known/jwks.json --jwt-issuer https://issuer.example.com \
  --jwt-audience chat --jwt-secret-file "${tmp}/jwt-secret"
check "a deploy with an outside issuer succeeds" equals "${status}" 0
stack_call=$(grep -F 'aws [cloudformation] [deploy]' <<<"${calls}")
for expected in "[AuthJwksUrl=https://issuer.example.com/.well-known/jwks.json]" \
  "[AuthJwtIssuer=https://issuer.example.com]" "[AuthJwtAudience=chat]" \
  "[AuthJwtSecret=a-secret-of-at-least-32-characters-0123456789]" "[AuthDomainPrefix=chat-dev-123456789012]"; do
  check "outside issuer: stack deploy passes ${expected}" contains "${stack_call}" "${expected}"
done
check "outside issuer: the summary names its keys" contains "${out}" "tokens checked against https://issuer.example.com/"
check "outside issuer: config.json says token mode only" equals "$(cat "${tmp}/uploaded-config.json" 2>/dev/null)" \
  '{"webSocketUrl": "wss://abc123.execute-api.eu-west-1.amazonaws.com/prod", "apiBaseUrl": "https://d111111abcdef8.cloudfront.net/", "auth": {"mode": "token"}}'

invoke deploy.sh --region eu-west-1 --auth-mode closed
check "a bad --auth-mode is a usage error" equals "${status}" 2
invoke deploy.sh --region eu-west-1 --auth-mode token --jwt-secret short
check "a short JWT secret is a usage error" equals "${status}" 2
check "a short JWT secret runs nothing" equals "${calls}" ""
invoke deploy.sh --region eu-west-1 --auth-mode token --auth-domain Not_A_Prefix
check "a bad hosted UI prefix is a usage error" equals "${status}" 2

# ------------------------------------------------------------------ preflight and confirmation

invoke deploy.sh --help
check "--help exits 0" equals "${status}" 0
check "--help prints the usage" contains "${out}" "Usage:"
check "--help explains the sign-in flags" contains "${out}" "--auth-mode token"
check "--help shows config.json's auth" contains "${out}" '"auth": {"mode": "token", "authority":'
help_stderr=$("${repo}/scripts/deploy.sh" --help 2>&1 >/dev/null)
check "--help prints on stdout only" equals "${help_stderr}" ""
invoke deploy.sh --yes --region eu-west-1 --vpc vpc-0123 --private-subnets subnet-a,subnet-b
check "a first deploy without --email stops" test "${status}" -ne 0
check "a first deploy names what it misses" contains "${out}" "a first deploy needs --email"
check "a failed preflight builds nothing" lacks "${calls}" "mvnw"
invoke deploy.sh --yes "${network[@]}" --front-door LoadBalancer
check "a first LoadBalancer deploy needs TLS" contains "${out}" "a first deploy needs --certificate-arn --host-name"
FAKE_SUBNET_VPC=vpc-0999 invoke deploy.sh --yes "${network[@]}"
check "subnets of another VPC stop the deploy" test "${status}" -ne 0
check "subnets of another VPC are named" contains "${out}" "is in vpc-0999, not in vpc-0123"
check "subnets of another VPC deploy nothing" lacks "${calls}" "[cloudformation] [deploy]"
invoke deploy.sh "${network[@]}" </dev/null
check "without a terminal, --yes is required" test "${status}" -ne 0
check "without a terminal, the reason is given" contains "${out}" "pass --yes"
check "an unconfirmed deploy builds nothing" lacks "${calls}" "mvnw"

# ------------------------------------------------------------------ deploy, later

FAKE_STACK_EXISTS=1 FAKE_BUCKET_EXISTS=1 invoke deploy.sh --yes --region eu-west-1 --stack chat-dev --gateway-ami ami-0123456789abcdef0 --trainer-ami ami-0fedcba9876543210
check "redeploy with given AMIs succeeds" equals "${status}" 0
check "given AMIs skip Packer" lacks "${calls}" "packer"
check "existing artifact bucket is reused" lacks "${calls}" "[s3] [mb]"
stack_call=$(grep -F 'aws [cloudformation] [deploy]' <<<"${calls}")
check "given gateway AMI deployed" contains "${stack_call}" "[GatewayAmiId=ami-0123456789abcdef0]"
check "given trainer AMI deployed" contains "${stack_call}" "[TrainerAmiId=ami-0fedcba9876543210]"
check "named stack deployed" contains "${stack_call}" "[--stack-name] [chat-dev]"
check "unset network parameters keep the stack's values" lacks "${stack_call}" "VpcId="

FAKE_STACK_EXISTS=1 FAKE_NO_TRAINER=1 invoke deploy.sh --yes --region eu-west-1
check "a missing trainer jar stops the deploy before Packer" test "${status}" -ne 0
check "a missing trainer jar is named" contains "${out}" "the build did not produce trainer/target/trainer.jar"
check "a missing trainer jar builds no AMI" lacks "${calls}" "packer"
FAKE_STACK_EXISTS=1 FAKE_NO_TRAINER=1 invoke deploy.sh --yes --region eu-west-1 --trainer-ami ami-0fedcba9876543210
check "a given trainer AMI needs no trainer jar" equals "${status}" 0

# ------------------------------------------------------------------ deploy --dry-run

invoke deploy.sh --dry-run "${network[@]}"
check "dry run succeeds" equals "${status}" 0
check "dry run runs nothing" equals "${calls}" ""
for expected in "+ ./mvnw -B -q package -DskipTests" "+ packer build -var region=eu-west-1" \
  "packer/trainer/trainer.pkr.hcl" "+ aws s3 cp lambdas/target/lambdas.jar" \
  "+ aws cloudformation deploy --region eu-west-1 --stack-name pulsechat" "VpcId=vpc-0123" \
  "+ aws s3 sync gateway/target/client/" "+ aws cloudfront create-invalidation" "'GatewayAmiId=<GatewayAmiId from gateway-manifest.json>'"; do
  check "dry run prints ${expected}" contains "${out}" "${expected}"
done
check "dry run prints the preflight" contains "${out}" "+ aws sts get-caller-identity"
check "dry run prints the summary" contains "${out}" "== summary"
check "dry run prints commands in order" equals \
  "$(grep -n -e '^+ ./mvnw' -e '^+ aws cloudformation deploy' -e '^+ aws s3 sync' <<<"${out}" | cut -d: -f1 | sort -n | tr '\n' ' ')" \
  "$(grep -n -e '^+ ./mvnw' -e '^+ aws cloudformation deploy' -e '^+ aws s3 sync' <<<"${out}" | cut -d: -f1 | tr '\n' ' ')"

# ------------------------------------------------------------------ deploy failures

FAKE_PACKER_FAIL=1 invoke deploy.sh --yes "${network[@]}"
check "a failed Packer build fails the deploy" test "${status}" -ne 0
check "a failed Packer build deploys nothing" lacks "${calls}" "[cloudformation] [deploy]"
invoke deploy.sh --region eu-west-1 --bogus
check "unknown option is a usage error" equals "${status}" 2
check "unknown option runs nothing" equals "${calls}" ""
invoke deploy.sh --region eu-west-1 --front-door Elevator
check "bad front door is a usage error" equals "${status}" 2
invoke deploy.sh --vpc vpc-1
check "missing region is a usage error" equals "${status}" 2

# ------------------------------------------------------------------ cleanup

invoke cleanup.sh --region eu-west-1
check "cleanup succeeds" equals "${status}" 0
check "cleanup empties the buckets, deletes and waits, then drops the artifact bucket" equals "$(sequence)" \
"aws [cloudformation] [describe-stacks]
aws [s3] [rm]
aws [cloudformation] [describe-stacks]
aws [s3] [rm]
aws [cloudformation] [delete-stack]
aws [cloudformation] [wait]
aws [sts] [get-caller-identity]
aws [s3] [rb]"
check "client bucket emptied" contains "${calls}" "aws [s3] [rm] [s3://pulsechat-clientbucket-1a2b] [--recursive]"
check "models bucket emptied" contains "${calls}" "aws [s3] [rm] [s3://pulsechat-modelsbucket-3c4d] [--recursive]"
check "stack deleted" contains "${calls}" "aws [cloudformation] [delete-stack] [--region] [eu-west-1] [--stack-name] [pulsechat]"
check "deletion awaited" contains "${calls}" "[wait] [stack-delete-complete]"
check "artifact bucket removed" contains "${calls}" "aws [s3] [rb] [s3://pulsechat-artifacts-123456789012-eu-west-1] [--force]"

invoke cleanup.sh --region eu-west-1 --stack chat-dev --keep-artifacts
check "cleanup of a named stack" contains "${calls}" "[delete-stack] [--region] [eu-west-1] [--stack-name] [chat-dev]"
check "--keep-artifacts keeps the artifact bucket" lacks "${calls}" "[s3] [rb]"

invoke cleanup.sh --dry-run --region eu-west-1
check "cleanup dry run runs nothing" equals "${calls}" ""
check "cleanup dry run prints the delete" contains "${out}" "+ aws cloudformation delete-stack --region eu-west-1 --stack-name pulsechat"
check "cleanup dry run prints the emptying" contains "${out}" "+ aws s3 rm 's3://<ClientBucketName of pulsechat>' --recursive"

echo "${passed} passed, ${failed} failed"
[ "${failed}" -eq 0 ]
