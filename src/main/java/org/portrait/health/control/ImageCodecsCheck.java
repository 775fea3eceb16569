package org.portrait.health.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Whether ImageIO can read every upload format and write JPEG. The WebP reader (TwelveMonkeys) is
 * only found when web.xml registers its listener: without it uploads of WebP would fail with 415.
 */
@ApplicationScoped
public class ImageCodecsCheck {

    static final List<String> READ_FORMATS = List.of("image/jpeg", "image/png", "image/gif", "image/bmp", "image/webp");

    /** The plugins are registered when the application starts and never change: look once. */
    private HealthCheck result;

    @PostConstruct
    void lookUp() {
        List<String> missing = new ArrayList<>();
        for (String format : READ_FORMATS) {
            if (!ImageIO.getImageReadersByMIMEType(format).hasNext()) {
                missing.add("read " + format);
            }
        }
        if (!ImageIO.getImageWritersByMIMEType("image/jpeg").hasNext()) {
            missing.add("write image/jpeg");
        }
        result = new HealthCheck("imageCodecs", missing.isEmpty(),
                missing.isEmpty() ? Map.of("formats", String.join(" ", READ_FORMATS)) : Map.of("missing", String.join(", ", missing)));
    }

    public HealthCheck codecs() {
        return result;
    }
}
