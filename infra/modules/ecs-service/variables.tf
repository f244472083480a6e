variable "name" {
  description = "Name prefix of this service's resources, usually <project>-<env>-<service> (for example mcpgw-prod-gateway)."
  type        = string
}

variable "service_name" {
  description = "ECS service and container name (for example gateway)."
  type        = string
}

variable "cluster_arn" {
  description = "ARN of the ECS cluster."
  type        = string
}

variable "container" {
  description = "The single application container: image, port, size, environment, secrets (env name => Secrets Manager ARN, optionally with :json-key::), user, read-only root with writable scratch paths, health check."
  type = object({
    image                    = string
    port                     = number
    cpu                      = optional(number, 512)
    memory                   = optional(number, 1024)
    cpu_architecture         = optional(string, "X86_64")
    command                  = optional(list(string), [])
    environment              = optional(map(string), {})
    secrets                  = optional(map(string), {})
    user                     = optional(string, "1000:1000")
    readonly_root_filesystem = optional(bool, true)
    writable_paths           = optional(list(string), ["/tmp"])
    stop_timeout             = optional(number, 30)
    health_check = object({
      command      = list(string)
      interval     = optional(number, 15)
      timeout      = optional(number, 5)
      retries      = optional(number, 3)
      start_period = optional(number, 60)
    })
  })

  validation {
    condition     = var.container.user != "root" && !startswith(var.container.user, "0")
    error_message = "Containers run as a non-root user."
  }
}

variable "additional_ingress_ports" {
  description = "Extra container ports the ALB may reach (for example Keycloak's management port 9000 for health checks)."
  type        = list(number)
  default     = []
}

variable "cluster_ports_from_self" {
  description = "Ports open between tasks of this service only (for example Keycloak clustering 7800 and 57800)."
  type        = list(number)
  default     = []
}

variable "network" {
  description = "Private subnets, VPC, the ALB security group (the only ingress source) and explicit egress rules keyed by a label."
  type = object({
    vpc_id                = string
    subnet_ids            = list(string)
    alb_security_group_id = string
    egress = map(object({
      description       = string
      port              = number
      cidr_ipv4         = optional(string)
      prefix_list_id    = optional(string)
      security_group_id = optional(string)
    }))
  })
}

variable "load_balancer" {
  description = "Target group of this service and the ARN suffixes used for request-count autoscaling."
  type = object({
    target_group_arn        = string
    target_group_arn_suffix = string
    alb_arn_suffix          = string
  })
}

variable "scaling" {
  description = "Autoscaling bounds and targets (CPU percent and ALB requests per target per minute)."
  type = object({
    min_capacity        = optional(number, 2)
    max_capacity        = optional(number, 6)
    cpu_target_percent  = optional(number, 60)
    requests_per_target = optional(number, 1000)
  })
  default = {}
}

variable "log_group_name" {
  description = "Existing CloudWatch log group (KMS-encrypted, created by the observability module)."
  type        = string
}

variable "ecr_repository_arn" {
  description = "ECR repository the image is pulled from; the execution role may pull only from it."
  type        = string
}

variable "kms_key_arns" {
  description = "KMS keys the execution role may use to decrypt the listed secrets and the image."
  type        = list(string)
  default     = []
}

variable "task_role_policy_json" {
  description = "Optional IAM policy (JSON) for the application's task role; null = no AWS permissions."
  type        = string
  default     = null
}

variable "tags" {
  description = "Tags applied to every resource of the module."
  type        = map(string)
  default     = {}
}
