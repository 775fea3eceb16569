package org.portrait.images.control;

import java.util.List;

/** The normalised original and its square variants, sorted ascending by side. */
public record ProcessedImage(EncodedImage original, List<EncodedImage> squares) {

    public ProcessedImage {
        squares = List.copyOf(squares);
    }
}
