package dev.checklistbot.chat;

import dev.checklistbot.render.ChatMessage;
import dev.checklistbot.render.RunHeader;
import dev.checklistbot.render.StepCard;
import dev.checklistbot.render.StepNotice;
import dev.checklistbot.render.Summary;
import dev.checklistbot.run.OutboxMessage;
import dev.checklistbot.run.Run;
import dev.checklistbot.run.RunStore;
import dev.checklistbot.store.ChannelLease;
import dev.checklistbot.store.Outbox;
import dev.checklistbot.store.PendingMessage;
import dev.checklistbot.store.PostedMessage;
import dev.checklistbot.store.PostedMessages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One outbox message delivered and recorded: rendered from the run as it stands, sent through the chat client, its
 * delivery recorded (with the channel's lease renewed and its pace, in the same commit), or its failure scheduled for a
 * retry or given up. Never throws. When the database refuses these records, {@link DeliveryMemory} keeps what must not
 * be sent again and holds the channel back (see {@link OutboxDispatcher}).
 */
final class MessageDelivery {
    private static final Logger log = LoggerFactory.getLogger(OutboxDispatcher.class);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);
    private static final Duration GIVE_UP_AFTER = Duration.ofHours(24);

    private final Outbox outbox;
    private final PostedMessages posted;
    private final RunStore store;
    private final ChatClient client;
    private final Clock clock;
    private final DeliveryMemory memory;

    MessageDelivery(Outbox outbox, PostedMessages posted, RunStore store, ChatClient client, Clock clock,
                    DeliveryMemory memory) {
        this.outbox = outbox;
        this.posted = posted;
        this.store = store;
        this.client = client;
        this.clock = clock;
        this.memory = memory;
    }

    /**
     * Delivers one message and records the result, renewing {@code lease} with the record; never throws. Returns
     * whether it was delivered and recorded. A message already sent whose record the database refused is not sent
     * again: only its record is tried.
     */
    boolean deliver(PendingMessage pending, ChannelLease lease) {
        OutboxMessage message = pending.message();
        try {
            Optional<DeliveryMemory.Sent> sent = memory.unrecorded(pending.id());
            if (sent.isPresent()) {
                return record(pending, sent.get(), lease); // sent already: only its record is missing
            }
            DeliveryMemory.Sent done;
            try {
                long upToId = outbox.lastId();
                Optional<Run> run = store.read(r -> r.run(message.runId()));
                if (run.isEmpty()) {
                    giveUp(pending, clock.instant(), "run " + message.runId() + " not found");
                    return false;
                }
                PostedMessage created = send(message, run.get());
                done = new DeliveryMemory.Sent(created, isUpdate(message), upToId);
            } catch (DeliveryException e) {
                failed(pending, e.retryable(), e.retryAfter(), e.getMessage());
                return false;
            } catch (RuntimeException e) {
                failed(pending, true, null, e.toString());
                return false;
            }
            return record(pending, done, lease);
        } catch (RuntimeException e) {
            // Nothing above should throw; if it does, hold the channel rather than end the caller's loop or thread.
            Duration wait = memory.hold(message.channel(), null, clock.instant());
            log.error("outbox message {} to {}: {}; channel held for {} ms", pending.id(), message.channel(),
                    e.toString(), wait.toMillis());
            return false;
        }
    }

    /**
     * Records a delivery in one transaction. If the database refuses, the delivery is remembered in memory and the
     * channel held back: the next attempt only records it.
     */
    private boolean record(PendingMessage pending, DeliveryMemory.Sent sent, ChannelLease lease) {
        String channel = pending.message().channel();
        try {
            outbox.recordDelivery(pending.id(), sent.created(), sent.coalesceUpdates(), sent.upToId(), clock.instant(),
                    lease);
        } catch (RuntimeException e) {
            memory.unrecorded(pending.id(), sent);
            Duration wait = memory.hold(channel, null, clock.instant());
            log.warn("outbox message {} to {} was delivered but cannot be recorded: {}; it will not be sent again,"
                    + " recording it again in {} ms", pending.id(), channel, e.toString(), wait.toMillis());
            return false;
        }
        memory.recorded(pending.id(), channel);
        return true;
    }

    /** Sends the message; returns the platform's message to remember if it was a header or step post, else null. */
    private PostedMessage send(OutboxMessage message, Run run) throws DeliveryException {
        String channel = message.channel();
        switch (message.kind()) {
            case HEADER_POST:
                return posted(channel, client.post(channel, null, new RunHeader(run)), run, 0);
            case STEP_POST:
                return posted(channel, client.post(channel, null, new StepCard(run, run.step(message.step()))), run,
                        message.step());
            case HEADER_UPDATE:
                update(run, 0, new RunHeader(run));
                break;
            case STEP_UPDATE:
                update(run, message.step(), new StepCard(run, run.step(message.step())));
                break;
            case STEP_NOTICE: {
                Optional<PostedMessage> stepMessage = posted.find(run.id(), message.step());
                client.post(channel, stepMessage.map(PostedMessage::messageId).orElse(null),
                        new StepNotice(run, message.event()));
                break;
            }
            case SUMMARY_POST:
                client.post(channel, null, Summary.of(run, clock.instant()));
                break;
            case CHANNEL_NOTICE:
                client.post(channel, null, new StepNotice(run, message.event()));
                break;
            default:
                throw new IllegalStateException("unknown message kind " + message.kind());
        }
        return null;
    }

    private void update(Run run, int step, ChatMessage content) throws DeliveryException {
        Optional<PostedMessage> target = posted.find(run.id(), step);
        if (target.isEmpty()) {
            // The post it would update was given up: nothing to update.
            log.warn("no posted message for run {} step {}: update skipped", run.id(), step);
            return;
        }
        client.update(target.get().channel(), target.get().messageId(), content);
    }

    private static PostedMessage posted(String channel, String messageId, Run run, int step) {
        return new PostedMessage(channel, messageId, run.id(), step);
    }

    /**
     * After a failed send: gives up on the message, or schedules its retry in the outbox. If the database refuses
     * that too, the channel is held back in memory for the same time instead. One log line either way.
     */
    private void failed(PendingMessage pending, boolean retryable, Duration retryAfter, String error) {
        Instant now = clock.instant();
        String reason = error == null ? "unknown error" : error;
        if (!retryable || now.isAfter(pending.createdAt().plus(GIVE_UP_AFTER))) {
            giveUp(pending, now, reason);
            return;
        }
        Duration backoff = backoff(pending.attempts());
        Duration wait = retryAfter != null && retryAfter.compareTo(backoff) > 0 ? retryAfter : backoff;
        String channel = pending.message().channel();
        try {
            outbox.retryAt(pending.id(), now.plus(wait), reason);
        } catch (RuntimeException e) {
            Duration heldFor = memory.hold(channel, wait, now);
            log.warn("outbox message {} to {} failed (attempt {}): {}; its retry cannot be recorded ({}): channel held"
                    + " for {} ms", pending.id(), channel, pending.attempts() + 1, reason, e.toString(), heldFor.toMillis());
            return;
        }
        memory.release(channel);
        log.info("outbox message {} to {} failed (attempt {}): {}; retrying in {} ms", pending.id(), channel,
                pending.attempts() + 1, reason, wait.toMillis());
    }

    private void giveUp(PendingMessage pending, Instant now, String reason) {
        String channel = pending.message().channel();
        try {
            outbox.abandon(pending.id(), now, reason);
        } catch (RuntimeException e) {
            Duration heldFor = memory.hold(channel, null, now);
            log.warn("giving up on outbox message {} ({} to {}): {}; this cannot be recorded ({}): channel held for {} ms",
                    pending.id(), pending.message().kind(), channel, reason, e.toString(), heldFor.toMillis());
            return;
        }
        log.warn("giving up on outbox message {} ({} to {}): {}", pending.id(), pending.message().kind(), channel,
                reason);
    }

    /** 250 ms, 500 ms, 1 s, ... up to a minute. */
    static Duration backoff(int attempts) {
        long millis = 250L << Math.min(attempts, 16);
        return millis > MAX_BACKOFF.toMillis() ? MAX_BACKOFF : Duration.ofMillis(millis);
    }

    /** Messages that make a new chat message, which the platform paces per channel. */
    static boolean isPost(OutboxMessage message) {
        switch (message.kind()) {
            case HEADER_POST:
            case STEP_POST:
            case STEP_NOTICE:
            case SUMMARY_POST:
            case CHANNEL_NOTICE:
                return true;
            default:
                return false;
        }
    }

    private static boolean isUpdate(OutboxMessage message) {
        switch (message.kind()) {
            case HEADER_UPDATE:
            case STEP_UPDATE:
                return true;
            default:
                return false;
        }
    }
}
