package io.prolly;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A flight recorder event for one {@link Store#commit(String)} (or live store write), all its
 * attempts included. Recorded only while a recording enables it; otherwise building it costs next
 * to nothing, and the fields are set only after {@link #shouldCommit()}.
 */
@Name("io.prolly.Commit")
@Label("Commit")
@Category("Prolly")
@Description("A commit to a branch, with its attempts, outcome and what it wrote")
@StackTrace(false)
final class CommitEvent extends Event {

  @Label("Branch")
  String branch;

  @Label("Outcome")
  @Description("committed, merged, conflict or failed")
  String outcome;

  @Label("Attempts")
  @Description("More than one when other writers won the race in between")
  int attempts;

  @Label("Nodes Written")
  long nodesWritten;

  @Label("Bytes Written")
  @DataAmount
  long bytesWritten;
}
