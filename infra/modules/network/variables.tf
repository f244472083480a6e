variable "name" {
  description = "Name prefix for every resource (for example mcpgw-prod)."
  type        = string
}

variable "network" {
  description = "VPC layout: CIDR, availability zones, one public and one private subnet CIDR per AZ, NAT strategy and interface endpoints."
  type = object({
    cidr_block           = string
    azs                  = list(string)
    public_subnet_cidrs  = list(string)
    private_subnet_cidrs = list(string)
    single_nat_gateway   = optional(bool, false)
    interface_endpoints  = optional(list(string), ["ecr.api", "ecr.dkr", "logs", "secretsmanager"])
  })

  validation {
    condition = (
      length(var.network.azs) >= 2 &&
      length(var.network.public_subnet_cidrs) == length(var.network.azs) &&
      length(var.network.private_subnet_cidrs) == length(var.network.azs)
    )
    error_message = "Use at least two AZs and exactly one public and one private subnet CIDR per AZ."
  }
}

variable "flow_logs" {
  description = "VPC flow log destination settings: KMS key for the log group and retention."
  type = object({
    kms_key_arn       = string
    retention_in_days = optional(number, 365)
  })
}

variable "tags" {
  description = "Tags applied to every resource of the module."
  type        = map(string)
  default     = {}
}
