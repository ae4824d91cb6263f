/**
 * Prolly's user API: versioned, typed key-value repositories.
 *
 * <p>{@link io.prolly.Prolly} opens a {@link io.prolly.Repository} on a storage backend. A
 * repository holds branches and tags pointing at commits; each commit records every namespace's
 * tree. {@link io.prolly.Store} is a typed, staged working copy of a branch (commit, refresh,
 * automatic merge with {@link io.prolly.merge.MergeFn}s), {@link io.prolly.LiveStore} a store without
 * history, and {@link io.prolly.Codec} / {@link io.prolly.Codecs} turn values into bytes. Results
 * and values: {@link io.prolly.CommitResult}, {@link io.prolly.merge.MergeResult},
 * {@link io.prolly.CommitInfo}, {@link io.prolly.KeyChange}, {@link io.prolly.KeyBlame}; a refused merge throws
 * {@link io.prolly.error.MergeConflictException}.
 *
 * <p>The exceptions other than {@code MergeConflictException} and {@code CodecException} live in
 * the {@code prolly-api} artifact, so that storage backends can throw them; everything else lives
 * in {@code prolly-core}.
 */
@NullMarked
package io.prolly;

import io.prolly.merge.MergeFn;
import io.prolly.merge.MergeResult;
import io.prolly.error.CodecException;
import io.prolly.error.MergeConflictException;
import org.jspecify.annotations.NullMarked;
