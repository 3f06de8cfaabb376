# syntax=docker/dockerfile:1
# One image for the executor, the Tekton/Argo steps and the controller (`args: [controller]`).
#   docker build --build-arg VERSION=0.1.0 --build-arg REVISION=$(git rev-parse HEAD) -t korb .
#   docker run --rm korb --help
# Without a Docker engine, or without a registry: tools/image/build (buildah, local bases, the jar built on the host).
#
# The bases are build arguments, pinned by version: the JDK that builds the jar (compiled for Java 17 whatever the
# JDK, maven.compiler.release) and the Java 25 runtime the image runs on. Any image with `java` 25 on the PATH and
# `useradd` serves as RUNTIME_BASE (tools/image/build makes one from Debian packages and the machine's Temurin).
ARG BUILD_BASE=docker.io/library/eclipse-temurin:25.0.3_9-jdk-noble
ARG RUNTIME_BASE=docker.io/library/eclipse-temurin:25.0.3_9-jre-noble
# Where the jar and the image harness come from: `source` builds them from the sources (below), `context` takes
# them from the build context, built beforehand on the host (tools/image/build: `./mvnw package` and
# tools/image/harness; used where the build container cannot reach Maven Central).
ARG JAR_FROM=source

FROM ${BUILD_BASE} AS source
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN ./mvnw -B -q dependency:go-offline
COPY src/ src/
# the one-operation Pipelines the controller embeds in its PipelineRuns are packed into the jar
COPY pipelines/ pipelines/
COPY bin/ bin/
COPY tools/image/ tools/image/
# target/korb.jar, and target/image-harness: the test classes and their libraries, which start the in-JVM broker
# the ahead-of-time cache is trained against (used by the runtime stage at build time only, never shipped).
RUN ./mvnw -B -q -DskipTests package && tools/image/harness

FROM scratch AS context
COPY target/korb.jar /src/target/korb.jar
COPY target/image-harness/ /src/target/image-harness/

FROM ${JAR_FROM} AS jar

FROM ${RUNTIME_BASE} AS runtime
ARG VERSION=""
ARG REVISION=""
ARG LICENSES=NOASSERTION
LABEL org.opencontainers.image.title="korb" \
      org.opencontainers.image.description="Snapshot, roll back and verify Kafka consumer-group offsets (KafkaOffsetRollback): the executor CLI, the Tekton and Argo steps, and the controller" \
      org.opencontainers.image.source="https://github.com/oso-sh/korb" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.licenses="${LICENSES}"
RUN useradd --uid 10001 --user-group --no-create-home --home-dir /tmp --shell /usr/sbin/nologin korb
# `korb` on the PATH: the Tekton steps and Argo containers run `command: [korb]`. bin/korb picks the JVM
# options by subcommand (a short-lived process for the executor commands, a long-running one for
# `korb controller`), and uses the ahead-of-time cache below; JAVA_OPTS adds to (or overrides) them.
COPY bin/korb /usr/local/bin/korb
COPY --from=jar /src/target/korb.jar /opt/korb/korb.jar
# The ahead-of-time cache (JEP 483/514): the classes a real snapshot and rollback --verify load and link, and
# their profiles, trained here against an in-JVM broker and mapped by every start instead of loading them from
# the 125 MB jar. It is specific to this JVM and this jar (path, size and time), so it is trained in this stage,
# on the runtime's own java and the jar where it stays. The training runs korb through bin/korb with the heap
# bin/korb gives an executor command in a 256Mi pod (serial collector, 70%); the harness (broker, test classes)
# is only mounted, and what the broker wrote is removed with it. XDG_CACHE_HOME=/dev/null: bin/korb writes no
# per-user cache of its own during the training.
RUN --mount=type=bind,from=jar,source=/src/target/image-harness,target=/opt/korb-harness \
    XDG_CACHE_HOME=/dev/null HOME=/dev/null \
      java -Xmx512m -Dkorb.launcher=/usr/local/bin/korb \
        -cp '/opt/korb-harness/classes:/opt/korb-harness/lib/*' sh.oso.korb.bench.AotCacheTrainer \
        /opt/korb/korb.jar /opt/korb/korb.aot \
    && rm -rf /tmp/* /tmp/.[!.]* \
    && test -s /opt/korb/korb.aot
# Nothing is written outside /tmp at run time (the JVM's perf data; korb writes only --results-dir and the
# stores): the image runs with a read-only root filesystem and an emptyDir on /tmp.
ENV KORB_AOT_CACHE=/opt/korb/korb.aot
USER 10001:10001
WORKDIR /tmp
ENTRYPOINT ["korb"]
CMD ["--help"]
