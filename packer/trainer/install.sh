#!/bin/bash
# Trainer AMI: the jar and a timer that retrains, publishes and (on EC2) powers the instance off.
set -euxo pipefail

install -m 0644 /tmp/trainer.jar /opt/pulsechat/trainer.jar
install -m 0644 /tmp/pulsechat/pulsechat-train.service /etc/systemd/system/
install -m 0644 /tmp/pulsechat/pulsechat-train.timer /etc/systemd/system/
install -m 0755 /tmp/pulsechat/pulsechat-train.sh /usr/local/bin/pulsechat-train
install -m 0755 /tmp/pulsechat/pulsechat-train-done.sh /usr/local/bin/pulsechat-train-done
# TweetEval splits and lexicons that train and eval read (read-only for the pulsechat user).
rm -rf /opt/pulsechat/datasets
cp -r /tmp/pulsechat/datasets /opt/pulsechat/datasets
chown -R root:root /opt/pulsechat/datasets
find /opt/pulsechat/datasets -type d -exec chmod 0755 {} +
find /opt/pulsechat/datasets -type f -exec chmod 0644 {} +
test -s /opt/pulsechat/datasets/tweeteval-sentiment/train_text.txt

# Not enabled here: user data enables the timer after writing /etc/pulsechat/trainer.env.
