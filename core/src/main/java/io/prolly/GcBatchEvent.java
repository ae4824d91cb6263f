package io.prolly;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A flight recorder event for one sweep batch of a garbage collection: the time it held writers
 * back, and what it deleted.
 */
@Name("io.prolly.GcBatch")
@Label("Garbage Collection Batch")
@Category("Prolly")
@Description("One sweep batch of a garbage collection, during which commits wait")
@StackTrace(false)
final class GcBatchEvent extends Event {

  @Label("Candidates")
  @Description("Nodes unreachable at the first mark that this batch looked at again")
  long candidates;

  @Label("Nodes Deleted")
  long nodesDeleted;
}
