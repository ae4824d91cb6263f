/** JMH benchmarks of Prolly, each measured against the cost of the same work done directly. */
@NullMarked
package io.prolly.bench;

import org.jspecify.annotations.NullMarked;
