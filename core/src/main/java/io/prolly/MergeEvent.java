package io.prolly;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A flight recorder event for one {@link Repository#merge} of a source into a branch. */
@Name("io.prolly.Merge")
@Label("Merge")
@Category("Prolly")
@Description("A merge of a revision into a branch, with its outcome and conflicts")
@StackTrace(false)
final class MergeEvent extends Event {

  @Label("Source")
  String source;

  @Label("Branch")
  String branch;

  @Label("Outcome")
  @Description("up_to_date, fast_forward, merged, conflict or failed")
  String outcome;

  @Label("Attempts")
  int attempts;

  @Label("Conflicting Keys")
  int conflicts;
}
