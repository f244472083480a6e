variable "name" {
  description = "Name prefix; repositories are named <name>/<repository> (for example mcpgw-prod/gateway)."
  type        = string
}

variable "repositories" {
  description = "Repository short names (for example registry, auth, gateway, keycloak)."
  type        = list(string)
}

variable "kms_key_arn" {
  description = "Customer managed KMS key for image encryption."
  type        = string
}

variable "lifecycle_policy" {
  description = "How many release images (tags starting with v) to keep and after how many days untagged images expire."
  type = object({
    keep_tagged_images   = optional(number, 50)
    untagged_expire_days = optional(number, 7)
  })
  default = {}
}

variable "tags" {
  description = "Tags applied to every resource of the module."
  type        = map(string)
  default     = {}
}
