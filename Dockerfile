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
ENV CHECKLIST_BOT_DB=/data/checklist-bot.db \
    CHECKLISTS_DIR=/app/checklists \
    PORT=3000
VOLUME ["/data"]
EXPOSE 3000
USER checklistbot
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 \
    CMD curl -fsS "http://127.0.0.1:${PORT}/health" || exit 1
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/checklist-bot.jar"]
CMD ["serve"]
