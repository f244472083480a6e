locals {
  name = "${var.project}-${var.environment}"

  custom_domain = var.enable_route53_dns
  cloudfront    = var.enable_cloudfront

  # Only used when custom_domain is true (a precondition requires domain_name then).
  domain = var.domain_name == null ? "" : var.domain_name
  hostnames = {
    registry = "registry.${local.domain}"
    keycloak = "kc.${local.domain}"
    origin   = "origin.${local.domain}"
  }

  registry_url = local.custom_domain ? "https://${local.hostnames.registry}" : "https://${module.edge[0].distribution_domain_names["app"]}"
  keycloak_url = local.custom_domain ? "https://${local.hostnames.keycloak}" : "https://${module.edge[0].distribution_domain_names["keycloak"]}"

  # Client -> CloudFront -> ALB adds two X-Forwarded-For hops; a bare ALB adds one.
  trust_proxy_hops = coalesce(var.trust_proxy_hops, local.cloudfront ? 2 : 1)

  app_services = {
    registry = { port = 7001, host_var = "REGISTRY_HOST", port_var = "REGISTRY_PORT", alb_health = "/healthz" }
    auth     = { port = 7002, host_var = "AUTH_HOST", port_var = "AUTH_PORT", alb_health = "/healthz" }
    # The gateway is ready only once it holds a snapshot; route to it only then.
    gateway = { port = 7003, host_var = "GATEWAY_HOST", port_var = "GATEWAY_PORT", alb_health = "/readyz" }
  }

  # Allowed sources for Keycloak /admin*: operators plus our own NAT addresses (the auth
  # service provisions clients and scopes through the admin API over the public URL).
  nat_cidrs            = [for ip in module.network.nat_public_ips : "${ip}/32"]
  keycloak_admin_cidrs = distinct(concat(var.keycloak_admin_cidrs, local.nat_cidrs))

  waf = {
    rate_limit_per_5_minutes = var.waf_rate_limit_per_5_minutes
    keycloak_admin_cidrs     = local.keycloak_admin_cidrs
    # The registry's service-to-service API answers only our own tasks (via NAT).
    internal_api_cidrs = local.nat_cidrs
  }

  # Named secret references usable in extra_secrets: "<name>" or "<name>:<json-key>".
  secret_arns = merge(module.app_secrets.secret_arns, {
    documentdb-master  = module.documentdb.master_user_secret_arn
    keycloak-db-master = module.aurora.master_user_secret_arn
  })
  extra_secrets = {
    for svc, refs in var.extra_secrets : svc => {
      for env_name, ref in refs : env_name => (
        startswith(ref, "arn:") ? ref :
        length(split(":", ref)) > 1 ? "${local.secret_arns[split(":", ref)[0]]}:${split(":", ref)[1]}::" :
        local.secret_arns[ref]
      )
    }
  }
}

resource "terraform_data" "ingress_mode" {
  input = { cloudfront = local.cloudfront, custom_domain = local.custom_domain }

  lifecycle {
    precondition {
      condition     = local.cloudfront || local.custom_domain
      error_message = "Enable CloudFront, Route 53 DNS, or both: without either there is no TLS endpoint."
    }
    precondition {
      condition     = !local.custom_domain || var.domain_name != null
      error_message = "enable_route53_dns = true needs domain_name."
    }
    precondition {
      condition     = local.cloudfront || length(var.ingress_cidr_blocks) > 0
      error_message = "Without CloudFront the ALB is the entry point: set ingress_cidr_blocks (0.0.0.0/0 for a public service)."
    }
  }
}

# --- Keys -------------------------------------------------------------------------------------

module "kms_logs" {
  source = "../../modules/kms"

  name                    = "${local.name}-logs"
  description             = "${local.name}: CloudWatch log groups and the alarm topic"
  allow_cloudwatch_logs   = true
  allow_cloudwatch_alarms = true
}

module "kms_data" {
  source = "../../modules/kms"

  name        = "${local.name}-data"
  description = "${local.name}: Aurora, DocumentDB, Performance Insights and ECR images"
}

module "kms_secrets" {
  source = "../../modules/kms"

  name        = "${local.name}-secrets"
  description = "${local.name}: application secrets and the Keycloak database master secret"
}

# --- Network, registry of images, secrets ------------------------------------------------------

module "network" {
  source = "../../modules/network"

  name    = local.name
  network = var.network
  flow_logs = {
    kms_key_arn = module.kms_logs.key_arn
  }
}

module "ecr" {
  source = "../../modules/ecr"

  name         = local.name
  repositories = ["registry", "auth", "gateway", "keycloak"]
  kms_key_arn  = module.kms_data.key_arn
}

module "app_secrets" {
  source = "../../modules/app-secrets"

  name        = local.name
  kms_key_arn = module.kms_secrets.key_arn
  secrets = {
    keycloak-admin = {
      description = "Keycloak bootstrap admin, JSON {\"username\":\"...\",\"password\":\"...\"}; populated out of band by scripts/post-deploy-setup."
    }
    auth-session = {
      description = "Auth service session cookie keys, JSON {\"keys\":[\"...\"]}; populated out of band."
    }
    registry-service-token = {
      description = "Credentials the gateway uses for /internal/v1/snapshot, JSON {\"clientId\":\"...\",\"clientSecret\":\"...\"}; populated by post-deploy setup."
    }
    documentdb-uri = {
      description = "DocumentDB connection string for registry, auth and gateway, JSON {\"uri\":\"mongodb://...\"}; written by post-deploy setup from the DocumentDB master secret and endpoint."
    }
    auth-console-client = {
      description = "Secret of the mcp-console Keycloak client, JSON {\"clientSecret\":\"...\"}; populated by post-deploy setup."
    }
    gateway-cursor = {
      description = "Key signing the gateway's list cursors, shared by every gateway task, JSON {\"secret\":\"...\"}; generated by post-deploy setup when empty."
    }
  }
}

# --- Certificates and DNS (custom-domain modes) ---------------------------------------------------

module "dns" {
  source = "../../modules/dns-cert"
  count  = local.custom_domain ? 1 : 0

  providers = {
    aws           = aws
    aws.us_east_1 = aws.us_east_1
  }

  name      = local.name
  zone_name = var.route53_zone_name != null ? var.route53_zone_name : local.domain
  hostnames = {
    registry       = local.hostnames.registry
    keycloak       = local.hostnames.keycloak
    extra_regional = local.cloudfront ? [local.hostnames.origin] : []
  }
  create_cloudfront_certificate = local.cloudfront

  alias_records = local.cloudfront ? {
    registry = {
      name            = local.hostnames.registry
      target_dns_name = module.edge[0].distribution_domain_names["app"]
      target_zone_id  = module.edge[0].distribution_hosted_zone_id
    }
    keycloak = {
      name            = local.hostnames.keycloak
      target_dns_name = module.edge[0].distribution_domain_names["keycloak"]
      target_zone_id  = module.edge[0].distribution_hosted_zone_id
    }
    origin = {
      name                   = local.hostnames.origin
      target_dns_name        = module.alb.dns_name
      target_zone_id         = module.alb.zone_id
      evaluate_target_health = true
    }
    } : {
    registry = {
      name                   = local.hostnames.registry
      target_dns_name        = module.alb.dns_name
      target_zone_id         = module.alb.zone_id
      evaluate_target_health = true
    }
    keycloak = {
      name                   = local.hostnames.keycloak
      target_dns_name        = module.alb.dns_name
      target_zone_id         = module.alb.zone_id
      evaluate_target_health = true
    }
  }
}

# --- Load balancer and edge ---------------------------------------------------------------------------

module "alb" {
  source = "../../modules/alb"

  name              = local.name
  vpc_id            = module.network.vpc_id
  vpc_cidr_block    = module.network.vpc_cidr_block
  public_subnet_ids = module.network.public_subnet_ids
  certificate_arn   = local.custom_domain ? module.dns[0].regional_certificate_arn : null
  web_acl_arn       = local.cloudfront ? null : module.waf_regional[0].web_acl_arns["alb"]

  ingress = {
    cidr_blocks           = local.cloudfront ? [] : var.ingress_cidr_blocks
    allow_cloudfront_only = local.cloudfront
  }

  targets = {
    registry = { port = 7001, health_check = { path = local.app_services.registry.alb_health } }
    auth     = { port = 7002, health_check = { path = local.app_services.auth.alb_health } }
    gateway  = { port = 7003, health_check = { path = local.app_services.gateway.alb_health } }
    keycloak = { port = 8080, health_check = { path = "/health/ready", port = 9000 } }
  }

  routing = {
    default_target = "registry"
    rules = concat(
      local.custom_domain ? [{
        name         = "keycloak-host"
        priority     = 10
        target       = "keycloak"
        host_headers = [local.hostnames.keycloak]
      }] : [],
      local.cloudfront ? [{
        name        = "keycloak-edge"
        priority    = 11
        target      = "keycloak"
        http_header = { name = "X-Mcpgw-Edge", values = ["keycloak"] }
      }] : [],
      [
        {
          name          = "gateway"
          priority      = 20
          target        = "gateway"
          path_patterns = ["/mcp*", "/.well-known/oauth-protected-resource*"]
        },
        {
          name          = "auth"
          priority      = 30
          target        = "auth"
          path_patterns = ["/auth/*"]
        },
      ],
    )
  }
}

module "edge" {
  source = "../../modules/edge"
  count  = local.cloudfront ? 1 : 0

  # CloudFront-scoped WAF and its logs live in us-east-1.
  providers = {
    aws = aws.us_east_1
  }

  name = local.name
  mode = "cloudfront"
  waf  = local.waf

  cloudfront = {
    origin_domain_name     = local.custom_domain ? local.hostnames.origin : module.alb.dns_name
    origin_protocol_policy = local.custom_domain ? "https-only" : "http-only"
    aliases = local.custom_domain ? {
      app      = [local.hostnames.registry]
      keycloak = [local.hostnames.keycloak]
    } : { app = [], keycloak = [] }
    acm_certificate_arn = local.custom_domain ? module.dns[0].cloudfront_certificate_arn : null
    price_class         = var.cloudfront_price_class
  }
}

module "waf_regional" {
  source = "../../modules/edge"
  count  = local.cloudfront ? 0 : 1

  name = local.name
  mode = "regional"
  waf  = local.waf

  regional = {
    keycloak_hostname = local.hostnames.keycloak
  }
}

# --- Data stores ---------------------------------------------------------------------------------

module "aurora" {
  source = "../../modules/aurora-postgres"

  name               = "${local.name}-keycloak"
  kms_key_arn        = module.kms_data.key_arn
  secret_kms_key_arn = module.kms_secrets.key_arn
  cluster            = var.aurora
  network = {
    vpc_id                    = module.network.vpc_id
    subnet_ids                = module.network.private_subnet_ids
    client_security_group_ids = { keycloak = module.keycloak.security_group_id }
  }
}

module "documentdb" {
  source = "../../modules/documentdb"

  name        = "${local.name}-docdb"
  kms_key_arn = module.kms_data.key_arn
  cluster     = var.documentdb
  network = {
    vpc_id     = module.network.vpc_id
    subnet_ids = module.network.private_subnet_ids
    client_security_group_ids = {
      registry = module.service["registry"].security_group_id
      auth     = module.service["auth"].security_group_id
      gateway  = module.service["gateway"].security_group_id
    }
  }
}

# --- Compute ---------------------------------------------------------------------------------------

module "ecs_cluster" {
  source = "../../modules/ecs-cluster"

  name = local.name
}

module "observability" {
  source = "../../modules/observability"

  name                = local.name
  kms_key_arn         = module.kms_logs.key_arn
  ecs_cluster_name    = module.ecs_cluster.name
  ecs_cluster_arn     = module.ecs_cluster.arn
  thresholds          = var.alarm_thresholds
  alarm_subscriptions = var.alarm_subscriptions
  services            = { for k, s in var.services : k => { min_running_tasks = s.min_capacity } }
  alb = {
    arn_suffix                = module.alb.arn_suffix
    target_group_arn_suffixes = module.alb.target_group_arn_suffixes
  }
}

module "service" {
  source   = "../../modules/ecs-service"
  for_each = local.app_services

  name               = "${local.name}-${each.key}"
  service_name       = each.key
  cluster_arn        = module.ecs_cluster.arn
  log_group_name     = module.observability.log_group_names[each.key]
  ecr_repository_arn = module.ecr.repository_arns[each.key]
  kms_key_arns       = [module.kms_data.key_arn, module.kms_secrets.key_arn]

  # Only the gateway calls AWS itself (backend credentials of upstream MCP servers).
  task_role_policy_json = each.key == "gateway" ? data.aws_iam_policy_document.gateway_task.json : null

  container = {
    image  = "${module.ecr.repository_urls[each.key]}:${var.services[each.key].image_tag}"
    port   = each.value.port
    cpu    = var.services[each.key].cpu
    memory = var.services[each.key].memory
    user   = "1000:1000"
    environment = merge(
      {
        NODE_ENV              = "production"
        (each.value.host_var) = "0.0.0.0"
        (each.value.port_var) = tostring(each.value.port)
        LOG_LEVEL             = var.log_level
        TRUST_PROXY_HOPS      = tostring(local.trust_proxy_hops)
      },
      # The services' configuration keys (services.tf), then per-environment overrides.
      local.service_environment[each.key],
      lookup(var.extra_environment, each.key, {}),
    )
    secrets = merge(local.service_secrets[each.key], lookup(local.extra_secrets, each.key, {}))
    health_check = {
      command = ["CMD", "node", "-e", "fetch('http://127.0.0.1:${each.value.port}/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
    }
  }

  network = {
    vpc_id                = module.network.vpc_id
    subnet_ids            = module.network.private_subnet_ids
    alb_security_group_id = module.alb.security_group_id
    egress = merge(
      {
        https = { description = "HTTPS: AWS APIs, the OIDC issuer, upstream MCP servers", port = 443, cidr_ipv4 = "0.0.0.0/0" }
      },
      contains(["registry", "auth", "gateway"], each.key) ? {
        documentdb = { description = "DocumentDB", port = 27017, cidr_ipv4 = module.network.vpc_cidr_block }
      } : {},
    )
  }

  load_balancer = {
    target_group_arn        = module.alb.target_group_arns[each.key]
    target_group_arn_suffix = module.alb.target_group_arn_suffixes[each.key]
    alb_arn_suffix          = module.alb.arn_suffix
  }

  scaling = {
    min_capacity = var.services[each.key].min_capacity
    max_capacity = var.services[each.key].max_capacity
  }
}

module "keycloak" {
  source = "../../modules/ecs-service"

  name               = "${local.name}-keycloak"
  service_name       = "keycloak"
  cluster_arn        = module.ecs_cluster.arn
  log_group_name     = module.observability.log_group_names["keycloak"]
  ecr_repository_arn = module.ecr.repository_arns["keycloak"]
  kms_key_arns       = [module.kms_data.key_arn, module.kms_secrets.key_arn]

  # Management port (health) for the ALB; clustering ports between Keycloak tasks only.
  additional_ingress_ports = [9000]
  cluster_ports_from_self  = [7800, 57800]

  container = {
    # Image built from the upstream Keycloak release with `kc.sh build` (optimized, Postgres,
    # health and metrics enabled) and pushed to ECR by make build-push: no quay.io at runtime.
    image   = "${module.ecr.repository_urls["keycloak"]}:${var.services["keycloak"].image_tag}"
    port    = 8080
    cpu     = var.services["keycloak"].cpu
    memory  = var.services["keycloak"].memory
    user    = "1000:0"
    command = ["start", "--optimized"]
    environment = merge(
      {
        KC_DB                 = "postgres"
        KC_DB_URL             = "jdbc:postgresql://${module.aurora.endpoint}:${module.aurora.port}/${module.aurora.database_name}?sslmode=require"
        KC_HOSTNAME           = local.keycloak_url
        KC_HTTP_ENABLED       = "true"
        KC_PROXY_HEADERS      = "xforwarded"
        KC_HEALTH_ENABLED     = "true"
        KC_METRICS_ENABLED    = "true"
        KC_LOG_CONSOLE_OUTPUT = "json"
        KC_CACHE              = "ispn"
        KC_CACHE_STACK        = "jdbc-ping"
      },
      lookup(var.extra_environment, "keycloak", {}),
    )
    secrets = merge(
      {
        KC_DB_USERNAME              = "${module.aurora.master_user_secret_arn}:username::"
        KC_DB_PASSWORD              = "${module.aurora.master_user_secret_arn}:password::"
        KC_BOOTSTRAP_ADMIN_USERNAME = "${module.app_secrets.secret_arns["keycloak-admin"]}:username::"
        KC_BOOTSTRAP_ADMIN_PASSWORD = "${module.app_secrets.secret_arns["keycloak-admin"]}:password::"
      },
      lookup(local.extra_secrets, "keycloak", {}),
    )
    writable_paths = ["/tmp", "/opt/keycloak/data"]
    health_check = {
      # The Keycloak image has bash but no curl.
      command      = ["CMD-SHELL", "exec 3<>/dev/tcp/127.0.0.1/9000 && printf 'GET /health/ready HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q '\"UP\"' <&3"]
      start_period = 180
    }
  }

  network = {
    vpc_id                = module.network.vpc_id
    subnet_ids            = module.network.private_subnet_ids
    alb_security_group_id = module.alb.security_group_id
    egress = {
      https    = { description = "HTTPS: AWS APIs and external identity providers", port = 443, cidr_ipv4 = "0.0.0.0/0" }
      postgres = { description = "Aurora PostgreSQL", port = 5432, cidr_ipv4 = module.network.vpc_cidr_block }
    }
  }

  load_balancer = {
    target_group_arn        = module.alb.target_group_arns["keycloak"]
    target_group_arn_suffix = module.alb.target_group_arn_suffixes["keycloak"]
    alb_arn_suffix          = module.alb.arn_suffix
  }

  scaling = {
    min_capacity = var.services["keycloak"].min_capacity
    max_capacity = var.services["keycloak"].max_capacity
  }
}
