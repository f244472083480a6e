output "cluster_identifier" {
  description = "Identifier of the DocumentDB cluster."
  value       = aws_docdb_cluster.this.cluster_identifier
}

output "endpoint" {
  description = "Cluster (writer) endpoint."
  value       = aws_docdb_cluster.this.endpoint
}

output "reader_endpoint" {
  description = "Reader endpoint."
  value       = aws_docdb_cluster.this.reader_endpoint
}

output "port" {
  description = "Port of the cluster."
  value       = aws_docdb_cluster.this.port
}

output "master_user_secret_arn" {
  description = "ARN of the service-managed Secrets Manager secret with the master credentials (JSON keys username, password)."
  value       = aws_docdb_cluster.this.master_user_secret[0].secret_arn
}

output "security_group_id" {
  description = "Security group of the cluster."
  value       = aws_security_group.this.id
}
