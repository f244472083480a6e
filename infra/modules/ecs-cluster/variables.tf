variable "name" {
  description = "Cluster name (for example mcpgw-prod)."
  type        = string
}

variable "container_insights" {
  description = "Container Insights level: enabled or enhanced (per-task metrics, restart counts)."
  type        = string
  default     = "enhanced"

  validation {
    condition     = contains(["enabled", "enhanced"], var.container_insights)
    error_message = "container_insights must be enabled or enhanced; it is never turned off."
  }
}

variable "tags" {
  description = "Tags applied to every resource of the module."
  type        = map(string)
  default     = {}
}
