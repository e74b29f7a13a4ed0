#!/bin/bash
# ExecStopPost of pulsechat-train.service: systemd sets SERVICE_RESULT and EXIT_STATUS.
# With STOP_AFTER_TRAINING=true (set by user data) the instance powers off either way, so a
# failed run costs no idle hours; its log is in CloudWatch Logs. Set it to false to debug.
echo "training finished: result=${SERVICE_RESULT:-unknown} status=${EXIT_STATUS:-unknown}"
if [ "${STOP_AFTER_TRAINING:-false}" = "true" ]; then
  echo "powering off in 60 s (STOP_AFTER_TRAINING=true)"
  # Give the CloudWatch agent a flush interval to ship the log.
  systemd-run --on-active=60 --timer-property=AccuracySec=1s /usr/bin/systemctl poweroff
fi
