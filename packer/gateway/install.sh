#!/bin/bash
# Gateway AMI: the jar, its unit, the drain watcher and kernel limits for many sockets.
set -euxo pipefail

dnf install -y -q aws-cfn-bootstrap

install -m 0644 /tmp/gateway.jar /opt/pulsechat/gateway.jar
install -m 0644 /tmp/pulsechat/pulsechat-gateway.service /etc/systemd/system/
install -m 0644 /tmp/pulsechat/pulsechat-drain-watch.service /etc/systemd/system/
install -m 0755 /tmp/pulsechat/pulsechat-drain-watch.sh /usr/local/bin/pulsechat-drain-watch

# Tens of thousands of WebSockets per node: file handles, accept backlog, ephemeral ports.
cat > /etc/sysctl.d/90-pulsechat.conf <<'SYSCTL'
fs.file-max = 2097152
fs.nr_open = 2097152
net.core.somaxconn = 8192
net.ipv4.tcp_max_syn_backlog = 8192
net.ipv4.ip_local_port_range = 1024 65535
SYSCTL

# Not enabled here: user data enables both units after writing /etc/pulsechat/*.env.
