# Trainer AMI: Amazon Linux 2023, Corretto 21 headless, trainer.jar, the datasets it trains on
# and a systemd timer that runs pulsechat-train (export-feedback, train, eval, publish to
# s3://...) and powers the instance off.
# Written for Packer 1.6.6 (see packer/README.md).

packer {
  required_version = ">= 1.6.6"
}

variable "region" {
  type        = string
  default     = env("AWS_REGION")
  description = "Region to build in; the AMI stays there."
}

variable "instance_type" {
  type        = string
  default     = "m7i.large"
  description = "Build instance type (x86_64, like the trainer)."
}

variable "subnet_id" {
  type        = string
  default     = ""
  description = "Subnet for the build instance; empty means the default VPC."
}

variable "trainer_jar" {
  type        = string
  default     = ""
  description = "Path of the trainer fat jar; empty means trainer/target/trainer.jar of this repository."
}

variable "datasets" {
  type        = string
  default     = ""
  description = "Folder with tweeteval-sentiment/ and lexicons/; empty means datasets/ of this repository."
}

variable "app_version" {
  type        = string
  default     = "dev"
  description = "Version recorded in the AMI name and tags (deploy.sh passes the git commit)."
}

variable "manifest" {
  type        = string
  default     = "packer-manifest.json"
  description = "Where the manifest post-processor writes the AMI id."
}

locals {
  stamp       = formatdate("YYYYMMDDhhmmss", timestamp())
  trainer_jar = var.trainer_jar != "" ? var.trainer_jar : "${path.root}/../../trainer/target/trainer.jar"
  datasets    = var.datasets != "" ? var.datasets : "${path.root}/../../datasets"
}

source "amazon-ebs" "trainer" {
  region          = var.region
  instance_type   = var.instance_type
  subnet_id       = var.subnet_id
  ssh_username    = "ec2-user"
  ssh_timeout     = "10m"
  ami_name        = "pulsechat-trainer-${var.app_version}-${local.stamp}"
  ami_description = "PulseChat trainer ${var.app_version} on Amazon Linux 2023 with Corretto 21"
  encrypt_boot    = true

  source_ami_filter {
    filters = {
      name                = "al2023-ami-2023.*-kernel-6.1-x86_64"
      architecture        = "x86_64"
      virtualization-type = "hvm"
      root-device-type    = "ebs"
    }
    owners      = ["amazon"]
    most_recent = true
  }

  launch_block_device_mappings {
    device_name           = "/dev/xvda"
    volume_size           = 8
    volume_type           = "gp3"
    iops                  = 3000
    throughput            = 125
    delete_on_termination = true
  }

  tags = {
    Name        = "pulsechat-trainer-${var.app_version}"
    Application = "pulsechat"
    Role        = "trainer"
    Version     = var.app_version
  }
}

build {
  sources = ["source.amazon-ebs.trainer"]

  provisioner "file" {
    source      = local.trainer_jar
    destination = "/tmp/trainer.jar"
  }

  provisioner "shell" {
    inline = ["mkdir -p /tmp/pulsechat/datasets"]
  }

  provisioner "file" {
    sources = [
      "${path.root}/files/pulsechat-train.service",
      "${path.root}/files/pulsechat-train.timer",
      "${path.root}/files/pulsechat-train.sh",
      "${path.root}/files/pulsechat-train-done.sh",
      "${path.root}/files/amazon-cloudwatch-agent.json",
      "${path.root}/files/logrotate.conf",
    ]
    destination = "/tmp/pulsechat/"
  }

  # With the trailing slash the folder's contents go into the (existing) destination folder.
  provisioner "file" {
    source      = "${local.datasets}/"
    destination = "/tmp/pulsechat/datasets"
  }

  provisioner "shell" {
    execute_command = "chmod +x {{ .Path }}; {{ .Vars }} sudo -E bash '{{ .Path }}'"
    scripts = [
      "${path.root}/../common/install-base.sh",
      "${path.root}/install.sh",
      "${path.root}/../common/finish.sh",
    ]
  }

  post-processor "manifest" {
    output     = var.manifest
    strip_path = true
    custom_data = {
      role        = "trainer"
      app_version = var.app_version
    }
  }
}
