output "log_group_names" {
  description = "Service log group names keyed by service."
  value       = { for k, lg in aws_cloudwatch_log_group.service : k => lg.name }
}

output "alarm_topic_arn" {
  description = "SNS topic receiving every alarm."
  value       = aws_sns_topic.alarms.arn
}

output "dashboard_name" {
  description = "Name of the CloudWatch dashboard."
  value       = aws_cloudwatch_dashboard.this.dashboard_name
}

output "metric_namespace" {
  description = "CloudWatch namespace of the custom metrics derived from logs."
  value       = local.namespace
}
