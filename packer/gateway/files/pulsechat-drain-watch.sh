#!/bin/bash
# Waits until Auto Scaling marks this instance for termination (the "drain" lifecycle hook puts
# it in Terminating:Wait), then drains the gateway and lets the termination continue.
# Settings come from /etc/pulsechat/drain.env: AWS_REGION, ASG_NAME, LIFECYCLE_HOOK.
set -uo pipefail

imds() {
  local token
  token=$(curl -fsS -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 60' \
    http://169.254.169.254/latest/api/token) || return 1
  curl -fsS -H "X-aws-ec2-metadata-token: ${token}" "http://169.254.169.254/latest/meta-data/$1"
}

instance_id=$(imds instance-id) || { echo "cannot read the instance id from IMDS" >&2; exit 1; }

# IMDS answers "Terminated" once the instance is in Terminating:Wait.
until [ "$(imds autoscaling/target-lifecycle-state 2>/dev/null)" = "Terminated" ]; do
  sleep 5
done
echo "instance ${instance_id} is terminating: draining the gateway"

hook=(--region "${AWS_REGION}" --auto-scaling-group-name "${ASG_NAME}"
  --lifecycle-hook-name "${LIFECYCLE_HOOK}" --instance-id "${instance_id}")
# A heartbeat restarts the hook's timeout, so the drain gets the whole HeartbeatTimeout.
aws autoscaling record-lifecycle-action-heartbeat "${hook[@]}" ||
  echo "heartbeat failed; draining within the remaining hook time" >&2

systemctl stop pulsechat-gateway.service
echo "gateway stopped: $(systemctl show -p Result --value pulsechat-gateway.service)"

aws autoscaling complete-lifecycle-action "${hook[@]}" --lifecycle-action-result CONTINUE
