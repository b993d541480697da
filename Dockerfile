# Build: Maven with JDK 17; run: a JRE 17 image, as a non-root user, the database on a volume.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src ./src
COPY checklists ./checklists
RUN mvn -B -q package -DskipTests

FROM eclipse-temurin:17-jre
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin checklistbot \
    && mkdir -p /data \
    && chown checklistbot /data
WORKDIR /app
COPY --from=build /src/target/checklist-bot.jar /app/checklist-bot.jar
COPY --from=build /src/checklists /app/checklists
# Class data sharing (AppCDS): start `serve` once at build time so that the JVM records the classes it loads
# (it stops at the Slack token check: no network is needed), and map them at every start: start-up about
# 2.4 s -> 1.7 s on 2 cores (bench/PERFORMANCE.md). Same JDK and same jar path at run time, or the JVM
# ignores the archive and starts as before.
RUN SLACK_BOT_TOKEN=xoxb-cds-training-only-not-a-token SLACK_SIGNING_SECRET=cds-training-only \
      SLACK_API_URL=http://127.0.0.1:9/api/ CHECKLIST_BOT_DB=/tmp/cds-training.db CHECKLISTS_DIR=/app/checklists \
      java -XX:ArchiveClassesAtExit=/app/checklist-bot.jsa -Xlog:cds=off -jar /app/checklist-bot.jar serve \
      --bind 127.0.0.1 --port 0 > /dev/null 2>&1 || true; \
    test -s /app/checklist-bot.jsa && rm -f /tmp/cds-training.db*
ENV CHECKLIST_BOT_DB=/data/checklist-bot.db \
    CHECKLISTS_DIR=/app/checklists \
    PORT=3000
VOLUME ["/data"]
EXPOSE 3000
USER checklistbot
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 \
    CMD curl -fsS "http://127.0.0.1:${PORT}/health" || exit 1
# JVM flags (bench/PERFORMANCE.md): the serial collector and a 128 MB heap keep serve near 170 MB resident with
# 10,000 active runs (G1 with 75% of RAM grew past 256 MB); 512 KB thread stacks; the CDS archive above.
ENTRYPOINT ["java", "-XX:+UseSerialGC", "-Xmx128m", "-Xss512k", "-XX:SharedArchiveFile=/app/checklist-bot.jsa", \
            "-jar", "/app/checklist-bot.jar"]
CMD ["serve"]
