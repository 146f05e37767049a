# One image per Ferry process: docker build --build-arg MODULE=worker (or api) .
FROM maven:3.9.9-eclipse-temurin-21 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:21.0.5_11-jre-noble
ARG MODULE
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 ferry && mkdir -p /var/lib/ferry && chown ferry /var/lib/ferry
COPY --from=build /src/${MODULE}/target/ferry-${MODULE}-0.1.0-SNAPSHOT.jar /opt/ferry/app.jar
USER ferry
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
ENTRYPOINT ["java", "-jar", "/opt/ferry/app.jar"]
