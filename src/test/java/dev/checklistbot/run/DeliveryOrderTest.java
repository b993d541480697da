package dev.checklistbot.run;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryOrderTest {
    private static OutboxMessage m(MessageKind kind, int step) {
        return new OutboxMessage("C1", kind, 1, step, null);
    }

    @Test
    void aFinishedStepSendsTheNextStepFirstAndItsThreadNoticeLast() {
        List<OutboxMessage> written = List.of(m(MessageKind.STEP_NOTICE, 1), m(MessageKind.STEP_UPDATE, 1),
                m(MessageKind.HEADER_UPDATE, 0), m(MessageKind.STEP_POST, 2));

        assertThat(DeliveryOrder.of(written)).containsExactly(m(MessageKind.STEP_POST, 2),
                m(MessageKind.STEP_UPDATE, 1), m(MessageKind.HEADER_UPDATE, 0), m(MessageKind.STEP_NOTICE, 1));
    }

    @Test
    void aStartKeepsTheHeaderBeforeTheStepsInTheirOrder() {
        List<OutboxMessage> written = List.of(m(MessageKind.HEADER_POST, 0), m(MessageKind.STEP_POST, 1),
                m(MessageKind.STEP_POST, 2));

        assertThat(DeliveryOrder.of(written)).isEqualTo(written);
    }

    @Test
    void anUpdateNeverGoesBeforeThePostThatCreatesItsMessage() {
        List<OutboxMessage> written = List.of(m(MessageKind.STEP_UPDATE, 3), m(MessageKind.STEP_NOTICE, 3),
                m(MessageKind.STEP_POST, 3), m(MessageKind.SUMMARY_POST, 0), m(MessageKind.STEP_UPDATE, 4));

        assertThat(DeliveryOrder.of(written)).containsExactly(m(MessageKind.STEP_POST, 3),
                m(MessageKind.STEP_UPDATE, 3), m(MessageKind.STEP_UPDATE, 4), m(MessageKind.STEP_NOTICE, 3),
                m(MessageKind.SUMMARY_POST, 0));
    }
}
