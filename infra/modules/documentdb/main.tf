resource "aws_docdb_subnet_group" "this" {
  name       = var.name
  subnet_ids = var.network.subnet_ids
  tags       = var.tags
}

resource "aws_security_group" "this" {
  name        = "${var.name}-docdb"
  description = "DocumentDB: port 27017 from the listed client security groups only"
  vpc_id      = var.network.vpc_id
  tags        = merge(var.tags, { Name = "${var.name}-docdb" })
}

resource "aws_vpc_security_group_ingress_rule" "clients" {
  for_each = var.network.client_security_group_ids

  security_group_id            = aws_security_group.this.id
  description                  = "MongoDB wire protocol from ${each.key}"
  ip_protocol                  = "tcp"
  from_port                    = 27017
  to_port                      = 27017
  referenced_security_group_id = each.value
}

resource "aws_docdb_cluster_parameter_group" "this" {
  name        = "${var.name}-docdb"
  family      = var.cluster.parameter_group_family
  description = "${var.name}: TLS enforced, audit logs and profiler on"
  tags        = var.tags

  parameter {
    name  = "tls"
    value = "enabled"
  }
  parameter {
    name  = "audit_logs"
    value = "enabled"
  }
  parameter {
    name  = "profiler"
    value = "enabled"
  }
  parameter {
    name  = "profiler_threshold_ms"
    value = tostring(var.cluster.profiler_threshold_ms)
  }
}

resource "aws_docdb_cluster" "this" {
  cluster_identifier              = var.name
  engine                          = "docdb"
  engine_version                  = var.cluster.engine_version
  master_username                 = var.cluster.master_username
  manage_master_user_password     = true
  storage_encrypted               = true
  kms_key_id                      = var.kms_key_arn
  db_subnet_group_name            = aws_docdb_subnet_group.this.name
  vpc_security_group_ids          = [aws_security_group.this.id]
  db_cluster_parameter_group_name = aws_docdb_cluster_parameter_group.this.name
  enabled_cloudwatch_logs_exports = ["audit", "profiler"]
  backup_retention_period         = var.cluster.backup_retention_days
  preferred_backup_window         = var.cluster.backup_window
  preferred_maintenance_window    = var.cluster.maintenance_window
  deletion_protection             = var.cluster.deletion_protection
  skip_final_snapshot             = false
  final_snapshot_identifier       = "${var.name}-final"
  tags                            = var.tags

  lifecycle {
    ignore_changes = [final_snapshot_identifier]
  }
}

resource "aws_docdb_cluster_instance" "this" {
  count = var.cluster.instance_count

  identifier                 = "${var.name}-${count.index}"
  cluster_identifier         = aws_docdb_cluster.this.id
  instance_class             = var.cluster.instance_class
  auto_minor_version_upgrade = true
  tags                       = var.tags
}
