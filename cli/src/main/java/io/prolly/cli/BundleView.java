package io.prolly.cli;

import io.prolly.BundleReport;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code export} and {@code import} print about a bundle, and their {@code --json} document.
 *
 * @param file the bundle file
 * @param refs the refs in the bundle and their commits
 * @param updatedRefs the refs created or moved (import only)
 * @param nodes the nodes in the bundle
 * @param nodeBytes their size
 * @param bundleBytes the file's size
 * @param checksum the bundle's checksum
 * @param millis how long it took
 */
record BundleView(String file, Map<String, String> refs, List<String> updatedRefs, long nodes, long nodeBytes,
    long bundleBytes, String checksum, long millis) {

  static BundleView of(String file, BundleReport report) {
    Map<String, String> refs = new TreeMap<>();
    report.refs().forEach((name, id) -> refs.put(name, id.toHex()));
    return new BundleView(file, refs, List.copyOf(report.updatedRefs()), report.nodes(), report.nodeBytes(),
        report.bundleBytes(), report.checksum().toHex(), report.duration().toMillis());
  }

  void print(String verb, PrintWriter out) {
    out.printf("%s %s: %,d refs, %,d nodes (%,d bytes, %,d in the file) in %d ms%n", verb, file, refs.size(), nodes,
        nodeBytes, bundleBytes, millis);
    updatedRefs.forEach(ref -> out.println("  updated " + ref + " -> " + refs.get(ref).substring(0, 12)));
    out.flush();
  }
}
