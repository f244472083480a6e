variable "project" {
  description = "Project short name; with environment it forms the prefix of every resource name."
  type        = string
  default     = "mcpgw"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,15}$", var.project))
    error_message = "project: lowercase letters, digits and dashes, 2-16 characters."
  }
}

variable "environment" {
  description = "Environment name; fixed per root."
  type        = string
  default     = "prod"

  validation {
    condition     = var.environment == "prod"
    error_message = "This root deploys the prod environment only."
  }
}

variable "aws_region" {
  description = "AWS region of the deployment."
  type        = string
}

variable "tags" {
  description = "Extra tags for every resource (Project, Environment and ManagedBy are always set)."
  type        = map(string)
  default     = {}
}

variable "enable_cloudfront" {
  description = "Put CloudFront + WAF in front of the ALB (see the modes table in infra/README.md)."
  type        = bool
  default     = true
}

variable "enable_route53_dns" {
  description = "Use a custom domain: Route 53 records and ACM certificates for registry.<domain> and kc.<domain>."
  type        = bool
  default     = true
}

variable "domain_name" {
  description = "Base domain (registry.<domain>, kc.<domain>); required when enable_route53_dns is true."
  type        = string
  default     = null
}

variable "route53_zone_name" {
  description = "Public hosted zone that owns domain_name, when it differs from domain_name itself."
  type        = string
  default     = null
}

variable "ingress_cidr_blocks" {
  description = "CIDRs allowed to reach the ALB when CloudFront is disabled (0.0.0.0/0 for a public service). With CloudFront only its origin-facing prefix list is admitted."
  type        = list(string)
  default     = []
}

variable "keycloak_admin_cidrs" {
  description = "CIDRs allowed to reach Keycloak /admin* (operators, VPN); the NAT addresses of this deployment are added automatically."
  type        = list(string)
  default     = []
}

variable "waf_rate_limit_per_5_minutes" {
  description = "Requests per source IP per 5 minutes before WAF blocks it."
  type        = number
  default     = 2000
}

variable "cloudfront_price_class" {
  description = "CloudFront price class."
  type        = string
  default     = "PriceClass_100"
}

variable "network" {
  description = "VPC layout (see modules/network)."
  type = object({
    cidr_block           = string
    azs                  = list(string)
    public_subnet_cidrs  = list(string)
    private_subnet_cidrs = list(string)
    single_nat_gateway   = optional(bool, false)
    interface_endpoints  = optional(list(string), ["ecr.api", "ecr.dkr", "logs", "secretsmanager"])
  })
}

variable "services" {
  description = "Per-service image tag (from make build-push) and size: registry, auth, gateway and keycloak."
  type = map(object({
    image_tag    = string
    cpu          = optional(number, 512)
    memory       = optional(number, 1024)
    min_capacity = optional(number, 2)
    max_capacity = optional(number, 6)
  }))

  validation {
    condition     = length(setsubtract(["registry", "auth", "gateway", "keycloak"], keys(var.services))) == 0
    error_message = "services must define registry, auth, gateway and keycloak."
  }
}

variable "log_level" {
  description = "LOG_LEVEL of the Node services."
  type        = string
  default     = "info"

  validation {
    condition     = contains(["fatal", "error", "warn", "info", "debug", "trace"], var.log_level)
    error_message = "log_level must be one of fatal, error, warn, info, debug, trace."
  }
}

variable "trust_proxy_hops" {
  description = "TRUST_PROXY_HOPS of the Node services; null = 2 with CloudFront (CloudFront + ALB), 1 without."
  type        = number
  default     = null
}

variable "keycloak_realm" {
  description = "Keycloak realm of the deployment (created by post-deploy setup); the issuer is <keycloak_url>/realms/<realm>."
  type        = string
  default     = "mcpgw"

  validation {
    condition     = can(regex("^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$", var.keycloak_realm))
    error_message = "keycloak_realm: letters, digits, dashes and underscores, at most 64 characters."
  }
}

variable "allow_private_networks" {
  description = "CIDRs or hostnames of legitimately internal MCP servers the registry may probe and the gateway may forward to (REGISTRY_ALLOW_PRIVATE_NETWORKS, GATEWAY_UPSTREAM_ALLOW_PRIVATE_NETWORKS); every other private address is blocked."
  type        = list(string)
  default     = []
}

variable "documentdb_tls_ca_file" {
  description = "Path inside the registry, auth and gateway images of the CA bundle for DocumentDB TLS (the RDS global-bundle.pem)."
  type        = string
  default     = "/etc/ssl/certs/rds-global-bundle.pem"
}

# >>> Per-environment overrides of the services' configuration (services.tf holds the wiring). <<<
variable "extra_environment" {
  description = "EXTRA plain environment variables per service (registry, auth, gateway, keycloak), merged over the built-in ones. Never put secrets here: use extra_secrets."
  type        = map(map(string))
  default     = {}
}

variable "extra_secrets" {
  description = "EXTRA secret environment variables per service: env name => secret reference, either an ARN (optionally :json-key::) or a name from this root (keycloak-admin, auth-session, registry-service-token, documentdb-uri, auth-console-client, gateway-cursor, documentdb-master, keycloak-db-master) optionally followed by :<json-key>."
  type        = map(map(string))
  default     = {}
}

variable "aurora" {
  description = "Aurora PostgreSQL (Keycloak) settings (see modules/aurora-postgres)."
  type = object({
    engine_version         = optional(string, "16.6")
    parameter_group_family = optional(string, "aurora-postgresql16")
    instance_class         = optional(string, "db.r6g.large")
    instance_count         = optional(number, 2)
    backup_retention_days  = optional(number, 14)
    deletion_protection    = optional(bool, true)
  })
  default = {}
}

variable "documentdb" {
  description = "DocumentDB (registry data, audit) settings (see modules/documentdb)."
  type = object({
    engine_version         = optional(string, "5.0.0")
    parameter_group_family = optional(string, "docdb5.0")
    instance_class         = optional(string, "db.r6g.large")
    instance_count         = optional(number, 2)
    backup_retention_days  = optional(number, 14)
    profiler_threshold_ms  = optional(number, 200)
    deletion_protection    = optional(bool, true)
  })
  default = {}
}

variable "alarm_thresholds" {
  description = "Alarm thresholds (see modules/observability)."
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
  description = "Subscriptions to the alarm topic, for example [{ protocol = \"email\", endpoint = \"oncall@example.com\" }]."
  type = list(object({
    protocol = string
    endpoint = string
  }))
  default = []
}
