variable "name" {
  description = "Name prefix, used as the cluster identifier (for example mcpgw-prod-keycloak)."
  type        = string
}

variable "network" {
  description = "VPC, private subnets, and client security groups (label => SG ID) allowed on port 5432."
  type = object({
    vpc_id                    = string
    subnet_ids                = list(string)
    client_security_group_ids = map(string)
  })
}

variable "cluster" {
  description = "Engine, size, database name, master user name (its password is generated and stored by RDS in Secrets Manager), backups and protection."
  type = object({
    engine_version         = optional(string, "16.6")
    parameter_group_family = optional(string, "aurora-postgresql16")
    instance_class         = optional(string, "db.r6g.large")
    instance_count         = optional(number, 2)
    database_name          = optional(string, "keycloak")
    master_username        = optional(string, "keycloak_admin")
    backup_retention_days  = optional(number, 14)
    backup_window          = optional(string, "03:00-04:00")
    maintenance_window     = optional(string, "sun:04:30-sun:05:30")
    deletion_protection    = optional(bool, true)
  })
  default = {}

  validation {
    condition     = var.cluster.backup_retention_days >= 7
    error_message = "Keep at least 7 days of automated backups."
  }
}

variable "kms_key_arn" {
  description = "Customer managed KMS key for storage, the master user secret and Performance Insights."
  type        = string
}

variable "secret_kms_key_arn" {
  description = "KMS key for the RDS-managed master user secret; null = kms_key_arn."
  type        = string
  default     = null
}

variable "tags" {
  description = "Tags applied to every resource of the module."
  type        = map(string)
  default     = {}
}
