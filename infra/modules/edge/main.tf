data "aws_caller_identity" "current" {}
data "aws_region" "current" {}
data "aws_partition" "current" {}

locals {
  cloudfront_mode = var.mode == "cloudfront"
  scope           = local.cloudfront_mode ? "CLOUDFRONT" : "REGIONAL"

  # Path prefixes reachable only from an IP set: Keycloak's admin console/API, and the
  # registry's service-to-service API (/internal, e.g. the gateway's snapshot pull, which
  # leaves through this deployment's NAT addresses).
  keycloak_admin = { name = "keycloak-admin-allowlist", priority = 0, path = "/admin", ip_set = "keycloak_admin" }
  internal_api   = { name = "internal-api-allowlist", priority = 1, path = "/internal", ip_set = "internal_api", host = tostring(null) }
  restrictions = {
    app      = [local.internal_api]
    keycloak = [merge(local.keycloak_admin, { host = tostring(null) })]
    alb      = [merge(local.keycloak_admin, { host = try(var.regional.keycloak_hostname, null) }), local.internal_api]
  }

  # One web ACL per protected entry point. Behind CloudFront, Keycloak has its own
  # distribution, so its ACL restricts /admin* without a host match. On a bare ALB the single
  # regional ACL matches the Keycloak host name as well; the alb module associates it.
  acls = { for k in(local.cloudfront_mode ? ["app", "keycloak"] : ["alb"]) : k => { restricted_paths = local.restrictions[k] } }

  ip_sets = {
    keycloak_admin = { description = "Sources allowed to reach the Keycloak admin console and admin API", addresses = var.waf.keycloak_admin_cidrs }
    internal_api   = { description = "Sources allowed to reach /internal, the service-to-service API", addresses = var.waf.internal_api_cidrs }
  }

  distributions = local.cloudfront_mode ? {
    app      = { aliases = var.cloudfront.aliases.app }
    keycloak = { aliases = var.cloudfront.aliases.keycloak }
  } : {}

  custom_certificate = local.cloudfront_mode && try(var.cloudfront.acm_certificate_arn, null) != null

  visibility = {
    cloudwatch_metrics_enabled = true
    sampled_requests_enabled   = true
  }

}

# --- WAF logging ----------------------------------------------------------------------
# The key lives in this module because CloudFront-scoped WAF logs must stay in us-east-1.

resource "aws_kms_key" "waf_logs" {
  description             = "${var.name} WAF logs"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AccountAdministration"
        Effect    = "Allow"
        Principal = { AWS = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "CloudWatchLogs"
        Effect    = "Allow"
        Principal = { Service = "logs.${data.aws_region.current.name}.amazonaws.com" }
        Action    = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
        Resource  = "*"
        Condition = {
          ArnLike = {
            "kms:EncryptionContext:aws:logs:arn" = "arn:${data.aws_partition.current.partition}:logs:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:log-group:*"
          }
        }
      },
    ]
  })
  tags = var.tags
}

resource "aws_cloudwatch_log_group" "waf" {
  # WAF only delivers to log groups whose name starts with aws-waf-logs-.
  name              = "aws-waf-logs-${var.name}-${var.mode}"
  retention_in_days = var.waf.log_retention_in_days
  kms_key_id        = aws_kms_key.waf_logs.arn
  tags              = var.tags
}

# --- WAF --------------------------------------------------------------------------------

resource "aws_wafv2_ip_set" "this" {
  for_each = local.ip_sets

  name               = "${var.name}-${replace(each.key, "_", "-")}"
  description        = each.value.description
  scope              = local.scope
  ip_address_version = "IPV4"
  addresses          = each.value.addresses
  tags               = var.tags
}

resource "aws_wafv2_web_acl" "this" {
  for_each = local.acls

  name        = "${var.name}-${each.key}"
  description = "${var.name} ${each.key}: AWS managed rules, rate limit, path allow-lists"
  scope       = local.scope
  tags        = var.tags

  default_action {
    allow {}
  }

  dynamic "rule" {
    for_each = each.value.restricted_paths
    content {
      name     = rule.value.name
      priority = rule.value.priority

      action {
        block {}
      }

      statement {
        and_statement {
          statement {
            byte_match_statement {
              search_string         = rule.value.path
              positional_constraint = "STARTS_WITH"
              field_to_match {
                uri_path {}
              }
              text_transformation {
                priority = 0
                type     = "URL_DECODE"
              }
              text_transformation {
                priority = 1
                type     = "NORMALIZE_PATH"
              }
              text_transformation {
                priority = 2
                type     = "LOWERCASE"
              }
            }
          }

          statement {
            not_statement {
              statement {
                ip_set_reference_statement {
                  arn = aws_wafv2_ip_set.this[rule.value.ip_set].arn
                }
              }
            }
          }

          dynamic "statement" {
            for_each = rule.value.host == null ? [] : [rule.value.host]
            content {
              byte_match_statement {
                search_string         = lower(statement.value)
                positional_constraint = "EXACTLY"
                field_to_match {
                  single_header {
                    name = "host"
                  }
                }
                text_transformation {
                  priority = 0
                  type     = "LOWERCASE"
                }
              }
            }
          }
        }
      }

      visibility_config {
        cloudwatch_metrics_enabled = local.visibility.cloudwatch_metrics_enabled
        sampled_requests_enabled   = local.visibility.sampled_requests_enabled
        metric_name                = "${var.name}-${each.key}-${rule.value.name}"
      }
    }
  }

  rule {
    name     = "AWSManagedRulesCommonRuleSet"
    priority = 10

    override_action {
      none {}
    }

    statement {
      managed_rule_group_statement {
        name        = "AWSManagedRulesCommonRuleSet"
        vendor_name = "AWS"

        # MCP tool calls and registry uploads legitimately exceed the 8 KB body limit of
        # this rule group; the services enforce their own body caps.
        rule_action_override {
          name = "SizeRestrictions_BODY"
          action_to_use {
            count {}
          }
        }
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      sampled_requests_enabled   = true
      metric_name                = "${var.name}-${each.key}-AWSManagedRulesCommonRuleSet"
    }
  }

  rule {
    name     = "AWSManagedRulesKnownBadInputsRuleSet"
    priority = 20

    override_action {
      none {}
    }

    statement {
      managed_rule_group_statement {
        name        = "AWSManagedRulesKnownBadInputsRuleSet"
        vendor_name = "AWS"
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      sampled_requests_enabled   = true
      metric_name                = "${var.name}-${each.key}-AWSManagedRulesKnownBadInputsRuleSet"
    }
  }

  rule {
    name     = "AWSManagedRulesAmazonIpReputationList"
    priority = 30

    override_action {
      none {}
    }

    statement {
      managed_rule_group_statement {
        name        = "AWSManagedRulesAmazonIpReputationList"
        vendor_name = "AWS"
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      sampled_requests_enabled   = true
      metric_name                = "${var.name}-${each.key}-AWSManagedRulesAmazonIpReputationList"
    }
  }

  rule {
    name     = "rate-limit-per-ip"
    priority = 40

    action {
      block {}
    }

    statement {
      rate_based_statement {
        limit              = var.waf.rate_limit_per_5_minutes
        aggregate_key_type = "IP"
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = local.visibility.cloudwatch_metrics_enabled
      sampled_requests_enabled   = local.visibility.sampled_requests_enabled
      metric_name                = "${var.name}-${each.key}-rate-limit"
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = local.visibility.cloudwatch_metrics_enabled
    sampled_requests_enabled   = local.visibility.sampled_requests_enabled
    metric_name                = "${var.name}-${each.key}"
  }
}

resource "aws_wafv2_web_acl_logging_configuration" "this" {
  for_each = aws_wafv2_web_acl.this

  resource_arn            = each.value.arn
  log_destination_configs = [aws_cloudwatch_log_group.waf.arn]

  # Bearer tokens and session cookies never reach the logs.
  redacted_fields {
    single_header {
      name = "authorization"
    }
  }
  redacted_fields {
    single_header {
      name = "cookie"
    }
  }
}

# --- CloudFront ---------------------------------------------------------------------------

data "aws_cloudfront_cache_policy" "disabled" {
  count = local.cloudfront_mode ? 1 : 0
  name  = "Managed-CachingDisabled"
}

data "aws_cloudfront_origin_request_policy" "all_viewer" {
  count = local.cloudfront_mode ? 1 : 0
  name  = "Managed-AllViewer"
}

resource "aws_cloudfront_response_headers_policy" "security" {
  count = local.cloudfront_mode ? 1 : 0

  name    = "${var.name}-security-headers"
  comment = "HSTS and browser hardening headers for ${var.name}"

  security_headers_config {
    strict_transport_security {
      access_control_max_age_sec = 63072000
      include_subdomains         = true
      preload                    = true
      override                   = true
    }
    content_type_options {
      override = true
    }
    # Keycloak's session-status iframe is same-origin; DENY would break it.
    frame_options {
      frame_option = "SAMEORIGIN"
      override     = true
    }
    referrer_policy {
      referrer_policy = "strict-origin-when-cross-origin"
      override        = true
    }
  }
}

resource "aws_cloudfront_distribution" "this" {
  #checkov:skip=CKV_AWS_86:Every request is logged by the attached WAF web ACL (aws-waf-logs-* log group, auth headers redacted); CloudFront standard logs would need an ACL-enabled S3 bucket.
  #checkov:skip=CKV_AWS_310:Single regional ALB origin; there is no second origin to fail over to.
  #checkov:skip=CKV_AWS_305:Dynamic origin (API, MCP endpoint, console); the registry service answers "/" itself, there is no root object.
  #checkov:skip=CKV_AWS_174:CloudFront-only mode has no custom domain, so the default *.cloudfront.net certificate is used and AWS pins its protocol floor; with a custom domain minimum_protocol_version is TLSv1.2_2021.
  #checkov:skip=CKV2_AWS_47:False positive: web_acl_id is the same-key web ACL above, which includes AWSManagedRulesKnownBadInputsRuleSet (Log4j AMR); checkov's graph cannot follow the for_each index.
  for_each = local.distributions

  enabled         = true
  is_ipv6_enabled = true
  http_version    = "http2and3"
  comment         = "${var.name} ${each.key}"
  aliases         = each.value.aliases
  price_class     = var.cloudfront.price_class
  web_acl_id      = aws_wafv2_web_acl.this[each.key].arn
  tags            = var.tags

  origin {
    origin_id   = "alb"
    domain_name = var.cloudfront.origin_domain_name

    custom_origin_config {
      http_port                = 80
      https_port               = 443
      origin_protocol_policy   = var.cloudfront.origin_protocol_policy
      origin_ssl_protocols     = ["TLSv1.2"]
      origin_read_timeout      = var.cloudfront.origin_read_timeout
      origin_keepalive_timeout = 5
    }

    # Tells the ALB which entry point the request came through (Keycloak vs. app); CloudFront
    # overwrites any viewer-supplied header of the same name.
    custom_header {
      name  = "X-Mcpgw-Edge"
      value = each.key
    }
  }

  default_cache_behavior {
    target_origin_id           = "alb"
    viewer_protocol_policy     = "redirect-to-https"
    allowed_methods            = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"]
    cached_methods             = ["GET", "HEAD"]
    compress                   = true
    cache_policy_id            = data.aws_cloudfront_cache_policy.disabled[0].id
    origin_request_policy_id   = data.aws_cloudfront_origin_request_policy.all_viewer[0].id
    response_headers_policy_id = aws_cloudfront_response_headers_policy.security[0].id
  }

  restrictions {
    geo_restriction {
      restriction_type = var.cloudfront.geo_restriction.restriction_type
      locations        = var.cloudfront.geo_restriction.locations
    }
  }

  viewer_certificate {
    acm_certificate_arn            = local.custom_certificate ? var.cloudfront.acm_certificate_arn : null
    cloudfront_default_certificate = !local.custom_certificate
    ssl_support_method             = local.custom_certificate ? "sni-only" : null
    minimum_protocol_version       = local.custom_certificate ? "TLSv1.2_2021" : "TLSv1"
  }

  depends_on = [aws_wafv2_web_acl_logging_configuration.this]
}
