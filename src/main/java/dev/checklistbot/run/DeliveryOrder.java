package dev.checklistbot.run;

import java.util.ArrayList;
import java.util.List;

/**
 * The order in which one change's messages are written to the outbox, so the order in which each channel gets
 * them (a channel's messages are delivered strictly in outbox order). What people wait for goes first:
 *
 * <ol>
 *   <li>posts that create the run's messages (the header, a step's card: after a ✅ the next step), in the order the
 *       rules wrote them;</li>
 *   <li>updates of messages already posted (the finished step's card, the header's progress);</li>
 *   <li>the other posts: a step's thread notice, a summary.</li>
 * </ol>
 *
 * <p>Why: the platform paces new posts per channel (Slack: about one a second, with a burst of three), so a thread
 * notice written before the next step's card used the channel's last burst token and the card, which people wait for,
 * waited for the pace. Correct whatever the kinds: an update never goes before the post that creates its message
 * (posts of this change come first, posts of earlier changes were written earlier), and a notice goes into the
 * thread of a card posted already. Stable within each group, so the order is deterministic.
 */
public final class DeliveryOrder {
    private DeliveryOrder() {
    }

    /**
     * Whether people wait for a message of this kind (a post that creates the run's header or a step's card): the
     * delivery serves these across channels before the updates and notices of any channel.
     */
    public static boolean awaited(MessageKind kind) {
        return group(kind) == 0;
    }

    static List<OutboxMessage> of(List<OutboxMessage> written) {
        List<OutboxMessage> ordered = new ArrayList<>(written.size());
        for (int group = 0; group < 3; group++) {
            for (OutboxMessage message : written) {
                if (group(message.kind()) == group) {
                    ordered.add(message);
                }
            }
        }
        return ordered;
    }

    private static int group(MessageKind kind) {
        switch (kind) {
            case HEADER_POST:
            case STEP_POST:
                return 0;
            case HEADER_UPDATE:
            case STEP_UPDATE:
                return 1;
            default:
                return 2; // STEP_NOTICE, SUMMARY_POST and any later kind: after what people wait for
        }
    }
}
