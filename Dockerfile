# syntax=docker/dockerfile:1
# The guide as a container: built with the Maven wrapper on a JDK, run as a non-root user on a JRE.
#   docker build -t kubeguide/guide .        (docker compose up builds it too)

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

FROM eclipse-temurin:17-jre
# curl for the health check
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 guide \
    && useradd --system --uid 10001 --gid guide --home-dir /home/guide --create-home guide
WORKDIR /app
COPY --from=build /guide.jar /app/guide.jar
USER 10001:10001
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError" \
    PORT=8080
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=90s --retries=5 \
    CMD curl -fsS http://localhost:8080/actuator/health || exit 1
ENTRYPOINT ["java", "-jar", "/app/guide.jar"]
