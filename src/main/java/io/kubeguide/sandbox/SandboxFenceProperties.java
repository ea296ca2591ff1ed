package io.kubeguide.sandbox;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What the sandbox fence lets learners use ({@code guide.sandbox.*}).
 *
 * @param allowedImages the only container images a sandbox may run (env {@code GUIDE_SANDBOX_ALLOWEDIMAGES}, comma
 *                      separated); by default the images the exercises use. The admission policy compares them as
 *                      written: {@code registry.k8s.io/pause:3.10} does not admit {@code pause:3.10}.
 */
@ConfigurationProperties("guide.sandbox")
public record SandboxFenceProperties(List<String> allowedImages) {

    public static final List<String> DEFAULT_ALLOWED_IMAGES = List.of("registry.k8s.io/pause:3.10");

    public SandboxFenceProperties {
        allowedImages = allowedImages == null || allowedImages.isEmpty()
                ? DEFAULT_ALLOWED_IMAGES
                : allowedImages.stream().map(String::trim).toList();
        for (String image : allowedImages) {
            if (image.isEmpty() || image.contains(",") || image.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException(
                        "guide.sandbox.allowed-images: '" + image + "' is not an image reference");
            }
        }
    }

    public static SandboxFenceProperties defaults() {
        return new SandboxFenceProperties(null);
    }
}
