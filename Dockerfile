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
# `korb` on the PATH: the Tekton steps and Argo containers run `command: [korb]`. bin/korb holds the JVM
# options for a short-lived process in a 256Mi pod; JAVA_OPTS adds to (or overrides) them.
COPY bin/korb /usr/local/bin/korb
# Class-data sharing: record the classes of a snapshot attempt (picocli, the stores, the Kafka client up to
# its first connection; nothing listens on port 9, so it fails after the 2 s deadline) into an archive that
# every later start maps instead of loading from the jar. See docs/benchmarks.md for what it saves.
RUN chmod 755 /usr/local/bin/korb \
    && KORB_CDS_ARCHIVE=/nonexistent JAVA_OPTS="-XX:ArchiveClassesAtExit=/opt/korb/korb.jsa" \
       korb snapshot --bootstrap-servers 127.0.0.1:9 --timeout 2s --consumer-groups training \
       --snapshot-id training --pvc-path /tmp/korb-training >/dev/null 2>&1; \
    test -f /opt/korb/korb.jsa && rm -rf /tmp/korb-training
USER 10001:10001
ENTRYPOINT ["korb"]
CMD ["--help"]
