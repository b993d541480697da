package dev.checklistbot.slack;

import com.slack.api.model.view.View;
import com.slack.api.model.view.ViewState;
import dev.checklistbot.chat.StepActions;

import java.util.Map;

import static com.slack.api.model.block.Blocks.input;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.plainTextInput;

/**
 * The modal a Done button opens on a step that requires evidence: one text input asking the step's
 * {@code evidence_prompt}. Its private metadata carries the channel, the step message and the button's value, so
 * that the submission acts exactly as the button would have, with the evidence.
 */
final class EvidenceModal {
    static final String CALLBACK_ID = "checklist_evidence";
    static final String BLOCK_ID = "evidence";
    static final String ACTION_ID = "evidence_text";
    static final int MAX_CHARS = 2_000;

    private EvidenceModal() {
    }

    static View view(String channel, String messageTs, StepActions.ButtonValue value, String prompt) {
        String metadata = channel + "|" + (messageTs == null ? "" : messageTs) + "|" + value.text();
        return View.builder().type("modal").callbackId(CALLBACK_ID).privateMetadata(metadata)
                .title(com.slack.api.model.view.ViewTitle.builder().type("plain_text").text("Step " + value.step() + " done").build())
                .submit(com.slack.api.model.view.ViewSubmit.builder().type("plain_text").text("Done").build())
                .close(com.slack.api.model.view.ViewClose.builder().type("plain_text").text("Cancel").build())
                .blocks(java.util.List.of(input(i -> i.blockId(BLOCK_ID)
                        .label(plainText(SlackText.trim(prompt, 2_000)))
                        .element(plainTextInput(t -> t.actionId(ACTION_ID).multiline(true).maxLength(MAX_CHARS))))))
                .build();
    }

    /** What a submission carries: where, which step, and the evidence typed; null when it is not one of ours. */
    record Submitted(String channel, String messageTs, StepActions.ButtonValue value, String evidence) {
        static Submitted of(View view) {
            if (view == null || view.getPrivateMetadata() == null) {
                return null;
            }
            String[] parts = view.getPrivateMetadata().split("\\|", -1);
            StepActions.ButtonValue value = parts.length == 3 ? StepActions.ButtonValue.parse(parts[2]) : null;
            if (value == null || parts[0].isEmpty()) {
                return null;
            }
            String evidence = null;
            ViewState state = view.getState();
            Map<String, ViewState.Value> block = state == null || state.getValues() == null ? null
                    : state.getValues().get(BLOCK_ID);
            if (block != null && block.get(ACTION_ID) != null) {
                evidence = block.get(ACTION_ID).getValue();
            }
            return new Submitted(parts[0], parts[1].isEmpty() ? null : parts[1], value, evidence);
        }
    }
}
