#!/bin/bash
# Trainer AMI: the jar and a timer that retrains, publishes and (on EC2) powers the instance off.
set -euxo pipefail

install -m 0644 /tmp/trainer.jar /opt/pulsechat/trainer.jar
install -m 0644 /tmp/pulsechat/pulsechat-train.service /etc/systemd/system/
install -m 0644 /tmp/pulsechat/pulsechat-train.timer /etc/systemd/system/
install -m 0755 /tmp/pulsechat/pulsechat-train-done.sh /usr/local/bin/pulsechat-train-done

# Not enabled here: user data enables the timer after writing /etc/pulsechat/trainer.env.
