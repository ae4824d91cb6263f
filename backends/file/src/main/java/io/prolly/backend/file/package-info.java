/**
 * The {@code file} backend, Prolly's default: a store is one H2 MVStore file, pure Java, with
 * snapshot reads, one MVStore commit per transaction, checksummed pages and a file lock that
 * keeps other processes and handles out. Users reach it through {@code Prolly.open("file:...")};
 * {@link io.prolly.backend.file.FileBackendProvider} declares its options.
 */
@NullMarked
package io.prolly.backend.file;

import org.jspecify.annotations.NullMarked;
