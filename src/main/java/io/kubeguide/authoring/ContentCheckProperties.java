package io.kubeguide.authoring;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The content checker's settings ({@code guide.content-check.*}).
 *
 * @param parallel how many answers are proven at once (each in its own sandbox)
 */
@ConfigurationProperties("guide.content-check")
public record ContentCheckProperties(@DefaultValue("6") int parallel) {}
