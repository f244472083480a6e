output "aws_region" {
  description = "Region of the deployment."
  value       = var.aws_region
}

output "name_prefix" {
  description = "Prefix of every resource name (<project>-<environment>)."
  value       = local.name
}

output "ingress_mode" {
  description = "cloudfront-only, custom-domain-only or cloudfront-and-custom-domain."
  value       = local.cloudfront && local.custom_domain ? "cloudfront-and-custom-domain" : (local.cloudfront ? "cloudfront-only" : "custom-domain-only")
}

output "registry_url" {
  description = "Public base URL of registry, auth and gateway (the MCP endpoint is <registry_url>/mcp)."
  value       = local.registry_url
}

output "keycloak_url" {
  description = "Public base URL of Keycloak (issuer: <keycloak_url>/realms/<realm>)."
  value       = local.keycloak_url
}

output "keycloak_realm" {
  description = "Keycloak realm the services trust (post-deploy setup creates it)."
  value       = var.keycloak_realm
}

output "oidc_issuer" {
  description = "Token issuer configured in registry, auth and gateway (<keycloak_url>/realms/<realm>)."
  value       = local.keycloak_realm_url
}

output "gateway_resource_url" {
  description = "The gateway's resource URI (MCP endpoint and token audience)."
  value       = local.gateway_resource_url
}

output "keycloak_admin_secret_arn" {
  description = "Secret with the Keycloak bootstrap admin (JSON username, password); populate it before the first Keycloak start."
  value       = module.app_secrets.secret_arns["keycloak-admin"]
}

output "keycloak_db_secret_arn" {
  description = "RDS-managed secret with the Aurora master credentials used by Keycloak."
  value       = module.aurora.master_user_secret_arn
}

output "app_secret_arns" {
  description = "Application secret ARNs keyed by short name (populated out of band)."
  value       = module.app_secrets.secret_arns
}

output "documentdb_endpoint" {
  description = "DocumentDB cluster endpoint (TLS required, retryWrites=false)."
  value       = module.documentdb.endpoint
}

output "documentdb_port" {
  description = "DocumentDB port."
  value       = module.documentdb.port
}

output "documentdb_secret_arn" {
  description = "Service-managed secret with the DocumentDB master credentials (JSON username, password)."
  value       = module.documentdb.master_user_secret_arn
}

output "ecr_repository_urls" {
  description = "ECR repository URLs keyed by image (registry, auth, gateway, keycloak)."
  value       = module.ecr.repository_urls
}

output "cluster_name" {
  description = "ECS cluster name."
  value       = module.ecs_cluster.name
}

output "service_names" {
  description = "ECS service names keyed by service."
  value       = merge({ for k, s in module.service : k => s.service_name }, { keycloak = module.keycloak.service_name })
}

output "log_group_names" {
  description = "CloudWatch log groups keyed by service."
  value       = module.observability.log_group_names
}

output "alb_dns_name" {
  description = "DNS name of the ALB (origin; not the public entry point when CloudFront is on)."
  value       = module.alb.dns_name
}

output "cloudfront_distribution_ids" {
  description = "CloudFront distribution IDs keyed by app / keycloak (empty without CloudFront)."
  value       = local.cloudfront ? module.edge[0].distribution_ids : {}
}

output "alarm_topic_arn" {
  description = "SNS topic of all alarms."
  value       = module.observability.alarm_topic_arn
}

output "dashboard_name" {
  description = "CloudWatch dashboard name."
  value       = module.observability.dashboard_name
}

output "nat_public_ips" {
  description = "Egress IPs of the tasks (allow-list them at upstream MCP servers)."
  value       = module.network.nat_public_ips
}
