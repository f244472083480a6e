output "zone_id" {
  description = "ID of the hosted zone."
  value       = data.aws_route53_zone.this.zone_id
}

output "regional_certificate_arn" {
  description = "ARN of the validated regional certificate (for the ALB HTTPS listener)."
  value       = aws_acm_certificate_validation.regional.certificate_arn
}

output "cloudfront_certificate_arn" {
  description = "ARN of the validated us-east-1 certificate for CloudFront, or null when not created."
  value       = var.create_cloudfront_certificate ? aws_acm_certificate_validation.cloudfront[0].certificate_arn : null
}

output "record_fqdns" {
  description = "FQDNs of the alias records, keyed by <label>-<type>."
  value       = { for k, r in aws_route53_record.alias : k => r.fqdn }
}
