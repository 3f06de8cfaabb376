# One image for the executor, the Tekton/Argo steps and the controller (`args: [controller]`).
# Build: docker build -t korb .     Run: docker run --rm korb --help

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN ./mvnw -B -q dependency:go-offline
COPY src/ src/
# the one-operation Pipelines the controller embeds in its PipelineRuns are packed into the jar
COPY pipelines/ pipelines/
RUN ./mvnw -B -q -DskipTests package

FROM eclipse-temurin:17-jre
RUN useradd --uid 10001 --no-create-home --shell /usr/sbin/nologin korb
COPY --from=build /src/target/korb.jar /opt/korb/korb.jar
# `korb` on the PATH: the Tekton steps and Argo containers run `command: [korb]`.
# The seed's pod limit is 256Mi: size the heap from the container limit, and use the collector
# with the smallest footprint for a short-lived process. JAVA_OPTS adds to (or overrides) these.
RUN printf '#!/bin/sh\nexec java -XX:MaxRAMPercentage=70 -XX:+UseSerialGC $JAVA_OPTS -jar /opt/korb/korb.jar "$@"\n' \
        > /usr/local/bin/korb \
    && chmod 755 /usr/local/bin/korb
USER 10001:10001
ENTRYPOINT ["korb"]
CMD ["--help"]
