variable "name" {
  description = "Alias name of the key, without the alias/ prefix (for example mcpgw-prod-data)."
  type        = string
}

variable "description" {
  description = "Human-readable description of what the key protects."
  type        = string
}

variable "allow_cloudwatch_logs" {
  description = "Grant CloudWatch Logs in this region use of the key for log groups of this account."
  type        = bool
  default     = false
}

variable "allow_cloudwatch_alarms" {
  description = "Grant CloudWatch alarms use of the key so they can publish to a KMS-encrypted SNS topic."
  type        = bool
  default     = false
}

variable "allow_eventbridge" {
  description = "Grant EventBridge use of the key so rules can deliver to KMS-encrypted targets."
  type        = bool
  default     = false
}

variable "rotation_period_in_days" {
  description = "Automatic key rotation period in days (90-2560)."
  type        = number
  default     = 365
}

variable "deletion_window_in_days" {
  description = "Waiting period before a scheduled key deletion completes (7-30)."
  type        = number
  default     = 30
}

variable "tags" {
  description = "Tags applied to every resource of the module."
  type        = map(string)
  default     = {}
}
