package org.portrait.photos.entity;

import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.portrait.errors.entity.InvalidRequestException;

/** A photo size {@code WxH}. Graph ids spell it with a capital X: {@code 240X240}. */
public record PhotoSize(int width, int height) {

    /** The HD square sides Graph offers. */
    public static final SortedSet<Integer> HD_SIDES = Collections.unmodifiableSortedSet(
            new TreeSet<>(List.of(48, 64, 96, 120, 240, 360, 432, 504, 648)));

    /** What a client may ask for; five digits is far beyond any stored photo. */
    private static final int MAX_DIGITS = 5;

    /**
     * {@code WxH}: 1 to 5 ASCII digits, {@code x} or {@code X}, 1 to 5 ASCII digits. Read by hand, not
     * with a regular expression: every sized photo read parses one (docs/performance.md).
     */
    public static PhotoSize parse(String text) {
        int x = text == null ? -1 : separator(text);
        if (x < 0) {
            throw new InvalidRequestException("Invalid photo size '" + printable(text) + "': expected WIDTHxHEIGHT, such as 48x48.");
        }
        PhotoSize size = new PhotoSize(digits(text, 0, x), digits(text, x + 1, text.length()));
        if (size.width == 0 || size.height == 0) {
            throw new InvalidRequestException("Invalid photo size '" + printable(text) + "': width and height must be positive.");
        }
        return size;
    }

    /** Where the x is, or -1 unless the text is 1 to 5 ASCII digits, x or X, 1 to 5 ASCII digits. */
    private static int separator(String text) {
        int x = -1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c == 'x' || c == 'X') && x < 0) {
                x = i;
            } else if (c < '0' || c > '9') {
                return -1;
            }
        }
        int after = text.length() - x - 1;
        return x >= 1 && x <= MAX_DIGITS && after >= 1 && after <= MAX_DIGITS ? x : -1;
    }

    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            value = value * 10 + (text.charAt(i) - '0');
        }
        return value;
    }

    public String id() {
        return width + "X" + height;
    }

    private static String printable(String text) {
        String shown = text == null ? "" : text.replaceAll("[^\\x20-\\x7E]", "?");
        return shown.length() > 40 ? shown.substring(0, 40) + "…" : shown;
    }
}
