package org.portrait.changes.control;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.portrait.errors.entity.InvalidRequestException;
import org.portrait.owners.entity.OwnerKind;

/**
 * Where a client is in a delta round, as the opaque tokens of {@code @odata.nextLink} and
 * {@code @odata.deltaLink} carry it. Only change numbers and an object id: the tenant always comes
 * from the caller's token, so a position never reaches another tenant's data. A
 * {@code $deltatoken} is a change number; a {@code $skiptoken} is a page within a round, either of
 * the first round (every owner, {@code from} unused) or of the changes in {@code (from, to]}, after
 * the object id {@code after}.
 *
 * @param to the change number the round reports up to; the next round starts there
 */
public record FeedPosition(OwnerKind kind, boolean initial, long from, long to, String after) {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    public static FeedPosition start(OwnerKind kind, long to) {
        return new FeedPosition(kind, true, 0, to, "");
    }

    public static FeedPosition changesSince(OwnerKind kind, long from, long to) {
        return new FeedPosition(kind, false, from, to, "");
    }

    FeedPosition after(String objectId) {
        return new FeedPosition(kind, initial, from, to, objectId);
    }

    /** The {@code $skiptoken} of the next page. */
    public String skipToken() {
        return encode(String.join("|", kind.name(), initial ? "I" : "C", Long.toString(from), Long.toString(to), after));
    }

    /**
     * The {@code $deltatoken} of the next round.
     *
     * @param recordedAt when the change numbered {@code to} was recorded (epoch milliseconds), 0 when
     *                   there is none: lets the feed tell its own history from one restored from a
     *                   backup, where the same number names another change
     */
    public String deltaToken(long recordedAt) {
        return encode(kind.name() + "|D|" + to + (recordedAt > 0 ? "|" + recordedAt : ""));
    }

    /** A round's starting point: the change number, and when that change was recorded (0: not known). */
    public record DeltaToken(long seq, long recordedAt) {
    }

    /** A {@code $skiptoken} of this kind's feed. */
    public static FeedPosition ofSkipToken(OwnerKind kind, String token) {
        String[] fields = decode(token).split("\\|", 5);
        if (fields.length != 5 || !fields[0].equals(kind.name()) || !(fields[1].equals("I") || fields[1].equals("C"))) {
            throw invalid();
        }
        return new FeedPosition(kind, fields[1].equals("I"), number(fields[2]), number(fields[3]), fields[4]);
    }

    /** A {@code $deltatoken} of this kind's feed (tokens made before they carried the time are accepted). */
    public static DeltaToken ofDeltaToken(OwnerKind kind, String token) {
        String[] fields = decode(token).split("\\|", 4);
        if (fields.length < 3 || !fields[0].equals(kind.name()) || !fields[1].equals("D")) {
            throw invalid();
        }
        return new DeltaToken(number(fields[2]), fields.length == 4 ? number(fields[3]) : 0);
    }

    private static String encode(String text) {
        return ENCODER.encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String token) {
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
    }

    private static long number(String text) {
        try {
            long value = Long.parseLong(text);
            if (value < 0) {
                throw invalid();
            }
            return value;
        } catch (NumberFormatException e) {
            throw invalid();
        }
    }

    private static InvalidRequestException invalid() {
        return new InvalidRequestException("Badly formed token; use the @odata.nextLink or @odata.deltaLink of this feed as they are.");
    }
}
