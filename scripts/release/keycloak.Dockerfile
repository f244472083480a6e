# Keycloak for ECS: the upstream release, optimized at build time (`kc.sh build`) for
# PostgreSQL with health and metrics, so the task runs `start --optimized` on a read-only root
# file system and nothing is pulled from quay.io at run time. Built and pushed by
# scripts/release/build-push --with-keycloak.
ARG KEYCLOAK_VERSION=26.4.0
FROM quay.io/keycloak/keycloak:${KEYCLOAK_VERSION} AS builder
ENV KC_DB=postgres \
    KC_HEALTH_ENABLED=true \
    KC_METRICS_ENABLED=true
RUN /opt/keycloak/bin/kc.sh build

FROM quay.io/keycloak/keycloak:${KEYCLOAK_VERSION}
COPY --from=builder /opt/keycloak/ /opt/keycloak/
USER 1000
ENTRYPOINT ["/opt/keycloak/bin/kc.sh"]
