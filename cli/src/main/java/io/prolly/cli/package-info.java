/**
 * The {@code prolly} command line: {@link io.prolly.cli.Main} parses the arguments with picocli and
 * runs one command over a repository given by URI or path. Everything else in the package is
 * package-private: a command per class, and the small pieces they share (opening repositories,
 * the checked-out branch, tables, JSON, progress bars, error handling and exit codes).
 */
@NullMarked
package io.prolly.cli;

import org.jspecify.annotations.NullMarked;
