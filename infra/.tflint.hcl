# tflint configuration for every module and environment root under infra/ (`tflint --recursive`).
# The AWS ruleset is installed by scripts/tf-check/run into TFLINT_PLUGIN_DIR at
# github.com/terraform-linters/tflint-ruleset-aws/0.48.0/, the path `tflint --init` would use.

config {
  call_module_type = "local"
}

plugin "terraform" {
  enabled = true
  preset  = "recommended"
}

plugin "aws" {
  enabled = true
  version = "0.48.0"
  source  = "github.com/terraform-linters/tflint-ruleset-aws"
}

# Beyond the recommended preset: the conventions of STYLE.md.
rule "terraform_documented_variables" {
  enabled = true
}

rule "terraform_documented_outputs" {
  enabled = true
}

rule "terraform_typed_variables" {
  enabled = true
}

rule "terraform_naming_convention" {
  enabled = true
}

rule "terraform_standard_module_structure" {
  enabled = true
}
