data "aws_region" "current" {}
data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  region    = data.aws_region.current.name
  partition = data.aws_partition.current.partition
  account   = data.aws_caller_identity.current.account_id

  container_name = var.service_name
  log_group_arn  = "arn:${local.partition}:logs:${local.region}:${local.account}:log-group:${var.log_group_name}"

  # Secret references may point at a JSON key ("arn:...:secret:name-AbCdEf:password::");
  # IAM needs the bare secret ARN (first seven colon-separated fields).
  secret_arns = distinct([for ref in values(var.container.secrets) : join(":", slice(split(":", ref), 0, 7))])

  writable_volumes = { for p in var.container.writable_paths : replace(trim(p, "/"), "/", "-") => p }

  ingress_ports = distinct(concat([var.container.port], var.additional_ingress_ports))

  container_definition = {
    name                   = local.container_name
    image                  = var.container.image
    essential              = true
    user                   = var.container.user
    readonlyRootFilesystem = var.container.readonly_root_filesystem
    privileged             = false
    command                = length(var.container.command) > 0 ? var.container.command : null
    portMappings = [for p in local.ingress_ports : {
      containerPort = p
      protocol      = "tcp"
    }]
    environment = [for k in sort(keys(var.container.environment)) : { name = k, value = var.container.environment[k] }]
    secrets     = [for k in sort(keys(var.container.secrets)) : { name = k, valueFrom = var.container.secrets[k] }]
    mountPoints = [for name, path in local.writable_volumes : { sourceVolume = name, containerPath = path, readOnly = false }]
    linuxParameters = {
      initProcessEnabled = true
      capabilities       = { drop = ["ALL"] }
    }
    healthCheck = {
      command     = var.container.health_check.command
      interval    = var.container.health_check.interval
      timeout     = var.container.health_check.timeout
      retries     = var.container.health_check.retries
      startPeriod = var.container.health_check.start_period
    }
    stopTimeout = var.container.stop_timeout
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = var.log_group_name
        awslogs-region        = local.region
        awslogs-stream-prefix = var.service_name
        # Audit events go to stdout; blocking mode never drops a line under back-pressure.
        mode = "blocking"
      }
    }
  }
}

# --- IAM -----------------------------------------------------------------------------------

data "aws_iam_policy_document" "ecs_tasks_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account]
    }
  }
}

# Execution role: what the ECS agent needs to start the task — pull this service's image,
# write to its log group, resolve exactly the listed secrets.
resource "aws_iam_role" "execution" {
  name               = "${var.name}-exec"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
  tags               = var.tags
}

data "aws_iam_policy_document" "execution" {
  statement {
    sid       = "EcrAuth"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"] # GetAuthorizationToken does not support resource-level permissions.
  }

  statement {
    sid       = "PullImage"
    actions   = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
    resources = [var.ecr_repository_arn]
  }

  statement {
    sid       = "WriteLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${local.log_group_arn}:*"]
  }

  dynamic "statement" {
    for_each = length(local.secret_arns) > 0 ? [1] : []
    content {
      sid       = "ReadListedSecrets"
      actions   = ["secretsmanager:GetSecretValue"]
      resources = local.secret_arns
    }
  }

  dynamic "statement" {
    for_each = length(var.kms_key_arns) > 0 ? [1] : []
    content {
      sid       = "DecryptSecretsAndImages"
      actions   = ["kms:Decrypt"]
      resources = var.kms_key_arns
    }
  }
}

resource "aws_iam_role_policy" "execution" {
  name   = "task-execution"
  role   = aws_iam_role.execution.id
  policy = data.aws_iam_policy_document.execution.json
}

# Task role: what the application itself may call. Empty unless the env root passes a policy.
resource "aws_iam_role" "task" {
  name               = "${var.name}-task"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
  tags               = var.tags
}

resource "aws_iam_role_policy" "task" {
  count = var.task_role_policy_json == null ? 0 : 1

  name   = "application"
  role   = aws_iam_role.task.id
  policy = var.task_role_policy_json
}

# --- Network -----------------------------------------------------------------------------

resource "aws_security_group" "this" {
  name        = "${var.name}-svc"
  description = "${var.service_name} tasks: inbound only from the ALB"
  vpc_id      = var.network.vpc_id
  tags        = merge(var.tags, { Name = "${var.name}-svc" })
}

resource "aws_vpc_security_group_ingress_rule" "from_alb" {
  for_each = toset([for p in local.ingress_ports : tostring(p)])

  security_group_id            = aws_security_group.this.id
  description                  = "Port ${each.value} from the ALB"
  ip_protocol                  = "tcp"
  from_port                    = tonumber(each.value)
  to_port                      = tonumber(each.value)
  referenced_security_group_id = var.network.alb_security_group_id
}

# Cluster traffic between tasks of this same service (Keycloak's Infinispan/JGroups).
resource "aws_vpc_security_group_ingress_rule" "from_self" {
  for_each = toset([for p in var.cluster_ports_from_self : tostring(p)])

  security_group_id            = aws_security_group.this.id
  description                  = "Port ${each.value} between tasks of this service"
  ip_protocol                  = "tcp"
  from_port                    = tonumber(each.value)
  to_port                      = tonumber(each.value)
  referenced_security_group_id = aws_security_group.this.id
}

resource "aws_vpc_security_group_egress_rule" "self" {
  for_each = toset([for p in var.cluster_ports_from_self : tostring(p)])

  security_group_id            = aws_security_group.this.id
  description                  = "Port ${each.value} to tasks of this service"
  ip_protocol                  = "tcp"
  from_port                    = tonumber(each.value)
  to_port                      = tonumber(each.value)
  referenced_security_group_id = aws_security_group.this.id
}

# Egress is explicit per destination. The one public rule the env roots pass is HTTPS:
# tasks call the public Keycloak issuer (JWKS, token endpoint) and upstream MCP servers.
#trivy:ignore:AVD-AWS-0104 HTTPS egress to the internet (through NAT) is the product's purpose: upstream MCP servers and the public OIDC issuer; inbound stays ALB-only.
resource "aws_vpc_security_group_egress_rule" "this" {
  for_each = var.network.egress

  security_group_id            = aws_security_group.this.id
  description                  = each.value.description
  ip_protocol                  = "tcp"
  from_port                    = each.value.port
  to_port                      = each.value.port
  cidr_ipv4                    = each.value.cidr_ipv4
  prefix_list_id               = each.value.prefix_list_id
  referenced_security_group_id = each.value.security_group_id
}

# --- Task definition and service -----------------------------------------------------------

resource "aws_ecs_task_definition" "this" {
  family                   = var.name
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.container.cpu
  memory                   = var.container.memory
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn
  container_definitions    = jsonencode([local.container_definition])
  tags                     = var.tags

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = var.container.cpu_architecture
  }

  dynamic "volume" {
    for_each = local.writable_volumes
    content {
      name = volume.key
    }
  }
}

resource "aws_ecs_service" "this" {
  name                               = var.service_name
  cluster                            = var.cluster_arn
  task_definition                    = aws_ecs_task_definition.this.arn
  desired_count                      = var.scaling.min_capacity
  launch_type                        = "FARGATE"
  platform_version                   = "LATEST"
  health_check_grace_period_seconds  = var.container.health_check.start_period
  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200
  enable_execute_command             = false
  enable_ecs_managed_tags            = true
  propagate_tags                     = "SERVICE"
  wait_for_steady_state              = false
  tags                               = var.tags

  network_configuration {
    subnets          = var.network.subnet_ids
    security_groups  = [aws_security_group.this.id]
    assign_public_ip = false
  }

  load_balancer {
    target_group_arn = var.load_balancer.target_group_arn
    container_name   = local.container_name
    container_port   = var.container.port
  }

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  lifecycle {
    # Autoscaling owns the running count after creation.
    ignore_changes = [desired_count]
  }
}

# --- Autoscaling ---------------------------------------------------------------------------------

resource "aws_appautoscaling_target" "this" {
  service_namespace  = "ecs"
  resource_id        = "service/${split("/", var.cluster_arn)[1]}/${aws_ecs_service.this.name}"
  scalable_dimension = "ecs:service:DesiredCount"
  min_capacity       = var.scaling.min_capacity
  max_capacity       = var.scaling.max_capacity
  tags               = var.tags
}

resource "aws_appautoscaling_policy" "cpu" {
  name               = "${var.name}-cpu"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.this.service_namespace
  resource_id        = aws_appautoscaling_target.this.resource_id
  scalable_dimension = aws_appautoscaling_target.this.scalable_dimension

  target_tracking_scaling_policy_configuration {
    target_value       = var.scaling.cpu_target_percent
    scale_in_cooldown  = 300
    scale_out_cooldown = 60
    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
    }
  }
}

resource "aws_appautoscaling_policy" "requests" {
  name               = "${var.name}-requests"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.this.service_namespace
  resource_id        = aws_appautoscaling_target.this.resource_id
  scalable_dimension = aws_appautoscaling_target.this.scalable_dimension

  target_tracking_scaling_policy_configuration {
    target_value       = var.scaling.requests_per_target
    scale_in_cooldown  = 300
    scale_out_cooldown = 60
    predefined_metric_specification {
      predefined_metric_type = "ALBRequestCountPerTarget"
      resource_label         = "${var.load_balancer.alb_arn_suffix}/${var.load_balancer.target_group_arn_suffix}"
    }
  }
}
