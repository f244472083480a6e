# Configuration of registry, auth and gateway: the keys of docs/configuration.md
# (services/*/src/config.ts), merged in module.service between the built-in keys (host, port,
# LOG_LEVEL, TRUST_PROXY_HOPS, NODE_ENV) and var.extra_environment / var.extra_secrets, which
# still override anything here. Plain values only in *_environment; every secret is a
# Secrets Manager reference resolved by ECS (valueFrom), never a value in state.
#
# Service-to-service calls go through the public URL: the gateway pulls
# /internal/v1/snapshot from `registry_url` (egress via NAT). There is no internal ALB or Cloud
# Map namespace in this stack; /internal* is admitted by WAF only from this deployment's NAT
# addresses (local.waf.internal_api_cidrs) and by the registry only for the gateway's service
# account (REGISTRY_GATEWAY_CLIENT_IDS), and the TLS certificate matches the public hostname.

locals {
  keycloak_realm_url = "${local.keycloak_url}/realms/${var.keycloak_realm}"
  # The gateway's resource URI: audience of every agent token and of the gateway's own token.
  gateway_resource_url = "${local.registry_url}/mcp"

  # Service account names created by scripts/post-deploy-setup (see services/auth/src/provisioning/names.ts).
  gateway_client_id = "mcp-gateway"
  console_client_id = "mcp-console"

  # DocumentDB enforces TLS; its CA (RDS global bundle) is not in the system trust store, so
  # each image ships it at var.documentdb_tls_ca_file.
  mongo_database = "registry"

  service_environment = {
    registry = {
      REGISTRY_STORE                      = "mongo"
      REGISTRY_MONGO_DB                   = local.mongo_database
      REGISTRY_MONGO_TLS                  = "true"
      REGISTRY_MONGO_TLS_CA_FILE          = var.documentdb_tls_ca_file
      REGISTRY_OIDC_ISSUER                = local.keycloak_realm_url
      REGISTRY_TOKEN_AUDIENCES            = local.gateway_resource_url
      REGISTRY_GATEWAY_CLIENT_IDS         = local.gateway_client_id
      REGISTRY_ALLOW_PRIVATE_NETWORKS     = join(",", var.allow_private_networks)
      REGISTRY_POLICY_ENVIRONMENT_DEFAULT = var.environment
    }
    auth = {
      AUTH_MODE               = "keycloak"
      AUTH_PUBLIC_URL         = local.registry_url
      AUTH_OIDC_ISSUER        = local.keycloak_realm_url
      AUTH_GATEWAY_RESOURCE   = local.gateway_resource_url
      AUTH_CONSOLE_CLIENT_ID  = local.console_client_id
      AUTH_EXCHANGE_CLIENT_ID = local.gateway_client_id
      AUTH_EXCHANGE_CALLERS   = local.gateway_client_id
      # Sessions in DocumentDB: the ALB spreads requests over every auth task.
      AUTH_SESSION_STORE     = "mongo"
      AUTH_MONGO_DB          = local.mongo_database
      AUTH_MONGO_TLS         = "true"
      AUTH_MONGO_TLS_CA_FILE = var.documentdb_tls_ca_file
    }
    gateway = {
      GATEWAY_ENVIRONMENT                     = var.environment
      GATEWAY_RESOURCE_URL                    = local.gateway_resource_url
      GATEWAY_OIDC_ISSUER                     = local.keycloak_realm_url
      GATEWAY_REGISTRY_URL                    = local.registry_url
      GATEWAY_TOKEN_URL                       = "${local.keycloak_realm_url}/protocol/openid-connect/token"
      GATEWAY_CLIENT_ID                       = local.gateway_client_id
      GATEWAY_TOKEN_EXCHANGE_URL              = "${local.registry_url}/auth/token-exchange"
      GATEWAY_SECRETS_REGION                  = var.aws_region
      GATEWAY_UPSTREAM_ALLOW_PRIVATE_NETWORKS = join(",", var.allow_private_networks)
      GATEWAY_AUDIT_SINK                      = "mongo"
      GATEWAY_MONGO_DB                        = local.mongo_database
      GATEWAY_MONGO_TLS                       = "true"
      GATEWAY_MONGO_TLS_CA_FILE               = var.documentdb_tls_ca_file
    }
  }

  # ECS valueFrom references "<secret-arn>:<json-key>::". The secrets are created empty by
  # module.app_secrets and populated by scripts/post-deploy-setup (documentdb-uri from the
  # DocumentDB master secret and endpoint; client secrets from Keycloak).
  documentdb_uri_ref = "${module.app_secrets.secret_arns["documentdb-uri"]}:uri::"
  gateway_secret_ref = "${module.app_secrets.secret_arns["registry-service-token"]}:clientSecret::"
  service_secrets = {
    registry = {
      REGISTRY_MONGO_URI = local.documentdb_uri_ref
    }
    auth = {
      AUTH_MONGO_URI              = local.documentdb_uri_ref
      AUTH_CONSOLE_CLIENT_SECRET  = "${module.app_secrets.secret_arns["auth-console-client"]}:clientSecret::"
      AUTH_EXCHANGE_CLIENT_SECRET = local.gateway_secret_ref
    }
    gateway = {
      GATEWAY_MONGO_URI     = local.documentdb_uri_ref
      GATEWAY_CLIENT_SECRET = local.gateway_secret_ref
      GATEWAY_CURSOR_SECRET = "${module.app_secrets.secret_arns["gateway-cursor"]}:secret::"
    }
  }

  # Backend credentials of upstream MCP servers (credential references in the registry) live
  # under <name>/backend/ and are read by the gateway's task role at run time, not by ECS.
  backend_secret_arn_pattern = "arn:${data.aws_partition.current.partition}:secretsmanager:${var.aws_region}:${data.aws_caller_identity.current.account_id}:secret:${local.name}/backend/*"
}

data "aws_partition" "current" {}

data "aws_caller_identity" "current" {}

data "aws_iam_policy_document" "gateway_task" {
  statement {
    sid       = "ReadBackendCredentials"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [local.backend_secret_arn_pattern]
  }

  statement {
    sid       = "DecryptBackendCredentials"
    actions   = ["kms:Decrypt"]
    resources = [module.kms_secrets.key_arn]

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["secretsmanager.${var.aws_region}.amazonaws.com"]
    }
  }
}
