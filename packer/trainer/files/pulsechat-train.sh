#!/bin/bash
# One scheduled retrain (pulsechat-train.service): export the readers' label corrections from
# the stack's DynamoDB feedback table, train on TweetEval plus those corrections, evaluate on
# TweetEval val into a report, then publish model and report to S3 and announce
# ModelTrainingCompleted on the stack's EventBridge bus. Any failing step stops the run, so
# nothing half-made is published. Flags are the trainer CLI's (trainer/README.md);
# TrainScriptTest parses every call below with the real CLI.
set -euo pipefail

: "${AWS_REGION:?set in /etc/pulsechat/trainer.env}"
: "${FEEDBACK_TABLE:?set in /etc/pulsechat/trainer.env}"
: "${MODELS_URI:?set in /etc/pulsechat/trainer.env}"
: "${EVENT_BUS:?set in /etc/pulsechat/trainer.env}"
jar=${TRAINER_JAR:-/opt/pulsechat/trainer.jar}
datasets=${DATASETS_DIR:-/opt/pulsechat/datasets}
# Each run starts from an empty work directory; what is published lives in S3.
work=${WORK_DIR:-/var/lib/pulsechat/run}

trainer() {
  echo "== trainer $1"
  java -XX:MaxRAMPercentage=75 -jar "${jar}" "$@"
}

rm -rf "${work}"
mkdir -p "${work}"

trainer export-feedback --table "${FEEDBACK_TABLE}" --region "${AWS_REGION}" \
  --out "${work}/feedback.jsonl"
trainer train --quiet --data "${datasets}/tweeteval-sentiment" --lexicons "${datasets}/lexicons" \
  --feedback "${work}/feedback.jsonl" --out "${work}/model.bin"
trainer eval --model "${work}/model.bin" --data "${datasets}/tweeteval-sentiment" --split val \
  --report "${work}/report"
trainer publish --model "${work}/model.bin" --report "${work}/report" --to "${MODELS_URI}" \
  --region "${AWS_REGION}" --event-bus "${EVENT_BUS}"
