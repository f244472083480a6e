data "aws_elb_service_account" "this" {}
data "aws_caller_identity" "current" {}

data "aws_ec2_managed_prefix_list" "cloudfront" {
  count = var.ingress.allow_cloudfront_only ? 1 : 0
  name  = "com.amazonaws.global.cloudfront.origin-facing"
}

locals {
  https_enabled = var.certificate_arn != null
  # Listener that carries the routing rules: HTTPS whenever a certificate exists. Without one
  # (CloudFront-only mode) TLS ends at CloudFront and the ALB is reachable only from it.
  routing_listener_arn = local.https_enabled ? aws_lb_listener.https[0].arn : aws_lb_listener.http_from_cloudfront[0].arn
  listener_ports       = local.https_enabled ? [80, 443] : [80]

  ingress_sources = merge(
    { for cidr in var.ingress.cidr_blocks : "cidr-${cidr}" => { cidr = cidr, prefix_list = null } },
    var.ingress.allow_cloudfront_only ? { cloudfront = { cidr = null, prefix_list = data.aws_ec2_managed_prefix_list.cloudfront[0].id } } : {},
  )
  ingress_rules = {
    for pair in setproduct(keys(local.ingress_sources), local.listener_ports) : "${pair[0]}-${pair[1]}" => merge(local.ingress_sources[pair[0]], { port = pair[1] })
  }
}

# --- Access logs bucket ---------------------------------------------------------------------

resource "aws_s3_bucket" "access_logs" {
  #checkov:skip=CKV_AWS_18:This bucket is the access-log sink itself; logging it to itself would loop.
  #checkov:skip=CKV_AWS_144:Access logs are operational data kept in-region; cross-region replication is not required.
  #checkov:skip=CKV_AWS_145:ALB access log delivery supports only SSE-S3 (AES256), not SSE-KMS.
  #checkov:skip=CKV2_AWS_62:Nothing consumes object-created events for access logs.
  bucket_prefix = "${var.name}-alb-logs-"
  force_destroy = false
  tags          = var.tags
}

resource "aws_s3_bucket_public_access_block" "access_logs" {
  bucket                  = aws_s3_bucket.access_logs.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "access_logs" {
  bucket = aws_s3_bucket.access_logs.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_versioning" "access_logs" {
  bucket = aws_s3_bucket.access_logs.id
  versioning_configuration {
    status = "Enabled"
  }
}

#trivy:ignore:AVD-AWS-0132 ALB access log delivery supports only SSE-S3 (AES256), not SSE-KMS.
resource "aws_s3_bucket_server_side_encryption_configuration" "access_logs" {
  bucket = aws_s3_bucket.access_logs.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "access_logs" {
  bucket = aws_s3_bucket.access_logs.id

  rule {
    id     = "expire-access-logs"
    status = "Enabled"
    filter {}

    transition {
      days          = 30
      storage_class = "STANDARD_IA"
    }
    expiration {
      days = var.access_logs_retention_days
    }
    noncurrent_version_expiration {
      noncurrent_days = 30
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }
}

resource "aws_s3_bucket_policy" "access_logs" {
  bucket = aws_s3_bucket.access_logs.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "ElbLogDelivery"
        Effect    = "Allow"
        Principal = { AWS = data.aws_elb_service_account.this.arn }
        Action    = "s3:PutObject"
        Resource  = "${aws_s3_bucket.access_logs.arn}/alb/AWSLogs/${data.aws_caller_identity.current.account_id}/*"
      },
      {
        Sid       = "ElbLogDeliveryService"
        Effect    = "Allow"
        Principal = { Service = "logdelivery.elasticloadbalancing.amazonaws.com" }
        Action    = "s3:PutObject"
        Resource  = "${aws_s3_bucket.access_logs.arn}/alb/AWSLogs/${data.aws_caller_identity.current.account_id}/*"
      },
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [aws_s3_bucket.access_logs.arn, "${aws_s3_bucket.access_logs.arn}/*"]
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
    ]
  })

  depends_on = [aws_s3_bucket_public_access_block.access_logs]
}

# --- Security group ----------------------------------------------------------------------------

resource "aws_security_group" "alb" {
  name        = "${var.name}-alb"
  description = "ALB: listener ports from the allowed sources only"
  vpc_id      = var.vpc_id
  tags        = merge(var.tags, { Name = "${var.name}-alb" })
}

resource "aws_vpc_security_group_ingress_rule" "alb" {
  for_each = local.ingress_rules

  security_group_id = aws_security_group.alb.id
  description       = "Listener port ${each.value.port} from ${each.value.cidr != null ? each.value.cidr : "CloudFront origin-facing"}"
  ip_protocol       = "tcp"
  from_port         = each.value.port
  to_port           = each.value.port
  cidr_ipv4         = each.value.cidr
  prefix_list_id    = each.value.prefix_list
}

resource "aws_vpc_security_group_egress_rule" "alb_to_targets" {
  for_each = toset([for p in distinct(flatten([for t in var.targets : [t.port, coalesce(t.health_check.port, t.port)]])) : tostring(p)])

  security_group_id = aws_security_group.alb.id
  description       = "Targets and health checks on port ${each.value} inside the VPC"
  ip_protocol       = "tcp"
  from_port         = tonumber(each.value)
  to_port           = tonumber(each.value)
  cidr_ipv4         = var.vpc_cidr_block
}

# --- Load balancer -----------------------------------------------------------------------------

#trivy:ignore:AVD-AWS-0053 Public entry point of the product: agents and browsers reach it directly (custom-domain mode) or through CloudFront, which needs a public origin; the SG limits sources.
resource "aws_lb" "this" {
  #checkov:skip=CKV2_AWS_76:False positive: the associated web ACL (var.web_acl_arn, from the edge module) includes AWSManagedRulesKnownBadInputsRuleSet (Log4j AMR); with CloudFront the ACLs sit on the distributions. Checkov cannot follow the variable.
  #checkov:skip=CKV2_AWS_20:Port 80 redirects to HTTPS whenever the ALB has a certificate; only CloudFront-only mode (no certificate, CloudFront prefix list only) forwards plain HTTP.
  name                       = substr("${var.name}-alb", 0, 32)
  load_balancer_type         = "application"
  internal                   = false
  security_groups            = [aws_security_group.alb.id]
  subnets                    = var.public_subnet_ids
  drop_invalid_header_fields = true
  enable_deletion_protection = var.deletion_protection
  idle_timeout               = var.idle_timeout
  desync_mitigation_mode     = "strictest"
  tags                       = var.tags

  access_logs {
    bucket  = aws_s3_bucket.access_logs.id
    prefix  = "alb"
    enabled = true
  }

  depends_on = [aws_s3_bucket_policy.access_logs]
}

# Regional WAF (custom-domain-only mode); with CloudFront the web ACLs sit on the distributions.
resource "aws_wafv2_web_acl_association" "this" {
  count = var.web_acl_arn == null ? 0 : 1

  resource_arn = aws_lb.this.arn
  web_acl_arn  = var.web_acl_arn
}

resource "aws_lb_target_group" "this" {
  #checkov:skip=CKV_AWS_378:TLS terminates at the ALB; targets sit in private subnets and accept traffic only from the ALB security group.
  for_each = var.targets

  name                 = substr("${var.name}-${each.key}", 0, 32)
  port                 = each.value.port
  protocol             = "HTTP"
  target_type          = "ip"
  vpc_id               = var.vpc_id
  deregistration_delay = each.value.deregistration_delay
  tags                 = var.tags

  health_check {
    enabled             = true
    path                = each.value.health_check.path
    port                = each.value.health_check.port == null ? "traffic-port" : tostring(each.value.health_check.port)
    matcher             = each.value.health_check.matcher
    interval            = 15
    timeout             = 5
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }
}

resource "aws_lb_listener" "http_redirect" {
  count = local.https_enabled ? 1 : 0

  load_balancer_arn = aws_lb.this.arn
  port              = 80
  protocol          = "HTTP"
  tags              = var.tags

  default_action {
    type = "redirect"
    redirect {
      port        = "443"
      protocol    = "HTTPS"
      status_code = "HTTP_301"
    }
  }
}

resource "aws_lb_listener" "https" {
  count = local.https_enabled ? 1 : 0

  load_balancer_arn = aws_lb.this.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = var.ssl_policy
  certificate_arn   = var.certificate_arn
  tags              = var.tags

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.this[var.routing.default_target].arn
  }
}

#trivy:ignore:AVD-AWS-0054 CloudFront-only mode: no custom domain means no ACM certificate for the ALB; viewers get TLS at CloudFront and this listener admits only CloudFront's origin-facing prefix list.
resource "aws_lb_listener" "http_from_cloudfront" {
  #checkov:skip=CKV_AWS_2:CloudFront-only mode: no custom domain means no ACM certificate for the ALB; TLS ends at CloudFront and the SG admits only CloudFront's origin-facing prefix list.
  #checkov:skip=CKV_AWS_103:Same listener as above: plain HTTP from CloudFront only, no TLS policy applies.
  count = local.https_enabled ? 0 : 1

  load_balancer_arn = aws_lb.this.arn
  port              = 80
  protocol          = "HTTP"
  tags              = var.tags

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.this[var.routing.default_target].arn
  }

  lifecycle {
    precondition {
      condition     = var.ingress.allow_cloudfront_only && length(var.ingress.cidr_blocks) == 0
      error_message = "Without a certificate the ALB serves plain HTTP, which is allowed only behind CloudFront: set ingress.allow_cloudfront_only and no cidr_blocks."
    }
  }
}

resource "aws_lb_listener_rule" "this" {
  for_each = { for r in var.routing.rules : r.name => r }

  listener_arn = local.routing_listener_arn
  priority     = each.value.priority
  tags         = var.tags

  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.this[each.value.target].arn
  }

  dynamic "condition" {
    for_each = length(each.value.path_patterns) > 0 ? [each.value.path_patterns] : []
    content {
      path_pattern {
        values = condition.value
      }
    }
  }

  dynamic "condition" {
    for_each = length(each.value.host_headers) > 0 ? [each.value.host_headers] : []
    content {
      host_header {
        values = condition.value
      }
    }
  }

  dynamic "condition" {
    for_each = each.value.http_header == null ? [] : [each.value.http_header]
    content {
      http_header {
        http_header_name = condition.value.name
        values           = condition.value.values
      }
    }
  }
}
