#!/bin/bash
# Shared by both AMIs: Java, the CloudWatch agent, the service account and file-descriptor limits.
set -euxo pipefail

dnf install -y -q \
  java-21-amazon-corretto-headless \
  amazon-cloudwatch-agent \
  awscli-2 \
  logrotate
java -version

# The service account: no shell, no login, owns only its state and log directories.
if ! id pulsechat >/dev/null 2>&1; then
  useradd --system --home-dir /var/lib/pulsechat --shell /sbin/nologin pulsechat
fi
install -d -o root -g root -m 0755 /opt/pulsechat /etc/pulsechat
# 0755: the CloudWatch agent runs as cwagent and must read the logs systemd appends here.
install -d -o pulsechat -g pulsechat -m 0755 /var/log/pulsechat

install -m 0644 /tmp/pulsechat/amazon-cloudwatch-agent.json \
  /opt/aws/amazon-cloudwatch-agent/etc/pulsechat.json
install -m 0644 /tmp/pulsechat/logrotate.conf /etc/logrotate.d/pulsechat
