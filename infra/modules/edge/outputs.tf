output "web_acl_arns" {
  description = "ARNs of the web ACLs, keyed by entry point (app, keycloak or alb)."
  value       = { for k, acl in aws_wafv2_web_acl.this : k => acl.arn }
}

output "waf_log_group_name" {
  description = "CloudWatch log group receiving WAF logs."
  value       = aws_cloudwatch_log_group.waf.name
}

output "distribution_ids" {
  description = "CloudFront distribution IDs keyed by app / keycloak (empty in regional mode)."
  value       = { for k, d in aws_cloudfront_distribution.this : k => d.id }
}

output "distribution_domain_names" {
  description = "CloudFront domain names (dxxxx.cloudfront.net) keyed by app / keycloak (empty in regional mode)."
  value       = { for k, d in aws_cloudfront_distribution.this : k => d.domain_name }
}

output "distribution_hosted_zone_id" {
  description = "Route 53 zone ID to use for alias records pointing at the distributions (null in regional mode)."
  value       = local.cloudfront_mode ? aws_cloudfront_distribution.this["app"].hosted_zone_id : null
}
