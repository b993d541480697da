package dev.checklistbot.store;

import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.checklistbot.run.Run;
import dev.checklistbot.run.RunEvent;

/**
 * The JSON form of a run's state and of outbox events. Records are written field by field (their
 * components) and read back through their canonical constructors; derived accessors such as
 * {@code Run.mode()} are not properties. Instants are ISO-8601 text with every digit kept.
 */
final class RunJson {
    private final ObjectMapper mapper = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .visibility(PropertyAccessor.GETTER, Visibility.NONE)
            .visibility(PropertyAccessor.IS_GETTER, Visibility.NONE)
            .visibility(PropertyAccessor.FIELD, Visibility.ANY)
            .build();

    String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new StoreException("cannot write " + value.getClass().getSimpleName() + " as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    Run run(String json, long id) {
        return read(json, Run.class, "run " + id);
    }

    RunEvent event(String json, long outboxId) {
        return json == null ? null : read(json, RunEvent.class, "outbox message " + outboxId);
    }

    private <T> T read(String json, Class<T> type, String what) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new StoreException("the stored state of " + what + " does not parse: " + e.getOriginalMessage(), e);
        }
    }
}
