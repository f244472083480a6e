variable "name" {
  description = "Name prefix for every resource (for example mcpgw-prod)."
  type        = string
}

variable "vpc_id" {
  description = "VPC of the load balancer and its targets."
  type        = string
}

variable "vpc_cidr_block" {
  description = "CIDR of the VPC; ALB egress is limited to target ports inside it."
  type        = string
}

variable "public_subnet_ids" {
  description = "Public subnets (at least two AZs) for the load balancer."
  type        = list(string)
}

variable "ingress" {
  description = "Who may reach the listeners: CIDR blocks (custom-domain mode) and/or only CloudFront's origin-facing prefix list (modes with CloudFront)."
  type = object({
    cidr_blocks           = optional(list(string), [])
    allow_cloudfront_only = optional(bool, false)
  })

  validation {
    condition     = length(var.ingress.cidr_blocks) > 0 || var.ingress.allow_cloudfront_only
    error_message = "Give ingress CIDR blocks or allow CloudFront."
  }
}

variable "certificate_arn" {
  description = "Validated regional ACM certificate for the HTTPS listener; null only in CloudFront-only mode (HTTP from CloudFront, which then must be the only ingress)."
  type        = string
  default     = null
}

variable "web_acl_arn" {
  description = "REGIONAL WAFv2 web ACL to associate with the ALB (custom-domain-only mode); null when CloudFront's web ACLs protect the entry point."
  type        = string
  default     = null
}

variable "ssl_policy" {
  description = "TLS policy of the HTTPS listener (TLS 1.2 minimum, TLS 1.3 preferred)."
  type        = string
  default     = "ELBSecurityPolicy-TLS13-1-2-2021-06"
}

variable "targets" {
  description = "Target groups keyed by service (registry, auth, gateway, keycloak): container port, health check and deregistration delay."
  type = map(object({
    port                 = number
    deregistration_delay = optional(number, 30)
    health_check = optional(object({
      path    = optional(string, "/healthz")
      port    = optional(number)
      matcher = optional(string, "200")
    }), {})
  }))
}

variable "routing" {
  description = "Listener routing: default target and ordered rules matching paths, host names and/or an HTTP header."
  type = object({
    default_target = string
    rules = list(object({
      name          = string
      priority      = number
      target        = string
      path_patterns = optional(list(string), [])
      host_headers  = optional(list(string), [])
      http_header = optional(object({
        name   = string
        values = list(string)
      }))
    }))
  })
}

variable "idle_timeout" {
  description = "Idle timeout in seconds; long enough for streamed MCP responses."
  type        = number
  default     = 300
}

variable "deletion_protection" {
  description = "Protect the load balancer against deletion."
  type        = bool
  default     = true
}

variable "access_logs_retention_days" {
  description = "Days to keep ALB access logs in S3."
  type        = number
  default     = 365
}

variable "tags" {
  description = "Tags applied to every resource of the module."
  type        = map(string)
  default     = {}
}
