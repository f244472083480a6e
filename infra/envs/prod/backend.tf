# Partial configuration: bucket, key, region and lock table come from backend.hcl
# (copy backend.hcl.example) via `terraform init -backend-config=backend.hcl`.
terraform {
  backend "s3" {}
}
