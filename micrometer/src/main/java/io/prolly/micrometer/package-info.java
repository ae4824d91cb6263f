/**
 * Micrometer meters for Prolly repositories: {@link io.prolly.micrometer.ProllyMetrics} binds a
 * repository's {@link io.prolly.RepositoryMetrics} to a registry.
 */
@NullMarked
package io.prolly.micrometer;

import org.jspecify.annotations.NullMarked;
