variable "name" {
  description = "Name prefix for every resource (for example mcpgw-prod)."
  type        = string
}

variable "services" {
  description = "ECS services keyed by service name; each gets a log group /ecs/<name>/<service> and a running-task alarm at its minimum count."
  type = map(object({
    min_running_tasks = number
  }))
}

variable "audit_source_service" {
  description = "Service whose JSON log lines carry audit events, snapshot age and audit-sink failures."
  type        = string
  default     = "gateway"
}

variable "kms_key_arn" {
  description = "Customer managed KMS key for log groups and the SNS topic (must allow CloudWatch Logs and CloudWatch alarms)."
  type        = string
}

variable "log_retention_in_days" {
  description = "Retention of the log groups."
  type        = number
  default     = 365
}

variable "ecs_cluster_name" {
  description = "ECS cluster name (alarm and dashboard dimension)."
  type        = string
}

variable "ecs_cluster_arn" {
  description = "ECS cluster ARN (task-failure event filter)."
  type        = string
}

variable "alb" {
  description = "ALB ARN suffix and target group ARN suffixes keyed by service (CloudWatch dimensions)."
  type = object({
    arn_suffix                = string
    target_group_arn_suffixes = map(string)
  })
}

variable "thresholds" {
  description = "Alarm thresholds."
  type = object({
    alb_5xx_per_minute           = optional(number, 5)
    target_5xx_per_minute        = optional(number, 5)
    latency_p95_seconds          = optional(number, 2)
    task_failures_per_15_minutes = optional(number, 3)
    denied_calls_per_5_minutes   = optional(number, 100)
    snapshot_age_seconds         = optional(number, 120)
  })
  default = {}
}

variable "alarm_subscriptions" {
  description = "Subscriptions to the alarm topic (for example protocol email, endpoint oncall@example.com). Email subscriptions must be confirmed by the recipient."
  type = list(object({
    protocol = string
    endpoint = string
  }))
  default = []
}

variable "tags" {
  description = "Tags applied to every resource of the module."
  type        = map(string)
  default     = {}
}
