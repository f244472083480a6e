data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

locals {
  region    = data.aws_region.current.name
  namespace = "MCPGateway/${var.name}"
  audit_lg  = aws_cloudwatch_log_group.service[var.audit_source_service].name
  t         = var.thresholds
}

# --- Log groups ---------------------------------------------------------------------------------

resource "aws_cloudwatch_log_group" "service" {
  for_each = var.services

  name              = "/ecs/${var.name}/${each.key}"
  retention_in_days = var.log_retention_in_days
  kms_key_id        = var.kms_key_arn
  tags              = merge(var.tags, { Service = each.key })
}

# --- Metrics from the gateway's JSON audit/operational log lines --------------------------------

resource "aws_cloudwatch_log_metric_filter" "denied_calls" {
  name           = "${var.name}-denied-calls"
  log_group_name = local.audit_lg
  pattern        = "{ $.decision = \"deny\" }"

  metric_transformation {
    name          = "DeniedCalls"
    namespace     = local.namespace
    value         = "1"
    default_value = "0"
    unit          = "Count"
  }
}

resource "aws_cloudwatch_log_metric_filter" "audit_sink_failures" {
  name           = "${var.name}-audit-sink-failures"
  log_group_name = local.audit_lg
  pattern        = "{ $.event = \"audit_sink_failure\" }"

  metric_transformation {
    name          = "AuditSinkFailures"
    namespace     = local.namespace
    value         = "1"
    default_value = "0"
    unit          = "Count"
  }
}

resource "aws_cloudwatch_log_metric_filter" "snapshot_age" {
  name           = "${var.name}-snapshot-age"
  log_group_name = local.audit_lg
  pattern        = "{ $.snapshotAgeSeconds >= 0 }"

  metric_transformation {
    name      = "SnapshotAgeSeconds"
    namespace = local.namespace
    value     = "$.snapshotAgeSeconds"
    unit      = "Seconds"
  }
}

# --- Task crashes: ECS "task stopped" events for failed containers --------------------------------

resource "aws_cloudwatch_log_group" "ecs_events" {
  name              = "/aws/events/${var.name}/ecs-task-failures"
  retention_in_days = var.log_retention_in_days
  kms_key_id        = var.kms_key_arn
  tags              = var.tags
}

resource "aws_cloudwatch_log_resource_policy" "ecs_events" {
  policy_name = "${var.name}-ecs-events"
  policy_document = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = ["events.amazonaws.com", "delivery.logs.amazonaws.com"] }
      Action    = ["logs:CreateLogStream", "logs:PutLogEvents"]
      Resource  = "${aws_cloudwatch_log_group.ecs_events.arn}:*"
    }]
  })
}

resource "aws_cloudwatch_event_rule" "task_failures" {
  name        = "${var.name}-ecs-task-failures"
  description = "Tasks of ${var.ecs_cluster_name} stopped because a container exited or failed to start"
  event_pattern = jsonencode({
    source        = ["aws.ecs"]
    "detail-type" = ["ECS Task State Change"]
    detail = {
      clusterArn = [var.ecs_cluster_arn]
      lastStatus = ["STOPPED"]
      stopCode   = ["EssentialContainerExited", "TaskFailedToStart"]
    }
  })
  tags = var.tags
}

resource "aws_cloudwatch_event_target" "task_failures" {
  rule = aws_cloudwatch_event_rule.task_failures.name
  arn  = aws_cloudwatch_log_group.ecs_events.arn
}

resource "aws_cloudwatch_log_metric_filter" "task_failures" {
  name           = "${var.name}-task-failures"
  log_group_name = aws_cloudwatch_log_group.ecs_events.name
  pattern        = "{ $.detail.lastStatus = \"STOPPED\" }"

  metric_transformation {
    name          = "TaskFailures"
    namespace     = local.namespace
    value         = "1"
    default_value = "0"
    unit          = "Count"
  }
}

# --- Alarm topic --------------------------------------------------------------------------------------

resource "aws_sns_topic" "alarms" {
  name              = "${var.name}-alarms"
  kms_master_key_id = var.kms_key_arn
  tags              = var.tags
}

resource "aws_sns_topic_policy" "alarms" {
  arn = aws_sns_topic.alarms.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "CloudWatchAlarms"
      Effect    = "Allow"
      Principal = { Service = "cloudwatch.amazonaws.com" }
      Action    = "sns:Publish"
      Resource  = aws_sns_topic.alarms.arn
      Condition = { StringEquals = { "aws:SourceAccount" = data.aws_caller_identity.current.account_id } }
    }]
  })
}

resource "aws_sns_topic_subscription" "alarms" {
  for_each = { for s in var.alarm_subscriptions : "${s.protocol}:${s.endpoint}" => s }

  topic_arn = aws_sns_topic.alarms.arn
  protocol  = each.value.protocol
  endpoint  = each.value.endpoint
}

# --- Alarms ------------------------------------------------------------------------------------------------

resource "aws_cloudwatch_metric_alarm" "alb_5xx" {
  alarm_name          = "${var.name}-alb-5xx"
  alarm_description   = "The load balancer itself returned 5xx (no healthy target, timeouts)."
  namespace           = "AWS/ApplicationELB"
  metric_name         = "HTTPCode_ELB_5XX_Count"
  dimensions          = { LoadBalancer = var.alb.arn_suffix }
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 5
  datapoints_to_alarm = 3
  threshold           = local.t.alb_5xx_per_minute
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
  tags                = var.tags
}

resource "aws_cloudwatch_metric_alarm" "target_5xx" {
  for_each = var.alb.target_group_arn_suffixes

  alarm_name          = "${var.name}-${each.key}-5xx"
  alarm_description   = "${each.key} returned 5xx responses."
  namespace           = "AWS/ApplicationELB"
  metric_name         = "HTTPCode_Target_5XX_Count"
  dimensions          = { LoadBalancer = var.alb.arn_suffix, TargetGroup = each.value }
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 5
  datapoints_to_alarm = 3
  threshold           = local.t.target_5xx_per_minute
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
  tags                = var.tags
}

resource "aws_cloudwatch_metric_alarm" "target_latency" {
  for_each = var.alb.target_group_arn_suffixes

  alarm_name          = "${var.name}-${each.key}-latency-p95"
  alarm_description   = "p95 target response time of ${each.key} is high."
  namespace           = "AWS/ApplicationELB"
  metric_name         = "TargetResponseTime"
  dimensions          = { LoadBalancer = var.alb.arn_suffix, TargetGroup = each.value }
  extended_statistic  = "p95"
  period              = 60
  evaluation_periods  = 5
  datapoints_to_alarm = 3
  threshold           = local.t.latency_p95_seconds
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
  tags                = var.tags
}

resource "aws_cloudwatch_metric_alarm" "unhealthy_targets" {
  for_each = var.alb.target_group_arn_suffixes

  alarm_name          = "${var.name}-${each.key}-unhealthy-targets"
  alarm_description   = "${each.key} has targets failing ALB health checks."
  namespace           = "AWS/ApplicationELB"
  metric_name         = "UnHealthyHostCount"
  dimensions          = { LoadBalancer = var.alb.arn_suffix, TargetGroup = each.value }
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 3
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
  tags                = var.tags
}

resource "aws_cloudwatch_metric_alarm" "running_tasks" {
  for_each = var.services

  alarm_name          = "${var.name}-${each.key}-running-tasks"
  alarm_description   = "${each.key} runs fewer tasks than its minimum (${each.value.min_running_tasks})."
  namespace           = "ECS/ContainerInsights"
  metric_name         = "RunningTaskCount"
  dimensions          = { ClusterName = var.ecs_cluster_name, ServiceName = each.key }
  statistic           = "Minimum"
  period              = 60
  evaluation_periods  = 5
  datapoints_to_alarm = 3
  threshold           = each.value.min_running_tasks
  comparison_operator = "LessThanThreshold"
  treat_missing_data  = "breaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
  tags                = var.tags
}

resource "aws_cloudwatch_metric_alarm" "task_failures" {
  alarm_name          = "${var.name}-task-failures"
  alarm_description   = "Tasks stopped because an essential container exited or failed to start (crash loop)."
  namespace           = local.namespace
  metric_name         = aws_cloudwatch_log_metric_filter.task_failures.metric_transformation[0].name
  statistic           = "Sum"
  period              = 900
  evaluation_periods  = 1
  threshold           = local.t.task_failures_per_15_minutes
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
  tags                = var.tags
}

resource "aws_cloudwatch_metric_alarm" "denied_calls" {
  alarm_name          = "${var.name}-denied-calls-spike"
  alarm_description   = "Spike of calls denied by policy (misconfigured agent or probing)."
  namespace           = local.namespace
  metric_name         = aws_cloudwatch_log_metric_filter.denied_calls.metric_transformation[0].name
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = local.t.denied_calls_per_5_minutes
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
  tags                = var.tags
}

resource "aws_cloudwatch_metric_alarm" "snapshot_age" {
  alarm_name          = "${var.name}-gateway-snapshot-age"
  alarm_description   = "A gateway serves from a stale snapshot (cannot reach the registry)."
  namespace           = local.namespace
  metric_name         = aws_cloudwatch_log_metric_filter.snapshot_age.metric_transformation[0].name
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 5
  datapoints_to_alarm = 3
  threshold           = local.t.snapshot_age_seconds
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
  tags                = var.tags
}

resource "aws_cloudwatch_metric_alarm" "audit_sink_failures" {
  alarm_name          = "${var.name}-audit-sink-failures"
  alarm_description   = "The gateway could not write audit events to their sink (events buffered, loss possible)."
  namespace           = local.namespace
  metric_name         = aws_cloudwatch_log_metric_filter.audit_sink_failures.metric_transformation[0].name
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
  tags                = var.tags
}

# --- Dashboard -----------------------------------------------------------------------------------------------

resource "aws_cloudwatch_dashboard" "this" {
  dashboard_name = var.name
  dashboard_body = jsonencode({
    widgets = [
      {
        type = "metric", x = 0, y = 0, width = 12, height = 6
        properties = {
          title  = "ALB requests and errors"
          region = local.region
          stat   = "Sum"
          period = 60
          metrics = [
            ["AWS/ApplicationELB", "RequestCount", "LoadBalancer", var.alb.arn_suffix],
            [".", "HTTPCode_ELB_5XX_Count", ".", "."],
            [".", "HTTPCode_Target_5XX_Count", ".", "."],
            [".", "HTTPCode_Target_4XX_Count", ".", "."],
          ]
        }
      },
      {
        type = "metric", x = 12, y = 0, width = 12, height = 6
        properties = {
          title   = "Target response time p95 (s)"
          region  = local.region
          stat    = "p95"
          period  = 60
          metrics = [for k, tg in var.alb.target_group_arn_suffixes : ["AWS/ApplicationELB", "TargetResponseTime", "LoadBalancer", var.alb.arn_suffix, "TargetGroup", tg, { label = k }]]
        }
      },
      {
        type = "metric", x = 0, y = 6, width = 12, height = 6
        properties = {
          title   = "Running tasks"
          region  = local.region
          stat    = "Minimum"
          period  = 60
          metrics = [for k, _ in var.services : ["ECS/ContainerInsights", "RunningTaskCount", "ClusterName", var.ecs_cluster_name, "ServiceName", k, { label = k }]]
        }
      },
      {
        type = "metric", x = 12, y = 6, width = 12, height = 6
        properties = {
          title   = "CPU utilization (%)"
          region  = local.region
          stat    = "Average"
          period  = 60
          metrics = [for k, _ in var.services : ["AWS/ECS", "CPUUtilization", "ClusterName", var.ecs_cluster_name, "ServiceName", k, { label = k }]]
        }
      },
      {
        type = "metric", x = 0, y = 12, width = 8, height = 6
        properties = {
          title   = "Denied calls"
          region  = local.region
          stat    = "Sum"
          period  = 300
          metrics = [[local.namespace, "DeniedCalls"]]
        }
      },
      {
        type = "metric", x = 8, y = 12, width = 8, height = 6
        properties = {
          title   = "Gateway snapshot age (s)"
          region  = local.region
          stat    = "Maximum"
          period  = 60
          metrics = [[local.namespace, "SnapshotAgeSeconds"]]
        }
      },
      {
        type = "metric", x = 16, y = 12, width = 8, height = 6
        properties = {
          title   = "Audit sink failures / task failures"
          region  = local.region
          stat    = "Sum"
          period  = 300
          metrics = [[local.namespace, "AuditSinkFailures"], [local.namespace, "TaskFailures"]]
        }
      },
    ]
  })
}
