package dev.checklistbot.store;

import dev.checklistbot.audit.AuditChain;
import dev.checklistbot.audit.ChainVerifier;
import dev.checklistbot.audit.Verification;
import dev.checklistbot.chat.ChatClient;
import dev.checklistbot.chat.OutboxDispatcher;
import dev.checklistbot.chat.PlatformClients;
import dev.checklistbot.checklist.ChecklistCatalog;
import dev.checklistbot.checklist.ChecklistLoader;
import dev.checklistbot.render.ChatMessage;
import dev.checklistbot.run.Actor;
import dev.checklistbot.run.CommandContext;
import dev.checklistbot.run.Platform;
import dev.checklistbot.run.Run;
import dev.checklistbot.run.RunCommand;
import dev.checklistbot.run.RunEvent;
import dev.checklistbot.run.RunService;
import dev.checklistbot.run.RunSettings;
import dev.checklistbot.run.StepStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database made by the bot before it knew of platforms and of the health table (schema V1), opened by today's bot:
 * every run, message and posted-message record keeps working, on Slack (a bare channel id is Slack's).
 *
 * <p>The file {@code upgrade/v1-slack-run.db} was made by the released jar of commit 750636e:
 * {@code printf '/backup-checklist start backup Nightly backup\ndone\nas bob note 2 permissions checked with the DBA\n'
 * | java -jar checklist-bot.jar console --channel C0OPS00001 --db v1-slack-run.db --user alice}, then one undelivered
 * header update was added as that version writes them.
 */
class UpgradeFromFirstSchemaTest {
    @TempDir
    Path dir;

    /** Records what reaches each platform. */
    private static final class Recording implements ChatClient {
        final List<String> calls = new ArrayList<>();

        @Override
        public synchronized String post(String channel, String threadId, ChatMessage message) {
            calls.add("post " + channel + " " + message.getClass().getSimpleName());
            return "1800000000." + calls.size();
        }

        @Override
        public synchronized void update(String channel, String messageId, ChatMessage message) {
            calls.add("update " + channel + " " + messageId + " " + message.getClass().getSimpleName());
        }

        @Override
        public synchronized void ephemeral(String channel, String userId, ChatMessage message) {
            calls.add("ephemeral " + channel);
        }
    }

    @Test
    void aRunStartedBeforeTheUpgradeCarriesOnOnSlackWithItsMessagesAndRecords() throws Exception {
        Path file = dir.resolve("bot.db");
        Files.copy(Path.of("src/test/resources/upgrade/v1-slack-run.db"), file);
        ChecklistCatalog catalog = new ChecklistLoader().loadDirectory(Path.of("checklists")).catalog();

        try (JdbcRunStore store = JdbcRunStore.open(file.toString())) {
            assertThat(schemaVersions(file)).startsWith("1").contains("2");
            Run run = store.read(r -> r.activeRun("C0OPS00001")).orElseThrow();
            assertThat(Platform.of(run.channel())).isEqualTo(Platform.SLACK);
            assertThat(run.title()).isEqualTo("Nightly backup");
            assertThat(run.step(1).status()).isEqualTo(StepStatus.DONE);
            assertThat(run.step(2).notes()).extracting(n -> n.text()).containsExactly("permissions checked with the DBA");
            assertThat(store.find(run.id(), 2)).contains(new PostedMessage("C0OPS00001", "4", run.id(), 2));
            assertThat(store.find("C0OPS00001", "1")).contains(new PostedMessage("C0OPS00001", "1", run.id(), 0));
            List<RunEvent> events = store.read(r -> r.events(run.id()));
            assertThat(events).extracting(RunEvent::type).contains(RunEvent.Type.RUN_STARTED, RunEvent.Type.STEP_DONE,
                    RunEvent.Type.NOTE_ADDED);

            // the message left waiting before the upgrade goes out through Slack's client, and so does what comes next
            Recording slack = new Recording();
            Recording discord = new Recording();
            PlatformClients clients = new PlatformClients().with(Platform.SLACK, slack).with(Platform.DISCORD, discord);
            OutboxDispatcher dispatcher = new OutboxDispatcher(store, store, store, clients, Clock.systemUTC(), 1);
            assertThat(store.undeliveredCount()).isEqualTo(1);
            RunService service = new RunService(store, catalog, Clock.systemUTC(), RunSettings.defaults());
            assertThat(service.handle(CommandContext.of("C0OPS00001", Actor.of("U0BOB00001")),
                    new RunCommand.Done(2, null)).accepted()).isTrue();
            dispatcher.deliverDueNow(100);

            assertThat(store.undeliveredCount()).isZero();
            assertThat(discord.calls).isEmpty();
            assertThat(slack.calls).contains("update C0OPS00001 1 RunHeader", "update C0OPS00001 4 StepCard",
                    "post C0OPS00001 StepCard");
            assertThat(store.read(r -> r.run(run.id())).orElseThrow().step(3).status()).isNotEqualTo(StepStatus.DONE);
            assertThat(store.reachable()).isTrue();

            // the events from before the upgrade stay unchained; the chain begins with the first one after it
            Verification verdict = new ChainVerifier(AuditChain.unkeyed(), false)
                    .verify(store.trail(run.id()).orElseThrow());
            assertThat(verdict.ok()).as(verdict.describe()).isTrue();
            assertThat(verdict.chainFrom()).isEqualTo(events.size() + 1);
            assertThat(verdict.describe()).contains("events 1-" + events.size() + " unchained, from before the upgrade;"
                    + " the chain begins at event " + (events.size() + 1));
        }
    }

    private static String schemaVersions(Path file) throws Exception {
        StringBuilder versions = new StringBuilder();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT version FROM flyway_schema_history WHERE version IS NOT NULL ORDER BY installed_rank")) {
            while (rs.next()) {
                versions.append(rs.getString(1)).append(' ');
            }
        }
        return versions.toString();
    }
}
