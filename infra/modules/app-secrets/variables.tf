variable "name" {
  description = "Name prefix; secrets are named <name>/<key> (for example mcpgw-prod/keycloak-admin)."
  type        = string
}

variable "secrets" {
  description = "Secrets to create, keyed by short name, with a description of the expected JSON shape and the recovery window."
  type = map(object({
    description             = string
    recovery_window_in_days = optional(number, 30)
  }))
}

variable "kms_key_arn" {
  description = "Customer managed KMS key that encrypts the secrets."
  type        = string
}

variable "tags" {
  description = "Tags applied to every resource of the module."
  type        = map(string)
  default     = {}
}
