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
COPY bin/ bin/
# The jar, then target/korb.classlist: the classes a real snapshot and rollback --verify load, recorded
# against an in-JVM Kafka broker (profile class-list), for the class-data sharing archive below.
RUN ./mvnw -B -q -DskipTests -Pclass-list verify

FROM eclipse-temurin:17-jre
RUN useradd --uid 10001 --no-create-home --shell /usr/sbin/nologin korb
COPY --from=build /src/target/korb.jar /opt/korb/korb.jar
# `korb` on the PATH: the Tekton steps and Argo containers run `command: [korb]`. bin/korb picks the JVM
# options by subcommand (a short-lived process for the executor commands, a long-running one for
# `korb controller`); JAVA_OPTS adds to (or overrides) them, and a collector it selects replaces the default.
COPY bin/korb /usr/local/bin/korb
# Class-data sharing: the recorded classes dumped into a static archive that every start maps instead of
# loading and verifying them from the jar; bin/korb uses it. See docs/benchmarks.md for what it saves.
# Dumped with the heap bin/korb gives an executor command in a 256Mi pod (serial collector, 70%): a heap over
# 4 GiB maps the archive only in part. The controller (serial, 50%) maps it too; a serial dump archives classes
# only, no heap objects, so they map under another collector chosen in JAVA_OPTS as well.
COPY --from=build /src/target/korb.classlist /opt/korb/korb.classlist
RUN chmod 755 /usr/local/bin/korb \
    && java -XX:MaxRAM=256m -XX:MaxRAMPercentage=70 -XX:+UseSerialGC -Xshare:dump \
       -XX:SharedClassListFile=/opt/korb/korb.classlist -XX:SharedArchiveFile=/opt/korb/korb.jsa \
       -cp /opt/korb/korb.jar >/dev/null \
    && test -f /opt/korb/korb.jsa
USER 10001:10001
ENTRYPOINT ["korb"]
CMD ["--help"]
