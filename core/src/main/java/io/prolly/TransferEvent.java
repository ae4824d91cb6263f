package io.prolly;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A flight recorder event for one clone, copy, push, pull, bundle export or bundle import. */
@Name("io.prolly.Transfer")
@Label("Transfer")
@Category("Prolly")
@Description("Nodes moved between repositories or through a bundle")
@StackTrace(false)
final class TransferEvent extends Event {

  @Label("Kind")
  @Description("clone, copy, push, pull, bundle_export or bundle_import")
  String kind;

  @Label("Branch")
  @Description("The branch pushed or pulled; empty for the others")
  String branch;

  @Label("Nodes")
  long nodes;

  @Label("Bytes")
  @DataAmount
  long bytes;
}
