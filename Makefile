# Thin, self-documenting entry points; the logic lives in npm scripts and scripts/.
SHELL := /bin/bash
.DEFAULT_GOAL := help

.PHONY: help
help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z0-9_-]+:.*## / {printf "  \033[36m%-16s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

.PHONY: install
install: ## Install dependencies exactly as locked (npm ci)
	npm ci --no-audit --no-fund

.PHONY: build
build: ## Type-check and compile every workspace (tsc -b)
	npx tsc -b

.PHONY: dev
dev: ## Run registry, auth and gateway locally on embedded defaults (Ctrl-C stops all)
	node scripts/dev/run-dev.mjs

.PHONY: test
test: ## The whole suite: lint, types, docs drift, unit, integration on real components, IaC checks
	bash scripts/ci/test-all.sh

.PHONY: test-unit
test-unit: ## Unit and in-process API tests only (no external components)
	npx vitest run --project unit

.PHONY: test-int
test-int: ## Integration tests (needs `make test-env-up` first)
	npx vitest run --project integration

.PHONY: lint
lint: ## ESLint and Prettier check
	npm run lint

.PHONY: format
format: ## Rewrite files with Prettier
	npm run format

.PHONY: docs
docs: build ## Regenerate docs/configuration.md from the config schemas
	npm run docs:config

.PHONY: test-env-up test-env-down test-env-status
test-env-up: ## Start FerretDB, PostgreSQL, Keycloak and moto on loopback
	bash scripts/test-env/up
test-env-down: ## Stop what test-env-up started
	bash scripts/test-env/down
test-env-status: ## Show the test environment's components
	bash scripts/test-env/status

.PHONY: tf-check
tf-check: ## Offline IaC checks: terraform fmt, tflint (AWS), trivy config, checkov
	bash scripts/tf-check/run

# --- Images, release and deployment ----------------------------------------------------------
# ENV is one of dev, staging, prod (post-deploy also accepts local).
TF_ENVS := dev staging prod
require-tf-env = $(if $(filter $(ENV),$(TF_ENVS)),,$(error ENV must be one of: $(TF_ENVS) (e.g. make $@ ENV=dev)))

.PHONY: images
images: ## Build the service images with podman from their Dockerfiles and smoke-test them
	bash scripts/images/build-and-smoke

.PHONY: build-push
build-push: ## Build and push images to ECR as vX.Y.Z-build-YYYYMMDD-<sha> (ENV=, ARGS="--dry-run", ALLOW_DIRTY=1)
	node scripts/release/build-push $(if $(ENV),--env $(ENV)) $(ARGS)

.PHONY: tf-fmt
tf-fmt: ## Rewrite the Terraform files under infra/ in canonical format
	terraform fmt -recursive infra

.PHONY: tf-plan
tf-plan: ## terraform init + plan in infra/envs/<ENV>, saved in .terraform/ (ENV=dev|staging|prod; needs backend.hcl)
	$(require-tf-env)
	cd infra/envs/$(ENV) && terraform init -input=false -backend-config=backend.hcl && terraform plan -input=false -out=.terraform/tfplan

.PHONY: tf-apply
tf-apply: ## terraform apply of the plan saved by tf-plan (ENV=dev|staging|prod)
	$(require-tf-env)
	cd infra/envs/$(ENV) && terraform init -input=false -backend-config=backend.hcl && terraform apply -input=false .terraform/tfplan

.PHONY: post-deploy
post-deploy: ## Make a deployment usable: Keycloak realm/clients, DB indexes, seeds, smoke test (ENV=)
	$(if $(ENV),,$(error ENV is required, e.g. make post-deploy ENV=dev))
	npm run post-deploy -- --env $(ENV)
