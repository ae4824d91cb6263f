/** A real Cassandra node for the tests, started from Maven artifacts in a child JVM. */
package io.prolly.backend.cassandra.testing;
