data "aws_route53_zone" "this" {
  name         = var.zone_name
  private_zone = false
}

locals {
  regional_names   = distinct(concat([var.hostnames.registry, var.hostnames.keycloak], var.hostnames.extra_regional))
  cloudfront_names = [var.hostnames.registry, var.hostnames.keycloak]

  # Both certificates validate the same names; the CNAMEs are identical, so one record
  # per name serves both (allow_overwrite makes the second writer a no-op).
  validation_names = distinct(concat(local.regional_names, var.create_cloudfront_certificate ? local.cloudfront_names : []))
}

resource "aws_acm_certificate" "regional" {
  domain_name               = local.regional_names[0]
  subject_alternative_names = slice(local.regional_names, 1, length(local.regional_names))
  validation_method         = "DNS"
  key_algorithm             = "RSA_2048"
  tags                      = merge(var.tags, { Name = "${var.name}-regional" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_acm_certificate" "cloudfront" {
  count    = var.create_cloudfront_certificate ? 1 : 0
  provider = aws.us_east_1

  domain_name               = local.cloudfront_names[0]
  subject_alternative_names = slice(local.cloudfront_names, 1, length(local.cloudfront_names))
  validation_method         = "DNS"
  key_algorithm             = "RSA_2048"
  tags                      = merge(var.tags, { Name = "${var.name}-cloudfront" })

  lifecycle {
    create_before_destroy = true
  }
}

locals {
  dvo_all = concat(
    tolist(aws_acm_certificate.regional.domain_validation_options),
    var.create_cloudfront_certificate ? tolist(aws_acm_certificate.cloudfront[0].domain_validation_options) : [],
  )
  dvo_by_name = { for dvo in local.dvo_all : dvo.domain_name => dvo... }
}

resource "aws_route53_record" "validation" {
  for_each = toset(local.validation_names)

  zone_id         = data.aws_route53_zone.this.zone_id
  name            = local.dvo_by_name[each.key][0].resource_record_name
  type            = local.dvo_by_name[each.key][0].resource_record_type
  records         = [local.dvo_by_name[each.key][0].resource_record_value]
  ttl             = 300
  allow_overwrite = true
}

resource "aws_acm_certificate_validation" "regional" {
  certificate_arn         = aws_acm_certificate.regional.arn
  validation_record_fqdns = [for name in local.regional_names : aws_route53_record.validation[name].fqdn]
}

resource "aws_acm_certificate_validation" "cloudfront" {
  count    = var.create_cloudfront_certificate ? 1 : 0
  provider = aws.us_east_1

  certificate_arn         = aws_acm_certificate.cloudfront[0].arn
  validation_record_fqdns = [for name in local.cloudfront_names : aws_route53_record.validation[name].fqdn]
}

# Alias records (A and AAAA) for the public names: to CloudFront or straight to the ALB.
resource "aws_route53_record" "alias" {
  for_each = {
    for pair in setproduct(keys(var.alias_records), ["A", "AAAA"]) : "${pair[0]}-${pair[1]}" => {
      name   = var.alias_records[pair[0]].name
      type   = pair[1]
      target = var.alias_records[pair[0]]
    }
  }

  zone_id = data.aws_route53_zone.this.zone_id
  name    = each.value.name
  type    = each.value.type

  alias {
    name                   = each.value.target.target_dns_name
    zone_id                = each.value.target.target_zone_id
    evaluate_target_health = each.value.target.evaluate_target_health
  }
}
