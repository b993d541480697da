package dev.checklistbot.slack;

import com.slack.api.model.view.View;
import com.slack.api.model.view.ViewState;
import dev.checklistbot.chat.StepActions;
import dev.checklistbot.run.RunSettings;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static com.slack.api.model.block.Blocks.input;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.plainTextInput;
import static com.slack.api.model.block.element.BlockElements.usersSelect;
import static com.slack.api.model.view.Views.view;
import static com.slack.api.model.view.Views.viewClose;
import static com.slack.api.model.view.Views.viewSubmit;
import static com.slack.api.model.view.Views.viewTitle;

/**
 * The modals a step message opens where a typed command is clumsy: Skip on a step that needs a reason asks for it,
 * Assign offers a user picker. Which step they are about travels in the view's {@code private_metadata}; Slack sends
 * it back signed with the submission, and the submission is checked again against the database like a button.
 */
final class StepModals {
    static final String SKIP_CALLBACK = "checklist_skip_reason";
    static final String ASSIGN_CALLBACK = "checklist_assign";
    static final String REASON = "reason";
    static final String ASSIGNEE = "assignee";
    /** The longest private_metadata we write (channel, ts and value are short); anything longer is not ours. */
    private static final int MAX_METADATA_CHARS = 200;
    private static final Pattern USER = Pattern.compile("[UW][A-Z0-9]{2,30}");

    private StepModals() {
    }

    /**
     * The step a modal is about: the channel, the step message's ts ("-" when the click did not say) and the
     * button's value, as {@code private_metadata}.
     */
    record Target(String channel, String messageTs, StepActions.ButtonValue value) {
        String metadata() {
            return channel + " " + (messageTs == null ? "-" : messageTs) + " " + value.text();
        }

        /** The target read back, or null when the metadata is not one of ours. */
        static Target parse(String metadata) {
            if (metadata == null || metadata.length() > MAX_METADATA_CHARS) {
                return null;
            }
            String[] parts = metadata.split(" ");
            StepActions.ButtonValue value = parts.length == 3 ? StepActions.ButtonValue.parse(parts[2]) : null;
            if (value == null || parts[0].isEmpty()) {
                return null;
            }
            return new Target(parts[0], parts[1].equals("-") ? null : parts[1], value);
        }
    }

    static View skipReason(Target target) {
        return view(v -> v.type("modal").callbackId(SKIP_CALLBACK).privateMetadata(target.metadata())
                .title(viewTitle(t -> t.type("plain_text").text("Skip step " + target.value().step())))
                .submit(viewSubmit(s -> s.type("plain_text").text("Skip")))
                .close(viewClose(c -> c.type("plain_text").text("Cancel")))
                .blocks(List.of(input(i -> i.blockId(REASON).label(plainText("Why is it skipped?"))
                        .element(plainTextInput(p -> p.actionId(REASON).multiline(true)
                                .maxLength(RunSettings.MAX_TEXT_CHARS)))))));
    }

    static View assign(Target target) {
        return view(v -> v.type("modal").callbackId(ASSIGN_CALLBACK).privateMetadata(target.metadata())
                .title(viewTitle(t -> t.type("plain_text").text("Assign step " + target.value().step())))
                .submit(viewSubmit(s -> s.type("plain_text").text("Assign")))
                .close(viewClose(c -> c.type("plain_text").text("Cancel")))
                .blocks(List.of(input(i -> i.blockId(ASSIGNEE).label(plainText("Who takes it?"))
                        .element(usersSelect(u -> u.actionId(ASSIGNEE).placeholder(plainText("Choose someone"))))))));
    }

    /** The reason typed in a submitted skip modal, or null. */
    static String reason(View view) {
        ViewState.Value value = value(view, REASON);
        return value == null ? null : value.getValue();
    }

    /** The user picked in a submitted assign modal, or null when none or not a Slack user id. */
    static String assignee(View view) {
        ViewState.Value value = value(view, ASSIGNEE);
        String user = value == null ? null : value.getSelectedUser();
        return user != null && USER.matcher(user).matches() ? user : null;
    }

    private static ViewState.Value value(View view, String id) {
        if (view == null || view.getState() == null || view.getState().getValues() == null) {
            return null;
        }
        Map<String, ViewState.Value> block = view.getState().getValues().get(id);
        return block == null ? null : block.get(id);
    }
}
