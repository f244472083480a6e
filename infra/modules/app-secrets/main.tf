# Secret containers only: values are put out of band (post-deploy script or an operator with
# `aws secretsmanager put-secret-value`), so no secret value ever enters Terraform state.
resource "aws_secretsmanager_secret" "this" {
  #checkov:skip=CKV2_AWS_57:Values are generated and rotated out of band by their owner (post-deploy setup / Keycloak admin); a rotation Lambda would have to write Keycloak, which Terraform does not manage.
  for_each = var.secrets

  name                    = "${var.name}/${each.key}"
  description             = each.value.description
  kms_key_id              = var.kms_key_arn
  recovery_window_in_days = each.value.recovery_window_in_days
  tags                    = merge(var.tags, { SecretPurpose = each.key })
}
