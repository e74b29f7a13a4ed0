# Gateway AMI: Amazon Linux 2023, Corretto 21 headless, gateway.jar, its systemd unit (raised
# LimitNOFILE, SIGTERM drain), the drain watcher for the Auto Scaling lifecycle hook and the
# CloudWatch agent configuration. Written for Packer 1.6.6 (see packer/README.md).

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
  default     = "c7i.large"
  description = "Build instance type (x86_64, like the fleet)."
}

variable "subnet_id" {
  type        = string
  default     = ""
  description = "Subnet for the build instance; empty means the default VPC."
}

variable "gateway_jar" {
  type        = string
  default     = ""
  description = "Path of the gateway fat jar; empty means gateway/target/gateway.jar of this repository."
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
  gateway_jar = var.gateway_jar != "" ? var.gateway_jar : "${path.root}/../../gateway/target/gateway.jar"
}

source "amazon-ebs" "gateway" {
  region          = var.region
  instance_type   = var.instance_type
  subnet_id       = var.subnet_id
  ssh_username    = "ec2-user"
  ssh_timeout     = "10m"
  ami_name        = "pulsechat-gateway-${var.app_version}-${local.stamp}"
  ami_description = "PulseChat gateway ${var.app_version} on Amazon Linux 2023 with Corretto 21"
  encrypt_boot    = true

  source_ami_filter {
    filters = {
      # Pin the kernel line: AL2023 publishes 6.1, 6.12 and 6.18 images side by side.
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
    Name        = "pulsechat-gateway-${var.app_version}"
    Application = "pulsechat"
    Role        = "gateway"
    Version     = var.app_version
  }
}

build {
  sources = ["source.amazon-ebs.gateway"]

  provisioner "file" {
    source      = local.gateway_jar
    destination = "/tmp/gateway.jar"
  }

  provisioner "shell" {
    inline = ["mkdir -p /tmp/pulsechat"]
  }

  provisioner "file" {
    sources = [
      "${path.root}/files/pulsechat-gateway.service",
      "${path.root}/files/pulsechat-drain-watch.service",
      "${path.root}/files/pulsechat-drain-watch.sh",
      "${path.root}/files/amazon-cloudwatch-agent.json",
      "${path.root}/files/logrotate.conf",
    ]
    destination = "/tmp/pulsechat/"
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
      role        = "gateway"
      app_version = var.app_version
    }
  }
}
