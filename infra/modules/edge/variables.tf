variable "name" {
  description = "Name prefix for every resource (for example mcpgw-prod)."
  type        = string
}

variable "mode" {
  description = "cloudfront: two CloudFront distributions (app, keycloak) with CLOUDFRONT-scoped web ACLs (pass a us-east-1 provider). regional: one REGIONAL web ACL for the ALB (custom-domain-only mode)."
  type        = string

  validation {
    condition     = contains(["cloudfront", "regional"], var.mode)
    error_message = "mode must be cloudfront or regional."
  }
}

variable "waf" {
  description = "WAF settings: per-IP rate limit per 5 minutes, CIDRs allowed to reach Keycloak /admin* and the registry's /internal*, log retention."
  type = object({
    rate_limit_per_5_minutes = optional(number, 2000)
    keycloak_admin_cidrs     = optional(list(string), [])
    internal_api_cidrs       = optional(list(string), [])
    log_retention_in_days    = optional(number, 365)
  })
  default = {}
}

variable "cloudfront" {
  description = "CloudFront settings (mode = cloudfront): ALB origin name and protocol, aliases per distribution, us-east-1 certificate (null = default *.cloudfront.net certificate), price class, geo restriction, origin read timeout."
  type = object({
    origin_domain_name     = string
    origin_protocol_policy = optional(string, "https-only")
    aliases = optional(object({
      app      = list(string)
      keycloak = list(string)
    }), { app = [], keycloak = [] })
    acm_certificate_arn = optional(string)
    price_class         = optional(string, "PriceClass_100")
    origin_read_timeout = optional(number, 60)
    geo_restriction = optional(object({
      restriction_type = string
      locations        = list(string)
    }), { restriction_type = "none", locations = [] })
  })
  default = null
}

variable "regional" {
  description = "Regional settings (mode = regional): the Keycloak host name whose /admin* paths are restricted. Associate web_acl_arns[\"alb\"] with the ALB (alb module input web_acl_arn)."
  type = object({
    keycloak_hostname = string
  })
  default = null
}

variable "tags" {
  description = "Tags applied to every resource of the module."
  type        = map(string)
  default     = {}
}
