variable "name" {
  description = "Name prefix, used as the cluster identifier (for example mcpgw-prod-docdb)."
  type        = string
}

variable "network" {
  description = "VPC, private subnets, and client security groups (label => SG ID) allowed on port 27017."
  type = object({
    vpc_id                    = string
    subnet_ids                = list(string)
    client_security_group_ids = map(string)
  })
}

variable "cluster" {
  description = "Engine, size, master user name (its password is generated and stored by the service in Secrets Manager), backups, profiler threshold and protection."
  type = object({
    engine_version         = optional(string, "5.0.0")
    parameter_group_family = optional(string, "docdb5.0")
    instance_class         = optional(string, "db.r6g.large")
    instance_count         = optional(number, 2)
    master_username        = optional(string, "mcpgw_admin")
    backup_retention_days  = optional(number, 14)
    backup_window          = optional(string, "03:00-04:00")
    maintenance_window     = optional(string, "sun:04:30-sun:05:30")
    profiler_threshold_ms  = optional(number, 200)
    deletion_protection    = optional(bool, true)
  })
  default = {}

  validation {
    condition     = var.cluster.backup_retention_days >= 7
    error_message = "Keep at least 7 days of automated backups."
  }
}

variable "kms_key_arn" {
  description = "Customer managed KMS key for storage encryption."
  type        = string
}

variable "tags" {
  description = "Tags applied to every resource of the module."
  type        = map(string)
  default     = {}
}
