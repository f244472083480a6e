output "secret_arns" {
  description = "Secret ARNs keyed by short name."
  value       = { for k, s in aws_secretsmanager_secret.this : k => s.arn }
}

output "secret_names" {
  description = "Secret names keyed by short name."
  value       = { for k, s in aws_secretsmanager_secret.this : k => s.name }
}
