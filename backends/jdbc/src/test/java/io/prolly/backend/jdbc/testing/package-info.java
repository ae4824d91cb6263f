/** Starts the real PostgreSQL server the jdbc backend's tests and benchmarks run against. */
@NullMarked
package io.prolly.backend.jdbc.testing;

import org.jspecify.annotations.NullMarked;
