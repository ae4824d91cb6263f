/**
 * Binds the metrics of Prolly repositories to a Micrometer {@code MeterRegistry}: see
 * {@link io.prolly.micrometer.ProllyMetrics}.
 */
module io.prolly.micrometer {
  requires transitive io.prolly.core;
  requires transitive micrometer.core;

  exports io.prolly.micrometer;
}
