#!/bin/bash
# Last step of both AMIs: no caches, no build leftovers, a fresh machine id on first boot.
set -euxo pipefail
systemctl daemon-reload
rm -rf /tmp/pulsechat /tmp/*.jar
dnf clean all
truncate -s 0 /etc/machine-id
