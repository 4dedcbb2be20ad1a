package io.comfyless.core.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Says what is wrong with malformed JSON in words for the person who wrote it. The parser's own
 * messages name its configuration switches and internal codes ("enable
 * {@code JsonReadFeature.ALLOW_...}"), which mean nothing to a client and describe our library, so
 * they are translated here and never passed on; only the position is kept.
 */
final class JsonProblems {

    private static final Pattern UNRECOGNIZED = Pattern.compile("Unrecognized token '([^']{0,40})");
    private static final Pattern UNEXPECTED = Pattern.compile("Unexpected character \\('(.)' \\(code \\d+\\)\\)");

    /** Checked in order: the first whose clue appears in the parser's message explains it. */
    private static final List<Rule> RULES = List.of(
            new Rule("comment", "comments are not allowed in JSON"),
            new Rule("ALLOW_SINGLE_QUOTES", "strings and names must be in double quotes, not single quotes"),
            new Rule("(code 39)", "strings and names must be in double quotes, not single quotes"),
            new Rule("double-quote to start field name", "field names must be strings in double quotes"),
            new Rule("Non-standard token", "NaN and Infinity are not JSON numbers"),
            new Rule("NON_NUMERIC", "NaN and Infinity are not JSON numbers"),
            new Rule("Leading zeroes", "numbers may not start with a zero (write 7, not 07)"),
            new Rule("Leading zeros", "numbers may not start with a zero (write 7, not 07)"),
            new Rule(
                    "Illegal unquoted character",
                    "line breaks, tabs and other control characters in a string must be escaped (\\n, \\t)"),
            new Rule(
                    "Unrecognized character escape",
                    "a backslash in a string must start a valid escape such as \\n or \\\\"),
            new Rule("trailing comma", "there is a comma before a closing bracket"),
            new Rule("Invalid numeric value", "a number is not written the JSON way"),
            new Rule("Unexpected end-of-input", "the JSON ends too early: an object, array or string is not closed"));

    private JsonProblems() {}

    static String describe(JsonProcessingException e) {
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        String problem = explain(e, original);
        return problem + locationOf(e);
    }

    private static String explain(JsonProcessingException e, String original) {
        if (e instanceof JsonEOFException) {
            return "the JSON ends too early: an object, array or string is not closed";
        }
        for (Rule rule : RULES) {
            if (original.contains(rule.clue())) {
                return rule.problem();
            }
        }
        Matcher word = UNRECOGNIZED.matcher(original);
        if (word.find()) {
            return "unexpected word '" + word.group(1)
                    + "': text must be in double quotes, and the only bare words are true, false and null";
        }
        Matcher character = UNEXPECTED.matcher(original);
        if (character.find()) {
            return "unexpected character '" + character.group(1) + "'";
        }
        return original.toLowerCase(Locale.ROOT).contains("expected")
                ? "the JSON is not well formed here"
                : "this is not valid JSON";
    }

    private static String locationOf(JsonProcessingException e) {
        return e.getLocation() == null
                ? ""
                : " (line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr() + ")";
    }

    private record Rule(String clue, String problem) {}
}
