# One image for the executor, the Tekton/Argo steps and (later) the controller.
# Build: docker build -t korb .     Run: docker run --rm korb --help

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN ./mvnw -B -q dependency:go-offline
COPY src/ src/
RUN ./mvnw -B -q -DskipTests package

FROM eclipse-temurin:17-jre
RUN useradd --uid 10001 --no-create-home --shell /usr/sbin/nologin korb
COPY --from=build /src/target/korb.jar /opt/korb/korb.jar
USER 10001:10001
# The seed's pod limit is 256Mi: size the heap from the container limit, and use the collector
# with the smallest footprint for a short-lived process.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=70", "-XX:+UseSerialGC", "-jar", "/opt/korb/korb.jar"]
CMD ["--help"]
