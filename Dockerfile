# syntax=docker/dockerfile:1
# The guide as a self-contained image: the jar built with the Maven wrapper on a JDK, the embedded control plane
# (etcd, kube-apiserver, kube-controller-manager, kube-scheduler, KWOK) built from its upstream Go modules in a Go
# stage, both run as a non-root user on a JRE. Sandboxes run on that embedded control plane: no Docker socket.
#   docker build -t kubeguide/guide .        (docker compose up builds it too)

# ---- the embedded control plane: one static binary, as embedded-cluster/build.sh builds it ----
# The Go version satisfies embedded-cluster/go.mod's `go` line.
FROM golang:1.26 AS embedded
# CGO off: a static binary that runs on the JRE image whatever its C library. build.sh writes into the cache dir.
ENV CGO_ENABLED=0 \
    GUIDE_EMBEDDED_CACHE=/embedded-cache
WORKDIR /src/embedded-cluster
# Modules first, so that a change to the glue does not download them again.
COPY embedded-cluster/go.mod embedded-cluster/go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY embedded-cluster/ ./
# The module and build caches survive between builds (a cold build compiles Kubernetes: many minutes);
# the binary is copied out of the versioned cache dir within this step, whatever the version in go.mod.
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \
    bash build.sh \
    && mkdir /embedded \
    && cp /embedded-cache/v*/bin/embedded-cluster /embedded/embedded-cluster

# ---- the guide's jar ----
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
# Dependencies first, so that a change to the code does not download them again.
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN --mount=type=cache,target=/root/.m2 ./mvnw -q -B dependency:go-offline -DskipTests || true
COPY src src
COPY content content
COPY static static
RUN --mount=type=cache,target=/root/.m2 ./mvnw -q -B package -DskipTests \
    && cp target/kubernetes-mastery-guide-*.jar /guide.jar

# ---- the image that runs ----
FROM eclipse-temurin:17-jre
# curl for the health check. Versions are not pinned: the base image's tag pins the distribution, and pinned
# package versions vanish from its archive with every security update.
# ~/.kubeguide (the embedded control plane's work dir: keys, kubeconfigs, etcd data) is the guide user's alone;
# compose mounts a volume there, which takes this owner and mode.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 guide \
    && useradd --system --uid 10001 --gid guide --home-dir /home/guide --create-home guide \
    && install -d -m 0700 -o guide -g guide /home/guide/.kubeguide
# One binary, linked under each component's name (the name it is called by chooses the component; symbolic links,
# as a hard link to a file of an earlier layer would copy it), owned by root and not writable by the guide user.
COPY --from=embedded /embedded/embedded-cluster /opt/kubeguide/embedded/bin/embedded-cluster
RUN for component in etcd kube-apiserver kube-controller-manager kube-scheduler kwok; do \
      ln -s embedded-cluster "/opt/kubeguide/embedded/bin/$component"; \
    done
WORKDIR /app
COPY --from=build /guide.jar /app/guide.jar
USER 10001:10001
# The heap takes half of the container's memory: the embedded control plane runs in the same container (about
# 750 MiB RSS once ready).
ENV GUIDE_EMBEDDED_BINDIR=/opt/kubeguide/embedded/bin \
    GUIDE_SANDBOX_PROVIDER=embedded \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=50 -XX:+ExitOnOutOfMemoryError" \
    PORT=8080
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=90s --retries=5 \
    CMD ["curl", "-fsS", "-o", "/dev/null", "http://127.0.0.1:8080/actuator/health"]
ENTRYPOINT ["java", "-jar", "/app/guide.jar"]
