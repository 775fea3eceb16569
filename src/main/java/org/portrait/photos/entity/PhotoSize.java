package org.portrait.photos.entity;

import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.portrait.errors.entity.InvalidRequestException;

/** A photo size {@code WxH}. Graph ids spell it with a capital X: {@code 240X240}. */
public record PhotoSize(int width, int height) {

    /** The HD square sides Graph offers. */
    public static final SortedSet<Integer> HD_SIDES = Collections.unmodifiableSortedSet(
            new TreeSet<>(List.of(48, 64, 96, 120, 240, 360, 432, 504, 648)));

    /** What a client may ask for; five digits is far beyond any stored photo. */
    private static final Pattern SIZE = Pattern.compile("([0-9]{1,5})[xX]([0-9]{1,5})");

    public static PhotoSize parse(String text) {
        Matcher matcher = SIZE.matcher(text == null ? "" : text);
        if (!matcher.matches()) {
            throw new InvalidRequestException("Invalid photo size '" + printable(text) + "': expected WIDTHxHEIGHT, such as 48x48.");
        }
        PhotoSize size = new PhotoSize(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)));
        if (size.width == 0 || size.height == 0) {
            throw new InvalidRequestException("Invalid photo size '" + printable(text) + "': width and height must be positive.");
        }
        return size;
    }

    public String id() {
        return width + "X" + height;
    }

    private static String printable(String text) {
        String shown = text == null ? "" : text.replaceAll("[^\\x20-\\x7E]", "?");
        return shown.length() > 40 ? shown.substring(0, 40) + "…" : shown;
    }
}
