package dev.checklistbot.checklist;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed YAML/JSON value that remembers the line it was written on, so that every problem in a
 * checklist file can be reported as file:line. Jackson's tree model forgets locations; this keeps them.
 */
record LocatedNode(Object value, int line) {

    /** Thrown for a key that appears twice in one mapping: YAML parsers silently keep the last. */
    static final class DuplicateKeyException extends IOException {
        final int line;

        DuplicateKeyException(String key, int line) {
            super("duplicate field '" + key + "'");
            this.line = line;
        }
    }

    static LocatedNode read(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken() == null ? parser.nextToken() : parser.currentToken();
        if (token == null) {
            return null;
        }
        return readValue(parser, token);
    }

    private static LocatedNode readValue(JsonParser parser, JsonToken token) throws IOException {
        int line = parser.currentTokenLocation().getLineNr();
        switch (token) {
            case START_OBJECT: {
                Map<String, LocatedNode> fields = new LinkedHashMap<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
                    String name = parser.currentName();
                    int keyLine = parser.currentTokenLocation().getLineNr();
                    LocatedNode value = readValue(parser, parser.nextToken());
                    if (fields.containsKey(name)) {
                        throw new DuplicateKeyException(name, keyLine);
                    }
                    fields.put(name, new LocatedNode(value.value(), keyLine));
                }
                return new LocatedNode(fields, line);
            }
            case START_ARRAY: {
                List<LocatedNode> items = new ArrayList<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    items.add(readValue(parser, t));
                }
                return new LocatedNode(items, line);
            }
            case VALUE_STRING:
                return new LocatedNode(parser.getText(), line);
            case VALUE_NUMBER_INT:
                return new LocatedNode(parser.getBigIntegerValue(), line);
            case VALUE_NUMBER_FLOAT:
                return new LocatedNode(parser.getDecimalValue(), line);
            case VALUE_TRUE:
                return new LocatedNode(Boolean.TRUE, line);
            case VALUE_FALSE:
                return new LocatedNode(Boolean.FALSE, line);
            case VALUE_NULL:
                return new LocatedNode(null, line);
            default:
                throw new IOException("unexpected " + token);
        }
    }

    @SuppressWarnings("unchecked")
    Map<String, LocatedNode> asMap() {
        return (Map<String, LocatedNode>) value;
    }

    @SuppressWarnings("unchecked")
    List<LocatedNode> asList() {
        return (List<LocatedNode>) value;
    }

    boolean isMap() {
        return value instanceof Map;
    }

    boolean isList() {
        return value instanceof List;
    }

    /** What kind of value this is, in the words of a YAML user. */
    String kind() {
        if (value == null) {
            return "empty";
        }
        if (value instanceof Map) {
            return "a mapping";
        }
        if (value instanceof List) {
            return "a list";
        }
        if (value instanceof String) {
            return "text";
        }
        if (value instanceof Boolean) {
            return "true/false";
        }
        return "a number";
    }
}
