package dev.checklistbot.slack;

import com.slack.api.model.block.LayoutBlock;

import java.util.List;

/**
 * One Slack message as the Web API takes it: Block Kit blocks and the fallback {@code text} (notifications,
 * screen readers), both escaped.
 */
public record SlackMessage(String text, List<LayoutBlock> blocks) {
    public SlackMessage {
        blocks = List.copyOf(blocks);
    }
}
