package dev.checklistbot.chat;

import dev.checklistbot.checklist.Checklist;
import dev.checklistbot.checklist.ChecklistCatalog;
import dev.checklistbot.checklist.Mode;
import dev.checklistbot.checklist.Step;
import dev.checklistbot.run.Actor;
import dev.checklistbot.run.CommandContext;
import dev.checklistbot.run.Outcome;
import dev.checklistbot.run.RunCommand;
import dev.checklistbot.run.RunService;
import dev.checklistbot.run.RunSettings;
import dev.checklistbot.store.JdbcRunStore;
import dev.checklistbot.store.PostedMessage;
import dev.checklistbot.store.PostedMessages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** How a reaction or reply finds its step message, including one whose record is still on its way (finding 8). */
class StepMessagesTest {
    private static final String C = "C0OPS00001";
    private static final Checklist CHECKLIST = new Checklist("backup", "Backup", null, null, Mode.SEQUENTIAL, null,
            List.of(Step.of("One"), Step.of("Two")));

    @TempDir
    Path dir;
    private JdbcRunStore store;
    private long runId;
    /** The step-1 post is written now: a Slack ts of this second may be its message. */
    private String tsNow;

    @BeforeEach
    void startARun() {
        store = JdbcRunStore.open(dir.resolve("bot.db").toString());
        RunService service = new RunService(store, new ChecklistCatalog(List.of(CHECKLIST)), Clock.systemUTC(),
                RunSettings.defaults());
        Outcome started = service.handle(CommandContext.of(C, Actor.of("U1")), new RunCommand.Start("backup", null));
        runId = started.run().id();
        tsNow = Instant.now().getEpochSecond() + ".000100";
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** The store's posted messages, counting look-ups; {@code onLook} runs before each one. */
    private PostedMessages counting(AtomicInteger looks, Runnable onLook) {
        return new PostedMessages() {
            @Override
            public void save(PostedMessage message) {
                store.save(message);
            }

            @Override
            public Optional<PostedMessage> find(String channel, String messageId) {
                looks.incrementAndGet();
                onLook.run();
                return store.find(channel, messageId);
            }

            @Override
            public Optional<PostedMessage> find(long run, int step) {
                return store.find(run, step);
            }
        };
    }

    private void recordStep1(String ts) {
        long id = store.dueHead(C, Instant.now().plusSeconds(1)).orElseThrow().id();
        store.recordDelivery(id, null, false, id, Instant.now()); // the header
        long step1 = store.dueHead(C, Instant.now().plusSeconds(1)).orElseThrow().id();
        store.recordDelivery(step1, new PostedMessage(C, ts, runId, 1), false, step1, Instant.now());
    }

    @Test
    void aRecordedStepMessageIsFoundAtOnce() {
        recordStep1(tsNow);
        StepMessages.Lookup found = new StepMessages(store, store, store).find(C, tsNow);
        assertThat(found.step()).contains(new PostedMessage(C, tsNow, runId, 1));
        assertThat(found.onItsWay()).isFalse();
    }

    @Test
    void aMessageWhoseRecordArrivesWhileWeLookIsFound() {
        AtomicInteger looks = new AtomicInteger();
        PostedMessages recordedAtTheThirdLook = counting(looks, () -> {
            if (looks.get() == 3) {
                recordStep1(tsNow);
            }
        });
        StepMessages.Lookup found = new StepMessages(recordedAtTheThirdLook, store, store).find(C, tsNow);
        assertThat(found.step()).contains(new PostedMessage(C, tsNow, runId, 1));
        assertThat(looks.get()).isEqualTo(3);
    }

    @Test
    void aMessageThatMayBeAStepPostWithoutItsRecordIsSaidToBeOnItsWay() {
        StepMessages.Lookup found = new StepMessages(store, store, store).find(C, tsNow);
        assertThat(found.step()).isEmpty();
        assertThat(found.onItsWay()).isTrue();
    }

    @Test
    void aMessageOlderThanEveryUnrecordedStepPostIsNoStepMessageAndIsNotWaitedFor() {
        AtomicInteger looks = new AtomicInteger();
        String anHourAgo = (Instant.now().getEpochSecond() - 3_600) + ".000100";
        StepMessages.Lookup found = new StepMessages(counting(looks, () -> { }), store, store).find(C, anHourAgo);
        assertThat(found).isEqualTo(new StepMessages.Lookup(Optional.empty(), false));
        assertThat(looks.get()).isEqualTo(1);
    }

    @Test
    void anUnknownMessageInAChannelWithNothingOnItsWayIsNoStepMessage() {
        recordStep1(tsNow);
        AtomicInteger looks = new AtomicInteger();
        StepMessages.Lookup found = new StepMessages(counting(looks, () -> { }), store, store).find(C, tsNow + "1");
        assertThat(found).isEqualTo(new StepMessages.Lookup(Optional.empty(), false));
        assertThat(looks.get()).isEqualTo(1);
        assertThat(new StepMessages(store, store, store).find("C0ELSEWHERE", tsNow).onItsWay()).isFalse();
    }

    @Test
    void theRunHeaderIsNoStepMessage() {
        long header = store.dueHead(C, Instant.now().plusSeconds(1)).orElseThrow().id();
        store.recordDelivery(header, new PostedMessage(C, tsNow, runId, 0), false, header, Instant.now());
        assertThat(new StepMessages(store, store, store).find(C, tsNow).step()).isEmpty();
    }
}
