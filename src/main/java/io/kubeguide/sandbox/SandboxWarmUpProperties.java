package io.kubeguide.sandbox;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code guide.sandbox.warm-up.*}: whether the sandbox provider is chosen and started (the embedded control plane
 * built and started, K3s's image pulled, the cluster reached) in the background as soon as the guide has started, so
 * that the first exercise finds it ready. Off, the first exercise opened starts it.
 */
@ConfigurationProperties("guide.sandbox.warm-up")
public record SandboxWarmUpProperties(@DefaultValue("true") boolean enabled) {}
