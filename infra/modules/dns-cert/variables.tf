variable "name" {
  description = "Name prefix used in tags (for example mcpgw-prod)."
  type        = string
}

variable "zone_name" {
  description = "Existing public Route 53 hosted zone that owns the domain (for example example.com)."
  type        = string
}

variable "hostnames" {
  description = "Fully qualified public names: registry (registry/auth/gateway), keycloak (kc.<domain>) and any extra names for the regional certificate (for example the CloudFront origin name)."
  type = object({
    registry       = string
    keycloak       = string
    extra_regional = optional(list(string), [])
  })
}

variable "create_cloudfront_certificate" {
  description = "Also issue a certificate in us-east-1 for CloudFront (modes with CloudFront and a custom domain)."
  type        = bool
  default     = false
}

variable "alias_records" {
  description = "Alias records to create, keyed by a stable label; each points a name at CloudFront or the ALB."
  type = map(object({
    name                   = string
    target_dns_name        = string
    target_zone_id         = string
    evaluate_target_health = optional(bool, false)
  }))
  default = {}
}

variable "tags" {
  description = "Tags applied to every resource of the module."
  type        = map(string)
  default     = {}
}
